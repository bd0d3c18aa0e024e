"""Reporting periods from a plan's regime (plain Python, no Django)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from theodoi.evaluation.periods import (
    FREQUENCIES,
    PeriodSpec,
    generate_periods,
    parse_due_rule,
    parse_due_rules,
)

PARSE_CASES = [
    ("30/11", (30, 11)),
    ("ngày 15/6", (15, 6)),
    ("15", (15, None)),
    ("ngày 15", (15, None)),
    ("trước ngày 15 tháng 12", (15, 12)),
    ("Trước ngày 10/12", (10, 12)),
    ("15/12/2025", (15, 12)),
    ("định kỳ 6 tháng (trước ngày 15/6)", (15, 6)),
    ("29/2", (29, 2)),
]


@pytest.mark.parametrize(("text", "expected"), PARSE_CASES)
def test_parse_due_rule(text, expected):
    assert parse_due_rule(text) == expected


def test_parse_due_rules_two_dates():
    assert parse_due_rules("10/6, 10/12") == [(10, 6), (10, 12)]
    assert parse_due_rules("ngày 10 tháng 6 và ngày 10 tháng 12 hằng năm") == [(10, 6), (10, 12)]


@pytest.mark.parametrize("text", ["", "hằng năm", "32/1", "15/13", "31/4", "0"])
def test_parse_due_rule_rejects(text):
    with pytest.raises(ValueError):
        parse_due_rule(text)


def _one(frequency: str, year: int, due_rule: str | None = None, index: int = 0) -> PeriodSpec:
    return generate_periods(frequency=frequency, year=year, due_rule=due_rule)[index]


PERIOD_CASES = [
    # frequency, year, rule, index, kind, label, start, end, due
    ("quarterly", 2026, None, 0, "Quý I/2026", (1, 1), (3, 31), (3, 15)),
    ("quarterly", 2025, None, 3, "Quý IV/2025", (10, 1), (12, 31), (12, 15)),
    ("quarterly", 2026, "ngày 10", 1, "Quý II/2026", (4, 1), (6, 30), (6, 10)),
    ("semiannual", 2026, None, 0, "6 tháng đầu năm 2026", (1, 1), (6, 30), (6, 15)),
    ("semiannual", 2026, "10/6", 0, "6 tháng đầu năm 2026", (1, 1), (6, 30), (6, 10)),
    ("semiannual", 2026, "10/6, 10/12", 1, "6 tháng cuối năm 2026", (7, 1), (12, 31), (12, 10)),
    ("annual", 2026, None, 0, "Năm 2026", (1, 1), (12, 31), (12, 15)),
    ("annual", 2026, "10/12", 0, "Năm 2026", (1, 1), (12, 31), (12, 10)),
    ("annual", 2025, "30/11", 0, "Năm 2025", (1, 1), (12, 31), (11, 30)),
    ("annual", 2026, "10/6, 10/12", 0, "Năm 2026", (1, 1), (12, 31), (12, 10)),
    ("monthly", 2026, None, 2, "Tháng 3/2026", (3, 1), (3, 31), (3, 25)),
    ("monthly", 2026, "31", 1, "Tháng 2/2026", (2, 1), (2, 28), (2, 28)),
    ("monthly", 2028, "ngày 5", 1, "Tháng 2/2028", (2, 1), (2, 29), (2, 5)),
]


@pytest.mark.parametrize(
    ("frequency", "year", "rule", "index", "label", "start", "end", "due"), PERIOD_CASES
)
def test_generate_periods(frequency, year, rule, index, label, start, end, due):
    p = _one(frequency, year, rule, index)
    assert p == PeriodSpec(
        kind=frequency,
        label=label,
        start=date(year, *start),
        end=date(year, *end),
        due=date(year, *due),
    )


def test_counts_per_year():
    counts = {f: len(generate_periods(frequency=f, year=2026)) for f in FREQUENCIES}
    assert counts == {"monthly": 12, "quarterly": 4, "semiannual": 1, "annual": 1}


def test_annual_due_early_next_year():
    assert _one("annual", 2026, "15/1").due == date(2027, 1, 15)


def test_unknown_frequency():
    with pytest.raises(ValueError):
        generate_periods(frequency="weekly", year=2026)


def test_periods_are_frozen():
    p = _one("annual", 2026)
    with pytest.raises(AttributeError):
        p.due = date(2026, 1, 1)  # type: ignore[misc]


@given(
    frequency=st.sampled_from(FREQUENCIES),
    year=st.integers(min_value=1990, max_value=2100),
    day=st.one_of(st.none(), st.integers(min_value=1, max_value=31)),
)
def test_periods_tile_and_are_bounded(frequency, year, day):
    periods = generate_periods(
        frequency=frequency, year=year, due_rule=None if day is None else str(day)
    )
    assert periods[0].start == date(year, 1, 1)
    for a, b in zip(periods, periods[1:], strict=False):
        assert b.start == a.end + timedelta(days=1)
    for p in periods:
        assert p.kind == frequency
        assert p.start <= p.end
        assert p.label.endswith(str(year))
        assert p.start <= p.due  # a report is never due before its period starts
        if frequency in ("monthly", "quarterly"):
            assert p.due <= p.end
