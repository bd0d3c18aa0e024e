from __future__ import annotations

import datetime as dt
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from theodoi.accounts.permissions import can_manage_unit, can_report_for, user_agencies
from theodoi.core.people import at_and_by, saved_last
from theodoi.core.views import is_partial
from theodoi.plans.selectors import plan_list, task_list
from theodoi.reporting import selectors, services
from theodoi.reporting.choices import ExtensionStatus, RecommendationStatus, ReportStatus
from theodoi.reporting.evidence import ACCEPT as EVIDENCE_ACCEPT
from theodoi.reporting.forms import (
    ROW_KINDS,
    ROW_PREFIXES,
    AdhocPeriodForm,
    EvidenceUploadForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    IndicatorValueFormSet,
    OfficeRequestForm,
    PeriodGenerateForm,
    RecommendationAnswerForm,
    RecommendationForm,
    RegimeGenerateForm,
    ReportSummaryForm,
    ReturnForm,
    report_row_form,
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
    year = timezone.localdate().year
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
    today = timezone.localdate()
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


STALE_REPORT = services.REPORT_STALE


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
    for part in ReportSummaryForm.PARTS:
        if (summary_form.cleaned_data.get(part) or "") != getattr(fresh, part):
            label = summary_form.fields[part].label
            rows.append((label, "", getattr(fresh, part), summary_form.cleaned_data.get(part)))
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


def _parts(report) -> dict[str, str]:
    """The report's text parts as its summary form shows them, with the version read."""
    names = [name for name in ReportSummaryForm.base_fields if name != "version"]
    return {
        **{name: getattr(report, name, "") for name in names},
        "version": report.updated_at.isoformat(),
    }


def _with_row_versions(*formsets) -> None:
    """Each row's version (a fingerprint of its saved values) for its stale check when it is
    saved on its own."""
    for formset in formsets:
        for form in formset.forms:
            form.row_version = services.report_row_version(form.instance)


def _save_report(request, report, summary_form, task_rows: list, value_rows: list) -> None:
    """Save what the form carries (the whole form or only the rows changed since they were
    last saved) and submit it when asked, in one transaction: nothing or all."""
    parts = {k: v for k, v in summary_form.cleaned_data.items() if k != "version"}
    version = summary_form.cleaned_data["version"]
    changed = task_rows or value_rows or any(getattr(report, k) != v for k, v in parts.items())
    if not changed and "submit" in request.POST:  # the version only: the page saved each row
        services.report_submit(report=report, user=request.user, version=version)
        return
    with transaction.atomic():
        # The services check the version again under the report's lock, so that two people
        # saving at once never overwrite each other.
        services.report_save(
            report=report,
            user=request.user,
            **parts,
            task_updates=[{**f.cleaned_data, "id": f.instance.pk} for f in task_rows],
            indicator_values=[{**f.cleaned_data, "id": f.instance.pk} for f in value_rows],
            version=version,
        )
        if "submit" in request.POST:
            services.report_submit(report=report, user=request.user)


def _saved(request, report):
    messages.success(request, "Đã gửi báo cáo." if "submit" in request.POST else "Đã lưu nháp.")
    return redirect(report.get_absolute_url())


def _post_whole(request, report, data):
    """The whole form posted (a browser without JavaScript, or the rows changed failed): every
    row validated. Returns the redirect, or the forms to show again with what was typed."""
    summary_form = ReportSummaryForm(data)
    task_formset, value_formset = _formsets(report, data)
    conflicts = []
    valid = all([summary_form.is_valid(), task_formset.is_valid(), value_formset.is_valid()])
    if valid and summary_form.cleaned_data["version"] != report.updated_at.isoformat():
        conflicts = _report_conflicts(report, summary_form, task_formset, value_formset)
        summary_form.add_error(None, f"{STALE_REPORT} {_last_saved(report)}".strip())
        valid = False
    if valid:
        try:
            _save_report(request, report, summary_form, task_formset.forms, value_formset.forms)
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, ValidationError) and STALE_REPORT in exc.messages:
                conflicts = _report_conflicts(report, summary_form, task_formset, value_formset)
            summary_form.add_error(None, _error_text(exc))
        else:
            return _saved(request, report)
    return summary_form, task_formset, value_formset, conflicts


ROW_ID = re.compile(r"^(tasks|indicators)-(\d+)-id$")
KIND_OF_PREFIX = {prefix: kind for kind, prefix in ROW_PREFIXES.items()}


def _row_queryset(report, kind: str):
    if kind == "task":
        return report.task_updates.select_related("task")
    return report.indicator_values.select_related("indicator").prefetch_related(
        "indicator__targets"
    )


def _posted_rows(report, data) -> dict[str, list] | None:
    """The rows a post carries (by their hidden id), each as its own form; None when an id
    names no row of this report."""
    named: dict[str, dict[int, str]] = {"task": {}, "indicator": {}}
    for key in data:
        match = ROW_ID.match(key)
        if match and data[key].isdigit():
            named[KIND_OF_PREFIX[match[1]]][int(data[key])] = key[: -len("-id")]
    forms = {}
    for kind, prefixes in named.items():
        rows = list(_row_queryset(report, kind).filter(pk__in=prefixes)) if prefixes else []
        if len(rows) != len(prefixes):
            return None
        forms[kind] = [
            report_row_form(kind, row, data=data, prefix=prefixes[row.pk]) for row in rows
        ]
    return forms


def _form_as_shown(report, posted) -> QueryDict:
    """The whole form as the page shows it, with what was posted over it."""
    data = QueryDict(mutable=True)
    for formset in _formsets(report):
        management = formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
        for form in formset.forms:
            for name in form.fields:
                value = form[name].value()
                data[form.add_prefix(name)] = "" if value is None else str(value)
    data.update(_parts(report))
    for key in posted:
        data.setlist(key, posted.getlist(key))
    return data


def _post_changed(request, report):
    """What the report page sends with JavaScript: the version, the text parts changed and the
    rows changed since they were last saved (often none: each row saves itself as it is
    edited). Only those are validated and written; anything refused is shown on the whole form."""
    data = request.POST.copy()
    for name, value in _parts(report).items():
        if name not in data and name != "version":
            data[name] = value
    summary_form = ReportSummaryForm(data)
    rows = _posted_rows(report, data)
    valid = rows is not None and all(
        [summary_form.is_valid(), *(f.is_valid() for forms in rows.values() for f in forms)]
    )
    if valid and summary_form.cleaned_data["version"] == report.updated_at.isoformat():
        try:
            _save_report(request, report, summary_form, rows["task"], rows["indicator"])
        except (ValidationError, PermissionDenied):
            pass  # shown by the whole form below, with the rows' and the report's errors
        else:
            return _saved(request, report)
    return _post_whole(request, report, _form_as_shown(report, request.POST))


def _sends_saved_report(data) -> bool:
    """ "Gửi báo cáo" carrying the version alone: every row and part was saved before."""
    return (
        data.get("rows") == "changed"
        and "submit" in data
        and not any(ROW_ID.match(key) for key in data)
        and not any(name in data for name in ReportSummaryForm.base_fields if name != "version")
    )


def _submit_saved(request, pk: int):
    """Send a report whose rows were all saved as they were edited, as the API sends one: the
    service reads it once, under its lock, and checks who sends it, its version and its state.
    Anything refused (None) goes the whole way: the report read within the user's scope, and the
    page says why."""
    from theodoi.reporting.models import Report

    try:
        report = services.report_submit(
            report=Report(pk=pk), user=request.user, version=request.POST.get("version") or ""
        )
    except (Report.DoesNotExist, ValidationError, PermissionDenied):
        return None
    return _saved(request, report)


@login_required
def report_detail(request, pk: int):
    if request.method == "POST" and _sends_saved_report(request.POST):
        sent = _submit_saved(request, pk)
        if sent is not None:
            return sent
    report = (
        selectors.report_to_write(user=request.user, pk=pk) if request.method == "POST" else None
    )
    if report is None:
        report = get_object_or_404(selectors.report_list(user=request.user), pk=pk)
    can_edit = report.is_editable and can_report_for(request.user, report.agency)
    can_review = (
        can_manage_unit(request.user, report.period.plan.unit)
        and report.status == ReportStatus.SUBMITTED
    )
    dirty: set[str] = set()
    if request.method == "POST" and can_edit:
        if request.POST.get("rows") == "changed":
            result = _post_changed(request, report)
            dirty = {key.rsplit("-", 1)[0] for key in request.POST if ROW_ID.match(key)}
            if any(name in request.POST for name in _parts(report) if name != "version"):
                dirty.add("parts")
        else:
            result = _post_whole(request, report, request.POST)
        if not isinstance(result, tuple):
            return result
        summary_form, task_formset, value_formset, conflicts = result
        status = 422
    elif request.method == "POST":
        if not can_report_for(request.user, report.agency):
            raise PermissionDenied("Báo cáo này không sửa được.")
        return _refused_but_kept(request, report)
    else:
        summary_form = ReportSummaryForm(initial=_parts(report))
        task_formset, value_formset = _formsets(report)
        conflicts, status = [], 200
    _with_row_versions(task_formset, value_formset)
    selectors.attach_row_parts(
        report=report, updates=[f.instance for f in task_formset.forms], user=request.user
    )
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
            "dirty": dirty,
            "events": report.events.select_related("actor"),
            **report_extras(request, report, task_formset, value_formset, can_edit),
        },
        status=status,
    )


ROW_TEMPLATES = {"task": "reporting/_task_row.html", "indicator": "reporting/_indicator_row.html"}


def _row_prefix(report, kind: str, row, data) -> str:
    """The row's name prefix in the page's formset ("tasks-3"): as posted, else its place."""
    for key in data:
        match = ROW_ID.match(key)
        if match and KIND_OF_PREFIX[match[1]] == kind and data[key] == str(row.pk):
            return key[: -len("-id")]
    order = "task__order" if kind == "task" else "indicator__order"
    ids = list(_row_queryset(report, kind).order_by(order).values_list("pk", flat=True))
    return f"{ROW_PREFIXES[kind]}-{ids.index(row.pk)}"


def _row_conflicts(form, saved) -> list[tuple[str, object, object]]:
    """The fields of a row that someone else saved otherwise than this person typed."""
    rows = []
    for name, field in form.fields.items():
        if name == "id":
            continue
        before, mine = getattr(saved, name, None), form[name].value()
        if str(before if before is not None else "") != str(mine if mine is not None else ""):
            rows.append((field.label, before, mine))
    return rows


def _row_last_saved(row) -> str:
    from auditlog.models import LogEntry

    entry = LogEntry.objects.get_for_object(row).select_related("actor").first()
    return saved_last(entry.actor, entry.timestamp) if entry is not None else ""


@login_required
def report_row(request, pk: int, kind: str, row_pk: int):
    """One row of the report form: GET shows it, POST (the page, as the row is edited) saves
    that row only, through ``services.report_row_save``, and answers with the row again: saved
    ("Đã lưu lúc hh:mm"), or refused with what was typed kept and the reason beside it. The
    headers carry the row's and the report's new versions for the page."""
    kind = ROW_KINDS.get(kind)
    if kind is None:
        raise Http404
    report = get_object_or_404(selectors.report_list(user=request.user), pk=pk)
    row = get_object_or_404(_row_queryset(report, kind), pk=row_pk)
    data = request.POST if request.method == "POST" else request.GET
    prefix = _row_prefix(report, kind, row, data)
    can_edit = report.is_editable and can_report_for(request.user, report.agency)
    context = {"report": report, "can_edit": can_edit, "saved_at": None, "row_conflicts": []}
    if request.method != "POST":
        return _row_response(request, kind, report_row_form(kind, row, prefix=prefix), context)
    if not can_report_for(request.user, report.agency):
        raise PermissionDenied("Báo cáo này không sửa được.")
    form = report_row_form(kind, row, data=request.POST, prefix=prefix)
    if not can_edit:
        form.is_valid()
        form.add_error(None, refusal_reason(report))
        return _row_response(request, kind, form, {**context, "can_edit": True}, status=409)
    if not form.is_valid():
        return _row_response(request, kind, form, context, status=422)
    fields = {k: v for k, v in form.cleaned_data.items() if k != "id"}
    try:
        row, version = services.report_row_save(
            report=report,
            user=request.user,
            kind=kind,
            row_id=row.pk,
            data=fields,
            version=request.POST.get("row_version") or None,
        )
    except services.RowConflict as exc:
        form.add_error(None, f"{exc.messages[0]} {_row_last_saved(exc.row)}".strip())
        form.instance = exc.row  # its version: saving again after reading overwrites
        context["row_conflicts"] = _row_conflicts(form, exc.row)
        return _row_response(request, kind, form, context, status=409)
    except (ValidationError, PermissionDenied) as exc:
        if isinstance(exc, PermissionDenied):
            exc = ValidationError(str(exc))
        form.add_service_error(exc)
        return _row_response(request, kind, form, context, status=422)
    context["saved_at"] = timezone.localtime()
    response = _row_response(request, kind, report_row_form(kind, row, prefix=prefix), context)
    response["X-Report-Version"] = version.isoformat()
    return response


def _row_response(request, kind: str, form, context: dict, status: int = 200):
    form.row_version = services.report_row_version(form.instance)
    response = render(
        request, ROW_TEMPLATES[kind], {**context, "form": form, "is_row": True}, status=status
    )
    response["X-Row-Version"] = form.row_version
    return response


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
    for part in ReportSummaryForm.PARTS:
        if summary[part].value():
            lines += ["", f"{summary[part].label}: {summary[part].value()}"]
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


# -- evidence files and recommendations on the report page --------------------------------------


def _rows_with_files(report, task_formset, value_formset) -> list[dict]:
    """Each row of the report with the files it holds now, for the evidence section."""
    files = selectors.report_files(report=report)
    rows = []
    for kind, formset, item in (
        ("task", task_formset, "task"),
        ("indicator", value_formset, "indicator"),
    ):
        for form in formset.forms:
            row = form.instance
            if row.pk is None:
                continue  # a posted row that names no row of this report
            row.current_files = files.get((kind, row.pk), [])  # the row's card counts them
            row.files_counted = True
            rows.append(
                {
                    "kind": kind,
                    "row": row,
                    "item": getattr(row, item),
                    "files": files.get((kind, row.pk), []),
                }
            )
    return rows


def report_extras(request, report, task_formset, value_formset, can_edit: bool) -> dict:
    """What the report page shows besides its form: the rows' evidence files and the
    recommendations with their answers (and, on a draft, the forms to add them)."""
    return {
        "evidence_rows": _rows_with_files(report, task_formset, value_formset),
        "evidence_accept": EVIDENCE_ACCEPT,
        **_recommendation_context(report, can_edit),
    }


def _recommendation_context(report, can_edit: bool, form=None) -> dict:
    context = {
        "report": report,
        "can_edit": can_edit,
        "recommendations": report.recommendations.select_related(
            "addressed_unit", "addressed_agency", "task_update__task", "answered_by"
        ),
    }
    if can_edit:
        context["recommendation_form"] = form or RecommendationForm(
            report=report, units=services.recommendation_addressees(report)
        )
    return context


def _editable_report(request, pk: int):
    report = get_object_or_404(selectors.report_list(user=request.user), pk=pk)
    if not can_report_for(request.user, report.agency):
        raise PermissionDenied("Bạn không báo cáo cho cơ quan này.")
    return report


def _report_row(report, kind: str, row_pk: int):
    related = {"task": "task_updates", "indicator": "indicator_values"}.get(kind)
    if related is None:
        raise Http404
    item = "task" if kind == "task" else "indicator"
    return get_object_or_404(getattr(report, related).select_related(item), pk=row_pk)


def _evidence_answer(request, report, kind: str, row, error: str = ""):
    """The row's file list (an HTMX request), or back to the report page with a message."""
    if is_partial(request):
        return render(
            request,
            "reporting/_evidence_row.html",
            {
                "report": report,
                "entry": {
                    "kind": kind,
                    "row": row,
                    "item": getattr(row, "task" if kind == "task" else "indicator"),
                    "files": list(
                        row.files.filter(removed_at__isnull=True).order_by("uploaded_at", "id")
                    ),
                },
                "can_edit": report.is_editable,
                "evidence_accept": EVIDENCE_ACCEPT,
                "evidence_error": error,
            },
        )
    if error:
        messages.error(request, error)
    return redirect(f"{report.get_absolute_url()}#evidence-{kind}-{row.pk}")


@login_required
@require_POST
def evidence_attach(request, pk: int, kind: str, row_pk: int):
    report = _editable_report(request, pk)
    row = _report_row(report, kind, row_pk)
    form = EvidenceUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _evidence_answer(request, report, kind, row, " ".join(form.errors["file"]))
    try:
        evidence = services.evidence_attach(
            report=report, row=row, user=request.user, upload=form.cleaned_data["file"]
        )
    except (ValidationError, PermissionDenied) as exc:
        return _evidence_answer(request, report, kind, row, _error_text(exc))
    if not is_partial(request):
        messages.success(request, f"Đã đính kèm tệp «{evidence.name}».")
    return _evidence_answer(request, report, kind, row)


@login_required
@require_POST
def evidence_remove(request, pk: int, evidence_pk: int):
    report = _editable_report(request, pk)
    evidence = get_object_or_404(report.evidence_files, pk=evidence_pk)
    kind, row = (
        ("task", evidence.task_update) if evidence.task_update_id else
        ("indicator", evidence.indicator_value)
    )  # fmt: skip
    try:
        services.evidence_remove(evidence=evidence, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        return _evidence_answer(request, report, kind, row, _error_text(exc))
    if not is_partial(request):
        messages.success(request, f"Đã gỡ tệp «{evidence.name}» khỏi bản nháp.")
    return _evidence_answer(request, report, kind, row)


@login_required
def evidence_download(request, pk: int, evidence_pk: int):
    """A file of a report the viewer may read, or of another agency's row beside its own (404
    otherwise), as it was uploaded: its stored type, and its original name as an attachment
    (never shown inline)."""
    evidence = get_object_or_404(
        selectors.evidence_list(user=request.user), pk=evidence_pk, report_id=pk
    )
    return evidence_file_response(evidence)


def evidence_file_response(evidence) -> FileResponse:
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Tệp không còn trên máy chủ.") from exc
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _recommendations_answer(request, report, form=None):
    """The report's recommendations section (an HTMX request), or back to the report page."""
    if is_partial(request):
        can_edit = report.is_editable and can_report_for(request.user, report.agency)
        context = _recommendation_context(report, can_edit, form)
        return render(request, "reporting/_recommendations.html", context)
    if form is not None and form.errors:
        messages.error(request, " ".join(" ".join(e) for e in form.errors.values()))
    return redirect(f"{report.get_absolute_url()}#recommendations")


@login_required
@require_POST
def recommendation_add(request, pk: int):
    report = _editable_report(request, pk)
    form = RecommendationForm(
        request.POST, report=report, units=services.recommendation_addressees(report)
    )
    if form.is_valid():
        try:
            services.recommendation_add(report=report, user=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc))
        else:
            if not is_partial(request):
                messages.success(request, "Đã thêm đề xuất, kiến nghị.")
            return _recommendations_answer(request, report)
    return _recommendations_answer(request, report, form)


@login_required
@require_POST
def recommendation_remove(request, pk: int, recommendation_pk: int):
    report = _editable_report(request, pk)
    recommendation = get_object_or_404(report.recommendations, pk=recommendation_pk)
    try:
        services.recommendation_remove(recommendation=recommendation, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        if not is_partial(request):
            messages.success(request, "Đã gỡ đề xuất, kiến nghị.")
    return _recommendations_answer(request, report)


@login_required
def recommendation_list(request):
    """The recommendations sent to the units the user is the office of: open ones first, to be
    answered here (the sender reads the answer on its report)."""
    from django.core.paginator import Paginator

    status = request.GET.get("trang_thai") or ""
    received = selectors.recommendations_received(user=request.user, status=status or None)
    errors: dict[int, RecommendationAnswerForm] = {}
    if request.method == "POST":
        recommendation = get_object_or_404(received, pk=request.POST.get("id") or 0)
        form = RecommendationAnswerForm(request.POST, prefix=f"r{recommendation.pk}")
        if form.is_valid():
            try:
                services.recommendation_answer(
                    recommendation=recommendation, user=request.user, **form.cleaned_data
                )
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, _error_text(exc))
            else:
                messages.success(request, "Đã gửi trả lời tới cơ quan đề xuất.")
                return redirect(request.get_full_path())
        errors[recommendation.pk] = form
    page = Paginator(received, 20).get_page(request.GET.get("page"))
    for item in page.object_list:
        item.answer_form = errors.get(item.pk) or RecommendationAnswerForm(
            initial={"answer": item.answer}, prefix=f"r{item.pk}"
        )
    return render(
        request,
        "reporting/recommendation_list.html",
        {"page": page, "status": status, "statuses": RecommendationStatus.choices},
        status=422 if errors else 200,
    )
