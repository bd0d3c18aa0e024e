"""The dashboards' reads, one façade over their three parts:

- ``types``: what a dashboard is (Dashboard, TaskRow, AgencyRow, GroupRow…), labels and the
  pure helpers both paths share;
- ``live``: the Python path, any date, every task evaluated from the accepted reports (the
  reference);
- ``rolled``: the roll-up path, today, from the unit's roll-up (dashboards.rollups).

Callers import from here; ``unit_dashboard`` picks the path. Inside the app the imports run
one way: types ← live ← rolled ← selectors (no circle).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from theodoi.dashboards.live import (
    evaluate_indicators,
    evaluate_tasks,
    live_dashboard,
    live_task_rows,
    plan_summary,
    report_completeness,
    reports_due,
)
from theodoi.dashboards.rolled import fast_dashboard, rolled_task_rows
from theodoi.dashboards.types import (
    CATEGORY_LABELS,
    DONE,
    DUE_SOON_DAYS,
    AgencyRow,
    Dashboard,
    GroupRow,
    IndicatorRow,
    ReportDue,
    TaskFilter,
    TaskRow,
    _achievement_key,
    achievement_key,
    group_rows,
    quarter_of,
    scoring_method,
    task_heading,
    task_nq57,
)
from theodoi.plans.choices import PlanStatus
from theodoi.units.models import Unit

__all__ = [
    "CATEGORY_LABELS",
    "DONE",
    "DUE_SOON_DAYS",
    "ROLLUPS_FOR_TODAY",
    "AgencyRow",
    "Dashboard",
    "GroupRow",
    "IndicatorRow",
    "ReportDue",
    "TaskFilter",
    "TaskRow",
    "_achievement_key",
    "achievement_key",
    "dashboard_task_rows",
    "evaluate_indicators",
    "evaluate_tasks",
    "filter_leads",
    "group_rows",
    "plan_summary",
    "public_plans",
    "quarter_of",
    "report_completeness",
    "reports_due",
    "scoring_method",
    "task_heading",
    "task_nq57",
    "unit_dashboard",
]

ROLLUPS_FOR_TODAY = True  # today's dashboards read the roll-ups (tests switch it off)


def unit_dashboard(*, unit: Unit, as_of: dt.date, fast: bool | None = None) -> Dashboard:
    """The unit's dashboard as of a date. For today the figures come from the roll-ups kept per
    unit (dashboards.rolled) and the lists are LIMITed queries; for another date every task is
    evaluated in Python from the reports (dashboards.live). ``fast`` forces one path (tests
    compare both)."""
    if fast is None:
        fast = ROLLUPS_FOR_TODAY and as_of == timezone.localdate()
    if fast:
        return fast_dashboard(unit=unit, as_of=as_of)
    return live_dashboard(unit=unit, as_of=as_of)


def dashboard_task_rows(*, board: Dashboard, wanted: TaskFilter):
    """The board's tasks narrowed by ``wanted``: a lazy, LIMIT-paged sequence on the roll-up
    path, a list on the live path; same rows either way."""
    if board.fast:
        return rolled_task_rows(board=board, wanted=wanted)
    return live_task_rows(board=board, wanted=wanted)


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
