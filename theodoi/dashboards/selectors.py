"""Live evaluation of a unit and everything below it, as of any date.

Figures are computed from the reports on every request (no nightly batch): a task's status is
its latest update in a report accepted on or before the date; an indicator's value likewise.
The rules themselves live in theodoi.evaluation (plain Python, unit-tested on edge cases).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from django.db.models import Q
from django.utils import timezone

from theodoi.dashboards.aggregates import DUE_SOON_DAYS, _like, completeness_figures
from theodoi.evaluation.rules import (
    TaskEvaluation,
    early_warning,
    evaluate_task,
    government_office_counts,
    indicator_achievement,
    pick_target,
    report_timeliness,
)
from theodoi.evaluation.scoring import AgencyCounts, Score, rank, score
from theodoi.plans.choices import PlanStatus
from theodoi.plans.models import Indicator, Target, Task
from theodoi.plans.nq57 import UNMAPPED_LABEL, nq57_groups
from theodoi.reporting.choices import ReportStatus, TaskStatus
from theodoi.reporting.models import IndicatorValue, Report, ReportingPeriod, TaskUpdate
from theodoi.units.models import Agency, Unit

DONE = (TaskStatus.DONE, TaskStatus.DONE_LATE)

CATEGORY_LABELS = {
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
    "open_within_deadline": "Chưa hoàn thành, trong hạn",
    "open_overdue": "Chưa hoàn thành, quá hạn",
    "continuous": "Thường xuyên",
    "waiting_condition": "Chờ điều kiện",
    "not_feasible": "Không thực hiện được",
    "paused": "Tạm dừng",
}


@dataclass
class TaskRow:
    task: Task
    evaluation: TaskEvaluation
    status: str | None
    progress: int
    at_risk: bool = False
    completed_on: dt.date | None = None  # the completion date that counts (done tasks)


@dataclass
class IndicatorRow:
    indicator: Indicator
    target: Target | None
    value: IndicatorValue | None
    achieved: bool | None
    note: str


@dataclass
class AgencyRow:
    agency: Agency | None  # None until read (fast.RankedAgencies)
    task_counts: dict[str, int]
    reports: Counter
    indicators: Counter
    score: Score
    position: int = 0
    agency_id: int | None = None


@dataclass
class GroupRow:
    """One row of a dashboard's table by task group, and the filter of its tasks' list."""

    label: str
    counts: Counter
    param: str  # "group" (the plan's own heading) or "nq57" (the NQ57 group code, 0: none)
    value: str

    @property
    def query(self) -> str:
        """The filter as a query string: "nq57=3", "group=I.%20N%C3%A2ng%20cao"."""
        return urlencode({self.param: self.value}, quote_via=quote)


def group_rows(
    *, headings: dict[str, Counter], nq57: dict[int, Counter], above_plans: bool
) -> list[GroupRow]:
    """A dashboard over its own plans shows their headings; a dashboard above the plans (over
    sub-units' plans) shows the seven NQ57 groups, every one of them, and "Chưa xếp nhóm" for
    tasks whose group is not mapped."""
    if not above_plans:
        return [
            GroupRow(label, Counter(c), "group", label) for label, c in sorted(headings.items())
        ]
    rows = [
        GroupRow(g.label, Counter(nq57.get(g.code, {})), "nq57", str(g.code)) for g in nq57_groups()
    ]
    if nq57.get(0):
        rows.append(GroupRow(UNMAPPED_LABEL, Counter(nq57[0]), "nq57", "0"))
    return rows


def _heading(task: Task) -> str:
    return str(task.group) if task.group else "Khác"


def task_nq57(task: Task) -> int:
    """The NQ57 group code of a task (0: no group, or not mapped)."""
    return (task.group.nq57_code if task.group_id else None) or 0


@dataclass
class Dashboard:
    unit: Unit
    as_of: dt.date
    tasks: list[TaskRow]
    indicators: list[IndicatorRow]
    counts: dict[str, int]
    by_group: list[tuple[str, Counter]]
    overdue: list[TaskRow]
    due_soon: list[TaskRow]
    at_risk: list[TaskRow]
    completeness: dict[str, int]
    agencies: list[AgencyRow]
    children: list[tuple[Unit, dict[str, int], Score]] = field(default_factory=list)
    fast: bool = False  # figures from SQL aggregates; lists are lazy, LIMITed queries
    groups: list[GroupRow] = field(default_factory=list)  # by_group with each row's filter
    # tasks done by the calendar quarter of their completion ("2026-1"), and the reports due by
    # the quarter their period ends in, by verdict (on_time, late, missing): the charts' series
    done_by_quarter: dict[str, int] = field(default_factory=dict)
    reports_by_quarter: dict[str, Counter] = field(default_factory=dict)

    indicator_summary: Counter | None = None  # fast path: counted without the rows

    @property
    def indicator_counts(self) -> Counter:
        if self.indicator_summary is not None:
            return self.indicator_summary
        return Counter(_achievement_key(r.achieved) for r in self.indicators)


def scoring_method():
    """The scoring method in force: settings.THEODOI_SCORING (weights by criterion, see
    docs/evaluation.md), else the documented default."""
    from django.conf import settings

    from theodoi.evaluation.scoring import method_from_mapping

    return method_from_mapping(getattr(settings, "THEODOI_SCORING", None))


def _achievement_key(achieved: bool | None) -> str:
    return {True: "achieved", False: "not_achieved", None: "no_data"}[achieved]


def _scope_tasks(unit: Unit):
    return (
        Task.objects.filter(plan__unit__path__startswith=unit.path, plan__status=PlanStatus.ACTIVE)
        .select_related("plan__unit", "lead", "group")
        .order_by("plan_id", "order")
    )


def _accepted_before(as_of: dt.date) -> Q:
    end = timezone.make_aware(dt.datetime.combine(as_of, dt.time.max))
    return Q(report__status=ReportStatus.ACCEPTED, report__reviewed_at__lte=end)


def _task_history(tasks: list[Task], as_of: dt.date) -> dict[int, list[TaskUpdate]]:
    history: dict[int, list[TaskUpdate]] = defaultdict(list)
    updates = (
        TaskUpdate.objects.filter(_accepted_before(as_of), task__in=[t.pk for t in tasks])
        .select_related("report__period")
        .order_by("report__submitted_at", "id")
    )
    for update in updates:
        history[update.task_id].append(update)
    return history


def evaluate_tasks(tasks: list[Task], as_of: dt.date) -> list[TaskRow]:
    history = _task_history(tasks, as_of)
    rows = []
    for task in tasks:
        updates = history.get(task.pk, [])
        latest = updates[-1] if updates else None
        completed_on = None
        for update in updates:  # as report_accept keeps Task.completed_on
            if update.status not in DONE:
                completed_on = None
            elif completed_on is None:
                submitted = timezone.localdate(update.report.submitted_at)
                completed_on = min(submitted, update.report.period.end)
        evaluation = evaluate_task(
            deadline_kind=task.deadline_kind,
            due_date=task.due_date,
            start_date=task.start_date,
            end_date=task.end_date,
            recurrence=task.recurrence or None,
            condition_met=None,
            latest_status=latest.status if latest else None,
            completed_on=completed_on if latest and latest.status in DONE else None,
            as_of=as_of,
        )
        row = TaskRow(
            task, evaluation, latest.status if latest else None, latest.progress if latest else 0
        )
        if evaluation.category in ("done_on_time", "done_late"):
            row.completed_on = completed_on
        if evaluation.category == "open_within_deadline" and evaluation.effective_due:
            points = [(timezone.localdate(u.report.submitted_at), u.progress) for u in updates]
            row.at_risk = early_warning(
                progress_points=points,
                start=task.plan.issued_on,
                due=evaluation.effective_due,
                as_of=as_of,
            ).at_risk
        rows.append(row)
    return rows


def _target_for(indicator: Indicator, year: int) -> Target | None:
    """The target of the year, else the nearest later period's, else one without a period."""
    return pick_target(list(indicator.targets.all()), year)


def evaluate_indicators(unit: Unit, as_of: dt.date) -> list[IndicatorRow]:
    indicators = list(
        Indicator.objects.filter(
            plan__unit__path__startswith=unit.path, plan__status=PlanStatus.ACTIVE
        )
        .select_related("plan__unit", "lead")
        .prefetch_related("targets")
        .order_by("plan_id", "order")
    )
    latest: dict[int, IndicatorValue] = {}
    values = IndicatorValue.objects.filter(
        _accepted_before(as_of), indicator__in=[i.pk for i in indicators]
    ).order_by("report__submitted_at", "id")
    for value in values:
        if value.value is not None or value.text_value:
            latest[value.indicator_id] = value
    rows = []
    for indicator in indicators:
        target = _target_for(indicator, as_of.year)
        value = latest.get(indicator.pk)
        actual = (
            None
            if value is None
            else (value.value if value.value is not None else value.text_value)
        )
        if target is None:
            achieved, note = None, "chưa xác định mục tiêu"
        else:
            result = indicator_achievement(
                op=target.op, target_value=target.value, target_max=target.value_max, actual=actual
            )
            achieved, note = result.achieved, result.note
        rows.append(IndicatorRow(indicator, target, value, achieved, note))
    return rows


@dataclass(frozen=True)
class ReportDue:
    """One agency's obligation for one period due by the date, and how it was met."""

    period: ReportingPeriod
    agency_id: int
    report: Report | None
    verdict: str  # on_time, late, missing


def reports_due(unit: Unit, as_of: dt.date) -> list[ReportDue]:
    """For each period due by `as_of`, each obligated agency's report: on time, late or
    missing (an agency is obligated when it leads a task or an indicator of the plan)."""
    periods = list(
        ReportingPeriod.objects.filter(
            plan__unit__path__startswith=unit.path, plan__status=PlanStatus.ACTIVE, due__lte=as_of
        ).select_related("plan__unit")
    )
    plan_ids = {p.plan_id for p in periods}
    obligated: dict[int, set[int]] = defaultdict(set)
    for plan_id, lead_id in (
        Task.objects.filter(plan_id__in=plan_ids, lead__isnull=False)
        .values_list("plan_id", "lead_id")
        .distinct()
    ):
        obligated[plan_id].add(lead_id)
    for plan_id, lead_id in (
        Indicator.objects.filter(plan_id__in=plan_ids, lead__isnull=False)
        .values_list("plan_id", "lead_id")
        .distinct()
    ):
        obligated[plan_id].add(lead_id)
    reports = {
        (r.period_id, r.agency_id): r
        for r in Report.objects.filter(period__in=periods).exclude(status=ReportStatus.DRAFT)
    }
    rows = []
    for period in periods:
        for agency_id in sorted(obligated[period.plan_id]):
            report = reports.get((period.pk, agency_id))
            submitted = None
            if report and report.submitted_at and timezone.localdate(report.submitted_at) <= as_of:
                submitted = timezone.localdate(report.submitted_at)
            verdict = report_timeliness(due=period.due, submitted_on=submitted, as_of=as_of)
            rows.append(ReportDue(period, agency_id, report, verdict))
    return rows


def quarter_of(day: dt.date) -> str:
    """The calendar quarter of a date as the charts key it: "2026-1" (aggregates.quarter_key)."""
    return f"{day.year}-{(day.month + 2) // 3}"


def report_completeness(
    unit: Unit, as_of: dt.date
) -> tuple[dict[str, int], dict[int, Counter], dict[str, Counter], dict[str, Counter]]:
    """DHIS2-style reporting rates, in total, per agency, per plan's unit path and per quarter
    in which the period ends, from `reports_due`."""
    totals: Counter = Counter()
    per_agency: dict[int, Counter] = defaultdict(Counter)
    per_path: dict[str, Counter] = defaultdict(Counter)
    per_quarter: dict[str, Counter] = defaultdict(Counter)
    for row in reports_due(unit, as_of):
        totals[row.verdict] += 1
        per_agency[row.agency_id][row.verdict] += 1
        per_path[row.period.plan.unit.path][row.verdict] += 1
        per_quarter[quarter_of(row.period.end)][row.verdict] += 1
    return completeness_figures(totals), per_agency, per_path, dict(per_quarter)


def _counts_score(task_rows, indicator_rows, reports: Counter) -> tuple[dict[str, int], Score]:
    counts = government_office_counts(r.evaluation for r in task_rows)
    indicators = Counter(_achievement_key(r.achieved) for r in indicator_rows)
    expected = len(task_rows) + len(indicator_rows)
    filled = sum(1 for r in task_rows if r.status) + sum(1 for r in indicator_rows if r.value)
    agency_counts = AgencyCounts.from_counts(
        task_counts=counts,
        report_timeliness=reports,
        items_expected=expected,
        items_filled=filled,
        indicators=indicators,
    )
    return counts, score(counts=agency_counts, method=scoring_method())


def _python_groups(unit: Unit, task_rows: list[TaskRow]) -> list[GroupRow]:
    by_group: dict[str, Counter] = defaultdict(Counter)
    by_nq57: dict[int, Counter] = defaultdict(Counter)
    for row in task_rows:
        by_group[_heading(row.task)][row.evaluation.category] += 1
        by_nq57[task_nq57(row.task)][row.evaluation.category] += 1
    return group_rows(
        headings=by_group,
        nq57=by_nq57,
        above_plans=any(r.task.plan.unit_id != unit.pk for r in task_rows),
    )


def _python_children(unit: Unit, task_rows, indicator_rows, per_path_reports) -> list[tuple]:
    """Each direct sub-unit with its counts and score, ranked."""
    children = []
    child_units = list(unit.children.order_by("name"))
    if child_units:
        child_scores = {}
        child_counts = {}
        for child in child_units:
            rows = [r for r in task_rows if r.task.plan.unit.path.startswith(child.path)]
            ind = [r for r in indicator_rows if r.indicator.plan.unit.path.startswith(child.path)]
            child_reports: Counter = Counter()  # the reports due under the child's plans
            for path, counter in per_path_reports.items():
                if path.startswith(child.path):
                    child_reports.update(counter)
            child_counts[child.pk], child_scores[child.pk] = _counts_score(rows, ind, child_reports)
        by_pk = {c.pk: c for c in child_units}
        for child_pk, _position, child_score in rank(child_scores):
            children.append((by_pk[child_pk], child_counts[child_pk], child_score))
    return children


ROLLUPS_FOR_TODAY = True  # today's dashboards read the roll-ups (tests switch it off)


def unit_dashboard(*, unit: Unit, as_of: dt.date, fast: bool | None = None) -> Dashboard:
    """The unit's dashboard as of a date. For today the figures come from the roll-ups kept per
    unit (dashboards.rollups, computed in SQL by dashboards.aggregates) and the lists are
    LIMITed queries; for another date every task is evaluated in Python from the reports.
    ``fast`` forces one path (tests compare both)."""
    if fast is None:
        fast = ROLLUPS_FOR_TODAY and as_of == timezone.localdate()
    if fast:
        from theodoi.dashboards.fast import fast_dashboard

        return fast_dashboard(unit=unit, as_of=as_of)
    task_rows = evaluate_tasks(list(_scope_tasks(unit)), as_of)
    indicator_rows = evaluate_indicators(unit, as_of)
    completeness, per_agency_reports, per_path_reports, per_quarter = report_completeness(
        unit, as_of
    )
    groups = _python_groups(unit, task_rows)

    by_agency_tasks: dict[int, list[TaskRow]] = defaultdict(list)
    for row in task_rows:
        if row.task.lead_id:
            by_agency_tasks[row.task.lead_id].append(row)
    by_agency_ind: dict[int, list[IndicatorRow]] = defaultdict(list)
    for row in indicator_rows:
        if row.indicator.lead_id:
            by_agency_ind[row.indicator.lead_id].append(row)
    agency_ids = set(by_agency_tasks) | set(by_agency_ind)
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=agency_ids).select_related("unit")}
    agency_rows = {}
    for agency_id, agency in agencies.items():
        counts, agency_score = _counts_score(
            by_agency_tasks[agency_id],
            by_agency_ind[agency_id],
            per_agency_reports.get(agency_id, Counter()),
        )
        agency_rows[agency_id] = AgencyRow(
            agency,
            counts,
            per_agency_reports.get(agency_id, Counter()),
            Counter(_achievement_key(r.achieved) for r in by_agency_ind[agency_id]),
            agency_score,
        )
    ranked = []
    for agency_id, position, _score in rank({k: v.score for k, v in agency_rows.items()}):
        agency_rows[agency_id].position = position
        ranked.append(agency_rows[agency_id])

    children = _python_children(unit, task_rows, indicator_rows, per_path_reports)
    open_rows = [r for r in task_rows if r.evaluation.category == "open_within_deadline"]
    return Dashboard(
        unit=unit,
        as_of=as_of,
        tasks=task_rows,
        indicators=indicator_rows,
        counts=government_office_counts(r.evaluation for r in task_rows),
        by_group=[(g.label, g.counts) for g in groups],
        groups=groups,
        done_by_quarter=dict(
            Counter(quarter_of(r.completed_on) for r in task_rows if r.completed_on)
        ),
        reports_by_quarter=per_quarter,
        overdue=sorted(
            (r for r in task_rows if r.evaluation.category == "open_overdue"),
            key=lambda r: -r.evaluation.days_overdue,
        ),
        due_soon=sorted(
            (
                r
                for r in open_rows
                if r.evaluation.effective_due
                and r.evaluation.effective_due <= as_of + dt.timedelta(days=DUE_SOON_DAYS)
            ),
            key=lambda r: r.evaluation.effective_due,
        ),
        at_risk=[r for r in open_rows if r.at_risk],
        completeness=completeness,
        agencies=ranked,
        children=children,
    )


@dataclass(frozen=True)
class TaskFilter:
    """What a list of a dashboard's tasks is narrowed to (all optional)."""

    category: str = ""  # an evaluation category, or due_soon / at_risk
    lead: int | None = None  # lead agency id
    group: str = ""  # a plan's own heading as shown ("I. Nâng cao nhận thức")
    nq57: int | None = None  # an NQ57 group code, 0: not mapped
    sub_unit: Unit | None = None  # the plans of this unit and the units under it


def dashboard_task_rows(*, board: Dashboard, wanted: TaskFilter):
    """The board's tasks narrowed by ``wanted``: a lazy, LIMIT-paged sequence on the fast path
    (each filter one more SQL condition), a list on the Python path; same rows either way."""
    category = wanted.category
    if board.fast:
        rows = {"due_soon": board.due_soon, "at_risk": board.at_risk}.get(category)
        if rows is None:
            rows = board.tasks
            if category:
                rows = rows.filter("category = %(category)s", category=category)
        if wanted.lead is not None:
            rows = rows.filter("lead_id = %(lead)s", lead=wanted.lead)
        if wanted.group:
            rows = rows.filter(
                "(CASE WHEN gtitle IS NULL THEN 'Khác' WHEN gcode <> '' "
                "THEN gcode || '. ' || gtitle ELSE gtitle END) = %(group)s",
                group=wanted.group,
            )
        if wanted.nq57 is not None:
            rows = rows.filter("COALESCE(nq, 0) = %(nq57)s", nq57=wanted.nq57)
        if wanted.sub_unit is not None:
            rows = rows.filter(
                "unit_path LIKE %(sub)s ESCAPE '\\'", sub=_like(wanted.sub_unit.path)
            )
        return rows
    rows = {"due_soon": board.due_soon, "at_risk": board.at_risk}.get(category) or [
        r for r in board.tasks if not category or r.evaluation.category == category
    ]
    if wanted.lead is not None:
        rows = [r for r in rows if r.task.lead_id == wanted.lead]
    if wanted.group:
        rows = [r for r in rows if _heading(r.task) == wanted.group]
    if wanted.nq57 is not None:
        rows = [r for r in rows if task_nq57(r.task) == wanted.nq57]
    if wanted.sub_unit is not None:
        path = wanted.sub_unit.path
        rows = [r for r in rows if r.task.plan.unit.path.startswith(path)]
    return rows


def filter_leads(board: Dashboard) -> list[tuple[int, str]]:
    """The lead agencies a dashboard's task list can be narrowed to: those it ranks."""
    return sorted(((a.agency.pk, a.agency.name) for a in board.agencies), key=lambda a: a[1])


def public_plans():
    """Plans an office marked public: active or closed, never drafts."""
    from theodoi.plans.models import Plan

    return (
        Plan.objects.filter(is_public=True)
        .exclude(status=PlanStatus.DRAFT)
        .select_related("unit")
        .order_by("unit__path", "-issued_on")
    )


def plan_summary(*, plan, as_of: dt.date) -> dict:
    """Progress of one plan: its tasks evaluated, counts, and its agencies ranked."""
    tasks = list(plan.tasks.select_related("plan__unit", "lead", "group").order_by("order"))
    rows = evaluate_tasks(tasks, as_of)
    by_agency: dict[int, list[TaskRow]] = defaultdict(list)
    for row in rows:
        if row.task.lead_id:
            by_agency[row.task.lead_id].append(row)
    scores = {
        agency_id: _counts_score(agency_rows, [], Counter())[1]
        for agency_id, agency_rows in by_agency.items()
    }
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=scores)}
    ranking = [(agencies[k], position, s) for k, position, s in rank(scores)]
    return {
        "rows": rows,
        "counts": government_office_counts(r.evaluation for r in rows),
        "ranking": ranking,
        "as_of": as_of,
    }
