"""Who and when in a closing parenthesis (fields/parenthesis.py), and year columns that hold
a baseline rather than a target (layouts/columns.baseline_years)."""

from theodoi.ingest.fields.parenthesis import closing_parenthesis, lead_cells
from theodoi.ingest.layouts.columns import baseline_years


def test_a_parenthesis_naming_an_agency_and_a_deadline_gives_both():
    found = closing_parenthesis(
        "Phát triển hạ tầng số (Phòng Kinh tế, Hạ tầng và Đô thị; năm 2026)."
    )
    assert found.text == "Phát triển hạ tầng số"
    assert found.who == "Phòng Kinh tế, Hạ tầng và Đô thị"
    assert (found.deadline.kind, str(found.deadline.due)) == ("date", "2026-12-31")


def test_a_deadline_after_a_comma_is_told_from_the_agency():
    found = closing_parenthesis("Tuyên truyền (Văn phòng UBND phường, thường xuyên)")
    assert (found.who, found.deadline.kind) == ("Văn phòng UBND phường", "continuous")


def test_roles_in_a_parenthesis_split_lead_from_coordinators():
    found = closing_parenthesis("Làm X (Phòng Kinh tế chủ trì, Công an xã phối hợp; Quý II/2026)")
    assert lead_cells(found.who) == ("Phòng Kinh tế", "Công an xã")


def test_a_parenthesis_without_a_closing_place_is_none():
    assert closing_parenthesis("Làm Y (nếu có) trong năm") is None


def test_a_result_column_is_a_baseline_and_a_target_column_is_not():
    header = ["STT", "Chỉ tiêu", "Kết quả năm 2024", "Mục tiêu năm 2025", "Năm 2030"]
    assert baseline_years(header) == {"2024"}


def test_a_flat_header_row_tells_each_year_by_the_words_before_it():
    header = ["TT Chỉ tiêu ĐVT Ước thực hiện 2024 Kế hoạch 2025 Mục tiêu 2030 Chủ trì"]
    assert baseline_years(header) == {"2024"}
