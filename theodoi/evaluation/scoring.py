"""A documented, configurable score per agency or unit, and the ranking built on it.

Plain Python (standard library only). The method is explained in docs/evaluation.md.

Five criteria, default weights summing to 100 points:

===========================  =====  ================================================================
criterion                    pts    share earned
===========================  =====  ================================================================
``completion_on_time``       40     (on time + late × late_task_credit) / tasks due
``no_overdue``               15     1 − open overdue / tasks with a deadline status
``report_timeliness``        20     (on time + late × late_report_credit) / reports due
``report_completeness``      15     items filled / items expected in submitted reports
``indicator_achievement``    10     achieved / indicators assessed
===========================  =====  ================================================================

A criterion with nothing to measure (no task due, no report due…) is *not applicable*: its part
is ``None`` and the total is rescaled over the applicable weights, so that
``total = 100 × points earned / applicable points``. With nothing applicable the total is
``None`` and the agency is ranked last.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

__all__ = [
    "DEFAULT",
    "PARTS",
    "AgencyCounts",
    "Score",
    "ScoringMethod",
    "rank",
    "score",
]

PARTS = (
    "completion_on_time",
    "no_overdue",
    "report_timeliness",
    "report_completeness",
    "indicator_achievement",
)

PART_LABELS = {
    "completion_on_time": "Hoàn thành nhiệm vụ đúng hạn",
    "no_overdue": "Không để nhiệm vụ quá hạn",
    "report_timeliness": "Báo cáo đúng hạn",
    "report_completeness": "Báo cáo đầy đủ",
    "indicator_achievement": "Đạt chỉ tiêu",
}

_CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class AgencyCounts:
    """What an agency (or unit) did in the evaluated scope.

    Tasks: the counts of ``rules.government_office_counts`` (continuous, waiting, not feasible
    and paused tasks do not enter the score). Reports: the ``rules.report_timeliness`` results of
    its reports (``not_yet_due`` ones are left out). Completeness: items (task updates and
    indicator values) the submitted reports should hold and those actually filled in.
    Indicators: ``rules.indicator_achievement`` results (achieved True / False / no data).
    """

    done_on_time: int = 0
    done_late: int = 0
    open_within_deadline: int = 0
    open_overdue: int = 0
    reports_on_time: int = 0
    reports_late: int = 0
    reports_missing: int = 0
    items_expected: int = 0
    items_filled: int = 0
    indicators_achieved: int = 0
    indicators_not_achieved: int = 0
    indicators_no_data: int = 0

    def __post_init__(self) -> None:
        for f in fields(self):
            if getattr(self, f.name) < 0:
                raise ValueError(f"{f.name} must not be negative")
        if self.items_filled > self.items_expected:
            raise ValueError("items_filled exceeds items_expected")

    @classmethod
    def from_counts(
        cls,
        *,
        task_counts: Mapping[str, int] | None = None,
        report_timeliness: Mapping[str, int] | None = None,
        items_expected: int = 0,
        items_filled: int = 0,
        indicators: Mapping[str, int] | None = None,
    ) -> AgencyCounts:
        """Build from ``government_office_counts`` output, a ``{"on_time": n, "late": n,
        "missing": n}`` tally and a ``{"achieved": n, "not_achieved": n, "no_data": n}`` tally."""
        t = task_counts or {}
        r = report_timeliness or {}
        i = indicators or {}
        return cls(
            done_on_time=t.get("due_done_on_time", 0),
            done_late=t.get("due_done_late", 0),
            open_within_deadline=t.get("open_within_deadline", 0),
            open_overdue=t.get("open_overdue", 0),
            reports_on_time=r.get("on_time", 0),
            reports_late=r.get("late", 0),
            reports_missing=r.get("missing", 0),
            items_expected=items_expected,
            items_filled=items_filled,
            indicators_achieved=i.get("achieved", 0),
            indicators_not_achieved=i.get("not_achieved", 0),
            indicators_no_data=i.get("no_data", 0),
        )

    @property
    def tasks_due(self) -> int:
        """Tasks whose deadline has come or that are done ("nhiệm vụ đến hạn")."""
        return self.done_on_time + self.done_late + self.open_overdue

    @property
    def tasks_with_deadline_status(self) -> int:
        return self.tasks_due + self.open_within_deadline

    @property
    def reports_due(self) -> int:
        return self.reports_on_time + self.reports_late + self.reports_missing


@dataclass(frozen=True, slots=True)
class ScoringMethod:
    """Weights (points) of the five criteria and the credits for late work.

    Weights need not sum to 100: the total is always rescaled to 100 over the applicable
    criteria. ``late_task_credit`` / ``late_report_credit`` are the share of a criterion's
    points a late completion / late report still earns (0 = none, 1 = as if on time).
    ``missing_indicator_counts_as_failed``: an indicator without data counts as not achieved
    (default) rather than being left out.
    """

    completion_on_time: Decimal = Decimal(40)
    no_overdue: Decimal = Decimal(15)
    report_timeliness: Decimal = Decimal(20)
    report_completeness: Decimal = Decimal(15)
    indicator_achievement: Decimal = Decimal(10)
    late_task_credit: Decimal = Decimal("0.5")
    late_report_credit: Decimal = Decimal("0.5")
    missing_indicator_counts_as_failed: bool = True

    def __post_init__(self) -> None:
        for name in (*PARTS, "late_task_credit", "late_report_credit"):
            value = Decimal(str(getattr(self, name)))
            if not value.is_finite() or value < 0:
                raise ValueError(f"{name} must be a non-negative number")
            object.__setattr__(self, name, value)
        if not Decimal(0) <= self.late_task_credit <= 1:
            raise ValueError("late_task_credit must be between 0 and 1")
        if not Decimal(0) <= self.late_report_credit <= 1:
            raise ValueError("late_report_credit must be between 0 and 1")
        if sum(self.weights().values()) <= 0:
            raise ValueError("at least one weight must be positive")

    def weights(self) -> dict[str, Decimal]:
        return {name: getattr(self, name) for name in PARTS}


DEFAULT = ScoringMethod()


@dataclass(frozen=True, slots=True)
class Score:
    """``total`` on 100 (2 decimals, ``None`` when nothing applies); ``parts`` maps each
    criterion to the points earned (``None``: not applicable); ``max_points`` is the sum of the
    applicable weights (``total = 100 × sum(parts) / max_points``)."""

    total: Decimal | None
    parts: dict[str, Decimal | None]
    max_points: Decimal


def _share(numerator: Decimal, denominator: int) -> Decimal | None:
    return None if denominator == 0 else numerator / Decimal(denominator)


def _shares(c: AgencyCounts, m: ScoringMethod) -> dict[str, Decimal | None]:
    indicators = c.indicators_achieved + c.indicators_not_achieved
    if m.missing_indicator_counts_as_failed:
        indicators += c.indicators_no_data
    return {
        "completion_on_time": _share(
            Decimal(c.done_on_time) + m.late_task_credit * c.done_late, c.tasks_due
        ),
        "no_overdue": _share(
            Decimal(c.tasks_with_deadline_status - c.open_overdue), c.tasks_with_deadline_status
        ),
        "report_timeliness": _share(
            Decimal(c.reports_on_time) + m.late_report_credit * c.reports_late, c.reports_due
        ),
        "report_completeness": _share(Decimal(c.items_filled), c.items_expected),
        "indicator_achievement": _share(Decimal(c.indicators_achieved), indicators),
    }


def score(*, counts: AgencyCounts, method: ScoringMethod = DEFAULT) -> Score:
    """Score an agency's counts with a method (see the module docstring). Pure, so remembered:
    a province ranks 500 agencies on every dashboard request, with the same counts until a
    report changes them."""
    return _score(counts, method)


@functools.lru_cache(maxsize=65536)
def _score(counts: AgencyCounts, method: ScoringMethod) -> Score:
    weights = method.weights()
    parts: dict[str, Decimal | None] = {}
    earned = Decimal(0)
    applicable = Decimal(0)
    for name, share in _shares(counts, method).items():
        if share is None or weights[name] == 0:
            parts[name] = None
            continue
        points = weights[name] * share
        parts[name] = points.quantize(_CENT, rounding=ROUND_HALF_UP)
        earned += points
        applicable += weights[name]
    total = None
    if applicable > 0:
        total = (Decimal(100) * earned / applicable).quantize(_CENT, rounding=ROUND_HALF_UP)
    return Score(total=total, parts=parts, max_points=applicable)


K = TypeVar("K", bound=Hashable)


def rank(scores: Mapping[K, Score]) -> list[tuple[K, int, Score]]:
    """Order by total, best first; equal totals share a position ("1, 2, 2, 4").

    Ties keep the mapping's order. Scores without a total come last and share one position.
    """
    ordered = sorted(
        scores.items(),
        key=lambda item: (item[1].total is None, -(item[1].total or Decimal(0))),
    )
    out: list[tuple[K, int, Score]] = []
    for index, (key, s) in enumerate(ordered):
        tied = bool(out) and out[-1][2].total == s.total
        position = out[-1][1] if tied else index + 1
        out.append((key, position, s))
    return out


def method_from_mapping(values: Mapping[str, object] | None) -> ScoringMethod:
    """A method from configuration (e.g. settings.THEODOI_SCORING); unknown keys are refused."""
    values = dict(values or {})
    known = set(ScoringMethod.__dataclass_fields__)
    unknown = set(values) - known
    if unknown:
        raise ValueError(f"Unknown scoring settings: {', '.join(sorted(unknown))}")
    return ScoringMethod(**values) if values else DEFAULT
