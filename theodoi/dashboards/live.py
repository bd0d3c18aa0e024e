"""The live path: a unit and everything below it evaluated in Python as of any date.

Figures are computed from the reports on every request (no nightly batch): a task's status is
its latest update in a report accepted on or before the date; an indicator's value likewise.
The rules themselves live in theodoi.evaluation (plain Python, unit-tested on edge cases). This
path is the reference the roll-ups (dashboards.rolled) are tested against.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from theodoi.dashboards.aggregates import DUE_SOON_DAYS, completeness_figures
from theodoi.dashboards.types import (
    DONE,
    AgencyRow,
    Dashboard,
    GroupRow,
    IndicatorRow,
    ReportDue,
    TaskFilter,
    TaskRow,
    achievement_key,
    group_rows,
    quarter_of,
    scoring_method,
    task_heading,
    task_nq57,
)
from theodoi.evaluation.rules import (
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
from theodoi.reporting.choices import ReportStatus, RowRole
from theodoi.reporting.models import IndicatorValue, Report, ReportingPeriod, TaskUpdate
from theodoi.units.models import Agency, Unit


def _scope_tasks(unit: Unit):
    return (
        Task.objects.filter(plan__unit__path__startswith=unit.path, plan__status=PlanStatus.ACTIVE)
        .select_related("plan__unit", "lead", "group")
        .order_by("plan_id", "order")
    )


def _accepted_before(as_of: dt.date) -> Q:
    end = timezone.make_aware(dt.datetime.combine(as_of, dt.time.max))
    return Q(report__status=ReportStatus.ACCEPTED, report__reviewed_at__lte=end)


@dataclass(frozen=True, slots=True)
class Accepted:
    """What a task's history keeps of one accepted report: the status and progress it gave the
    task, when it was submitted and the end of its period."""

    status: str
    progress: int
    submitted_at: dt.datetime
    period_end: dt.date


def _task_history(tasks: list[Task], as_of: dt.date) -> dict[int, list[Accepted]]:
    """Each task's accepted reports in submission order, as ``report_accept`` reads them: its
    lead's rows, or for a task led by a collective the status its members' latest shares give
    after each accepted share (reporting.shares)."""
    history: dict[int, list[Accepted]] = defaultdict(list)
    collective = [t for t in tasks if t.lead_id is None and t.lead_collective]
    updates = (
        TaskUpdate.objects.filter(
            _accepted_before(as_of), task__in=[t.pk for t in tasks], role=RowRole.LEAD
        )
        .select_related("report__period")
        .order_by("report__submitted_at", "id")
    )
    for u in updates:
        history[u.task_id].append(
            Accepted(u.status, u.progress, u.report.submitted_at, u.report.period.end)
        )
    for task in collective:
        history[task.pk] = _collective_history(task, as_of)
    return history


def _collective_history(task: Task, as_of: dt.date) -> list[Accepted]:
    from theodoi.reporting.shares import Share, status_from_shares
    from theodoi.units.collectives import collective_members

    members = set(
        collective_members(unit=task.plan.unit, code=task.lead_collective).values_list(
            "pk", flat=True
        )
    )
    latest: dict[int, Share] = {}
    history = []
    for u in (
        TaskUpdate.objects.filter(
            _accepted_before(as_of), task=task, role=RowRole.SHARE, report__agency__in=members
        )
        .select_related("report__period")
        .order_by("report__submitted_at", "id")
    ):
        latest[u.report.agency_id] = Share(u.status, u.progress)
        status, progress = status_from_shares(list(latest.values()), len(members))
        history.append(Accepted(status, progress, u.report.submitted_at, u.report.period.end))
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
                submitted = timezone.localdate(update.submitted_at)
                completed_on = min(submitted, update.period_end)
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
            points = [(timezone.localdate(u.submitted_at), u.progress) for u in updates]
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


def _in_scope(unit: Unit | None, plan) -> dict:
    """The filter of what a figure counts: the active plans of the unit's subtree, or one plan
    (whatever its status: the public page of a closed plan shows its figures)."""
    if plan is not None:
        return {"plan": plan}
    return {"plan__unit__path__startswith": unit.path, "plan__status": PlanStatus.ACTIVE}


def evaluate_indicators(unit: Unit | None, as_of: dt.date, *, plan=None) -> list[IndicatorRow]:
    indicators = list(
        Indicator.objects.filter(**_in_scope(unit, plan))
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


def reports_due(unit: Unit | None, as_of: dt.date, *, plan=None) -> list[ReportDue]:
    """For each period due by `as_of`, each obligated agency's report: on time, late or
    missing (an agency is obligated when it leads a task or an indicator of the plan)."""
    periods = list(
        ReportingPeriod.objects.filter(**_in_scope(unit, plan), due__lte=as_of).select_related(
            "plan__unit"
        )
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


def report_completeness(
    unit: Unit | None, as_of: dt.date, *, plan=None
) -> tuple[dict[str, int], dict[int, Counter], dict[str, Counter], dict[str, Counter]]:
    """DHIS2-style reporting rates, in total, per agency, per plan's unit path and per quarter
    in which the period ends, from `reports_due`."""
    totals: Counter = Counter()
    per_agency: dict[int, Counter] = defaultdict(Counter)
    per_path: dict[str, Counter] = defaultdict(Counter)
    per_quarter: dict[str, Counter] = defaultdict(Counter)
    for row in reports_due(unit, as_of, plan=plan):
        totals[row.verdict] += 1
        per_agency[row.agency_id][row.verdict] += 1
        per_path[row.period.plan.unit.path][row.verdict] += 1
        per_quarter[quarter_of(row.period.end)][row.verdict] += 1
    return completeness_figures(totals), per_agency, per_path, dict(per_quarter)


def _counts_score(task_rows, indicator_rows, reports: Counter) -> tuple[dict[str, int], Score]:
    counts = government_office_counts(r.evaluation for r in task_rows)
    indicators = Counter(achievement_key(r.achieved) for r in indicator_rows)
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
        by_group[task_heading(row.task)][row.evaluation.category] += 1
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


def agency_ranking(task_rows, indicator_rows, per_agency_reports) -> list[AgencyRow]:
    """The lead agencies of the rows, each scored on its tasks, indicators and reports, ranked
    (the dashboard's ranking; the public page of a plan ranks its agencies the same way)."""
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
            Counter(achievement_key(r.achieved) for r in by_agency_ind[agency_id]),
            agency_score,
        )
    ranked = []
    for agency_id, position, _score in rank({k: v.score for k, v in agency_rows.items()}):
        agency_rows[agency_id].position = position
        ranked.append(agency_rows[agency_id])

    return ranked


def live_dashboard(*, unit: Unit, as_of: dt.date) -> Dashboard:
    """The unit's dashboard as of any date, every task evaluated in Python from the reports."""
    task_rows = evaluate_tasks(list(_scope_tasks(unit)), as_of)
    indicator_rows = evaluate_indicators(unit, as_of)
    completeness, per_agency_reports, per_path_reports, per_quarter = report_completeness(
        unit, as_of
    )
    groups = _python_groups(unit, task_rows)

    ranked = agency_ranking(task_rows, indicator_rows, per_agency_reports)
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


def live_task_rows(*, board: Dashboard, wanted: TaskFilter) -> list[TaskRow]:
    """The Python path's board tasks narrowed by ``wanted`` (dashboards.selectors.dashboard_task_rows)."""
    category = wanted.category
    rows = {"due_soon": board.due_soon, "at_risk": board.at_risk}.get(category) or [
        r for r in board.tasks if not category or r.evaluation.category == category
    ]
    if wanted.lead is not None:
        rows = [r for r in rows if r.task.lead_id == wanted.lead]
    if wanted.group:
        rows = [r for r in rows if task_heading(r.task) == wanted.group]
    if wanted.nq57 is not None:
        rows = [r for r in rows if task_nq57(r.task) == wanted.nq57]
    if wanted.sub_unit is not None:
        path = wanted.sub_unit.path
        rows = [r for r in rows if r.task.plan.unit.path.startswith(path)]
    if wanted.plan is not None:
        rows = [r for r in rows if r.task.plan_id == wanted.plan]
    return rows


def plan_summary(*, plan, as_of: dt.date) -> dict:
    """One plan's figures as the dashboards count them (dashboards.live): its tasks evaluated,
    the counts, its indicators, its reports due and its agencies ranked on all three."""
    tasks = list(plan.tasks.select_related("plan__unit", "lead", "group").order_by("order"))
    rows = evaluate_tasks(tasks, as_of)
    indicators = evaluate_indicators(None, as_of, plan=plan)
    completeness, per_agency_reports, _paths, _quarters = report_completeness(
        None, as_of, plan=plan
    )
    ranked = agency_ranking(rows, indicators, per_agency_reports)
    return {
        "rows": rows,
        "counts": government_office_counts(r.evaluation for r in rows),
        "indicator_counts": Counter(achievement_key(r.achieved) for r in indicators),
        "completeness": completeness,
        "agencies": ranked,
        "ranking": [(a.agency, a.position, a.score) for a in ranked],
        "as_of": as_of,
    }
