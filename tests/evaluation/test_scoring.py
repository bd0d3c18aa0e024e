"""Agency scores and ranking (plain Python, no Django)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from theodoi.evaluation.scoring import (
    DEFAULT,
    PARTS,
    AgencyCounts,
    Score,
    ScoringMethod,
    rank,
    score,
)


def test_default_weights_sum_to_100():
    assert sum(DEFAULT.weights().values()) == 100
    assert tuple(DEFAULT.weights()) == PARTS


def test_perfect_agency():
    counts = AgencyCounts(
        done_on_time=5,
        open_within_deadline=2,
        reports_on_time=2,
        items_expected=10,
        items_filled=10,
        indicators_achieved=3,
    )
    result = score(counts=counts)
    assert result.total == Decimal("100.00")
    assert result.max_points == 100
    assert result.parts == {
        "completion_on_time": Decimal("40.00"),
        "no_overdue": Decimal("15.00"),
        "report_timeliness": Decimal("20.00"),
        "report_completeness": Decimal("15.00"),
        "indicator_achievement": Decimal("10.00"),
    }


def test_worked_example():
    # the example of docs/evaluation.md
    counts = AgencyCounts(
        done_on_time=6,
        done_late=2,
        open_within_deadline=3,
        open_overdue=2,
        reports_on_time=1,
        reports_late=1,
        items_expected=20,
        items_filled=18,
        indicators_achieved=3,
        indicators_not_achieved=1,
        indicators_no_data=1,
    )
    result = score(counts=counts)
    assert result.parts == {
        "completion_on_time": Decimal("28.00"),  # 40 × (6 + 0.5 × 2) / 10
        "no_overdue": Decimal("12.69"),  # 15 × (13 − 2) / 13
        "report_timeliness": Decimal("15.00"),  # 20 × (1 + 0.5 × 1) / 2
        "report_completeness": Decimal("13.50"),  # 15 × 18 / 20
        "indicator_achievement": Decimal("6.00"),  # 10 × 3 / 5
    }
    assert result.total == Decimal("75.19")


def test_not_applicable_parts_are_rescaled():
    result = score(counts=AgencyCounts(done_on_time=1, done_late=1))
    # completion: 40 × 0.75 = 30; no_overdue: 15; nothing else applies → 45 / 55
    assert result.parts["report_timeliness"] is None
    assert result.max_points == 55
    assert result.total == Decimal("81.82")


def test_nothing_to_score():
    result = score(counts=AgencyCounts())
    assert result.total is None
    assert set(result.parts) == set(PARTS)
    assert all(v is None for v in result.parts.values())


def test_custom_method():
    method = ScoringMethod(
        completion_on_time=50,
        no_overdue=0,
        report_timeliness=50,
        report_completeness=0,
        indicator_achievement=0,
        late_task_credit=0,
        late_report_credit=1,
    )
    counts = AgencyCounts(done_on_time=1, done_late=1, reports_late=2)
    result = score(counts=counts, method=method)
    assert result.parts["no_overdue"] is None  # a zero weight is not applicable
    assert result.total == Decimal("75.00")  # (25 + 50) / 100


def test_missing_indicator_policy():
    counts = AgencyCounts(indicators_achieved=1, indicators_no_data=1)
    assert score(counts=counts).total == Decimal("50.00")
    lenient = ScoringMethod(missing_indicator_counts_as_failed=False)
    assert score(counts=counts, method=lenient).total == Decimal("100.00")


def test_from_counts():
    counts = AgencyCounts.from_counts(
        task_counts={"due_done_on_time": 2, "open_overdue": 1, "continuous": 4, "total": 7},
        report_timeliness={"on_time": 1, "missing": 1, "not_yet_due": 1},
        items_expected=4,
        items_filled=3,
        indicators={"achieved": 1, "not_achieved": 1},
    )
    assert counts == AgencyCounts(
        done_on_time=2,
        open_overdue=1,
        reports_on_time=1,
        reports_missing=1,
        items_expected=4,
        items_filled=3,
        indicators_achieved=1,
        indicators_not_achieved=1,
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(completion_on_time=-1),
        dict(late_task_credit=Decimal("1.5")),
        dict(late_report_credit=-0.1),
        dict(
            completion_on_time=0,
            no_overdue=0,
            report_timeliness=0,
            report_completeness=0,
            indicator_achievement=0,
        ),
    ],
)
def test_bad_methods(kwargs):
    with pytest.raises(ValueError):
        ScoringMethod(**kwargs)


def test_bad_counts():
    with pytest.raises(ValueError):
        AgencyCounts(done_on_time=-1)
    with pytest.raises(ValueError):
        AgencyCounts(items_expected=1, items_filled=2)


def _s(total: str | None) -> Score:
    return Score(total=None if total is None else Decimal(total), parts={}, max_points=Decimal(0))


def test_rank_ties_share_a_position():
    scores = {"a": _s("80"), "b": _s("95"), "c": _s("80"), "d": _s("70"), "e": _s(None)}
    assert [(k, p) for k, p, _ in rank(scores)] == [
        ("b", 1),
        ("a", 2),
        ("c", 2),
        ("d", 4),
        ("e", 5),
    ]


def test_rank_all_tied_and_empty():
    assert [p for _, p, _ in rank({1: _s("50"), 2: _s("50.00"), 3: _s("50")})] == [1, 1, 1]
    assert rank({}) == []


totals = st.one_of(
    st.none(),
    st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False),
)


@given(st.dictionaries(st.integers(), totals.map(lambda t: _s(None if t is None else str(t)))))
def test_rank_properties(scores):
    ranked = rank(scores)
    assert sorted(k for k, _, _ in ranked) == sorted(scores)
    positions = [p for _, p, _ in ranked]
    assert positions == sorted(positions)  # non-decreasing
    if ranked:
        assert positions[0] == 1
    for index, (_, position, s) in enumerate(ranked):
        assert 1 <= position <= index + 1
        # a position is 1 + the number of strictly better scores
        better = sum(
            1
            for other in scores.values()
            if other.total is not None and (s.total is None or other.total > s.total)
        )
        assert position == better + 1


counts_strategy = st.builds(
    lambda a, b, c, d, e, f, g, h, i, j, k, m: AgencyCounts(
        done_on_time=a,
        done_late=b,
        open_within_deadline=c,
        open_overdue=d,
        reports_on_time=e,
        reports_late=f,
        reports_missing=g,
        items_expected=h + i,
        items_filled=i,
        indicators_achieved=j,
        indicators_not_achieved=k,
        indicators_no_data=m,
    ),
    *[st.integers(min_value=0, max_value=50)] * 12,
)


@given(counts_strategy)
def test_score_is_bounded(counts):
    result = score(counts=counts)
    if result.total is not None:
        assert Decimal(0) <= result.total <= Decimal(100)
        for name, points in result.parts.items():
            assert points is None or Decimal(0) <= points <= DEFAULT.weights()[name]


@given(counts_strategy)
def test_one_more_overdue_task_never_helps(counts):
    before = score(counts=counts).total
    worse = AgencyCounts(**{**_fields(counts), "open_overdue": counts.open_overdue + 1})
    after = score(counts=worse).total
    assert after is not None
    if before is not None and counts.tasks_with_deadline_status > 0:
        assert after <= before


def _fields(counts: AgencyCounts) -> dict[str, int]:
    return {name: getattr(counts, name) for name in AgencyCounts.__dataclass_fields__}
