"""The report workflow: draft → submitted → accepted, or returned and resubmitted.

Every step is atomic and leaves a ReportEvent with a snapshot of the report, so every version
can be read again. Accepting a report copies each task's status onto the task, where lists and
dashboards read it.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from theodoi.accounts.permissions import can_manage_unit, can_report_for
from theodoi.plans.models import Plan, Task
from theodoi.plans.validators import check_dates_within_plan
from theodoi.reporting.choices import (
    ExtensionStatus,
    PeriodKind,
    ReportAction,
    ReportStatus,
    RowRole,
    TaskStatus,
)
from theodoi.reporting.models import (
    DeadlineExtension,
    IndicatorValue,
    Report,
    ReportEvent,
    ReportingPeriod,
    TaskUpdate,
)
from theodoi.reporting.selectors import agency_task_roles
from theodoi.reporting.shares import Share, status_from_shares
from theodoi.security.audit import audited_save
from theodoi.units.collectives import collective_members
from theodoi.units.models import Agency

DONE_STATUSES = (TaskStatus.DONE, TaskStatus.DONE_LATE)
# What each step changes on the report row (and logs in the audit trail).
_SUBMIT_FIELDS = ["status", "submitted_at", "submitted_by", "version", "updated_at"]
_REVIEW_FIELDS = ["status", "review_comment", "reviewed_at", "reviewed_by", "updated_at"]
# What accepting a report copies onto its tasks and indicators.
_ACCEPTED_TASK_FIELDS = [
    "reported_status",
    "reported_progress",
    "reported_at",
    "completed_on",
    "updated_at",
    "search_key",
]
_ACCEPTED_INDICATOR_FIELDS = ["reported_value", "reported_text", "reported_at", "updated_at"]


def _require_office(user, plan: Plan) -> None:
    if not can_manage_unit(user, plan.unit):
        raise PermissionDenied("Chỉ cơ quan thường trực của kế hoạch mới thực hiện được.")


def _require_reporter(user, agency: Agency) -> None:
    if not can_report_for(user, agency):
        raise PermissionDenied("Bạn không báo cáo cho cơ quan này.")


def _lock_report(report: Report) -> Report:
    """Re-reads the report, with what the steps check, under a lock so two steps on it never
    interleave. Only the report's row is locked: steps on the other reports of the same plan
    (its period, plan and unit rows are read too) never wait for this one."""
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("period__plan__unit", "agency")
        .get(pk=report.pk)
    )


def _updates_in_order(report: Report):
    """The report's task rows with what their check and the snapshot read of the task."""
    return (
        report.task_updates.select_related("task")
        .only(*(f.name for f in TaskUpdate._meta.concrete_fields), "task__code", "task__order")
        .order_by("task__order")
    )


def _values_in_order(report: Report):
    """The report's indicator rows with the indicator code the snapshot reads."""
    return (
        report.indicator_values.select_related("indicator")
        .only(
            *(f.name for f in IndicatorValue._meta.concrete_fields),
            "indicator__code",
            "indicator__order",
        )
        .order_by("indicator__order")
    )


def _keep_rows(report: Report, name: str, rows: list) -> None:
    """Hand rows already read to ``report.<name>`` as if prefetched, so whoever answers with the
    report (the API's serializer) does not read them again."""
    rows_qs = getattr(report, name).all()
    rows_qs._result_cache = rows
    rows_qs._prefetch_done = True
    if not hasattr(report, "_prefetched_objects_cache"):
        report._prefetched_objects_cache = {}
    report._prefetched_objects_cache[name] = rows_qs


def _snapshot(report: Report, updates: list[TaskUpdate] | None = None) -> dict[str, Any]:
    if updates is None:
        updates = list(_updates_in_order(report))
    values = list(_values_in_order(report))
    _keep_rows(report, "task_updates", updates)
    _keep_rows(report, "indicator_values", values)
    return {
        "summary": report.summary,
        "tasks": [
            {
                "task": u.task_id,
                "code": u.task.code,
                "role": u.role,
                "status": u.status,
                "progress": u.progress,
                "result": u.result,
                "obstacles": u.obstacles,
                "proposals": u.proposals,
                "evidence": u.evidence,
            }
            for u in updates
        ],
        "indicators": [
            {
                "indicator": v.indicator_id,
                "code": v.indicator.code,
                "value": None if v.value is None else str(v.value),
                "text_value": v.text_value,
                "source": v.source,
            }
            for v in values
        ],
    }


def _event(
    report: Report, action: str, user, comment: str = "", updates: list | None = None
) -> ReportEvent:
    return ReportEvent.objects.create(
        report=report,
        action=action,
        actor=user,
        comment=comment,
        version=report.version,
        snapshot=_snapshot(report, updates),
    )


@transaction.atomic
def period_create(
    *, plan: Plan, user, kind: str, label: str, start: dt.date, end: dt.date, due: dt.date
) -> ReportingPeriod:
    _require_office(user, plan)
    if kind not in PeriodKind.values:
        raise ValidationError("Loại kỳ báo cáo không hợp lệ.")
    period = ReportingPeriod(plan=plan, kind=kind, label=label, start=start, end=end, due=due)
    period.full_clean()
    period.save()
    return period


@transaction.atomic
def periods_generate(
    *, plan: Plan, user, year: int, frequency: str, due_rule: str | None = None
) -> list[ReportingPeriod]:
    """Create the periods of one year for a frequency; existing ones are kept, not duplicated."""
    from theodoi.evaluation.periods import generate_periods

    _require_office(user, plan)
    created = []
    for spec in generate_periods(frequency=frequency, year=year, due_rule=due_rule):
        period, was_created = ReportingPeriod.objects.get_or_create(
            plan=plan,
            kind=spec.kind,
            start=spec.start,
            defaults={"label": spec.label, "end": spec.end, "due": spec.due},
        )
        if was_created:
            created.append(period)
    return created


@transaction.atomic
def periods_generate_from_regime(*, plan: Plan, user, year: int) -> list[ReportingPeriod]:
    """Create the year's periods from the reporting regime read from the plan's text
    ("định kỳ 6 tháng (trước ngày 15/6) và hằng năm (trước ngày 10/12)…")."""
    from theodoi.evaluation.periods import FREQUENCIES

    created: list[ReportingPeriod] = []
    for obligation in plan.reporting_regime or []:
        frequency = obligation.get("frequency")
        if frequency not in FREQUENCIES:
            continue  # weekly or ad hoc: the office creates those periods itself
        try:
            created += periods_generate(
                plan=plan, user=user, year=year, frequency=frequency, due_rule=obligation.get("due")
            )
        except ValueError:
            created += periods_generate(plan=plan, user=user, year=year, frequency=frequency)
    return created


@transaction.atomic
def period_lock(*, period: ReportingPeriod, user) -> ReportingPeriod:
    _require_office(user, period.plan)
    period.is_locked = True
    period.locked_at = timezone.now()
    period.locked_by = user
    period.save(update_fields=["is_locked", "locked_at", "locked_by", "updated_at"])
    return period


@transaction.atomic
def period_unlock(*, period: ReportingPeriod, user) -> ReportingPeriod:
    """Reopen a locked period: its reports can be edited and submitted again."""
    _require_office(user, period.plan)
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if not period.is_locked:
        return period
    period.is_locked = False
    period.locked_at = period.locked_by = None
    period.save(update_fields=["is_locked", "locked_at", "locked_by", "updated_at"])
    return period


@transaction.atomic
def report_open(*, period: ReportingPeriod, agency: Agency, user) -> Report:
    """The agency's report for the period, created as a draft with a row for each task it leads,
    each task whose collective lead includes it (its share) and each task it coordinates,
    directly or through a collective (reporting.selectors.agency_task_roles), and a row for each
    indicator it leads. A lead row starts from the task's status, a share or a coordinator's row
    from the agency's own latest row for the task."""
    _require_reporter(user, agency)
    report, created = Report.objects.get_or_create(period=period, agency=agency)
    if created or report.is_editable:
        plan = period.plan
        have = set(report.task_updates.values_list("task_id", flat=True))
        roles = agency_task_roles(plan=plan, agency=agency)
        _open_task_rows(report, plan.tasks.filter(pk__in=roles).exclude(pk__in=have), roles)
        have = set(report.indicator_values.values_list("indicator_id", flat=True))
        for indicator in plan.indicators.filter(lead=agency).exclude(pk__in=have):
            IndicatorValue.objects.create(report=report, indicator=indicator)
    return report


TASK_UPDATE_FIELDS = ("status", "progress", "result", "obstacles", "proposals", "evidence")
INDICATOR_VALUE_FIELDS = ("value", "text_value", "source")


def _changes(row, data: dict[str, Any], fields: tuple[str, ...]) -> tuple[Any, list[str]]:
    """Set on ``row`` the fields ``data`` carries; the row as it was and the fields that changed
    (a row nobody touched is neither validated, written nor logged again)."""
    before = copy.copy(row)
    changed = []
    for field in fields:
        if field in data and getattr(row, field) != data[field]:
            setattr(row, field, data[field])
            changed.append(field)
    return before, changed


def _check_update(update: TaskUpdate) -> None:
    if update.status in DONE_STATUSES and update.progress != 100:
        raise ValidationError(
            f"Nhiệm vụ {update.task.code or update.task_id}: đã hoàn thành thì tiến độ phải là 100%."
        )
    if update.progress > 100:
        raise ValidationError("Tiến độ không vượt quá 100%.")


@transaction.atomic
def report_save(
    *,
    report: Report,
    user,
    summary: str,
    task_updates: list[dict[str, Any]],
    indicator_values: list[dict[str, Any]],
) -> Report:
    """Save the draft. Each dict carries the row's id and the fields to set. Every row is
    checked before anything is written; a save that changes nothing writes nothing."""
    report = _lock_report(report)
    _require_reporter(user, report.agency)
    if not report.is_editable:
        raise ValidationError("Báo cáo đã gửi hoặc kỳ báo cáo đã khóa: không sửa được.")
    changed_rows = []
    updates = {u.pk: u for u in report.task_updates.select_related("task")}
    for data in task_updates:
        update = updates.get(data.get("id"))
        if update is None:
            raise ValidationError("Dòng nhiệm vụ không thuộc báo cáo này.")
        before, changed = _changes(update, data, TASK_UPDATE_FIELDS)
        if changed:
            update.full_clean(exclude=["report", "task"])
            _check_update(update)
            changed_rows.append((update, before, changed))
    values = {v.pk: v for v in report.indicator_values.select_related("indicator")}
    for data in indicator_values:
        value = values.get(data.get("id"))
        if value is None:
            raise ValidationError("Dòng chỉ tiêu không thuộc báo cáo này.")
        if isinstance(data.get("value"), float):
            data = {**data, "value": Decimal(str(data["value"]))}
        before, changed = _changes(value, data, INDICATOR_VALUE_FIELDS)
        if changed:
            value.full_clean(exclude=["report", "indicator"])
            changed_rows.append((value, before, changed))
    if summary == report.summary and not changed_rows:
        return report  # nothing changed: no new version, no event
    before = copy.copy(report)
    report.summary = summary
    audited_save(report, before=before, update_fields=["summary", "updated_at"])
    for row, before, changed in changed_rows:
        audited_save(row, before=before, update_fields=changed)
    _event(report, ReportAction.SAVE, user)
    return report


@transaction.atomic
def report_request_office(*, report: Report, user, text: str) -> ReportEvent:
    """A reporter's request to the coordinating office about a report it can no longer change
    (its period locked, or sent already): the text typed is kept on the report's history,
    where the office reads it."""
    _require_reporter(user, report.agency)
    text = text.strip()
    if not text:
        raise ValidationError("Nội dung đề nghị không được để trống.")
    return _event(report, ReportAction.REQUEST, user, comment=text)


@transaction.atomic
def report_submit(*, report: Report, user, now: dt.datetime | None = None) -> Report:
    report = _lock_report(report)
    _require_reporter(user, report.agency)
    if not report.is_editable:
        raise ValidationError("Báo cáo này đã được gửi hoặc đã được tiếp nhận.")
    updates = list(_updates_in_order(report))
    for update in updates:
        _check_update(update)
    before = copy.copy(report)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now or timezone.now()
    report.submitted_by = user
    report.version += 1
    audited_save(report, before=before, update_fields=_SUBMIT_FIELDS)
    _event(report, ReportAction.SUBMIT, user, updates=updates)
    return report


@transaction.atomic
def report_return(*, report: Report, user, comment: str) -> Report:
    report = _lock_report(report)
    _require_office(user, report.period.plan)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError("Chỉ trả lại được báo cáo đã gửi và chưa tiếp nhận.")
    if not comment.strip():
        raise ValidationError("Hãy ghi rõ lý do trả lại để cơ quan báo cáo sửa.")
    before = copy.copy(report)
    report.status = ReportStatus.RETURNED
    report.review_comment = comment.strip()
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    audited_save(report, before=before, update_fields=_REVIEW_FIELDS)
    _event(report, ReportAction.RETURN, user, comment.strip())
    return report


def _open_task_rows(report: Report, tasks, roles: dict[int, str]) -> None:
    own = {}  # the agency's latest row for each task, for a share or a coordinator's row
    if any(role != RowRole.LEAD for role in roles.values()):
        for row in (
            TaskUpdate.objects.filter(report__agency=report.agency_id, task__in=list(roles))
            .exclude(report=report)
            .order_by("report__period__end", "pk")
        ):
            own[row.task_id] = row
    for task in tasks:
        role = roles[task.pk]
        last = own.get(task.pk)
        if role == RowRole.LEAD:
            status = task.reported_status or TaskStatus.NOT_STARTED
            progress = task.reported_progress
        elif last is not None:
            status, progress = last.status, last.progress
        else:
            status, progress = TaskStatus.NOT_STARTED, 0
        TaskUpdate.objects.create(
            report=report, task=task, role=role, status=status, progress=progress
        )


def _task_from_shares(task: Task, report: Report) -> None:
    """A task led by a collective takes the status its members' latest accepted shares give
    (reporting.shares.status_from_shares, docs/evaluation.md)."""
    members = collective_members(unit=task.plan.unit, code=task.lead_collective)
    member_ids = set(members.values_list("pk", flat=True))
    latest: dict[int, TaskUpdate] = {}
    for row in (
        TaskUpdate.objects.filter(
            task=task,
            role=RowRole.SHARE,
            report__status=ReportStatus.ACCEPTED,
            report__agency__in=member_ids,
        )
        .select_related("report")
        .order_by("report__submitted_at", "pk")
    ):
        latest[row.report.agency_id] = row
    status, progress = status_from_shares(
        [Share(r.status, r.progress) for r in latest.values()], len(member_ids)
    )
    before = copy.copy(task)
    task.reported_status, task.reported_progress = status, progress
    task.reported_at = max(
        [r.report.submitted_at for r in latest.values()] or [report.submitted_at]
    )
    if status in DONE_STATUSES and task.completed_on is None:
        task.completed_on = min(timezone.localdate(report.submitted_at), report.period.end)
    elif status not in DONE_STATUSES:
        task.completed_on = None
    audited_save(task, before=before, update_fields=_ACCEPTED_TASK_FIELDS)


@transaction.atomic
def report_accept(*, report: Report, user) -> Report:
    report = _lock_report(report)
    _require_office(user, report.period.plan)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError("Chỉ tiếp nhận được báo cáo đã gửi.")
    before = copy.copy(report)
    report.status = ReportStatus.ACCEPTED
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    audited_save(report, before=before, update_fields=_REVIEW_FIELDS)
    submitted_on = timezone.localdate(report.submitted_at)
    # Tasks and indicators are locked (in id order, so that two acceptances never wait for each
    # other in a circle) while the later report's figures are chosen.
    for update in (
        report.task_updates.select_related("task__plan__unit")
        .select_for_update(of=("task",))
        .order_by("task_id")
    ):
        task = update.task
        if update.role != RowRole.LEAD:
            # the task's status is its lead's; one led by a collective follows its shares
            if update.role == RowRole.SHARE and task.lead_id is None:
                _task_from_shares(task, report)
            continue
        if task.reported_at is not None and task.reported_at > report.submitted_at:
            continue  # a later report's status is already there
        before = copy.copy(task)
        task.reported_status = update.status
        task.reported_progress = update.progress
        task.reported_at = report.submitted_at
        if update.status in DONE_STATUSES and task.completed_on is None:
            task.completed_on = min(submitted_on, report.period.end)
        elif update.status not in DONE_STATUSES:
            task.completed_on = None
        audited_save(task, before=before, update_fields=_ACCEPTED_TASK_FIELDS)
    for value in (
        report.indicator_values.select_related("indicator")
        .select_for_update(of=("indicator",))
        .order_by("indicator_id")
    ):
        indicator = value.indicator
        if value.value is None and not value.text_value:
            continue
        if indicator.reported_at is not None and indicator.reported_at > report.submitted_at:
            continue  # a later report's value is already there
        before = copy.copy(indicator)
        indicator.reported_value = value.value
        indicator.reported_text = value.text_value
        indicator.reported_at = report.submitted_at
        audited_save(indicator, before=before, update_fields=_ACCEPTED_INDICATOR_FIELDS)
    _event(report, ReportAction.ACCEPT, user)
    return report


@transaction.atomic
def extension_request(
    *, task: Task, agency: Agency, user, requested_due: dt.date, reason: str
) -> DeadlineExtension:
    _require_reporter(user, agency)
    if task.lead_id != agency.pk:
        raise PermissionDenied("Chỉ cơ quan chủ trì mới đề nghị gia hạn nhiệm vụ.")
    if not reason.strip():
        raise ValidationError("Hãy nêu lý do đề nghị gia hạn.")
    if task.due_date and requested_due <= task.due_date:
        raise ValidationError("Hạn đề nghị phải sau hạn hiện tại.")
    if task.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ValidationError("Nhiệm vụ này đã có một đề nghị gia hạn đang chờ xem xét.")
    extension = DeadlineExtension(
        task=task,
        agency=agency,
        requested_by=user,
        current_due=task.due_date,
        requested_due=requested_due,
        reason=reason.strip(),
    )
    extension.full_clean()
    check_dates_within_plan(task.plan, {"requested_due": requested_due})
    extension.save()
    return extension


@transaction.atomic
def extension_decide(
    *, extension: DeadlineExtension, user, approve: bool, reason: str
) -> DeadlineExtension:
    # The task is locked with the request: decisions on its requests come one after the other.
    extension = (
        DeadlineExtension.objects.select_for_update(of=("self", "task"))
        .select_related("task__plan__unit")
        .get(pk=extension.pk)
    )
    _require_office(user, extension.task.plan)
    if extension.status != ExtensionStatus.PENDING:
        raise ValidationError("Đề nghị này đã được xem xét.")
    if not approve and not reason.strip():
        raise ValidationError("Hãy nêu lý do không đồng ý.")
    task = extension.task
    if approve and task.due_date and extension.requested_due <= task.due_date:
        raise ValidationError(
            f"Nhiệm vụ đã có hạn {task.due_date:%d/%m/%Y}, không sớm hơn hạn đề nghị "
            f"{extension.requested_due:%d/%m/%Y}: không cần gia hạn, hãy không đồng ý kèm lý do."
        )
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    extension.decided_by = user
    extension.decided_at = timezone.now()
    extension.decision_reason = reason.strip()
    extension.save()
    if approve:
        task.due_date = extension.requested_due
        task.deadline_kind = "date"
        task.save(update_fields=["due_date", "deadline_kind", "updated_at", "search_key"])
    return extension
