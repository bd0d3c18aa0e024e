from datetime import date

import pytest

from theodoi.ingest.deadlines import parse_deadline

CASES = [
    ("Tháng 10/2025", "date", date(2025, 10, 31), None),
    ("10/2025", "date", date(2025, 10, 31), None),
    ("Quý IV/2025", "date", date(2025, 12, 31), None),
    ("Quy IV/2025", "date", date(2025, 12, 31), None),
    ("Hằng năm", "recurring", None, "annual"),
    ("Hàng năm", "recurring", None, "annual"),
    ("Hang nam", "recurring", None, "annual"),
    ("Thường xuyên", "continuous", None, None),
    ("Thuong xuyen", "continuous", None, None),
    ("Trước ngày 20/12/2025", "date", date(2025, 12, 20), None),
    ("Sau khi Trung ương ban hành", "conditional", None, None),
    ("Cuối 2025", "date", date(2025, 12, 31), None),
    ("Năm 2025", "date", date(2025, 12, 31), None),
    ("Hằng tuần hoặc theo yêu cầu", "recurring", None, "weekly"),
    ("6 tháng đầu năm 2026", "date", date(2026, 6, 30), None),
    ("Năm 2025 và những năm tiếp theo", "recurring", date(2025, 12, 31), "annual"),
    # quarters named together are due with the last one
    ("Quý I-II/2026", "date", date(2026, 6, 30), None),
    ("Quý III, IV/2025", "date", date(2025, 12, 31), None),
    ("Quý I và II năm 2026", "date", date(2026, 6, 30), None),
    ("Quý II - Quý III/2026", "date", date(2026, 9, 30), None),
    ("Q4/2025", "date", date(2025, 12, 31), None),  # not April
    ("Q.IV/2026", "date", date(2026, 12, 31), None),
    # a date of every year
    ("Tháng 6 hằng năm", "recurring", None, "annual"),
    ("Trước 15/10 hằng năm", "recurring", None, "annual"),
    ("Quý IV hàng năm", "recurring", None, "annual"),
    # from a year on
    ("Từ năm 2026 trở đi", "recurring", date(2026, 12, 31), "annual"),
    ("Năm 2026 trở đi", "recurring", date(2026, 12, 31), "annual"),
    ("Đầu năm 2026", "date", date(2026, 3, 31), None),
    ("Giữa năm 2026", "date", date(2026, 6, 30), None),
]


@pytest.mark.parametrize(("raw", "kind", "due", "recurrence"), CASES)
def test_deadline_kind_due_and_recurrence(raw, kind, due, recurrence):
    d = parse_deadline(raw)
    assert (d.kind, d.due, d.recurrence) == (kind, due, recurrence)
    assert d.raw == raw


def test_year_range_spans_whole_years():
    d = parse_deadline("2026-2030")
    assert (d.kind, d.start, d.end) == ("range", date(2026, 1, 1), date(2030, 12, 31))


def test_conditional_keeps_condition_as_read():
    assert parse_deadline("Sau khi Trung ương ban hành").condition == "Sau khi Trung ương ban hành"


@pytest.mark.parametrize("raw", ["", None, "   "])
def test_empty_deadline_is_unknown_without_raw(raw):
    d = parse_deadline(raw)
    assert d.kind == "unknown" and d.raw is None


def test_unreadable_deadline_is_unknown_but_kept():
    d = parse_deadline("Theo kế hoạch chung")
    assert d.kind in ("unknown", "conditional")
    assert d.raw == "Theo kế hoạch chung"


def test_strict_mode_rejects_text_around_a_date():
    assert parse_deadline("Kế hoạch 9/2025", strict=True).kind == "unknown"
    assert parse_deadline("Tháng 8/2025 và thường xuyên").due == date(2025, 8, 31)
