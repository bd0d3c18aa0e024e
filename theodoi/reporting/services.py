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
from django.db.models import Exists, OuterRef
from django.utils import timezone

from theodoi.accounts.permissions import can_manage_unit, can_report_for, is_office_of
from theodoi.plans.models import Plan, Task
from theodoi.plans.validators import check_dates_within_plan
from theodoi.reporting.choices import (
    ExtensionStatus,
    PeriodKind,
    RecommendationStatus,
    ReportAction,
    ReportStatus,
    RowRole,
    TaskStatus,
)
from theodoi.reporting.models import (
    DeadlineExtension,
    Evidence,
    IndicatorValue,
    Recommendation,
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
    (its period, plan and unit rows are read too) never wait for this one. Whether it holds
    evidence files and recommendations is read with it, so that the snapshot of a report with
    none reads neither."""
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("period__plan__unit", "agency")
        .annotate(
            holds_files=Exists(
                Evidence.objects.filter(report=OuterRef("pk"), removed_at__isnull=True)
            ),
            holds_recommendations=Exists(Recommendation.objects.filter(report=OuterRef("pk"))),
        )
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
    files = _files_by_row(report) if getattr(report, "holds_files", True) else {}
    recommendations = (
        list(report.recommendations.all()) if getattr(report, "holds_recommendations", True) else []
    )
    _keep_rows(report, "recommendations", recommendations)
    return {
        **{part: getattr(report, part) for part in REPORT_PARTS},
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
                "files": files.get(("task", u.pk), []),
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
                "files": files.get(("indicator", v.pk), []),
            }
            for v in values
        ],
        "recommendations": [
            {
                "id": r.pk,
                "text": r.text,
                "task_update": r.task_update_id,
                "addressed_unit": r.addressed_unit_id,
                "addressed_agency": r.addressed_agency_id,
            }
            for r in recommendations
        ],
    }


# The four text parts of an official report, in their official order (the fifth part,
# recommendations, are Recommendation rows).
REPORT_PARTS = ("summary", "difficulties", "causes", "next_tasks")


def _files_by_row(report: Report) -> dict[tuple[str, int], list[dict[str, Any]]]:
    """The evidence files the report holds now, by row, as its snapshot lists them."""
    files: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for file in report.evidence_files.filter(removed_at__isnull=True).only(
        "id", "name", "sha256", "task_update_id", "indicator_value_id"
    ):
        key = (
            ("task", file.task_update_id)
            if file.task_update_id
            else ("indicator", file.indicator_value_id)
        )
        files.setdefault(key, []).append({"id": file.pk, "name": file.name, "sha256": file.sha256})
    return files


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
    difficulties: str | None = None,
    causes: str | None = None,
    next_tasks: str | None = None,
    version: str | None = None,
) -> Report:
    """Save the draft (``version``: as for ``report_submit``). Each dict carries the row's id and the fields to set. Every row is
    checked before anything is written; a save that changes nothing writes nothing. The four
    parts (``summary`` — the results —, ``difficulties``, ``causes``, ``next_tasks``): a part
    given as None is left as it is."""
    report = _lock_report(report)
    _require_reporter(user, report.agency)
    _check_version(report, version)
    if not report.is_editable:
        raise ValidationError("Báo cáo đã gửi hoặc kỳ báo cáo đã khóa: không sửa được.")
    changed_rows = []
    updates = _rows_named(report.task_updates.select_related("task"), task_updates)
    for data in task_updates:
        update = updates.get(data.get("id"))
        if update is None:
            raise ValidationError("Dòng nhiệm vụ không thuộc báo cáo này.")
        before, changed = _changes(update, data, TASK_UPDATE_FIELDS)
        if changed:
            update.full_clean(exclude=["report", "task"])
            _check_update(update)
            changed_rows.append((update, before, changed))
    values = _rows_named(report.indicator_values.select_related("indicator"), indicator_values)
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
    parts = {
        name: value
        for name, value in zip(
            REPORT_PARTS, (summary, difficulties, causes, next_tasks), strict=True
        )
        if value is not None and value != getattr(report, name)
    }
    if not parts and not changed_rows:
        return report  # nothing changed: no new version, no event
    before = copy.copy(report)
    for name, value in parts.items():
        setattr(report, name, value)
    audited_save(report, before=before, update_fields=[*parts, "updated_at"])
    for row, before, changed in changed_rows:
        audited_save(row, before=before, update_fields=changed)
    _event(report, ReportAction.SAVE, user)
    return report


REPORT_STALE = (
    "Báo cáo đã được thay đổi ở nơi khác sau khi bạn mở: chưa lưu gì. Bảng dưới đây so sánh "
    "bản đã lưu với nội dung bạn nhập; nếu vẫn muốn ghi đè, bấm Lưu lần nữa."
)


def _check_version(report: Report, version: str | None) -> None:
    """A page's save or submission of a report read before another save came is refused (the
    report is locked by then, so two people saving at once never overwrite each other)."""
    if version is not None and report.updated_at.isoformat() != version:
        raise ValidationError(REPORT_STALE)


def _rows_named(rows, given: list[dict[str, Any]]) -> dict[int, Any]:
    """The report's rows that ``given`` names by id (none read when it names none: a page that
    sends only the rows changed since they were last saved sends none at all)."""
    ids = [data.get("id") for data in given]
    return {row.pk: row for row in rows.filter(pk__in=ids)} if ids else {}


ROW_MODELS = {"task": (TaskUpdate, "task", TASK_UPDATE_FIELDS)}
ROW_MODELS["indicator"] = (IndicatorValue, "indicator", INDICATOR_VALUE_FIELDS)


class RowConflict(ValidationError):
    """A report row saved by someone else since it was read: ``row`` holds what is saved now."""

    def __init__(self, message: str, *, row):
        super().__init__(message)
        self.row = row


def report_row_version(row) -> str:
    """A fingerprint of a report row's saved values: the row's version for the stale check of a
    row saved on its own (rows have no change time; the same values give the same version)."""
    import hashlib

    values = [
        (f.attname, getattr(row, f.attname)) for f in row._meta.concrete_fields if not f.primary_key
    ]
    return hashlib.blake2s(repr(values).encode(), digest_size=8).hexdigest()


@transaction.atomic
def report_row_save(
    *, report: Report, user, kind: str, row_id: int, data: dict[str, Any], version: str | None
) -> tuple[TaskUpdate | IndicatorValue, dt.datetime]:
    """Save one row of a draft as it is edited (the report page saves each row on its own).
    The stale check is per row: ``version`` is the row's ``report_row_version`` when the page
    read it; a row changed since is refused (``RowConflict``) and nothing is saved; an empty
    ``version`` overwrites. The report's ``updated_at`` moves with every row saved, so a whole
    form posted from a page read before is refused as stale. A row saved unchanged writes
    nothing. Returns the row as saved and the report's version (its ``updated_at``) after."""
    model, item, fields = ROW_MODELS[kind]
    report = _lock_report(report)
    _require_reporter(user, report.agency)
    if not report.is_editable:
        raise ValidationError("Báo cáo đã gửi hoặc kỳ báo cáo đã khóa: không sửa được.")
    row = model.objects.select_related(item).filter(report=report, pk=row_id).first()
    if row is None:
        raise ValidationError("Dòng này không thuộc báo cáo.")
    if version and report_row_version(row) != version:
        raise RowConflict(
            "Dòng này đã được lưu ở nơi khác sau khi bạn mở: chưa lưu gì. Bản đã lưu ở dưới; "
            "nếu vẫn muốn ghi đè, sửa lại hoặc lưu lần nữa.",
            row=copy.copy(row),
        )
    if isinstance(data.get("value"), float):
        data = {**data, "value": Decimal(str(data["value"]))}
    before, changed = _changes(row, data, fields)
    if not changed:
        return row, report.updated_at
    row.full_clean(exclude=["report", item])
    if kind == "task":
        _check_update(row)
    audited_save(row, before=before, update_fields=changed)
    # .update(): a draft's rows change no roll-up figure, and the report's fields do not change
    now = timezone.now()
    Report.objects.filter(pk=report.pk).update(updated_at=now)
    return row, now


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
def report_submit(
    *, report: Report, user, now: dt.datetime | None = None, version: str | None = None
) -> Report:
    """Send the report. ``version``: the report's ``updated_at`` when the page read it (a page
    sends it; refused as stale, nothing done, when another save came after)."""
    report = _lock_report(report)
    _require_reporter(user, report.agency)
    _check_version(report, version)
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
    event = _event(report, ReportAction.SUBMIT, user, updates=updates)
    _files_sent_with(report, event)
    return report


def _files_sent_with(report: Report, event: ReportEvent) -> None:
    """The files a version was sent with remember the first version that held them."""
    rows = event.snapshot["tasks"] + event.snapshot["indicators"]
    if any(row["files"] for row in rows):
        report.evidence_files.filter(removed_at__isnull=True, first_version__isnull=True).update(
            first_version=report.version
        )


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


# -- evidence files -----------------------------------------------------------------------------


def _editable_for(report: Report, user) -> Report:
    """The report, locked, when ``user`` reports for its agency and it may still be changed."""
    report = _lock_report(report)
    _require_reporter(user, report.agency)
    if not report.is_editable:
        raise ValidationError("Báo cáo đã gửi hoặc kỳ báo cáo đã khóa: không sửa được.")
    return report


def _row_of(report: Report, row: TaskUpdate | IndicatorValue) -> dict[str, Any]:
    if isinstance(row, (TaskUpdate, IndicatorValue)) and row.report_id == report.pk:
        name = "task_update" if isinstance(row, TaskUpdate) else "indicator_value"
        return {name: row}
    raise ValidationError("Dòng này không thuộc báo cáo.")


@transaction.atomic
def evidence_attach(*, report: Report, row: TaskUpdate | IndicatorValue, user, upload) -> Evidence:
    """Attach an uploaded file to a row of a draft. Its type is read from its content; the
    file is stored under the report and its SHA-256, and the same file attached to the same row
    again is the same evidence (nothing is added)."""
    from django.conf import settings

    from theodoi.reporting.evidence import DEFAULT_MAX_BYTES, EvidenceRefused, check_file

    report = _editable_for(report, user)
    where = _row_of(report, row)
    max_bytes = getattr(settings, "THEODOI_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES)
    try:
        checked = check_file(
            name=upload.name or "", size=upload.size, stream=upload, max_bytes=max_bytes
        )
    except EvidenceRefused as exc:
        raise ValidationError(str(exc), code="evidence_refused") from exc
    same = report.evidence_files.filter(
        sha256=checked.sha256, removed_at__isnull=True, **where
    ).first()
    if same is not None:
        return same
    evidence = Evidence(
        report=report,
        name=checked.name,
        content_type=checked.kind.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
        **where,
    )
    stored = report.evidence_files.filter(sha256=checked.sha256).first()
    if stored is not None:
        evidence.file.name = stored.file.name  # the same bytes are kept once
    else:
        evidence.file.save(checked.sha256, upload, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, user) -> Evidence:
    """Take a file off a draft. The versions already sent keep it (it stays stored)."""
    report = _editable_for(evidence.report, user)
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk, report=report)
    if evidence.removed_at is None:
        evidence.removed_at = timezone.now()
        evidence.removed_in_version = report.version + 1
        evidence.save(update_fields=["removed_at", "removed_in_version"])
    return evidence


# -- recommendations (đề xuất, kiến nghị) -------------------------------------------------------


def recommendation_addressees(report: Report) -> list:
    """The levels a report's recommendations may go to: its agency's unit and the units above."""
    unit = report.agency.unit
    return [*unit.ancestors(), unit]


@transaction.atomic
def recommendation_add(
    *,
    report: Report,
    user,
    text: str,
    addressed_unit,
    addressed_agency: Agency | None = None,
    task_update: TaskUpdate | None = None,
) -> Recommendation:
    report = _editable_for(report, user)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Nội dung đề xuất, kiến nghị không được để trống."})
    if addressed_unit is None or addressed_unit.pk not in {
        u.pk for u in recommendation_addressees(report)
    }:
        raise ValidationError(
            {"addressed_unit": "Chỉ gửi được tới cấp của cơ quan mình hoặc cấp trên."}
        )
    if addressed_agency is not None and addressed_agency.unit_id != addressed_unit.pk:
        raise ValidationError(
            {"addressed_agency": f"Cơ quan nhận không thuộc {addressed_unit.name}."}
        )
    if task_update is not None and task_update.report_id != report.pk:
        raise ValidationError({"task_update": "Nhiệm vụ này không thuộc báo cáo."})
    recommendation = Recommendation(
        report=report,
        text=text,
        addressed_unit=addressed_unit,
        addressed_agency=addressed_agency,
        task_update=task_update,
    )
    recommendation.full_clean()
    recommendation.save()
    return recommendation


@transaction.atomic
def recommendation_remove(*, recommendation: Recommendation, user) -> None:
    report = _editable_for(recommendation.report, user)
    recommendation = Recommendation.objects.select_for_update().get(
        pk=recommendation.pk, report=report
    )
    if recommendation.status == RecommendationStatus.ANSWERED:
        raise ValidationError("Đề xuất này đã được trả lời: không gỡ được.")
    recommendation.delete()


@transaction.atomic
def recommendation_answer(*, recommendation: Recommendation, user, answer: str) -> Recommendation:
    """The office of the unit a recommendation is addressed to answers it; the sender reads the
    answer on its report."""
    recommendation = (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("addressed_unit", "report")
        .get(pk=recommendation.pk)
    )
    if not is_office_of(user, recommendation.addressed_unit):
        raise PermissionDenied(
            f"Chỉ cơ quan thường trực của {recommendation.addressed_unit.name} trả lời được "
            "đề xuất này."
        )
    sent_at = recommendation.report.submitted_at
    if sent_at is None or recommendation.created_at > sent_at:
        raise ValidationError("Đề xuất này chưa được gửi cùng báo cáo: chưa trả lời được.")
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": "Nội dung trả lời không được để trống."})
    before = copy.copy(recommendation)
    recommendation.answer = answer
    recommendation.status = RecommendationStatus.ANSWERED
    recommendation.answered_by = user
    recommendation.answered_at = timezone.now()
    audited_save(
        recommendation,
        before=before,
        update_fields=["answer", "status", "answered_by", "answered_at", "updated_at"],
    )
    return recommendation
