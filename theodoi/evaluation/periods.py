"""Reporting periods generated from a plan's reporting regime.

Plain Python (standard library only); the Django side stores the result as
``reporting.ReportingPeriod`` rows. ``kind`` equals ``reporting.choices.PeriodKind`` values.

Decisions (see docs/evaluation.md):

* ``start``/``end`` are the calendar bounds of the period ("Quý I/2026" = 2026-01-01..2026-03-31)
  even when the report is due before the period ends: Vietnamese reports take data up to the
  report date.
* "trước ngày 15" is read as a deadline *inclusive* of the 15th: a report submitted on the due
  date is on time (``rules.report_timeliness``).
* Defaults: monthly — day 25 of the month; quarterly — day 15 of the quarter's last month;
  semiannual — 15/6 (one period, "6 tháng đầu năm"; the year-end report is the annual one);
  annual — 15/12.
* A due rule "day/month" for a semiannual or annual period falls on the first such date on or
  after the first day of the period's last quarter (so "15/1" for "Năm 2026" is 2027-01-15).
  For monthly and quarterly periods only the day counts.
* A semiannual rule with two dates ("10/6, 10/12") yields both halves of the year.
* A day beyond the month's length is clamped to its last day (31 → 30/6, 29/2 → 28/2).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

__all__ = [
    "FREQUENCIES",
    "PeriodSpec",
    "generate_periods",
    "month_end",
    "parse_due_rule",
    "parse_due_rules",
    "quarter_of",
    "roman",
]

FREQUENCIES = ("monthly", "quarterly", "semiannual", "annual")

DEFAULT_MONTHLY_DAY = 25
DEFAULT_QUARTERLY_DAY = 15
DEFAULT_SEMIANNUAL = (15, 6)
DEFAULT_ANNUAL = (15, 12)

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True, slots=True)
class PeriodSpec:
    """One reporting period: ``kind`` is a ``PeriodKind`` value, ``due`` the report deadline."""

    kind: str
    label: str
    start: date
    end: date
    due: date


def roman(quarter: int) -> str:
    """Roman numeral of a quarter (1 → "I" … 4 → "IV")."""
    return _ROMAN[quarter]


def month_end(*, year: int, month: int) -> date:
    """Last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_of(day: date) -> int:
    """Quarter (1–4) that contains ``day``."""
    return (day.month - 1) // 3 + 1


def _clamped(*, year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


_RULE = re.compile(r"(\d{1,2})(?:\s*(?:/|-|\.|tháng|thang)\s*(\d{1,2}))?(?!\d)", re.IGNORECASE)


_DURATION = re.compile(r"\s*(?:tháng|thang|năm|nam|quý|quy)\b", re.IGNORECASE)


def _check(day: int, month: int | None, text: str) -> tuple[int, int | None]:
    if not 1 <= day <= 31 or (month is not None and not 1 <= month <= 12):
        raise ValueError(f"không hiểu hạn báo cáo: {text!r}")
    if month is not None and day > calendar.monthrange(2000, month)[1]:  # 2000: leap year
        raise ValueError(f"ngày không có trong tháng: {text!r}")
    return day, month


def parse_due_rules(text: str) -> list[tuple[int, int | None]]:
    """All "day[/month]" dates in a due rule: "10/6, 10/12" → [(10, 6), (10, 12)].

    Accepts "30/11", "ngày 15/6", "trước ngày 15 tháng 12", "15". A year after the month
    ("15/12/2025") is ignored. Raises ``ValueError`` when nothing usable is found.
    """
    out: list[tuple[int, int | None]] = []
    # drop years so that "15/12/2025" does not read "2025" as a day
    cleaned = re.sub(r"(\d{1,2}\s*/\s*\d{1,2})\s*/\s*\d{4}", r"\1", text)
    cleaned = re.sub(r"\b(?:năm|nam)\s+\d{4}\b|\b\d{3,}\b", " ", cleaned, flags=re.IGNORECASE)
    for m in _RULE.finditer(cleaned):
        day = int(m.group(1))
        month = int(m.group(2)) if m.group(2) else None
        if month is None and _DURATION.match(cleaned, m.end()):
            continue  # "6 tháng" is a duration, not a date
        out.append(_check(day, month, text))
    if not out:
        raise ValueError(f"không hiểu hạn báo cáo: {text!r}")
    return out


def parse_due_rule(text: str) -> tuple[int, int | None]:
    """The first "day[/month]" of a due rule: "30/11" → (30, 11); "ngày 15" → (15, None)."""
    return parse_due_rules(text)[0]


def _due_after(*, anchor: date, day: int, month: int) -> date:
    """First date day/month on or after ``anchor``."""
    candidate = _clamped(year=anchor.year, month=month, day=day)
    if candidate < anchor:
        candidate = _clamped(year=anchor.year + 1, month=month, day=day)
    return candidate


def _day_only(rules: list[tuple[int, int | None]] | None, default: int) -> int:
    return rules[0][0] if rules else default


def _dated(
    rules: list[tuple[int, int | None]] | None, index: int, default: tuple[int, int]
) -> tuple[int, int]:
    """The index-th rule with a month, else the default."""
    if not rules or index >= len(rules):
        return default
    day, month = rules[index]
    return day, (month if month is not None else default[1])


def _monthly(year: int, rules: list[tuple[int, int | None]] | None) -> list[PeriodSpec]:
    day = _day_only(rules, DEFAULT_MONTHLY_DAY)
    return [
        PeriodSpec(
            kind="monthly",
            label=f"Tháng {m}/{year}",
            start=date(year, m, 1),
            end=month_end(year=year, month=m),
            due=_clamped(year=year, month=m, day=day),
        )
        for m in range(1, 13)
    ]


def _quarterly(year: int, rules: list[tuple[int, int | None]] | None) -> list[PeriodSpec]:
    day = _day_only(rules, DEFAULT_QUARTERLY_DAY)
    out = []
    for q in range(1, 5):
        last = q * 3
        out.append(
            PeriodSpec(
                kind="quarterly",
                label=f"Quý {roman(q)}/{year}",
                start=date(year, last - 2, 1),
                end=month_end(year=year, month=last),
                due=_clamped(year=year, month=last, day=day),
            )
        )
    return out


def _semiannual(year: int, rules: list[tuple[int, int | None]] | None) -> list[PeriodSpec]:
    first_day, first_month = _dated(rules, 0, DEFAULT_SEMIANNUAL)
    out = [
        PeriodSpec(
            kind="semiannual",
            label=f"6 tháng đầu năm {year}",
            start=date(year, 1, 1),
            end=date(year, 6, 30),
            due=_due_after(anchor=date(year, 4, 1), day=first_day, month=first_month),
        )
    ]
    if rules and len(rules) >= 2:
        day, month = _dated(rules, 1, DEFAULT_ANNUAL)
        out.append(
            PeriodSpec(
                kind="semiannual",
                label=f"6 tháng cuối năm {year}",
                start=date(year, 7, 1),
                end=date(year, 12, 31),
                due=_due_after(anchor=date(year, 10, 1), day=day, month=month),
            )
        )
    return out


def _annual(year: int, rules: list[tuple[int, int | None]] | None) -> list[PeriodSpec]:
    # several dates ("10/6, 10/12"): the year-end one is the annual report
    day, month = _dated(rules[-1:] if rules else None, 0, DEFAULT_ANNUAL)
    return [
        PeriodSpec(
            kind="annual",
            label=f"Năm {year}",
            start=date(year, 1, 1),
            end=date(year, 12, 31),
            due=_due_after(anchor=date(year, 10, 1), day=day, month=month),
        )
    ]


_BUILDERS = {
    "monthly": _monthly,
    "quarterly": _quarterly,
    "semiannual": _semiannual,
    "annual": _annual,
}


def generate_periods(*, frequency: str, year: int, due_rule: str | None = None) -> list[PeriodSpec]:
    """The reporting periods of one calendar year for a reporting frequency.

    ``frequency`` is one of ``FREQUENCIES``; ``due_rule`` is the plan's wording of the deadline
    ("30/11", "ngày 15/6", "10/6, 10/12", "15"), ``None`` or blank for the defaults.
    Periods come back in chronological order.
    """
    try:
        builder = _BUILDERS[frequency]
    except KeyError:
        raise ValueError(f"unknown reporting frequency: {frequency!r}") from None
    if not 1 <= year <= 9998:
        raise ValueError(f"year out of range: {year}")
    rules = parse_due_rules(due_rule) if due_rule and due_rule.strip() else None
    return builder(year, rules)
