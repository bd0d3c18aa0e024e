"""The SQL roll-ups (dashboards.aggregates) give what evaluate_task gives, task by task."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from theodoi.dashboards import aggregates
from theodoi.evaluation.rules import early_warning, evaluate_task, government_office_counts
from theodoi.plans.models import Plan, Task
from theodoi.units.models import Agency

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 5, 20)
D = AS_OF
DAY = dt.timedelta(days=1)

KINDS = ["date", "range", "recurring", "continuous", "conditional", "unknown"]
STATUSES = [
    "",
    "not_started",
    "in_progress",
    "done",
    "done_late",
    "overdue",
    "not_feasible",
    "paused",
]
DUES = [None, D - 40 * DAY, D, D + 10 * DAY, D + 200 * DAY]
COMPLETED = [None, D - 400 * DAY, D - 60 * DAY, D - 20 * DAY, D + 5 * DAY]
RECURRENCES = ["", "annual", "quarterly", "monthly", "weekly"]
RANGES = [
    (None, None),
    (D - 500 * DAY, D - 100 * DAY),
    (D - 30 * DAY, D + 30 * DAY),
    (D + 60 * DAY, None),
]


def _tasks(units, agencies):
    plan = Plan.objects.create(
        unit=units["commune"],
        title="Kế hoạch thử",
        level="commune",
        status="active",
        issued_on=D - 300 * DAY,
    )
    leads = [agencies["vhxh"], agencies["kinhte"], None]
    objs = []
    combos = itertools.product(KINDS, STATUSES, DUES, COMPLETED, RANGES)
    for n, (kind, status, due, completed, (start, end)) in enumerate(combos):
        progress = 100 if status in ("done", "done_late") else (n * 7) % 100
        reported_at = None
        if status:
            reported_at = timezone.make_aware(dt.datetime.combine(D - (n % 90) * DAY, dt.time(9)))
        objs.append(
            Task(
                plan=plan,
                code=str(n),
                title=f"Nhiệm vụ {n}",
                lead=leads[n % 3],
                deadline_kind=kind,
                due_date=due,
                start_date=start,
                end_date=end,
                recurrence=RECURRENCES[(n // 7) % len(RECURRENCES)] if kind == "recurring" else "",
                reported_status=status,
                reported_progress=progress,
                reported_at=reported_at,
                completed_on=completed,
                order=n,
            )
        )
    Task.objects.bulk_create(objs)
    return plan


def _python(task):
    return evaluate_task(
        deadline_kind=task.deadline_kind,
        due_date=task.due_date,
        start_date=task.start_date,
        end_date=task.end_date,
        recurrence=task.recurrence or None,
        condition_met=None,
        latest_status=task.reported_status or None,
        completed_on=task.completed_on,
        as_of=AS_OF,
    )


def test_sql_categories_equal_evaluate_task_for_every_combination(units, agencies):
    plan = _tasks(units, agencies)
    found = {r[0]: r for r in aggregates.task_page(units["province"], AS_OF)}
    assert len(found) == 4800
    mismatched = []
    for task in Task.objects.filter(plan=plan).select_related("plan"):
        _pk, category, due, _comp, at_risk = found[task.pk]
        evaluation = _python(task)
        if (category, due) != (evaluation.category, evaluation.effective_due):
            mismatched.append((task.code, category, due, evaluation))
        if evaluation.category == "open_within_deadline" and evaluation.effective_due:
            points = []
            if task.reported_at:
                points = [(timezone.localdate(task.reported_at), task.reported_progress)]
            expected = early_warning(
                progress_points=points,
                start=task.plan.issued_on,
                due=evaluation.effective_due,
                as_of=AS_OF,
            ).at_risk
            if bool(at_risk) != expected:
                mismatched.append((task.code, "at_risk", at_risk, expected))
    assert mismatched == []


def test_sql_counts_equal_government_office_counts(units, agencies):
    from theodoi.dashboards.rollups import office_counts

    plan = _tasks(units, agencies)
    tasks = list(Task.objects.filter(plan=plan))
    total, by_agency = {}, {}
    for unit_id, kind, key, _title, category, n, *_rest in aggregates.own_task_counts(
        units["province"], AS_OF
    ):
        assert unit_id == plan.unit_id
        if kind == "g":
            total[category] = total.get(category, 0) + n
        elif kind == "a" and key is not None:
            mine = by_agency.setdefault(int(key), {})
            mine[category] = mine.get(category, 0) + n
    assert office_counts(total) == government_office_counts(_python(t) for t in tasks)
    for agency in (agencies["vhxh"], agencies["kinhte"]):
        mine = [t for t in tasks if t.lead_id == agency.pk]
        assert office_counts(by_agency[agency.pk]) == government_office_counts(
            _python(t) for t in mine
        )
    assert Agency.objects.count() == 4


def _accept(users, agencies, period, progress: int, day: dt.date):
    from theodoi.reporting import services

    report = services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])
    update = report.task_updates.get(task__code="1.2")
    services.report_save(
        report=report,
        user=users["reporter"],
        summary="",
        task_updates=[{"id": update.pk, "status": "in_progress", "progress": progress}],
        indicator_values=[],
    )
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    services.report_submit(report=report, user=users["reporter"], now=at)
    services.report_accept(report=report, user=users["office"])


@pytest.mark.parametrize(
    "first, last, at_risk", [(30, 30, True), (40, 20, True), (10, 60, False), (5, 10, True)]
)
def test_without_an_issue_date_the_warning_takes_its_rate_from_the_first_report(
    users, agencies, units, plan, first, last, at_risk
):
    """rules.early_warning without a start: the rate runs from the first accepted report to the
    last (no growth: at risk); the SQL of the roll-ups reads the first report the same way."""
    from tests.conftest import make_quarter
    from theodoi.dashboards.selectors import unit_dashboard

    plan.issued_on = None
    plan.save()
    today = timezone.localdate()
    Task.objects.filter(code="1.2").update(
        deadline_kind="date", due_date=today + dt.timedelta(days=200)
    )
    q1, q2 = make_quarter(plan, 2026, 1), make_quarter(plan, 2026, 2)
    _accept(users, agencies, q1, first, today - dt.timedelta(days=100))
    _accept(users, agencies, q2, last, today - dt.timedelta(days=10))
    task = Task.objects.get(code="1.2")
    flagged = {
        fast: {
            r.task.pk for r in unit_dashboard(unit=units["commune"], as_of=today, fast=fast).at_risk
        }
        for fast in (False, True)
    }
    assert flagged[True] == flagged[False]
    assert (task.pk in flagged[True]) is at_risk
