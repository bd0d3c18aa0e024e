"""Tables in the body of a plan (theodoi/ingest/body_tables.py): tab-separated rows become one
cell per line, a run opening with a table's header row is kept a table up to the body's next
heading, and the same plan reads alike as text and as a Word table."""

from __future__ import annotations

from pathlib import Path

import pytest

from theodoi.ingest.body_tables import mark_body_tables, split_cells
from theodoi.ingest.pipeline import ingest_file, ingest_text

PLAN = Path(__file__).parent / "fixtures" / "plans" / "so-nong-nghiep-lam-dong-2026.txt"


def test_a_tab_separated_row_gives_one_cell_per_item():
    assert split_cells("1.1\tBan hành quy chế\tVăn phòng\t\tQuý II/2026") == [
        "1.1",
        "Ban hành quy chế",
        "Văn phòng",
        "Quý II/2026",
    ]


def test_a_line_with_one_tab_is_no_row():
    assert split_cells("Lâm Đồng,\tngày 14 tháng 3 năm 2026") == [
        "Lâm Đồng,\tngày 14 tháng 3 năm 2026"
    ]


def test_a_row_laid_out_with_wide_gaps_gives_its_cells():
    row = "2.1   Xây dựng cơ sở dữ liệu    Văn phòng Đăng ký    Tháng 12/2026"
    assert split_cells(row) == [
        "2.1",
        "Xây dựng cơ sở dữ liệu",
        "Văn phòng Đăng ký",
        "Tháng 12/2026",
    ]


def test_a_justified_line_or_a_two_column_header_is_no_row():
    justified = "Triển  khai  thực  hiện  các  nhiệm vụ  được  giao"
    header = "ỦY BAN NHÂN DÂN        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert split_cells(justified) == [justified]
    assert split_cells(header) == [header]


def test_the_same_plan_laid_out_with_spaces_reads_the_same():
    text = PLAN.read_text(encoding="utf-8")
    assert _read(ingest_text(text.replace("\t", "    "))) == _read(ingest_text(text))


def _regions(lines):
    return mark_body_tables(lines, ["body"] * len(lines))


def test_a_table_runs_from_its_header_to_the_next_heading_of_the_body():
    lines = [
        "II. CHỈ TIÊU CHỦ YẾU",
        "TT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Năm 2026",
        "I",
        "Nhóm chỉ tiêu về dữ liệu",
        "1",
        "Tỷ lệ hồ sơ được số hóa",
        "%",
        "70",
        "III. NHIỆM VỤ, GIẢI PHÁP",
        "1. Hoàn thiện thể chế.",
    ]
    regions = _regions(lines)
    assert regions[0] == "body"
    assert set(regions[1:11]) == {"table"}, "a roman group row inside the table ends nothing"
    assert regions[11:] == ["body", "body"]


def test_a_flat_header_row_opens_a_table_too():
    lines = [
        "III. NHIỆM VỤ",
        "TT Nội dung nhiệm vụ Đơn vị chủ trì Thời gian hoàn thành",
        "1 Số hóa hồ sơ Văn phòng Quý II/2026",
    ]
    assert _regions(lines) == ["body", "table", "table"]


def test_prose_opening_with_tt_is_no_table():
    lines = ["I. MỤC ĐÍCH", "TT kiểm tra việc thực hiện hằng năm.", "1. Bảo đảm tiến độ."]
    assert _regions(lines) == ["body"] * 3


def test_lines_of_an_appendix_or_the_closing_stay_where_they_are():
    lines = ["TT", "Nội dung", "Chủ trì", "1"]
    assert mark_body_tables(lines, ["appendix"] * 4) == ["appendix"] * 4


def _read(plan):
    tasks = {t.code: (t.title, t.lead, t.deadline.raw) for t in plan.tasks}
    indicators = {i.code: (i.name, i.lead, i.unit) for i in plan.indicators}
    return tasks, indicators


def test_body_tables_are_read_as_tasks_and_indicators():
    tasks, indicators = _read(ingest_text(PLAN.read_text(encoding="utf-8")))
    assert tasks["2.3"] == (
        "Số hóa bản đồ quy hoạch ba loại rừng",
        "Chi cục Kiểm lâm",
        "Quý IV/2026",
    )
    assert tasks["1.1"][1] == "Văn phòng Sở"
    assert "1" not in tasks, "the row numbered 1 heads rows 1.1 and 1.2: it is their group"
    assert indicators["2"][1:] == ("Chi cục Phát triển nông thôn", "HTX")


def test_a_collective_coordinator_is_not_the_province_committee():
    plan = ingest_text(PLAN.read_text(encoding="utf-8"))
    task = next(t for t in plan.tasks if t.code == "3.1")
    assert task.coordinators == ["UBND các xã, phường"]


def _as_word(text: str, path: Path) -> Path:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if lines[i].count("\t") < 2:
            document.add_paragraph(lines[i])
            i += 1
            continue
        rows = []
        while i < len(lines) and lines[i].count("\t") >= 1:
            rows.append(lines[i].split("\t"))
            i += 1
        table = document.add_table(rows=len(rows), cols=max(map(len, rows)))
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                table.cell(r, c).text = cell
    document.save(path)
    return path


def test_the_same_plan_as_a_word_table_reads_the_same(tmp_path):
    text = PLAN.read_text(encoding="utf-8")
    from_text = _read(ingest_text(text))
    from_word = _read(ingest_file(_as_word(text, tmp_path / "plan.docx")))
    assert from_word == from_text
