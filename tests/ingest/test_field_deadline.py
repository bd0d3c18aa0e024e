"""Deadlines at the end of a cell or a flattened OCR line."""

from datetime import date

from theodoi.ingest.fields.deadline import heading_year_deadline, row_deadline, take_deadline_suffix


def test_a_deadline_ending_a_cell_is_taken_off_it():
    rest, d = take_deadline_suffix("Phòng Kinh tế Quý III/2026")
    assert rest == "Phòng Kinh tế"
    assert d.kind == "date" and d.due == date(2026, 9, 30)


def test_a_cell_without_deadline_is_left_whole():
    assert take_deadline_suffix("Phòng Kinh tế") == ("Phòng Kinh tế", None)


def test_the_deadline_column_of_flattened_lines():
    d = row_deadline(["Rà soát thủ tục Phòng Kinh tế Thường", "các thủ tục hành chính xuyên"])
    assert d.kind == "continuous"


def test_a_one_year_section_title_gives_its_year():
    assert heading_year_deadline("nhiem vu trong tam nam 2026")().due == date(2026, 12, 31)
    assert heading_year_deadline("nhiem vu giai doan 2026-2030")().kind == "unknown"
