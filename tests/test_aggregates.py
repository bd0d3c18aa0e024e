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
