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


def test_a_deadline_in_parentheses_closes_the_item_and_leaves_its_title():
    from theodoi.ingest.fields.deadline import deadline_in_text

    title, d = deadline_in_text("Số hóa hồ sơ hộ tịch (hoàn thành trong Quý III/2026).")
    assert title == "Số hóa hồ sơ hộ tịch"
    assert d.due == date(2026, 9, 30)
    title, d = deadline_in_text("Duy tri hop truc tuyen (thuc hien thuong xuyen)")
    assert (title, d.kind) == ("Duy tri hop truc tuyen", "continuous")


def test_a_closing_deadline_clause_stays_in_the_sentence():
    from theodoi.ingest.fields.deadline import deadline_in_text

    text = "Đào tạo kỹ năng số cho cán bộ, công chức; hoàn thành trong năm 2026."
    title, d = deadline_in_text(text)
    assert title == text and d.due == date(2026, 12, 31)


def test_a_parenthesis_that_is_not_a_deadline_is_left_alone():
    from theodoi.ingest.fields.deadline import deadline_in_text

    text = "Triển khai nền tảng học trực tuyến (MOOC) cho giáo viên"
    assert deadline_in_text(text) == (text, None)
    text = "Kế hoạch phát triển thương mại điện tử giai đoạn 2026 - 2030."
    assert deadline_in_text(text) == (text, None)
