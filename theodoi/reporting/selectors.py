"""Reads for reporting periods, reports and obligations."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from theodoi.accounts.permissions import (
    can_manage_unit,
    office_units,
    user_agencies,
    visible_reports_q,
)
from theodoi.plans.choices import PlanStatus
from theodoi.plans.models import Plan, Task
from theodoi.plans.selectors import agency_tasks, plan_list
from theodoi.reporting.choices import RecommendationStatus, ReportAction, ReportStatus, RowRole
from theodoi.reporting.models import (
    DeadlineExtension,
    Evidence,
    Recommendation,
    Report,
    ReportEvent,
    ReportingPeriod,
    TaskUpdate,
)
from theodoi.units.collectives import agency_collectives, collective_members, collective_work_q
from theodoi.units.models import Agency


def period_list(*, user) -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.filter(
        plan__in=plan_list(user=user).values("pk")
    ).select_related("plan__unit")


def report_list(*, user) -> QuerySet[Report]:
    return Report.objects.filter(visible_reports_q(user)).select_related(
        "period__plan__unit", "agency", "submitted_by", "reviewed_by"
    )


def plan_obligated_agencies(*, plan: Plan) -> QuerySet[Agency]:
    """Agencies that must report on a plan: those leading any of its tasks or indicators."""
    return (
        Agency.objects.filter(Q(led_tasks__plan=plan) | Q(led_indicators__plan=plan))
        .distinct()
        .select_related("unit")
        .order_by("name")
    )


def extension_list(*, user) -> QuerySet[DeadlineExtension]:
    return DeadlineExtension.objects.filter(
        task__plan__in=plan_list(user=user).values("pk")
    ).select_related("task__plan", "agency", "requested_by", "decided_by")


def period_office_requests(*, period: ReportingPeriod, user) -> QuerySet[ReportEvent]:
    """The requests agencies sent the office about their reports of ``period`` (the text they
    could not save once the period was locked): for the plan's office only."""
    if not can_manage_unit(user, period.plan.unit):
        return ReportEvent.objects.none()
    return (
        ReportEvent.objects.filter(report__period=period, action=ReportAction.REQUEST)
        .select_related("report__agency", "actor")
        .order_by("-at")
    )


def evidence_list(*, user) -> QuerySet[Evidence]:
    """Evidence files the user may download: those of the reports it may read (its agency's
    own, drafts included; for offices and leaders, the reports sent under the plans of their
    scope), and those of the rows other agencies sent for the tasks its agency leads (shown
    beside its own row, see ``attach_row_parts``)."""
    beside_own = Q(
        task_update__task__lead__in=user_agencies(user).values("pk"),
        report__status__in=ANSWERED_STATUSES,
    )
    return Evidence.objects.filter(Q(report__in=report_list(user=user).values("pk")) | beside_own)


def report_files(*, report: Report) -> dict[tuple[str, int], list[Evidence]]:
    """The report's files as it holds them now, by row: ("task", TaskUpdate id) or
    ("indicator", IndicatorValue id)."""
    files: dict[tuple[str, int], list[Evidence]] = {}
    for file in report.evidence_files.filter(removed_at__isnull=True):
        key = (
            ("task", file.task_update_id)
            if file.task_update_id
            else ("indicator", file.indicator_value_id)
        )
        files.setdefault(key, []).append(file)
    return files


def recommendations_received(*, user, status: str | None = None) -> QuerySet[Recommendation]:
    """Recommendations sent to the units the user is the office of (a report's recommendation
    is sent with the report: one added to a draft afterwards waits for the next submission)."""
    received = Recommendation.objects.filter(
        addressed_unit__in=office_units(user).values("pk"),
        report__submitted_at__isnull=False,
        created_at__lte=F("report__submitted_at"),
    ).exclude(report__status=ReportStatus.DRAFT)
    if status in RecommendationStatus.values:
        received = received.filter(status=status)
    return received.select_related(
        "report__agency__unit",
        "report__period__plan",
        "task_update__task",
        "addressed_unit",
        "addressed_agency",
        "answered_by",
    ).order_by("status", "-report__submitted_at", "id")


# --- Rows by role: the lead, the members of a collective lead, the coordinators ----------------
# (units.collectives says who a collective is; the task's status stays the lead's.)

# A report is an answer once sent: submitted, or accepted (a returned one is being corrected).
ANSWERED_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


def agency_task_roles(*, plan: Plan, agency: Agency) -> dict[int, str]:
    """The tasks of ``plan`` ``agency`` has a row for in its report, with the row's role: those
    it leads, those whose collective lead includes it (share), those it coordinates directly or
    through a collective. A task it leads and coordinates is led."""
    lead_q, coord_q = collective_work_q(agency)
    tasks = plan.tasks.all()
    direct = Task.coordinators.through.objects.filter(agency=agency, task__plan=plan)
    roles = dict.fromkeys(
        [*tasks.filter(coord_q).values_list("pk", flat=True)]
        + list(direct.values_list("task_id", flat=True)),
        RowRole.COORDINATOR,
    )
    roles.update(dict.fromkeys(tasks.filter(lead_q).values_list("pk", flat=True), RowRole.SHARE))
    roles.update(
        dict.fromkeys(tasks.filter(lead=agency).values_list("pk", flat=True), RowRole.LEAD)
    )
    return roles


def task_role(task: Task, agency: Agency, memberships: dict[str, set[int]]) -> str:
    """``agency``'s role for ``task`` (``memberships``: code → unit ids, agency_collectives)."""
    if task.lead_id == agency.pk:
        return RowRole.LEAD
    if task.plan.unit_id in memberships.get(task.lead_collective, ()):
        return RowRole.SHARE
    return RowRole.COORDINATOR


def agency_work_tasks(*, agency: Agency) -> list[Task]:
    """The tasks of active plans that concern ``agency``: those it leads or coordinates, and
    those of its unit's plans and of the plans above that name it collectively ("UBND các xã,
    phường" of its province), each with ``role`` and ``role_label``; soonest deadline first."""
    direct = list(agency_tasks(agency=agency))
    lead_q, coord_q = collective_work_q(agency)
    collective = list(
        Task.objects.filter(lead_q | coord_q, plan__status=PlanStatus.ACTIVE)
        .exclude(pk__in=[t.pk for t in direct])
        .select_related("plan__unit", "lead", "group")
    )
    memberships = {code: set(ids) for code, ids in agency_collectives(agency)}
    tasks = direct + collective
    for task in tasks:
        task.role = task_role(task, agency, memberships)
        task.role_label = RowRole(task.role).label
    far = dt.date.max
    return sorted(tasks, key=lambda t: (t.due_date or far, t.plan_id, t.order, t.pk))


def _latest_rows_by_agency(rows) -> dict[int, list[TaskUpdate]]:
    """Per task, each agency's latest row (rows ordered latest first)."""
    parts: dict[int, list[TaskUpdate]] = {}
    seen: set[tuple[int, int]] = set()
    for row in rows:
        key = (row.task_id, row.report.agency_id)
        if key not in seen:
            seen.add(key)
            parts.setdefault(row.task_id, []).append(row)
    return parts


def attach_row_parts(*, report: Report, updates: list[TaskUpdate], user) -> None:
    """Give each row of ``report`` that its agency leads ``parts``: the latest sent row of
    every other agency for the task (shares and coordinators), read-only beside its own. The
    plan's office sees them beside every row."""
    office = can_manage_unit(user, report.period.plan.unit)
    wanted = [u for u in updates if office or u.role == RowRole.LEAD]
    for update in updates:
        update.parts = []
    if not wanted:
        return
    rows = (
        TaskUpdate.objects.filter(
            task__in=[u.task_id for u in wanted],
            report__status__in=ANSWERED_STATUSES,
        )
        .exclude(report__agency=report.agency_id)
        .select_related("report__agency__unit", "report__period")
        .prefetch_related(
            Prefetch(
                "files",
                queryset=Evidence.objects.filter(removed_at__isnull=True),
                to_attr="current_files",
            )
        )
        .order_by("-report__period__end", "-report__submitted_at", "-pk")
    )
    parts = _latest_rows_by_agency(rows)
    for update in wanted:
        update.parts = parts.get(update.task_id, [])


def task_expected_agencies(*, task: Task, members: dict | None = None) -> list[Agency]:
    """Every agency that has a row for ``task``: its lead, the members of its collective lead,
    its coordinators and the members of its coordinator collectives (``members``: the groups
    already read, by unit and code, shared by the tasks of one plan)."""
    found: dict[int, Agency] = {}
    unit = task.plan.unit
    members = {} if members is None else members
    for code in [task.lead_collective, *task.coordinator_collectives]:
        if code:
            if (unit.pk, code) not in members:
                members[unit.pk, code] = list(collective_members(unit=unit, code=code))
            found.update((a.pk, a) for a in members[unit.pk, code])
    for agency in [task.lead, *task.coordinators.all()]:
        if agency is not None:
            found.setdefault(agency.pk, agency)
    return sorted(found.values(), key=lambda a: (a.unit.path, a.name))


def period_task_answers(*, period: ReportingPeriod, user) -> list[dict]:
    """For each task of the period's plan given to a collective: the agencies expected to
    answer and those that answered in this period (a sent report holding a row for the task).
    For the plan's office only (empty for anyone else)."""
    if not can_manage_unit(user, period.plan.unit):
        return []
    tasks = list(
        period.plan.tasks.filter(~Q(lead_collective="") | ~Q(coordinator_collectives=[]))
        .select_related("plan__unit", "lead__unit")
        .prefetch_related("coordinators__unit")
        .order_by("order", "pk")
    )
    answered: dict[int, set[int]] = {}
    reports: dict[int, int] = {}  # agency → its report of the period, for the list's links
    for task_id, agency_id, report_id in TaskUpdate.objects.filter(
        report__period=period, report__status__in=ANSWERED_STATUSES, task__in=tasks
    ).values_list("task_id", "report__agency_id", "report_id"):
        answered.setdefault(task_id, set()).add(agency_id)
        reports[agency_id] = report_id
    out = []
    members: dict = {}
    for task in tasks:
        expected = task_expected_agencies(task=task, members=members)
        for agency in expected:
            agency.report_id = reports.get(agency.pk)
        done = answered.get(task.pk, set())
        out.append(
            {
                "task": task,
                "period": period,
                "expected": len(expected),
                "answered": [a for a in expected if a.pk in done],
                "missing": [a for a in expected if a.pk not in done],
            }
        )
    return out


def current_period(plan: Plan, today: dt.date) -> ReportingPeriod | None:
    """The plan's period in progress (or the last one begun), else its first."""
    periods = plan.periods.order_by("start")
    return periods.filter(start__lte=today).order_by("-start").first() or periods.first()


def unit_task_answers(*, unit, user, today: dt.date | None = None) -> list[dict]:
    """What the units below answered on the collective tasks of ``unit``'s own active plans,
    in each plan's current period (period_task_answers), for the unit's dashboard."""
    today = today or timezone.localdate()
    out = []
    for plan in Plan.objects.filter(unit=unit, status=PlanStatus.ACTIVE).order_by("pk"):
        period = current_period(plan, today)
        if period is not None:
            out += period_task_answers(period=period, user=user)
    return out


def report_to_write(*, user, pk: int) -> Report | None:
    """The report ``pk`` when the user reports for its agency (an agency's own reports are among
    those it may read), read by its id alone: a page's save or submission costs no scope
    filter. None otherwise (the caller then reads it through ``report_list``)."""
    from theodoi.accounts.permissions import can_report_for

    report = Report.objects.select_related("period__plan__unit", "agency").filter(pk=pk).first()
    return report if report is not None and can_report_for(user, report.agency) else None
