from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from theodoi.accounts.permissions import can_manage_unit, can_report_for
from theodoi.core.views import ObjectDeleteView, ObjectEditView, ObjectListView, deny
from theodoi.plans import selectors, services
from theodoi.plans.filtersets import IndicatorFilterSet, PlanFilterSet, TaskFilterSet
from theodoi.plans.forms import IndicatorForm, PlanForm, TaskForm
from theodoi.plans.nq57 import nq57_groups
from theodoi.plans.review import FACT_LABELS, review_state
from theodoi.plans.tables import IndicatorTable, PlanTable, TaskTable


class PlanListView(ObjectListView):
    filterset_class = PlanFilterSet
    table_class = PlanTable
    title = "Kế hoạch"

    def extra_context(self, request):
        from theodoi.accounts.permissions import manageable_units

        if manageable_units(request.user).exists():
            return {"actions": [(reverse("plans:plan_upload"), "Nhập kế hoạch từ văn bản")]}
        return {}

    def get_queryset(self, request):
        return selectors.plan_list(user=request.user)


class TaskListView(ObjectListView):
    filterset_class = TaskFilterSet
    table_class = TaskTable
    title = "Nhiệm vụ"

    def get_queryset(self, request):
        return selectors.task_list(user=request.user)


class IndicatorListView(ObjectListView):
    filterset_class = IndicatorFilterSet
    table_class = IndicatorTable
    title = "Chỉ tiêu"

    def get_queryset(self, request):
        return selectors.indicator_list(user=request.user)


@login_required
def plan_detail(request, pk: int):
    plan = get_object_or_404(selectors.plan_list(user=request.user), pk=pk)
    tasks = list(plan.tasks.select_related("group", "lead").order_by("group__order", "order", "id"))
    task_groups = [(group, list(items)) for group, items in groupby(tasks, key=lambda t: t.group)]
    indicators = plan.indicators.select_related("lead").prefetch_related("targets")
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "task_groups": task_groups,
            "indicators": indicators,
            "references": plan.references.all(),
            "sources": plan.sources.all(),
            "can_manage": can_manage_unit(request.user, plan.unit),
            "parent_visible": plan.parent_id is not None
            and selectors.plan_list(user=request.user).filter(pk=plan.parent_id).exists(),
            "today": timezone.localdate(),
        },
    )


def _rollup(request, task, today):
    """Every task implementing this one at lower levels, evaluated, with totals."""
    from collections import Counter

    from theodoi.dashboards.selectors import evaluate_tasks
    from theodoi.plans.cascade import task_descendants

    visible = set(selectors.plan_list(user=request.user).values_list("pk", flat=True))
    rows = evaluate_tasks([t for t in task_descendants(task) if t.plan_id in visible], today)
    return rows, Counter(r.evaluation.category for r in rows)


@login_required
def task_detail(request, pk: int):
    task = get_object_or_404(
        selectors.task_list(user=request.user).prefetch_related("coordinators"), pk=pk
    )
    rollup, rollup_counts = _rollup(request, task, timezone.localdate())
    return render(
        request,
        "plans/task_detail.html",
        {
            "task": task,
            "can_manage": can_manage_unit(request.user, task.plan.unit),
            "can_request_extension": task.lead is not None
            and can_report_for(request.user, task.lead),
            "updates": task.updates.select_related("report__period", "report__agency")[:20],
            "rollup": rollup,
            "rollup_counts": rollup_counts,
            "parent_visible": task.parent_id is not None
            and selectors.task_list(user=request.user).filter(pk=task.parent_id).exists(),
            "today": timezone.localdate(),
        },
    )


@login_required
def indicator_detail(request, pk: int):
    indicator = get_object_or_404(
        selectors.indicator_list(user=request.user).prefetch_related("coordinators"), pk=pk
    )
    return render(
        request,
        "plans/indicator_detail.html",
        {
            "indicator": indicator,
            "can_manage": can_manage_unit(request.user, indicator.plan.unit),
            "values": indicator.values.select_related("report__period", "report__agency")[:20],
        },
    )


class ManagedMixin:
    def check_permission(self, request, obj):
        plan = obj if hasattr(obj, "unit") else obj.plan
        if not can_manage_unit(request.user, plan.unit):
            deny()


class PlanEditView(ManagedMixin, ObjectEditView):
    form_class = PlanForm
    title = "Sửa thông tin kế hoạch"
    template_name = "plans/plan_edit.html"  # a refused publication links to the review page

    def get_queryset(self, request):
        return selectors.plan_list(user=request.user)

    def save(self, request, form, obj):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        return services.plan_update(plan=obj, data=data)


class TaskEditView(ManagedMixin, ObjectEditView):
    form_class = TaskForm
    title = "Nhiệm vụ"

    def get_queryset(self, request):
        return selectors.task_list(user=request.user)

    def new_object(self, request, plan_pk=None, **kwargs):
        plan = get_object_or_404(selectors.plan_list(user=request.user), pk=plan_pk)
        from theodoi.plans.models import Task

        return Task(plan=plan)

    def get_form(self, request, obj, data=None):
        return TaskForm(data=data, instance=obj, user=request.user, plan=obj.plan)

    def save(self, request, form, obj):
        if obj.pk:
            return services.task_update(task=obj, data=form.service_data())
        return services.task_create(plan=obj.plan, data=form.service_data())


class TaskDeleteView(ManagedMixin, ObjectDeleteView):
    def get_queryset(self, request):
        return selectors.task_list(user=request.user)

    def delete(self, request, obj):
        plan_url = obj.plan.get_absolute_url()
        services.task_delete(task=obj)
        return plan_url


class IndicatorEditView(ManagedMixin, ObjectEditView):
    form_class = IndicatorForm
    title = "Sửa chỉ tiêu"

    def get_queryset(self, request):
        return selectors.indicator_list(user=request.user)

    def save(self, request, form, obj):
        return services.indicator_update(indicator=obj, data=form.service_data())


@login_required
@require_POST
def plan_activate(request, pk: int):
    plan = get_object_or_404(selectors.plan_list(user=request.user), pk=pk)
    if not can_manage_unit(request.user, plan.unit):
        deny()
    try:
        services.plan_activate(plan=plan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Đã xác nhận kế hoạch: kế hoạch chuyển sang đang thực hiện.")
    return redirect(reverse("plans:plan_detail", args=[plan.pk]))


@login_required
def source_download(request, pk: int):
    """The plan's original document, for those who may read the plan."""
    from django.http import FileResponse

    from theodoi.plans.models import SourceDocument

    source = get_object_or_404(
        SourceDocument.objects.filter(plan__in=selectors.plan_list(user=request.user)), pk=pk
    )
    try:
        handle = source.file.open("rb")
    except FileNotFoundError as exc:
        from django.http import Http404

        raise Http404("Không tìm thấy tệp gốc.") from exc
    return FileResponse(handle, as_attachment=True, filename=source.original_name)


@login_required
def plan_links(request, pk: int):
    """Suggested and confirmed links from this plan's tasks to the plan it implements."""
    from theodoi.plans import cascade
    from theodoi.plans.models import TaskLink

    plan = get_object_or_404(selectors.plan_list(user=request.user), pk=pk)
    can_manage = can_manage_unit(request.user, plan.unit)
    if request.method == "POST":
        if not can_manage:
            deny()
        if request.POST.get("action") == "suggest":
            added = cascade.task_link_suggest(plan=plan, user=request.user)
            messages.success(request, f"Đã tìm được {added} đề xuất liên kết mới.")
        else:
            link = get_object_or_404(
                TaskLink.objects.filter(task__plan=plan), pk=request.POST.get("link") or 0
            )
            try:
                cascade.task_link_decide(
                    link=link, user=request.user, confirm=request.POST.get("action") == "confirm"
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        return redirect("plans:plan_links", pk=plan.pk)
    links = TaskLink.objects.filter(task__plan=plan).select_related("task", "candidate__plan__unit")
    return render(
        request,
        "plans/plan_links.html",
        {
            "plan": plan,
            "links": links,
            "can_manage": can_manage,
            "linked": plan.tasks.filter(parent__isnull=False).count(),
            "total": plan.tasks.count(),
        },
    )


def _local_name(name: str) -> str:
    """The uploaded file's own name, short enough for the file system (255 bytes)."""
    from pathlib import Path

    path = Path(Path(name).name or "ke-hoach.txt")
    stem, suffix = path.stem, path.suffix[:16]
    while len((stem + suffix).encode()) > 200:
        stem = stem[:-1]
    return (stem or "ke-hoach") + suffix


@login_required
def plan_upload(request):
    """Upload a plan document: it is read and stored as a draft plan for review."""
    import tempfile
    from pathlib import Path

    from theodoi.accounts.permissions import manageable_units
    from theodoi.ingest.errors import IngestError
    from theodoi.plans.forms import PlanUploadForm

    if not manageable_units(request.user).exists():
        deny("Chỉ cơ quan thường trực mới nhập được kế hoạch.")
    form = PlanUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as tmp:
            # the person's own file name, so that every message names the file they sent
            path = Path(tmp) / _local_name(upload.name)
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            try:
                result = services.plan_import_file(
                    unit=form.cleaned_data["unit"],
                    path=path,
                    file_name=upload.name,
                    parent=form.cleaned_data.get("parent"),
                )
            except (IngestError, services.NotAPlanError) as exc:
                form.add_error("file", " ".join(getattr(exc, "messages", [str(exc)])))
            except ValidationError as exc:
                form.add_error(None, " ".join(exc.messages))
            else:
                if not result.created:
                    messages.info(request, "Văn bản này đã được nhập trước đây; không tạo bản mới.")
                    return redirect(result.plan.get_absolute_url())
                messages.success(
                    request,
                    "Đã đọc văn bản. Hãy rà soát từng nhiệm vụ, chỉ tiêu rồi xác nhận kế hoạch.",
                )
                return redirect("plans:plan_review", pk=result.plan.pk)
    return render(
        request,
        "plans/plan_upload.html",
        {"form": form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def plan_review(request, pk: int):
    """Each extracted item beside the source lines it was read from."""
    plan = get_object_or_404(selectors.plan_list(user=request.user), pk=pk)
    if not can_manage_unit(request.user, plan.unit):
        deny()
    source = plan.sources.first()
    tasks = list(
        plan.tasks.select_related("group", "lead")
        .prefetch_related("coordinators")
        .order_by("order", "id")
    )
    indicators = list(plan.indicators.select_related("lead").prefetch_related("targets"))
    for previous, task in zip([None, *tasks], tasks, strict=False):
        task.prev_pk = previous.pk if previous else None
    for item in (*tasks, *indicators):
        item.source_lines = source.lines(item.line_start, item.line_end) if source else []
        item.review = review_state(item)
    for task in tasks:
        task.anchor, task.kind_label = f"task-{task.pk}", "Nhiệm vụ"
    for indicator in indicators:
        indicator.anchor, indicator.kind_label = f"indicator-{indicator.pk}", "Chỉ tiêu"
    uncertain = [i for i in (*tasks, *indicators) if i.review.uncertain]
    return render(
        request,
        "plans/plan_review.html",
        {
            "plan": plan,
            "tasks": tasks,
            "indicators": indicators,
            "uncertain": uncertain,
            "incomplete": [t for t in tasks if t.review.missing],
            "fact_labels": FACT_LABELS.values(),
            "source": source,
            "groups": plan.groups.order_by("order", "id"),
            "nq57_groups": nq57_groups(),
        },
    )


@login_required
@require_POST
def item_review_confirm(request, kind: str, pk: int):
    """The office confirms, as read, a task or indicator the reader was unsure of."""
    queryset = (
        selectors.task_list(user=request.user)
        if kind == "nhiem-vu"
        else selectors.indicator_list(user=request.user)
    )
    item = get_object_or_404(queryset, pk=pk)
    if not can_manage_unit(request.user, item.plan.unit):
        deny()
    try:
        services.item_review_confirm(item=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        label = "nhiệm vụ" if kind == "nhiem-vu" else "chỉ tiêu"
        messages.success(request, f"Đã xác nhận {label} {item.code or ''} như đã đọc.")
    anchor = "task" if kind == "nhiem-vu" else "indicator"
    return redirect(reverse("plans:plan_review", args=[item.plan_id]) + f"#{anchor}-{item.pk}")


@login_required
@require_POST
def plan_groups_map(request, pk: int):
    """The office's choice of NQ57 group for each of the plan's task groups (review page)."""
    plan = get_object_or_404(selectors.plan_list(user=request.user), pk=pk)
    if not can_manage_unit(request.user, plan.unit):
        deny()
    codes: dict[int, int | None] = {}
    for key, value in request.POST.items():
        if key.startswith("nq57-") and key[5:].isdigit() and len(key) < 20:
            codes[int(key[5:])] = int(value) if value.isdigit() and len(value) < 3 else None
    try:
        changed = services.task_groups_map(plan=plan, codes=codes)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages) + " Chưa lưu thay đổi nào.")
    else:
        messages.success(request, f"Đã lưu nhóm theo Nghị quyết 57 ({changed} nhóm thay đổi).")
    return redirect(reverse("plans:plan_review", args=[plan.pk]) + "#nhom-nq57")


@login_required
@require_POST
def task_merge(request, pk: int):
    task = get_object_or_404(selectors.task_list(user=request.user), pk=pk)
    if not can_manage_unit(request.user, task.plan.unit):
        deny()
    other = get_object_or_404(task.plan.tasks.all(), pk=request.POST.get("other") or 0)
    try:
        services.task_merge(keep=task, remove=other)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Đã gộp hai nhiệm vụ.")
    return redirect("plans:plan_review", pk=task.plan_id)


@login_required
def task_split(request, pk: int):
    from theodoi.plans.forms import TaskSplitForm

    task = get_object_or_404(selectors.task_list(user=request.user), pk=pk)
    if not can_manage_unit(request.user, task.plan.unit):
        deny()
    form = TaskSplitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_split(task=task, second_title=form.cleaned_data["second_title"])
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, "Đã tách nhiệm vụ.")
            return redirect("plans:plan_review", pk=task.plan_id)
    return render(
        request,
        "core/object_edit.html",
        {
            "form": form,
            "object": task,
            "title": "Tách nhiệm vụ",
            "confirm": "Tách phần nội dung đã dán thành một nhiệm vụ mới?",
        },
        status=422 if request.method == "POST" else 200,
    )
