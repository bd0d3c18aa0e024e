"""Evaluation rules: task categories, reporting duty, indicator achievement, report timeliness,
early warning and the Government Office's counts.

Plain Python (standard library only). String values match the Django choices:
``plans.choices.DeadlineKind`` / ``Recurrence`` / ``TargetOp`` and
``reporting.choices.TaskStatus``. The decisions are listed in docs/evaluation.md.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from theodoi.evaluation.periods import month_end, quarter_of

__all__ = [
    "CATEGORIES",
    "Achievement",
    "EarlyWarning",
    "TaskEvaluation",
    "cycle_bounds",
    "early_warning",
    "evaluate_task",
    "government_office_counts",
    "indicator_achievement",
    "is_due_in_period",
    "must_report",
    "report_timeliness",
]

# -- task categories -------------------------------------------------------------------------

DONE_ON_TIME = "done_on_time"
DONE_LATE = "done_late"
OPEN_WITHIN_DEADLINE = "open_within_deadline"
OPEN_OVERDUE = "open_overdue"
CONTINUOUS = "continuous"
WAITING_CONDITION = "waiting_condition"
NOT_FEASIBLE = "not_feasible"
PAUSED = "paused"

CATEGORIES = (
    DONE_ON_TIME,
    DONE_LATE,
    OPEN_WITHIN_DEADLINE,
    OPEN_OVERDUE,
    CONTINUOUS,
    WAITING_CONDITION,
    NOT_FEASIBLE,
    PAUSED,
)

CATEGORY_LABELS = {
    DONE_ON_TIME: "Hoàn thành đúng hạn",
    DONE_LATE: "Hoàn thành quá hạn",
    OPEN_WITHIN_DEADLINE: "Chưa hoàn thành, trong hạn",
    OPEN_OVERDUE: "Chưa hoàn thành, quá hạn",
    CONTINUOUS: "Thường xuyên",
    WAITING_CONDITION: "Chờ điều kiện",
    NOT_FEASIBLE: "Không thực hiện được",
    PAUSED: "Tạm dừng",
}

_DONE_STATUSES = frozenset({"done", "done_late"})


@dataclass(frozen=True, slots=True)
class TaskEvaluation:
    """Where a task stands on ``as_of``.

    ``effective_due`` is the deadline the category was judged against (``None``: no deadline).
    ``days_overdue`` is, for ``open_overdue``, the days since the due date; for ``done_late``,
    the days the completion came after it (0 when the completion date is unknown); else 0.
    """

    category: str
    effective_due: date | None
    days_overdue: int = 0

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self.category]

    @property
    def is_done(self) -> bool:
        return self.category in (DONE_ON_TIME, DONE_LATE)


def cycle_bounds(*, recurrence: str | None, day: date) -> tuple[date, date]:
    """First and last day of the recurrence cycle containing ``day``.

    annual → calendar year, quarterly → quarter, monthly → month, weekly → ISO week
    (Monday–Sunday). An empty or unknown recurrence counts as annual ("Hằng năm").
    """
    if recurrence == "weekly":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if recurrence == "monthly":
        return day.replace(day=1), month_end(year=day.year, month=day.month)
    if recurrence == "quarterly":
        last = quarter_of(day) * 3
        return date(day.year, last - 2, 1), month_end(year=day.year, month=last)
    return date(day.year, 1, 1), date(day.year, 12, 31)


def _judge(
    *, due: date | None, latest_status: str | None, completed_on: date | None, as_of: date
) -> TaskEvaluation:
    """Category of a task with deadline ``due`` (``None``: no known deadline)."""
    done = completed_on is not None or latest_status in _DONE_STATUSES
    if done:
        if due is None:
            return TaskEvaluation(DONE_LATE if latest_status == "done_late" else DONE_ON_TIME, None)
        if completed_on is not None:  # the date wins over the reported label
            late = (completed_on - due).days
            if late > 0:
                return TaskEvaluation(DONE_LATE, due, late)
            return TaskEvaluation(DONE_ON_TIME, due)
        return TaskEvaluation(DONE_LATE if latest_status == "done_late" else DONE_ON_TIME, due)
    if due is None:
        # no deadline to judge against: the agency's own "overdue" report is believed
        if latest_status == "overdue":
            return TaskEvaluation(OPEN_OVERDUE, None)
        return TaskEvaluation(OPEN_WITHIN_DEADLINE, None)
    if as_of > due:
        return TaskEvaluation(OPEN_OVERDUE, due, (as_of - due).days)
    return TaskEvaluation(OPEN_WITHIN_DEADLINE, due)


def evaluate_task(
    *,
    deadline_kind: str,
    due_date: date | None,
    start_date: date | None,
    end_date: date | None,
    recurrence: str | None,
    condition_met: bool | None,
    latest_status: str | None,
    completed_on: date | None,
    as_of: date,
    cycle_date: date | None = None,
) -> TaskEvaluation:
    """Classify a task on ``as_of``.

    Order of the rules:

    1. reported ``not_feasible`` / ``paused`` → that category (never overdue);
    2. ``continuous`` ("Thường xuyên") → ``continuous``, whatever is reported;
    3. ``conditional`` → ``waiting_condition`` until ``condition_met`` is True (or the task is
       reported done); afterwards an open task due on ``due_date`` if one is known, else without
       a deadline;
    4. the effective due date: ``date`` → ``due_date``; ``range`` → ``end_date`` (else
       ``due_date``); ``recurring`` → end of the cycle (year, quarter, month, ISO week)
       containing ``cycle_date`` (default ``as_of``), never before the first cycle (the one
       containing ``start_date`` or ``due_date``) nor after the last (containing ``end_date``);
       ``unknown`` or no date → no deadline;
    5. done (``completed_on`` given, or status ``done``/``done_late``) on or before the due date →
       ``done_on_time``, after → ``done_late``; open with ``as_of`` ≤ due → within deadline
       (due today is not overdue), ``as_of`` > due → ``open_overdue``.

    For a recurring task each cycle is a fresh obligation: a completion before the cycle's first
    day does not count, and a reported done status without a completion date is believed.
    """
    if latest_status == "not_feasible":
        return TaskEvaluation(NOT_FEASIBLE, None)
    if latest_status == "paused":
        return TaskEvaluation(PAUSED, None)
    if deadline_kind == "continuous":
        return TaskEvaluation(CONTINUOUS, None)
    if deadline_kind == "conditional":
        done = completed_on is not None or latest_status in _DONE_STATUSES
        if condition_met is not True and not done:
            return TaskEvaluation(WAITING_CONDITION, None)
        return _judge(
            due=due_date, latest_status=latest_status, completed_on=completed_on, as_of=as_of
        )
    if deadline_kind == "recurring":
        day = cycle_date or as_of
        first = start_date or due_date
        if first is not None and day < first:
            day = first
        if end_date is not None and day > end_date:
            day = end_date
        cycle_start, due = cycle_bounds(recurrence=recurrence, day=day)
        if completed_on is not None and completed_on < cycle_start:
            completed_on = None  # an earlier cycle's completion
            if latest_status in _DONE_STATUSES:
                latest_status = None
        return _judge(due=due, latest_status=latest_status, completed_on=completed_on, as_of=as_of)
    if deadline_kind == "range":
        due = end_date or due_date
    elif deadline_kind == "date":
        due = due_date
    else:  # "unknown" and anything unforeseen
        due = None
    return _judge(due=due, latest_status=latest_status, completed_on=completed_on, as_of=as_of)


def is_due_in_period(*, due: date | None, period_start: date, period_end: date) -> bool:
    """Whether a deadline falls inside a period (both bounds inclusive)."""
    return due is not None and period_start <= due <= period_end


# -- reporting duty ---------------------------------------------------------------------------


def must_report(
    *,
    deadline_kind: str,
    recurrence: str | None,
    period_start: date,
    period_end: date,
    due_date: date | None,
    start_date: date | None,
    completed_before: date | None,
    end_date: date | None = None,
) -> bool:
    """Whether a task belongs in a period's report.

    * a task that starts after the period (``start_date`` > ``period_end``) is not reported yet;
    * ``continuous`` and ``recurring`` tasks: in every period (each period/cycle is a fresh
      obligation) — a recurring task whose ``end_date`` precedes the period is finished;
    * every other kind (``date``, ``range``, ``conditional``, ``unknown``): from the plan's start
      until the period in which it was completed; ``completed_before`` is the completion date,
      and a task completed before ``period_start`` drops out. Overdue tasks stay in the report
      (``due_date`` never removes a task).
    """
    del recurrence, due_date  # same answer for every recurrence; overdue tasks stay
    if period_end < period_start:
        raise ValueError("period_end before period_start")
    if start_date is not None and start_date > period_end:
        return False
    if deadline_kind == "continuous":
        return True
    if deadline_kind == "recurring":
        return end_date is None or end_date >= period_start
    return completed_before is None or completed_before >= period_start


# -- indicators -------------------------------------------------------------------------------

NO_DATA = "chưa có số liệu"
NO_TARGET = "chưa xác định mục tiêu"
BAD_VALUE = "số liệu không hợp lệ"
QUALITATIVE = "định tính, cần đánh giá"

_YES = {"đạt", "dat", "có", "co", "yes", "true", "1", "x", "hoàn thành", "hoan thanh", "đã đạt"}
_NO = {"không đạt", "khong dat", "chưa đạt", "chua dat", "không", "khong", "chưa", "chua"}
_NO |= {"no", "false", "0", "chưa hoàn thành", "chua hoan thanh"}

Number = int | float | Decimal


@dataclass(frozen=True, slots=True)
class Achievement:
    """``achieved`` is ``None`` when it cannot be told (no data, no target, qualitative).

    ``ratio`` is how far the target is reached (1.0 = exactly, above 1 = exceeded), rounded to
    4 decimals: actual/target for ≥, >, =; target/actual for ≤, <, Top; 1.0 inside a range.
    """

    achieved: bool | None
    ratio: float | None
    note: str


def _decimal(value: object) -> Decimal | None:
    """Decimal from int/float/Decimal or a number written "12,5" / "1.234,5" / "80%"."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if math.isfinite(value) else None
    if isinstance(value, str):
        text = value.strip().rstrip("%").replace(" ", "")
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):  # 1.234,5
            text = text.replace(".", "").replace(",", ".")
        elif re.fullmatch(r"-?\d+,\d+", text):  # 12,5
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def _ratio(num: Decimal, den: Decimal) -> float | None:
    if den == 0:
        return None
    return float(round(num / den, 4))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _truth(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = " ".join(value.lower().split())
        if text in _YES:
            return True
        if text in _NO:
            return False
    return None


def pick_target(targets: list, year: int):
    """The target that counts in ``year``: the year's own, else the nearest later period's,
    else one without a period, else the latest; over any objects with ``pk`` and ``period``
    (periods like "2025", "2026-2030")."""
    dated = []
    for target in targets:
        digits = "".join(ch for ch in (target.period or "")[-4:] if ch.isdigit())
        if len(digits) == 4:
            dated.append((int(digits), target))
    later = sorted((y, t.pk, t) for y, t in dated if y >= year)
    if later:
        return later[0][2]
    undated = [t for t in targets if not t.period]
    return undated[0] if undated else (max(dated, key=lambda x: x[0])[1] if dated else None)


def indicator_achievement(
    *,
    op: str,
    target_value: Number | str | None,
    target_max: Number | str | None,
    actual: Number | str | bool | None,
    rank: int | None = None,
) -> Achievement:
    """Whether an indicator's value reaches its target.

    ``op`` is a ``TargetOp`` value: ">=", ">", "<=", "<", "=" (a bare figure: the level to
    reach, so it is achieved like ">="), "top" (``actual`` — or ``rank``
    when given — is a rank; achieved when rank ≤ target), "range" (target_value ≤ actual ≤
    target_max) or "text" (achieved only from a yes/no-like ``actual``: True/"đạt"/"có" or
    False/"chưa đạt"/"không"). Numbers may be int, float, Decimal or text ("12,5", "80%").
    """
    if op == "top" and rank is not None:
        actual = rank
    if _blank(actual):
        return Achievement(None, None, NO_DATA)
    if op == "text":
        truth = _truth(actual)
        if truth is None:
            return Achievement(None, None, QUALITATIVE)
        return Achievement(truth, None, "đạt" if truth else "chưa đạt")
    value = _decimal(actual)
    if value is None:
        return Achievement(None, None, BAD_VALUE)
    target = _decimal(target_value)
    if target is None:
        return Achievement(None, None, NO_TARGET)
    if op == ">=":
        achieved, ratio = value >= target, _ratio(value, target)
    elif op == ">":
        achieved, ratio = value > target, _ratio(value, target)
    elif op == "<=":
        achieved, ratio = value <= target, _ratio(target, value)
    elif op == "<":
        achieved, ratio = value < target, _ratio(target, value)
    elif op == "=":
        # A bare figure in a plan ("90", "100%") is the level to reach: more is not a miss.
        achieved, ratio = value >= target, _ratio(value, target)
    elif op == "top":
        if value < 1 or value != value.to_integral_value():
            return Achievement(None, None, BAD_VALUE)
        achieved, ratio = value <= target, _ratio(target, value)
    elif op == "range":
        high = _decimal(target_max)
        if high is None:
            return Achievement(None, None, NO_TARGET)
        low, high = min(target, high), max(target, high)
        achieved = low <= value <= high
        if achieved:
            ratio = 1.0
        elif value < low:
            ratio = _ratio(value, low)
        else:
            ratio = _ratio(high, value)
    else:
        raise ValueError(f"unknown target op: {op!r}")
    return Achievement(achieved, ratio, "đạt" if achieved else "chưa đạt")


# -- reports ----------------------------------------------------------------------------------

ON_TIME = "on_time"
LATE = "late"
MISSING = "missing"
NOT_YET_DUE = "not_yet_due"


def report_timeliness(*, due: date, submitted_on: date | None, as_of: date) -> str:
    """``on_time`` (submitted on or before the due date), ``late`` (after it), ``missing``
    (not submitted and the due date has passed) or ``not_yet_due`` (not submitted, due date not
    passed — the due day itself included)."""
    if submitted_on is not None:
        return ON_TIME if submitted_on <= due else LATE
    return MISSING if as_of > due else NOT_YET_DUE


# -- early warning ----------------------------------------------------------------------------

NO_PROGRESS_TIME_SHARE = Decimal("0.25")
NO_PROGRESS_DAYS_WITHOUT_START = 30


@dataclass(frozen=True, slots=True)
class EarlyWarning:
    at_risk: bool
    projected_completion: date | None
    reason: str


Warning = EarlyWarning  # noqa: A001 - the name the brief uses; not exported by __all__


def early_warning(
    *,
    progress_points: list[tuple[date, int]],
    start: date | None,
    due: date | None,
    as_of: date,
) -> EarlyWarning:
    """Early warning from reported progress (0–100 %) by a linear projection.

    * points after ``as_of`` are ignored; progress is clamped to 0–100;
    * 100 % reached → not at risk (projected completion: the first date at 100 %);
    * no due date → not at risk (nothing to be late against);
    * past the due date and below 100 % → at risk;
    * no progress yet (no point, or 0 %) → at risk when less than 25 % of the time from ``start``
      to ``due`` is left (without a ``start``: 30 days or less before the due date);
    * otherwise the rate is taken from ``(start, 0 %)`` — or the first point when there is no
      ``start`` before the last point — to the last point; completion is projected at that rate
      from the last point. At risk when the projection falls after ``due`` or progress does not
      grow; one point and no start → not enough data, not at risk.
    """
    points = sorted((d, max(0, min(100, int(p)))) for d, p in progress_points if d <= as_of)
    for d, p in points:
        if p >= 100:
            return EarlyWarning(False, d, "đã hoàn thành")
    if due is None:
        return EarlyWarning(False, None, "không có thời hạn")
    if as_of > due:
        return EarlyWarning(True, None, "đã quá hạn, chưa hoàn thành")
    last_day, last = points[-1] if points else (as_of, 0)
    if last == 0:
        if start is not None and start < due:
            left = Decimal((due - as_of).days) / Decimal((due - start).days)
            at_risk = left < NO_PROGRESS_TIME_SHARE
        else:
            at_risk = (due - as_of).days <= NO_PROGRESS_DAYS_WITHOUT_START
        if at_risk:
            return EarlyWarning(True, None, "chưa có tiến độ khi thời gian còn lại ít")
        return EarlyWarning(False, None, "chưa có tiến độ")
    if start is not None and start < last_day:
        anchor_day, anchor = start, 0
    else:
        anchor_day, anchor = points[0]
    if anchor_day >= last_day:
        return EarlyWarning(False, None, "chưa đủ dữ liệu để dự báo")
    gained, span = last - anchor, (last_day - anchor_day).days
    if gained <= 0:
        return EarlyWarning(True, None, "tiến độ không tăng")
    # ceil((100 − last) / (gained / span)) in integers: no rounding of the rate
    days_needed = -(-(100 - last) * span // gained)
    try:
        projected = last_day + timedelta(days=days_needed)
    except OverflowError:
        return EarlyWarning(True, None, "tiến độ quá chậm")
    if projected > due:
        return EarlyWarning(True, projected, "dự báo hoàn thành sau thời hạn")
    return EarlyWarning(False, projected, "dự báo hoàn thành trong hạn")


# -- Government Office counts -----------------------------------------------------------------

COUNT_KEYS = (
    "due_done_on_time",
    "due_done_late",
    "open_within_deadline",
    "open_overdue",
    "continuous",
    "waiting_condition",
    "not_feasible",
    "paused",
    "total",
)

# Category of a TaskEvaluation → key of government_office_counts().
CATEGORY_COUNT_KEY = {
    DONE_ON_TIME: "due_done_on_time",
    DONE_LATE: "due_done_late",
    OPEN_WITHIN_DEADLINE: "open_within_deadline",
    OPEN_OVERDUE: "open_overdue",
    CONTINUOUS: "continuous",
    WAITING_CONDITION: "waiting_condition",
    NOT_FEASIBLE: "not_feasible",
    PAUSED: "paused",
}


def government_office_counts(evaluations: Iterable[TaskEvaluation]) -> dict[str, int]:
    """Counts in the Government Office's classification: done on time / late ("đã hoàn thành
    đúng hạn / quá hạn"), open within deadline / overdue ("chưa hoàn thành trong hạn / quá
    hạn"), plus continuous, waiting for a condition, not feasible and paused tasks.
    ``total`` is the number of evaluations, i.e. the sum of the other keys."""
    counts = dict.fromkeys(COUNT_KEYS, 0)
    for evaluation in evaluations:
        counts[CATEGORY_COUNT_KEY[evaluation.category]] += 1
        counts["total"] += 1
    return counts
