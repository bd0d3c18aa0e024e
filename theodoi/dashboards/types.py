"""The shapes both dashboard paths return (dashboards.live: any date, in Python;
dashboards.rolled: today, from the roll-ups) and the small pure helpers they share.

Nothing here reads the database, so every other module of the app may import it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from theodoi.dashboards.aggregates import DUE_SOON_DAYS
from theodoi.evaluation.rules import TaskEvaluation
from theodoi.evaluation.scoring import Score
from theodoi.plans.models import Indicator, Target, Task
from theodoi.plans.nq57 import UNMAPPED_LABEL, nq57_groups
from theodoi.reporting.choices import TaskStatus
from theodoi.reporting.models import IndicatorValue, Report, ReportingPeriod
from theodoi.units.models import Agency, Unit

__all__ = [
    "CATEGORY_LABELS",
    "DONE",
    "DUE_SOON_DAYS",
    "AgencyRow",
    "Dashboard",
    "GroupRow",
    "IndicatorRow",
    "ReportDue",
    "TaskFilter",
    "TaskRow",
    "achievement_key",
    "group_rows",
    "quarter_of",
    "scoring_method",
    "task_heading",
    "task_nq57",
]

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
    reason: object | None = None  # why its status (reasons.StatusReason), for the rows shown


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


def task_heading(task: Task) -> str:
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
        return Counter(achievement_key(r.achieved) for r in self.indicators)


def scoring_method():
    """The scoring method in force: settings.THEODOI_SCORING (weights by criterion, see
    docs/evaluation.md), else the documented default."""
    from django.conf import settings

    from theodoi.evaluation.scoring import method_from_mapping

    return method_from_mapping(getattr(settings, "THEODOI_SCORING", None))


def achievement_key(achieved: bool | None) -> str:
    return {True: "achieved", False: "not_achieved", None: "no_data"}[achieved]


@dataclass(frozen=True)
class ReportDue:
    """One agency's obligation for one period due by the date, and how it was met."""

    period: ReportingPeriod
    agency_id: int
    report: Report | None
    verdict: str  # on_time, late, missing


def quarter_of(day: dt.date) -> str:
    """The calendar quarter of a date as the charts key it: "2026-1" (aggregates.quarter_label)."""
    return f"{day.year}-{(day.month + 2) // 3}"


@dataclass(frozen=True)
class TaskFilter:
    """What a list of a dashboard's tasks is narrowed to (all optional)."""

    category: str = ""  # an evaluation category, or due_soon / at_risk
    lead: int | None = None  # lead agency id
    group: str = ""  # a plan's own heading as shown ("I. Nâng cao nhận thức")
    nq57: int | None = None  # an NQ57 group code, 0: not mapped
    sub_unit: Unit | None = None  # the plans of this unit and the units under it
    plan: int | None = None  # one plan's tasks (its id)


_achievement_key = achievement_key  # the name before the split (dashboards.selectors)
