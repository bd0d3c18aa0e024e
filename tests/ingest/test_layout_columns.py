"""Task table columns inferred from the header row, in any order and wording: one cell
per line (DOCX, text PDF), and OCR text where a row runs across all its columns."""

from datetime import date

from layout_text import namer, segmented

from theodoi.ingest.extract import extract_all
from theodoi.ingest.layouts.columns import column_order

CELLS = """I. NHIỆM VỤ
Các nhiệm vụ cụ thể tại Phụ lục kèm theo.

PHỤ LỤC
DANH MỤC NHIỆM VỤ NĂM 2026
STT
Tên nhiệm vụ
Tiến độ
Đơn vị thực hiện
Kết quả
Phối hợp
1
Mở gian hàng trực tuyến cho sản phẩm của hợp tác xã
Quý III/2026
Phòng Kinh tế
Gian hàng hoạt động
Công an xã
2
Tập huấn kỹ năng số cho hộ kinh doanh
Thường xuyên
Phòng Văn hóa - Xã hội
Lớp tập huấn
"""

# OCR text without diacritics: each row on one line, the deadline column before the lead
FLAT = """I. NHIEM VU
Cac nhiem vu cu the tai Phu luc kem theo.

PHU LUC
DANH MUC NHIEM VU NAM 2026
TT Noi dung Thoi han Co quan chu tri Phoi hop
1 Mo gian hang truc tuyen cho san pham cua hop tac xa Quy III/2026 Phong Kinh te Cong an xa
2 Tap huan ky nang so cho ho kinh doanh tren dia ban Thuong xuyen Phong Van hoa - Xa hoi
3 | Cap nhat ho so suc khoe dien tu cho nguoi dan | 30/6/2026 | Tram Y te xa | Cong an xa
"""


def _tasks(text: str):
    _i, tasks, _r = extract_all(segmented(text), namer())
    return tasks


def test_the_header_gives_the_columns_in_its_order_and_wording():
    assert column_order(["STT", "Nội dung", "Thời gian hoàn thành", "Chủ trì", "Phối hợp"]) == (
        "deadline",
        "lead",
        "coord",
    )
    assert column_order(["TT Ten nhiem vu Don vi thuc hien San pham Tien do"]) == (
        "lead",
        "output",
        "deadline",
    )
    # OCR prints a tall header cell's words on the next line: "Cơ quan" | "chủ trì"
    assert column_order(["Stt Noi dung Co quan Co quan phoi hop Thoi gian", "chu tri"]) == (
        "lead",
        "coord",
        "deadline",
    )


def test_cells_one_per_line_in_another_column_order():
    first, second = _tasks(CELLS)
    assert first.title == "Mở gian hàng trực tuyến cho sản phẩm của hợp tác xã"
    assert first.deadline.due == date(2026, 9, 30)
    assert first.lead == "Phòng Kinh tế"
    assert first.output == "Gian hàng hoạt động"
    assert first.coordinators == ["Công an xã"]
    # an empty coordinators cell: the row ends after the output
    assert (second.lead, second.deadline.kind, second.coordinators) == (
        "Phòng Văn hóa - Xã hội",
        "continuous",
        [],
    )


def test_flattened_ocr_rows_with_the_deadline_before_the_lead():
    tasks = _tasks(FLAT)
    assert [t.code for t in tasks] == ["1", "2", "3"]
    first, second, third = tasks
    assert first.deadline.due == date(2026, 9, 30)
    assert first.lead == "Phòng Kinh tế"
    assert "Quy III" not in first.title
    assert second.deadline.kind == "continuous"
    assert second.lead == "Phòng Văn hóa - Xã hội"
    # cells kept apart by column rules
    assert (third.lead, third.deadline.due) == ("Trạm Y tế xã", date(2026, 6, 30))
    assert third.coordinators == ["Công an xã"]


# OCR text without diacritics that kept one cell per line (the header names one column
# per line): read by cells like a Word table, not as rows run across the columns
OCR_CELLS = """I. NHIEM VU
Cac nhiem vu cu the tai Phu luc kem theo.

PHU LUC
DANH MUC NHIEM VU NAM 2026
STT
Noi dung
Co quan chu tri
Thoi gian hoan thanh
1
Mo gian hang truc tuyen cho san pham
cua hop tac xa tren dia ban
Phong Kinh te
Quy III/2026
2
Cap nhat ho so suc khoe dien tu
Tram Y te xa
Thuong xuyen
"""


def test_a_flattened_row_whose_lead_cell_is_cut_across_lines():
    text = FLAT.replace(
        "2 Tap huan ky nang so cho ho kinh doanh tren dia ban Thuong xuyen Phong Van hoa - Xa hoi",
        "2 Tap huan ky nang so cho ho kinh doanh tren dia ban Thuong xuyen Phong Van hoa - Xa\nhoi",
    )
    second = _tasks(text)[1]
    assert second.title == "Tap huan ky nang so cho ho kinh doanh tren dia ban"
    assert (second.lead, second.deadline.kind) == ("Phòng Văn hóa - Xã hội", "continuous")


def test_ocr_text_that_kept_one_cell_per_line_is_read_by_cells():
    from theodoi.ingest.layouts.columns import table_columns

    seg = segmented(OCR_CELLS)
    assert seg.ocr and table_columns(seg.appendices[0]).one_per_line
    assert not table_columns(segmented(FLAT).appendices[0]).one_per_line
    first, second = _tasks(OCR_CELLS)
    assert first.title == "Mo gian hang truc tuyen cho san pham cua hop tac xa tren dia ban"
    assert (first.lead, first.deadline.due) == ("Phòng Kinh tế", date(2026, 9, 30))
    assert (second.lead, second.deadline.kind) == ("Trạm Y tế xã", "continuous")
