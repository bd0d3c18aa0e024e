"""What a value must mean to be kept: the one place for the rules on plan numbers, years and
dates, and indicator values. Model fields and `clean()` use them, so a page, an upload and the
API are held to the same rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator

from theodoi.textnorm import search_key

YEAR_MIN, YEAR_MAX = 2000, 2100

YEAR_VALIDATORS = [
    MinValueValidator(YEAR_MIN, f"Năm phải từ {YEAR_MIN} đến {YEAR_MAX}."),
    MaxValueValidator(YEAR_MAX, f"Năm phải từ {YEAR_MIN} đến {YEAR_MAX}."),
]


def validate_date_in_range(value: dt.date | None) -> None:
    """No date of this domain lies outside 2000–2100: a year typed 1990 or 2450 is a typo."""
    if value is not None and not (YEAR_MIN <= value.year <= YEAR_MAX):
        raise ValidationError(
            f"Ngày {value:%d/%m/%Y} không hợp lệ: phải trong khoảng năm {YEAR_MIN}–{YEAR_MAX}.",
            code="date_range",
        )


# A Vietnamese document's number and symbol ("số, ký hiệu"): a number, then parts joined by
# "/" or "-": 57/KH-UBND, 57-NQ/TW, 03/NQ-CP, 12/2025/NQ-HĐND, 145/KH-BCĐ, 92/KH-SKHCN.
DOCUMENT_NUMBER_PATTERN = r"^\d{1,6}[a-zA-Z]?(?:[/-][0-9A-Za-zÀ-ỹĐđ&.]+)+$"

validate_document_number = RegexValidator(
    DOCUMENT_NUMBER_PATTERN,
    "Số, ký hiệu văn bản không đúng dạng (ví dụ 57/KH-UBND, 71/NQ-CP, 57-NQ/TW).",
    code="document_number",
)


def plan_year_bounds(plan) -> tuple[int, int]:
    """The years a plan's dates may fall in: its period (from its first year; a plan with no
    period from the year before it was issued) up to its last year, else 2000–2100."""
    first = plan.period_start or (plan.issued_on.year - 1 if plan.issued_on else YEAR_MIN)
    last = plan.period_end or YEAR_MAX
    return max(first, YEAR_MIN), min(max(last, first), YEAR_MAX)


def date_outside_plan(plan, value: dt.date | None, *, slack_after: int = 0) -> str | None:
    """A message when ``value`` falls outside the plan's years; ``slack_after`` years are
    allowed past its last year (a report of the last quarter is due the next January)."""
    if value is None:
        return None
    first, last = plan_year_bounds(plan)
    last = min(last + slack_after, YEAR_MAX)
    if first <= value.year <= last:
        return None
    return f"Ngày {value:%d/%m/%Y} nằm ngoài thời gian của kế hoạch ({first}–{last})."


def check_dates_within_plan(plan, dates: dict[str, dt.date | None], **kwargs) -> None:
    """Raise one ValidationError naming every field whose date falls outside the plan."""
    errors = {}
    for field, value in dates.items():
        message = date_outside_plan(plan, value, **kwargs)
        if message:
            errors[field] = message
    if errors:
        raise ValidationError(errors)


_PERCENT_UNITS = {"%", "phan tram", "ty le", "ty le %", "(%)"}
_UNBOUNDED_WORDS = ("tang truong", "so voi", "tang them", "giam")


def is_percentage(indicator) -> bool:
    """An indicator measured in per cent of a whole, bounded 0–100; a growth rate or a
    comparison ("tăng trưởng", "so với cùng kỳ") may be negative or above 100."""
    unit = search_key(indicator.unit_of_measure or "").strip()
    if unit not in _PERCENT_UNITS and not unit.startswith("%"):
        return False
    text = f"{unit} {search_key(indicator.name or '')}"
    return not any(word in text for word in _UNBOUNDED_WORDS)


def indicator_value_message(indicator, value: Decimal | None) -> str | None:
    if value is None or not is_percentage(indicator):
        return None
    if Decimal(0) <= value <= Decimal(100):
        return None
    return (
        f"Chỉ tiêu tính bằng % nên giá trị phải từ 0 đến 100 (đã nhập {value.normalize():f}); "
        "nếu là tốc độ tăng trưởng, hãy sửa đơn vị tính của chỉ tiêu."
    )
