"""The .xlsx and CSV writers: formulas neutralised, dates as dates, numbers as numbers."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

from openpyxl import load_workbook

from theodoi.exchange import xlsx

PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    "@SUM(A1)",
    "+1+1",
    "-2+3",
    "\tcmd",
    "\r=1",
]


def _load(content: bytes):
    return load_workbook(io.BytesIO(content))


def _sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(
            archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        )


def test_formula_payloads_are_stored_as_text_never_as_formulas():
    content = xlsx.write_table(["Nội dung"], [[p] for p in PAYLOADS], "Nhiệm vụ")
    ws = _load(content)["Nhiệm vụ"]
    for row, payload in enumerate(PAYLOADS, start=2):
        cell = ws.cell(row=row, column=1)
        assert cell.data_type == "s", payload
        assert cell.value == "'" + payload
        assert xlsx.unneutralise(cell.value) == payload
    assert "<f>" not in _sheet_xml(content)  # no formula element anywhere


def test_plain_text_and_negative_numbers_are_left_alone():
    content = xlsx.write_table(["a", "b", "c"], [["Kế hoạch 12/KH-UBND", -5, "a=b"]], "x")
    ws = _load(content)["x"]
    assert [c.value for c in ws[2]] == ["Kế hoạch 12/KH-UBND", -5, "a=b"]
    assert ws["B2"].data_type == "n"


def test_header_bold_and_frozen_dates_and_numbers_typed():
    content = xlsx.write_table(
        ["TT", "Hạn hoàn thành", "Tiến độ (%)", "Giá trị"],
        [["1.1", dt.date(2025, 10, 31), 40, Decimal("62.5")], ["1.2", None, 0, None]],
        "Nhiệm vụ",
    )
    ws = _load(content)["Nhiệm vụ"]
    assert ws["A1"].value == "TT" and ws["B1"].value == "Hạn hoàn thành"
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws["B2"].value == dt.datetime(2025, 10, 31)
    assert ws["B2"].is_date and ws["B2"].number_format == "DD/MM/YYYY"
    assert ws["C2"].value == 40 and ws["C2"].data_type == "n"
    assert ws["D2"].value == 62.5 and ws["D2"].data_type == "n"
    assert ws["A2"].data_type == "s"  # "1.1" stays text
    assert 6 <= ws.column_dimensions["B"].width <= 60


def test_column_widths_follow_content_within_bounds():
    content = xlsx.write_table(["a", "b"], [["x" * 500, "ngắn"]], "s")
    ws = _load(content)["s"]
    assert ws.column_dimensions["A"].width == xlsx.MAX_WIDTH
    assert ws.column_dimensions["B"].width >= len("ngắn")


def test_workbook_with_several_sheets_and_unsafe_titles():
    content = xlsx.write_workbook(
        [
            xlsx.Sheet("Chỉ tiêu", ["TT"], [["1"]]),
            xlsx.Sheet("Mục tiêu: 2025/2030 [dài quá ba mươi mốt ký tự]", ["TT"], []),
        ]
    )
    wb = _load(content)
    assert wb.sheetnames[0] == "Chỉ tiêu"
    assert len(wb.sheetnames[1]) <= 31 and "/" not in wb.sheetnames[1]


def test_csv_has_bom_vietnamese_headers_and_neutralised_cells():
    content = xlsx.write_csv(
        ["TT", "Nội dung nhiệm vụ", "Hạn hoàn thành"],
        [["1.1", '=HYPERLINK("http://x","y")', dt.date(2025, 10, 31)]],
    )
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "TT,Nội dung nhiệm vụ,Hạn hoàn thành"
    assert lines[1] == '1.1,"\'=HYPERLINK(""http://x"",""y"")",31/10/2025'
