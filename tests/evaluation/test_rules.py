"""Evaluation rules (plain Python, no Django): the acceptance's edge cases, table-driven."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from theodoi.evaluation.rules import (
    CATEGORIES,
    COUNT_KEYS,
    Achievement,
    TaskEvaluation,
    Warning,
    cycle_bounds,
    early_warning,
    evaluate_task,
    government_office_counts,
    indicator_achievement,
    is_due_in_period,
    must_report,
    report_timeliness,
)

D = date
Q4_2025_END = D(2025, 12, 31)


def ev(
    kind: str = "date",
    *,
    due: date | None = None,
    start: date | None = None,
    end: date | None = None,
    recurrence: str | None = None,
    condition_met: bool | None = None,
    status: str | None = None,
    completed: date | None = None,
    as_of: date,
    cycle_date: date | None = None,
) -> TaskEvaluation:
    return evaluate_task(
        deadline_kind=kind,
        due_date=due,
        start_date=start,
        end_date=end,
        recurrence=recurrence,
        condition_met=condition_met,
        latest_status=status,
        completed_on=completed,
        as_of=as_of,
        cycle_date=cycle_date,
    )


# -- evaluate_task ----------------------------------------------------------------------------

TASK_CASES = [
    # id, kwargs, category, effective_due, days_overdue
    ("due today is not overdue", dict(due=D(2026, 3, 15), as_of=D(2026, 3, 15)),
     "open_within_deadline", D(2026, 3, 15), 0),
    ("overdue the day after", dict(due=D(2026, 3, 15), as_of=D(2026, 3, 16)),
     "open_overdue", D(2026, 3, 15), 1),
    ("Quý IV/2025 on 2025-12-31", dict(due=Q4_2025_END, status="in_progress", as_of=Q4_2025_END),
     "open_within_deadline", Q4_2025_END, 0),
    ("Quý IV/2025 on 2026-01-01", dict(due=Q4_2025_END, status="in_progress", as_of=D(2026, 1, 1)),
     "open_overdue", Q4_2025_END, 1),
    ("done on the due date", dict(due=Q4_2025_END, completed=Q4_2025_END, as_of=D(2026, 2, 1)),
     "done_on_time", Q4_2025_END, 0),
    ("done a day late", dict(due=Q4_2025_END, completed=D(2026, 1, 1), as_of=D(2026, 2, 1)),
     "done_late", Q4_2025_END, 1),
    ("date wins over label", dict(due=Q4_2025_END, status="done", completed=D(2026, 1, 3),
                                  as_of=D(2026, 2, 1)),
     "done_late", Q4_2025_END, 3),
    ("reported done, no date", dict(due=Q4_2025_END, status="done", as_of=D(2026, 2, 1)),
     "done_on_time", Q4_2025_END, 0),
    ("reported done late, no date", dict(due=Q4_2025_END, status="done_late", as_of=D(2026, 2, 1)),
     "done_late", Q4_2025_END, 0),
    ("date kind without date", dict(as_of=D(2026, 2, 1)), "open_within_deadline", None, 0),
    ("range: end is the due", dict(kind="range", start=D(2026, 1, 1), end=D(2030, 12, 31),
                                   as_of=D(2031, 1, 1)),
     "open_overdue", D(2030, 12, 31), 1),
    ("range within", dict(kind="range", start=D(2026, 1, 1), end=D(2030, 12, 31),
                          as_of=D(2027, 5, 1)),
     "open_within_deadline", D(2030, 12, 31), 0),
    ("Thường xuyên", dict(kind="continuous", as_of=D(2040, 1, 1)), "continuous", None, 0),
    ("Thường xuyên reported overdue", dict(kind="continuous", status="overdue",
                                           as_of=D(2040, 1, 1)),
     "continuous", None, 0),
    ("Thường xuyên reported done", dict(kind="continuous", status="done", as_of=D(2026, 1, 1)),
     "continuous", None, 0),
    ("Hằng năm, open in the year", dict(kind="recurring", recurrence="annual",
                                        as_of=D(2026, 12, 31)),
     "open_within_deadline", D(2026, 12, 31), 0),
    ("Hằng năm, fresh next year", dict(kind="recurring", recurrence="annual",
                                       completed=D(2025, 11, 20), status="done",
                                       as_of=D(2026, 1, 1)),
     "open_within_deadline", D(2026, 12, 31), 0),
    ("Hằng năm, done this year", dict(kind="recurring", recurrence="annual",
                                      completed=D(2026, 11, 20), as_of=D(2026, 12, 1)),
     "done_on_time", D(2026, 12, 31), 0),
    ("Hằng năm, last year's cycle missed", dict(kind="recurring", recurrence="annual",
                                                as_of=D(2026, 1, 5),
                                                cycle_date=D(2025, 6, 1)),
     "open_overdue", D(2025, 12, 31), 5),
    ("Hằng năm, not started yet", dict(kind="recurring", recurrence="annual",
                                       start=D(2026, 1, 1), due=D(2026, 12, 31),
                                       as_of=D(2025, 6, 1)),
     "open_within_deadline", D(2026, 12, 31), 0),
    ("Hằng năm, empty recurrence", dict(kind="recurring", recurrence="", as_of=D(2026, 3, 1)),
     "open_within_deadline", D(2026, 12, 31), 0),
    ("Hằng quý", dict(kind="recurring", recurrence="quarterly", as_of=D(2026, 5, 2)),
     "open_within_deadline", D(2026, 6, 30), 0),
    ("Hằng tháng", dict(kind="recurring", recurrence="monthly", as_of=D(2028, 2, 2)),
     "open_within_deadline", D(2028, 2, 29), 0),
    ("Hằng tuần", dict(kind="recurring", recurrence="weekly", as_of=D(2026, 1, 1)),
     "open_within_deadline", D(2026, 1, 4), 0),
    ("conditional waiting", dict(kind="conditional", condition_met=None, as_of=D(2030, 1, 1)),
     "waiting_condition", None, 0),
    ("conditional not met", dict(kind="conditional", condition_met=False, as_of=D(2030, 1, 1)),
     "waiting_condition", None, 0),
    ("conditional met", dict(kind="conditional", condition_met=True, as_of=D(2030, 1, 1)),
     "open_within_deadline", None, 0),
    ("conditional met, due known", dict(kind="conditional", condition_met=True,
                                        due=D(2026, 3, 1), as_of=D(2026, 3, 3)),
     "open_overdue", D(2026, 3, 1), 2),
    ("conditional done", dict(kind="conditional", status="done", as_of=D(2030, 1, 1)),
     "done_on_time", None, 0),
    ("unknown", dict(kind="unknown", as_of=D(2030, 1, 1)), "open_within_deadline", None, 0),
    ("unknown, self-reported overdue", dict(kind="unknown", status="overdue",
                                            as_of=D(2030, 1, 1)),
     "open_overdue", None, 0),
    ("not feasible", dict(due=D(2025, 1, 1), status="not_feasible", as_of=D(2026, 1, 1)),
     "not_feasible", None, 0),
    ("paused", dict(kind="continuous", status="paused", as_of=D(2026, 1, 1)), "paused", None, 0),
]  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "category", "due", "days"),
    [case[1:] for case in TASK_CASES],
    ids=[case[0] for case in TASK_CASES],
)
def test_evaluate_task(kwargs, category, due, days):
    kwargs = dict(kwargs)
    result = ev(kwargs.pop("kind", "date"), **kwargs)
    assert result == TaskEvaluation(category, due, days)


def test_evaluation_label_and_done():
    result = ev(due=Q4_2025_END, completed=Q4_2025_END, as_of=D(2026, 1, 1))
    assert result.label == "Hoàn thành đúng hạn"
    assert result.is_done


@pytest.mark.parametrize(
    ("recurrence", "day", "bounds"),
    [
        ("annual", D(2026, 7, 4), (D(2026, 1, 1), D(2026, 12, 31))),
        ("quarterly", D(2025, 12, 31), (D(2025, 10, 1), D(2025, 12, 31))),
        ("monthly", D(2026, 4, 30), (D(2026, 4, 1), D(2026, 4, 30))),
        ("weekly", D(2026, 1, 1), (D(2025, 12, 29), D(2026, 1, 4))),
    ],
)
def test_cycle_bounds(recurrence, day, bounds):
    assert cycle_bounds(recurrence=recurrence, day=day) == bounds


def test_is_due_in_period():
    q4 = dict(period_start=D(2025, 10, 1), period_end=Q4_2025_END)
    assert is_due_in_period(due=Q4_2025_END, **q4)
    assert not is_due_in_period(due=D(2026, 1, 1), **q4)
    assert not is_due_in_period(due=None, **q4)


dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31))


@given(due=dates, as_of=dates)
def test_continuous_never_overdue(due, as_of):
    result = ev("continuous", due=due, as_of=as_of)
    assert result.category == "continuous"
    assert result.days_overdue == 0


@given(
    kind=st.sampled_from(["date", "range", "recurring", "continuous", "conditional", "unknown"]),
    due=st.one_of(st.none(), dates),
    as_of=dates,
    status=st.sampled_from([None, "not_started", "in_progress", "done", "done_late", "overdue"]),
    recurrence=st.sampled_from([None, "", "weekly", "monthly", "quarterly", "annual"]),
)
def test_evaluation_is_consistent(kind, due, as_of, status, recurrence):
    result = ev(kind, due=due, end=due, recurrence=recurrence, status=status, as_of=as_of)
    assert result.category in CATEGORIES
    if result.category == "open_overdue" and result.effective_due is not None:
        assert result.effective_due < as_of
        assert result.days_overdue == (as_of - result.effective_due).days
    if result.category == "open_within_deadline" and result.effective_due is not None:
        assert as_of <= result.effective_due


# -- must_report ------------------------------------------------------------------------------

Q1 = dict(period_start=D(2026, 1, 1), period_end=D(2026, 3, 31))

MUST_REPORT_CASES = [
    ("continuous", dict(), True),
    ("continuous, done long ago", dict(kind="continuous", completed_before=D(2025, 1, 1)), True),
    ("recurring", dict(kind="recurring", recurrence="annual"), True),
    ("recurring, done last cycle", dict(kind="recurring", completed_before=D(2025, 12, 1)), True),
    ("recurring, ended", dict(kind="recurring", end_date=D(2025, 12, 31)), False),
    ("date, open", dict(kind="date", due_date=D(2027, 1, 1)), True),
    ("date, overdue stays", dict(kind="date", due_date=D(2025, 6, 30)), True),
    ("date, done in the period", dict(kind="date", completed_before=D(2026, 2, 1)), True),
    ("date, done on period start", dict(kind="date", completed_before=D(2026, 1, 1)), True),
    ("date, done before", dict(kind="date", completed_before=D(2025, 12, 31)), False),
    ("date, starts later", dict(kind="date", start_date=D(2026, 4, 1)), False),
    ("conditional", dict(kind="conditional"), True),
    ("unknown", dict(kind="unknown"), True),
]  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [case[1:] for case in MUST_REPORT_CASES],
    ids=[case[0] for case in MUST_REPORT_CASES],
)
def test_must_report(kwargs, expected):
    args = dict(
        deadline_kind="continuous",
        recurrence=None,
        due_date=None,
        start_date=None,
        completed_before=None,
    )
    kwargs = dict(kwargs)
    args["deadline_kind"] = kwargs.pop("kind", "continuous")
    args.update(kwargs)
    assert must_report(**Q1, **args) is expected


# -- indicators -------------------------------------------------------------------------------

INDICATOR_CASES = [
    ("Top 20, rank 15", dict(op="top", target_value=20, actual=15), True, 1.3333),
    ("Top 20, rank 25", dict(op="top", target_value=20, actual=25), False, 0.8),
    ("Top 20, rank 20", dict(op="top", target_value=20, actual=20), True, 1.0),
    ("Top 20, rank kw", dict(op="top", target_value=20, actual=None, rank=15), True, 1.3333),
    ("< 10, 9", dict(op="<", target_value=10, actual=9), True, 1.1111),
    ("< 10, 10", dict(op="<", target_value=10, actual=10), False, 1.0),
    ("< 10, 0", dict(op="<", target_value=10, actual=0), True, None),
    ("<= 10, 10", dict(op="<=", target_value=10, actual=10), True, 1.0),
    (">= 80, 80", dict(op=">=", target_value=Decimal("80"), actual=80.0), True, 1.0),
    (">= 80, 79.5", dict(op=">=", target_value=80, actual="79,5"), False, 0.9938),
    ("> 80, 80", dict(op=">", target_value=80, actual=80), False, 1.0),
    ("= 100%", dict(op="=", target_value=100, actual="100%"), True, 1.0),
    ("range in", dict(op="range", target_value=5, target_max=7, actual=6), True, 1.0),
    ("range low", dict(op="range", target_value=5, target_max=7, actual=4), False, 0.8),
    ("range high", dict(op="range", target_value=5, target_max=7, actual=14), False, 0.5),
    ("text đạt", dict(op="text", target_value=None, actual="Đạt"), True, None),
    ("text bool", dict(op="text", target_value=None, actual=False), False, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "achieved", "ratio"),
    [case[1:] for case in INDICATOR_CASES],
    ids=[case[0] for case in INDICATOR_CASES],
)
def test_indicator_achievement(kwargs, achieved, ratio):
    result = indicator_achievement(**{"target_max": None, **kwargs})
    assert (result.achieved, result.ratio) == (achieved, ratio)
    assert result.note == ("đạt" if achieved else "chưa đạt")


@pytest.mark.parametrize("op", [">=", ">", "<=", "<", "=", "top", "range", "text"])
@pytest.mark.parametrize("actual", [None, "", "  "])
def test_missing_value(op, actual):
    result = indicator_achievement(op=op, target_value=10, target_max=20, actual=actual)
    assert result == Achievement(None, None, "chưa có số liệu")


@pytest.mark.parametrize(
    ("kwargs", "note"),
    [
        (dict(op=">=", target_value=None, actual=5), "chưa xác định mục tiêu"),
        (dict(op="range", target_value=5, actual=5), "chưa xác định mục tiêu"),
        (dict(op=">=", target_value=5, actual="nhiều"), "số liệu không hợp lệ"),
        (dict(op=">=", target_value=5, actual=True), "số liệu không hợp lệ"),
        (dict(op="top", target_value=20, actual=0), "số liệu không hợp lệ"),
        (dict(op="top", target_value=20, actual=2.5), "số liệu không hợp lệ"),
        (dict(op="text", target_value=None, actual="đang triển khai"), "định tính, cần đánh giá"),
    ],
)
def test_indicator_undecidable(kwargs, note):
    result = indicator_achievement(**{"target_max": None, **kwargs})
    assert result == Achievement(None, None, note)


def test_indicator_unknown_op():
    with pytest.raises(ValueError):
        indicator_achievement(op="~", target_value=1, target_max=None, actual=1)


@given(
    target=st.integers(min_value=1, max_value=1000),
    actual=st.integers(min_value=1, max_value=1000),
)
def test_top_and_le_agree(target, actual):
    top = indicator_achievement(op="top", target_value=target, target_max=None, actual=actual)
    le = indicator_achievement(op="<=", target_value=target, target_max=None, actual=actual)
    assert top.achieved is le.achieved is (actual <= target)


# -- reports ----------------------------------------------------------------------------------

DUE = D(2026, 6, 15)

TIMELINESS_CASES = [
    ("on the due day", DUE, D(2026, 7, 1), "on_time"),
    ("a day early", DUE - timedelta(days=1), D(2026, 7, 1), "on_time"),
    ("one day late", DUE + timedelta(days=1), D(2026, 7, 1), "late"),
    ("missing", None, DUE + timedelta(days=1), "missing"),
    ("not yet due, due today", None, DUE, "not_yet_due"),
    ("not yet due", None, DUE - timedelta(days=10), "not_yet_due"),
]


@pytest.mark.parametrize(
    ("submitted", "as_of", "expected"),
    [case[1:] for case in TIMELINESS_CASES],
    ids=[case[0] for case in TIMELINESS_CASES],
)
def test_report_timeliness(submitted, as_of, expected):
    assert report_timeliness(due=DUE, submitted_on=submitted, as_of=as_of) == expected


@given(due=dates, as_of=dates)
def test_submitted_on_due_day_is_on_time(due, as_of):
    assert report_timeliness(due=due, submitted_on=due, as_of=as_of) == "on_time"


@given(due=dates, submitted=dates, as_of=dates)
def test_timeliness_of_submitted_ignores_as_of(due, submitted, as_of):
    result = report_timeliness(due=due, submitted_on=submitted, as_of=as_of)
    assert result == ("on_time" if submitted <= due else "late")


# -- early warning ----------------------------------------------------------------------------

S, E = D(2026, 1, 1), D(2026, 12, 31)

WARNING_CASES = [
    ("on track", [(D(2026, 7, 1), 60)], D(2026, 7, 2), False, "dự báo hoàn thành trong hạn"),
    ("behind", [(D(2026, 7, 1), 30)], D(2026, 7, 2), True, "dự báo hoàn thành sau thời hạn"),
    ("done", [(D(2026, 3, 1), 40), (D(2026, 5, 1), 100)], D(2026, 6, 1), False, "đã hoàn thành"),
    ("no progress, time left", [], D(2026, 6, 1), False, "chưa có tiến độ"),
    ("no progress, < 25 % left", [(D(2026, 6, 1), 0)], D(2026, 10, 15), True,
     "chưa có tiến độ khi thời gian còn lại ít"),
    ("past due", [(D(2026, 12, 1), 90)], D(2027, 1, 1), True, "đã quá hạn, chưa hoàn thành"),
    ("stalled", [(D(2026, 3, 1), 50), (D(2026, 6, 1), 40)], D(2026, 6, 2), True,
     "dự báo hoàn thành sau thời hạn"),
    ("future points ignored", [(D(2026, 7, 1), 60), (D(2026, 8, 1), 100)], D(2026, 7, 2),
     False, "dự báo hoàn thành trong hạn"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("points", "as_of", "at_risk", "reason"),
    [case[1:] for case in WARNING_CASES],
    ids=[case[0] for case in WARNING_CASES],
)
def test_early_warning(points, as_of, at_risk, reason):
    result = early_warning(progress_points=points, start=S, due=E, as_of=as_of)
    assert (result.at_risk, result.reason) == (at_risk, reason)


def test_early_warning_projection():
    result = early_warning(progress_points=[(D(2026, 1, 11), 10)], start=S, due=E, as_of=S)
    assert result == Warning(False, None, "chưa có tiến độ")  # the point is after as_of
    result = early_warning(
        progress_points=[(D(2026, 1, 11), 10)], start=S, due=E, as_of=D(2026, 1, 11)
    )
    assert result.projected_completion == D(2026, 4, 11)  # 1 %/day, 90 days to go


def test_early_warning_without_start_or_due():
    one = [(D(2026, 5, 1), 20)]
    assert early_warning(progress_points=one, start=None, due=E, as_of=D(2026, 5, 2)) == Warning(
        False, None, "chưa đủ dữ liệu để dự báo"
    )
    assert not early_warning(progress_points=[], start=None, due=None, as_of=S).at_risk
    assert early_warning(progress_points=[], start=None, due=E, as_of=D(2026, 12, 1)).at_risk


@given(
    points=st.lists(
        st.tuples(dates, st.integers(min_value=0, max_value=100)), min_size=0, max_size=6
    ),
    start=st.one_of(st.none(), dates),
    due=st.one_of(st.none(), dates),
    as_of=dates,
)
def test_early_warning_total(points, start, due, as_of):
    result = early_warning(progress_points=points, start=start, due=due, as_of=as_of)
    if result.at_risk and result.projected_completion is not None:
        assert due is not None and result.projected_completion > due
    if due is not None and as_of > due and not any(p >= 100 for d, p in points if d <= as_of):
        assert result.at_risk


# -- Government Office counts -----------------------------------------------------------------


def test_government_office_counts():
    evaluations = [
        TaskEvaluation("done_on_time", D(2025, 12, 31)),
        TaskEvaluation("done_on_time", None),
        TaskEvaluation("done_late", D(2025, 12, 31), 3),
        TaskEvaluation("open_within_deadline", D(2026, 12, 31)),
        TaskEvaluation("open_overdue", D(2025, 12, 31), 5),
        TaskEvaluation("continuous", None),
        TaskEvaluation("waiting_condition", None),
        TaskEvaluation("paused", None),
    ]
    counts = government_office_counts(evaluations)
    assert counts == {
        "due_done_on_time": 2,
        "due_done_late": 1,
        "open_within_deadline": 1,
        "open_overdue": 1,
        "continuous": 1,
        "waiting_condition": 1,
        "not_feasible": 0,
        "paused": 1,
        "total": 8,
    }


@given(st.lists(st.sampled_from(CATEGORIES)))
def test_counts_sum_to_total(categories):
    counts = government_office_counts(TaskEvaluation(c, None) for c in categories)
    assert set(counts) == set(COUNT_KEYS)
    assert sum(v for k, v in counts.items() if k != "total") == counts["total"] == len(categories)


def test_a_bare_figure_target_is_a_level_to_reach():
    from theodoi.evaluation.rules import indicator_achievement

    assert indicator_achievement(op="=", target_value=100, target_max=None, actual=103).achieved
    assert indicator_achievement(op="=", target_value=100, target_max=None, actual=100).achieved
    assert not indicator_achievement(op="=", target_value=90, target_max=None, actual=89).achieved
