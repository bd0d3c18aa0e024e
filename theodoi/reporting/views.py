from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from theodoi.accounts.permissions import can_manage_unit, can_report_for, user_agencies
from theodoi.core.people import at_and_by, saved_last
from theodoi.plans.selectors import plan_list, task_list
from theodoi.reporting import selectors, services
from theodoi.reporting.choices import ExtensionStatus, ReportStatus
from theodoi.reporting.forms import (
    AdhocPeriodForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    IndicatorValueFormSet,
    OfficeRequestForm,
    PeriodGenerateForm,
    RegimeGenerateForm,
    ReportSummaryForm,
    ReturnForm,
)
from theodoi.reporting.forms import TaskUpdateFormSet as TaskUpdateFormSetClass


def _error_text(exc: ValidationError | PermissionDenied) -> str:
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def timeliness(report, today: dt.date) -> str:
    """on_time / late / missing / not_yet_due for one agency's report of a period."""
    from theodoi.evaluation.rules import report_timeliness

    submitted_on = None
    if report is not None and report.submitted_at and report.status != ReportStatus.DRAFT:
        submitted_on = timezone.localdate(report.submitted_at)
    period_due = report.period.due if report is not None else None
    return report_timeliness(due=period_due, submitted_on=submitted_on, as_of=today)


TIMELINESS_LABELS = {
    "on_time": ("Đúng hạn", "success"),
    "late": ("Muộn", "warning"),
    "missing": ("Chưa gửi, quá hạn", "danger"),
    "not_yet_due": ("Chưa đến hạn", "secondary"),
}


@login_required
def plan_periods(request, plan_pk: int):
    """The plan's reporting periods; the office creates them from the plan's regime, by
    frequency, or as an ad hoc request."""
    plan = get_object_or_404(plan_list(user=request.user), pk=plan_pk)
    can_manage = can_manage_unit(request.user, plan.unit)
    year = dt.date.today().year
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {
        "regime": RegimeGenerateForm(
            request.POST if action == "regime" else None, initial={"year": year}, prefix="regime"
        ),
        "frequency": PeriodGenerateForm(
            request.POST if action == "frequency" else None,
            initial={"year": year, "frequency": "quarterly"},
            prefix="frequency",
        ),
        "adhoc": AdhocPeriodForm(request.POST if action == "adhoc" else None, prefix="adhoc"),
    }
    if action:
        if not can_manage:
            raise PermissionDenied
        form = forms.get(action)
        if form is not None and form.is_valid():
            data = form.cleaned_data
            try:
                if action == "regime":
                    created = services.periods_generate_from_regime(
                        plan=plan, user=request.user, year=data["year"]
                    )
                elif action == "frequency":
                    created = services.periods_generate(plan=plan, user=request.user, **data)
                else:
                    created = [
                        services.period_create(plan=plan, user=request.user, kind="adhoc", **data)
                    ]
            except (ValidationError, ValueError) as exc:
                form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, f"Đã tạo {len(created)} kỳ báo cáo mới.")
                return redirect("reporting:plan_periods", plan_pk=plan.pk)
    return render(
        request,
        "reporting/plan_periods.html",
        {
            "plan": plan,
            "periods": plan.periods.all(),
            "forms": forms,
            "can_manage": can_manage,
        },
        status=422 if action else 200,
    )


@login_required
def period_detail(request, pk: int):
    period = get_object_or_404(selectors.period_list(user=request.user), pk=pk)
    today = dt.date.today()
    visible = {
        r.agency_id: r for r in selectors.report_list(user=request.user).filter(period=period)
    }
    all_reports = {r.agency_id: r for r in period.reports.all()}
    rows = []
    mine = set(user_agencies(request.user).values_list("pk", flat=True))
    for agency in selectors.plan_obligated_agencies(plan=period.plan):
        report = visible.get(agency.pk)
        status_report = all_reports.get(agency.pk)
        label, tone = (
            TIMELINESS_LABELS[timeliness(status_report, today)]
            if status_report
            else TIMELINESS_LABELS["missing" if period.due < today else "not_yet_due"]
        )
        rows.append(
            {
                "agency": agency,
                "report": report,
                "status_report": status_report,
                "timeliness": label,
                "tone": tone,
                "is_mine": agency.pk in mine,
            }
        )
    return render(
        request,
        "reporting/period_detail.html",
        {
            "period": period,
            "rows": rows,
            "can_manage": can_manage_unit(request.user, period.plan.unit),
            "office_requests": selectors.period_office_requests(period=period, user=request.user),
        },
    )


@login_required
@require_POST
def period_lock(request, pk: int):
    period = get_object_or_404(selectors.period_list(user=request.user), pk=pk)
    try:
        services.period_lock(period=period, user=request.user)
    except PermissionDenied:
        raise
    messages.success(request, "Đã khóa kỳ báo cáo: các báo cáo không sửa được nữa.")
    return redirect("reporting:period_detail", pk=period.pk)


@login_required
@require_POST
def period_unlock(request, pk: int):
    period = get_object_or_404(selectors.period_list(user=request.user), pk=pk)
    services.period_unlock(period=period, user=request.user)
    messages.success(request, "Đã mở khóa kỳ báo cáo: các cơ quan sửa và gửi báo cáo được.")
    return redirect("reporting:period_detail", pk=period.pk)


@login_required
@require_POST
def report_open(request, period_pk: int, agency_pk: int):
    period = get_object_or_404(selectors.period_list(user=request.user), pk=period_pk)
    agency = get_object_or_404(user_agencies(request.user), pk=agency_pk)
    report = services.report_open(period=period, agency=agency, user=request.user)
    return redirect(report.get_absolute_url())


def _formsets(report, data=None):
    return (
        TaskUpdateFormSetClass(
            data,
            queryset=report.task_updates.select_related("task").order_by("task__order"),
            prefix="tasks",
        ),
        IndicatorValueFormSet(
            data,
            queryset=report.indicator_values.select_related("indicator")
            .prefetch_related("indicator__targets")
            .order_by("indicator__order"),
            prefix="indicators",
        ),
    )


STALE_REPORT = (
    "Báo cáo đã được thay đổi ở nơi khác sau khi bạn mở: chưa lưu gì. Bảng dưới đây so sánh "
    "bản đã lưu với nội dung bạn nhập; nếu vẫn muốn ghi đè, bấm Lưu lần nữa."
)


def _check_version_locked(report, version: str) -> None:
    from theodoi.reporting.models import Report

    current = (
        Report.objects.select_for_update().filter(pk=report.pk).values_list("updated_at", flat=True)
    ).first()
    if current is None or current.isoformat() != version:
        raise ValidationError(STALE_REPORT)


def _last_saved(report) -> str:
    """Who saved the report last and when, for a person whose save came second."""
    event = report.events.select_related("actor").order_by("-at", "-id").first()
    if event is None:
        return ""
    return saved_last(event.actor, event.at)


def _report_conflicts(report, summary_form, task_formset, value_formset) -> list[tuple]:
    """What another person saved in this report beside what this form holds, row by row; the
    form then carries the new version, so saving again after reading is a deliberate choice."""
    from theodoi.reporting.models import Report

    fresh = Report.objects.get(pk=report.pk)
    rows = []
    if (summary_form.cleaned_data.get("summary") or "") != fresh.summary:
        rows.append(("Tóm tắt", "", fresh.summary, summary_form.cleaned_data.get("summary")))
    for formset, related in ((task_formset, "task_updates"), (value_formset, "indicator_values")):
        saved = {obj.pk: obj for obj in getattr(fresh, related).all()}
        for form in formset.forms:
            current = saved.get(form.instance.pk)
            if current is None or not hasattr(form, "cleaned_data"):
                continue
            item = getattr(current, "task", None) or getattr(current, "indicator", None)
            for name, field in form.fields.items():
                if name == "id" or name not in form.cleaned_data:
                    continue
                before, mine = getattr(current, name), form.cleaned_data[name]
                if str(before if before is not None else "") != str(
                    mine if mine is not None else ""
                ):
                    rows.append((item.code, field.label, before, mine))
    data = summary_form.data.copy()
    data["version"] = fresh.updated_at.isoformat()
    summary_form.data = data
    return rows


@login_required
def report_detail(request, pk: int):
    report = get_object_or_404(selectors.report_list(user=request.user), pk=pk)
    can_edit = report.is_editable and can_report_for(request.user, report.agency)
    can_review = (
        can_manage_unit(request.user, report.period.plan.unit)
        and report.status == ReportStatus.SUBMITTED
    )
    summary_form = ReportSummaryForm(
        initial={"summary": report.summary, "version": report.updated_at.isoformat()}
    )
    task_formset, value_formset = _formsets(report)
    status = 200
    conflicts = []
    if request.method == "POST" and can_edit:
        summary_form = ReportSummaryForm(request.POST)
        task_formset, value_formset = _formsets(report, request.POST)
        valid = all([summary_form.is_valid(), task_formset.is_valid(), value_formset.is_valid()])
        if valid and summary_form.cleaned_data["version"] != report.updated_at.isoformat():
            conflicts = _report_conflicts(report, summary_form, task_formset, value_formset)
            summary_form.add_error(None, f"{STALE_REPORT} {_last_saved(report)}".strip())
            valid = False
        if valid:
            try:
                with transaction.atomic():
                    # The version check above ran without a lock: re-check it under the row
                    # lock so that two people saving at once never overwrite each other.
                    _check_version_locked(report, summary_form.cleaned_data["version"])
                    services.report_save(
                        report=report,
                        user=request.user,
                        summary=summary_form.cleaned_data["summary"],
                        task_updates=[
                            {**f.cleaned_data, "id": f.instance.pk} for f in task_formset.forms
                        ],
                        indicator_values=[
                            {**f.cleaned_data, "id": f.instance.pk} for f in value_formset.forms
                        ],
                    )
                    if "submit" in request.POST:
                        services.report_submit(report=report, user=request.user)
            except (ValidationError, PermissionDenied) as exc:
                if isinstance(exc, ValidationError) and STALE_REPORT in exc.messages:
                    conflicts = _report_conflicts(report, summary_form, task_formset, value_formset)
                summary_form.add_error(None, _error_text(exc))
            else:
                messages.success(
                    request, "Đã gửi báo cáo." if "submit" in request.POST else "Đã lưu nháp."
                )
                return redirect(report.get_absolute_url())
        status = 422
    elif request.method == "POST":
        if not can_report_for(request.user, report.agency):
            raise PermissionDenied("Báo cáo này không sửa được.")
        return _refused_but_kept(request, report)
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "can_edit": can_edit,
            "can_review": can_review,
            "summary_form": summary_form,
            "task_formset": task_formset,
            "value_formset": value_formset,
            "return_form": ReturnForm(),
            "conflicts": conflicts,
            "events": report.events.select_related("actor"),
        },
        status=status,
    )


def refusal_reason(report) -> str:
    """Why a report can no longer be changed, with when and by whom."""
    period = report.period
    if period.is_locked:
        by = at_and_by(period.locked_at, period.locked_by)
        return f"Kỳ báo cáo «{period.label}» đã bị khóa{by}: báo cáo không sửa được nữa."
    by = at_and_by(report.submitted_at, report.submitted_by)
    return (
        f"Báo cáo đang ở trạng thái «{report.get_status_display()}» (gửi{by}): không sửa được nữa."
    )


def _typed_row(form, what: str, item) -> str:
    """One report row as typed: "- Nhiệm vụ 1.2: Tình trạng: …; Tiến độ (%): 40"."""
    parts = [
        f"{form[name].label}: {form[name].value()}"
        for name in form.fields
        if name != "id" and form[name].value() not in (None, "")
    ]
    return f"- {what} {item.code if item else ''}: " + "; ".join(parts)


def typed_text(report, data) -> str:
    """What a person typed into the report form, as plain text to copy or to send."""
    summary = ReportSummaryForm(data)
    lines = [f"Báo cáo {report.period.label} — {report.agency.name}"]
    if summary["summary"].value():
        lines += ["", f"Tóm tắt: {summary['summary'].value()}"]
    task_formset, value_formset = _formsets(report, data)
    for form in task_formset.forms:
        lines.append(_typed_row(form, "Nhiệm vụ", form.instance.task if form.instance.pk else None))
    for form in value_formset.forms:
        indicator = form.instance.indicator if form.instance.pk else None
        lines.append(_typed_row(form, "Chỉ tiêu", indicator))
    return "\n".join(lines)


def _refused_but_kept(request, report):
    """A report posted after it stopped being editable (its period locked, or sent from another
    tab): nothing is saved, the page says why and gives back what was typed."""
    return render(
        request,
        "reporting/report_refused.html",
        {
            "report": report,
            "reason": refusal_reason(report),
            "typed": typed_text(report, request.POST),
            "request_form": OfficeRequestForm(initial={"text": typed_text(report, request.POST)}),
        },
        status=409,
    )


@login_required
@require_POST
def report_office_request(request, pk: int):
    """Send what the person typed to the coordinating office as a request on the report."""
    report = get_object_or_404(selectors.report_list(user=request.user), pk=pk)
    form = OfficeRequestForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, " ".join(form.errors.get("text", ["Nội dung đề nghị không hợp lệ."]))
        )
        return redirect(report.get_absolute_url())
    try:
        services.report_request_office(
            report=report, user=request.user, text=form.cleaned_data["text"]
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, "Đã gửi đề nghị kèm nội dung bạn nhập tới cơ quan thường trực.")
    return redirect(report.get_absolute_url())


@login_required
@require_POST
def report_review(request, pk: int):
    report = get_object_or_404(selectors.report_list(user=request.user), pk=pk)
    try:
        if request.POST.get("action") == "accept":
            services.report_accept(report=report, user=request.user)
            messages.success(request, "Đã tiếp nhận báo cáo.")
        else:
            form = ReturnForm(request.POST)
            comment = form.cleaned_data["comment"] if form.is_valid() else ""
            services.report_return(report=report, user=request.user, comment=comment)
            messages.success(request, "Đã trả lại báo cáo kèm ý kiến.")
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect(report.get_absolute_url())


@login_required
def report_list(request):
    reports = selectors.report_list(user=request.user).order_by("-period__due", "agency__name")
    status = request.GET.get("status")
    if status in ReportStatus.values:
        reports = reports.filter(status=status)
    from django.core.paginator import Paginator

    page = Paginator(reports, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/report_list.html",
        {
            "page": page,
            "statuses": ReportStatus.choices,
            "status": status,
        },
    )


@login_required
def extension_request(request, task_pk: int):
    task = get_object_or_404(task_list(user=request.user), pk=task_pk)
    agency = task.lead
    if agency is None or not can_report_for(request.user, agency):
        raise PermissionDenied("Chỉ cán bộ của cơ quan chủ trì mới đề nghị gia hạn.")
    form = ExtensionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.extension_request(
                task=task, agency=agency, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, "Đã gửi đề nghị gia hạn.")
            return redirect(task.get_absolute_url())
    return render(
        request,
        "core/object_edit.html",
        {
            "form": form,
            "object": task,
            "title": "Đề nghị gia hạn nhiệm vụ",
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def extension_list(request):
    extensions = selectors.extension_list(user=request.user)
    if request.method == "POST":
        extension = get_object_or_404(extensions, pk=request.POST.get("id") or 0)
        form = ExtensionDecisionForm(request.POST)
        if form.is_valid():
            try:
                services.extension_decide(
                    extension=extension, user=request.user, **form.cleaned_data
                )
                messages.success(request, "Đã ghi nhận quyết định.")
            except ValidationError as exc:
                messages.error(request, _error_text(exc))
        else:
            messages.error(request, "Quyết định không hợp lệ.")
        return redirect("reporting:extension_list")
    return render(
        request,
        "reporting/extension_list.html",
        {
            "extensions": extensions[:200],
            "pending": ExtensionStatus.PENDING,
            "form": ExtensionDecisionForm(),
        },
    )
