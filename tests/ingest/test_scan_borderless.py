"""Tables printed without ruling lines, read from a scan: a commune plan's DOCX whose two
annex tables (indicators; tasks with a group row across the table) have no borders,
rendered to PDF by LibreOffice, rasterised at 200 dpi in grey with no text layer and read
through the scan path.  Each table arrives as rows and cells rebuilt from the word boxes
(columns from the white rivers between them, rows from the row-number column); its tasks'
leads and deadlines, its indicators' leads and targets are scored against the plan as written.

Skipped when LibreOffice, pdftoppm or tesseract-ocr-vie is missing, unless
THEODOI_REQUIRE_OCR=1 or THEODOI_REQUIRE_OFFICE=1 (then it fails)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from theodoi.documents.services import docx_to_pdf, soffice_path
from theodoi.ingest.agency_catalogue import registry_for_plan
from theodoi.ingest.evaluate import evaluate
from theodoi.ingest.loaders.blocks import Table, document_text
from theodoi.ingest.loaders.scan import read_image_file
from theodoi.ingest.ocr import ocr_available
from theodoi.ingest.pipeline import ingest_text

DPI = 200
HEADER_LEFT = ["ỦY BAN NHÂN DÂN", "XÃ ĐÔNG SƠN", "Số: 88/KH-UBND"]
HEADER_RIGHT = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Đông Sơn, ngày 12 tháng 3 năm 2026",
]
BODY = [
    "KẾ HOẠCH",
    "Chuyển đổi số trên địa bàn xã năm 2026",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Triển khai kịp thời, đồng bộ các nhiệm vụ chuyển đổi số trên địa bàn xã.",
    "II. CHỈ TIÊU VÀ NHIỆM VỤ",
    "Các chỉ tiêu tại Phụ lục I, các nhiệm vụ cụ thể tại Phụ lục II kèm theo.",
    "III. TỔ CHỨC THỰC HIỆN",
    "Văn phòng HĐND và UBND xã theo dõi, tổng hợp, báo cáo kết quả hằng quý.",
    "CHỦ TỊCH",
]
INDICATORS = [
    ["TT", "Chỉ tiêu", "Đơn vị tính", "Năm 2026", "Cơ quan chủ trì"],
    ["1", "Tỷ lệ hồ sơ thủ tục hành chính được số hóa", "%", "100", "Văn phòng HĐND và UBND xã"],
    ["2", "Tỷ lệ người dân có tài khoản định danh điện tử", "%", "90", "Công an xã"],
    ["3", "Số hộ kinh doanh thanh toán bằng mã QR", "hộ", "200", "Phòng Kinh tế"],
]
TASKS = [
    ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"],
    ["I", "Chính quyền số"],  # a group row, one cell across the table
    [
        "1",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Bộ phận Một cửa",
        "Văn phòng HĐND và UBND xã",
        "Công an xã",
        "31/12/2026",
    ],
    [
        "2",
        "Làm sạch dữ liệu dân cư, kết nối với cơ sở dữ liệu quốc gia",
        "Công an xã",
        "Văn phòng HĐND và UBND xã",
        "30/6/2026",
    ],
    [
        "3",
        "Đào tạo, bồi dưỡng kỹ năng số cho cán bộ, công chức xã",
        "Văn phòng HĐND và UBND xã",
        "Các phòng chuyên môn",
        "Hằng năm",
    ],
    ["II", "Kinh tế số và xã hội số"],
    [
        "4",
        "Tuyên truyền, phổ biến kỹ năng số cho người dân qua tổ công nghệ số cộng đồng",
        "Phòng Văn hóa - Xã hội",
        "Đoàn Thanh niên xã",
        "Thường xuyên",
    ],
    [
        "5",
        "Triển khai thanh toán không dùng tiền mặt tại chợ và cơ sở kinh doanh",
        "Phòng Kinh tế",
        "Các hộ kinh doanh",
        "Quý III/2026",
    ],
    [
        "6",
        "Ứng dụng hồ sơ sức khỏe điện tử cho người dân trên địa bàn",
        "Trạm Y tế xã",
        "Phòng Văn hóa - Xã hội",
        "Năm 2026",
    ],
    [
        "7",
        "Xây dựng mô hình thôn thông minh, camera an ninh kết nối trung tâm",
        "Phòng Kinh tế",
        "Công an xã",
        "Quý IV/2026",
    ],
    [
        "8",
        "Đánh giá mức độ chuyển đổi số của xã theo bộ chỉ số",
        "Phòng Văn hóa - Xã hội",
        "Các phòng chuyên môn",
        "15/11/2026",
    ],
]
DEADLINES = {
    "31/12/2026": {"kind": "date", "due": "2026-12-31"},
    "30/6/2026": {"kind": "date", "due": "2026-06-30"},
    "Hằng năm": {"kind": "recurring", "due": None},
    "Thường xuyên": {"kind": "continuous", "due": None},
    "Quý III/2026": {"kind": "date", "due": "2026-09-30"},
    "Năm 2026": {"kind": "date", "due": "2026-12-31"},
    "Quý IV/2026": {"kind": "date", "due": "2026-12-31"},
    "15/11/2026": {"kind": "date", "due": "2026-11-15"},
}
GOLD = {
    "indicators": [
        {
            "name": r[1],
            "unit": r[2],
            "targets": [{"period": "2026", "op": "=", "value": int(r[3])}],
            "lead": r[4],
        }
        for r in INDICATORS[1:]
    ],
    "tasks": [
        {"code": r[0], "title": r[1], "lead": r[2], "deadline": DEADLINES[r[4]]}
        for r in TASKS[1:]
        if len(r) == 5
    ],
}


def _borderless_table(doc, rows: list[list[str]]) -> None:
    """A Word table with no borders (python-docx's default table style has none); a row of
    two values is a group row, its second cell merged across the other columns."""
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    for r, row in enumerate(rows):
        cells = table.rows[r].cells
        if len(row) < width:
            cells[1].merge(cells[-1])
        for c, value in enumerate(row):
            cells[c].text = value


def _build(path: Path) -> Path:
    import runpy

    word = runpy.run_path(str(Path(__file__).parent / "fixtures" / "plans" / "word_plan.py"))
    doc = word["plan_docx"](HEADER_LEFT, HEADER_RIGHT, BODY)
    doc.add_paragraph("PHỤ LỤC I")
    doc.add_paragraph("CHỈ TIÊU CHUYỂN ĐỔI SỐ NĂM 2026")
    _borderless_table(doc, INDICATORS)
    doc.add_paragraph("PHỤ LỤC II")
    doc.add_paragraph("DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026")
    _borderless_table(doc, TASKS)
    doc.save(path)
    return path


@pytest.fixture(scope="module")
def scan(tmp_path_factory):
    missing = [
        name
        for name, ok in (
            ("LibreOffice", soffice_path()),
            ("pdftoppm", shutil.which("pdftoppm")),
            ("tesseract-ocr-vie", ocr_available()),
        )
        if not ok
    ]
    if missing:
        msg = f"thiếu {', '.join(missing)}: chạy scripts/ensure-ocr.sh, scripts/ensure-office.sh"
        if os.environ.get("THEODOI_REQUIRE_OCR") == "1" or os.environ.get("THEODOI_REQUIRE_OFFICE"):
            pytest.fail(msg)
        pytest.skip(msg)
    from PIL import Image

    out = tmp_path_factory.mktemp("borderless")
    docx = _build(out / "plan.docx")
    pdf = out / "plan.pdf"
    pdf.write_bytes(docx_to_pdf(docx.read_bytes()))
    cmd = ["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), str(out / "page")]
    subprocess.run(cmd, check=True, timeout=600)
    pages = [Image.open(p).convert("L") for p in sorted(out.glob("page-*.png"))]
    tif = out / "scan.tif"
    pages[0].save(tif, save_all=True, append_images=pages[1:], dpi=(DPI, DPI))
    return read_image_file(tif)


def _close(cell: str, want: str) -> bool:
    return fuzz.ratio(" ".join(cell.split()), want) >= 85


def _table_like(doc, rows: list[list[str]]) -> Table:
    tables = [t for t in doc.tables if t.width == len(rows[0])]
    return max(tables, key=lambda t: fuzz.ratio(" ".join(t.rows[0]), " ".join(rows[0])))


@pytest.mark.parametrize("rows", [INDICATORS, TASKS], ids=["indicators", "tasks"])
def test_borderless_table_arrives_as_rows_and_cells(scan, rows):
    table = _table_like(scan, rows)
    assert len(table.rows) == len(rows), table.rows
    cells = [
        (got, want)
        for g, w in zip(table.rows, rows, strict=True)
        for got, want in zip(g, w, strict=False)
    ]
    right = [c for c in cells if _close(*c)]
    assert len(right) >= 0.9 * len(cells), [c for c in cells if not _close(*c)]


def test_a_group_row_is_one_cell_across_the_table(scan):
    table = _table_like(scan, TASKS)
    groups = [r for r in table.rows if len(r) == 2]
    assert [g[0] for g in groups] == ["I", "II"]
    assert _close(groups[1][1], "Kinh tế số và xã hội số")


def test_body_outside_the_tables_stays_paragraphs(scan):
    text = document_text(scan)
    assert "III. TỔ CHỨC THỰC HIỆN" in text
    assert len(scan.tables) == 2, [t.rows[:1] for t in scan.tables]


def test_borderless_annexes_keep_their_leads_deadlines_and_targets(scan):
    got = ingest_text(document_text(scan))
    scores = evaluate(got.to_dict(), GOLD, name="x", registry=registry_for_plan(got)).figures()
    assert scores["task_recall"] >= 0.9, scores
    assert scores["task_lead"] >= 0.9 and scores["deadline"] >= 0.9, scores
    assert scores["indicator_recall"] >= 0.9 and scores["indicator_lead"] >= 0.9, scores
    assert scores["target"] >= 0.9, scores


# a second hand: drawn with Pillow in DejaVu Sans at 300 dpi, cells of several lines,
# a paragraph below the table (no LibreOffice needed)
DRAWN = [
    ["STT", "Nội dung", "Đơn vị chủ trì", "Thời gian hoàn thành"],
    ["1", "Số hóa hồ sơ hành chính|tại Bộ phận Một cửa", "Văn phòng|HĐND và UBND", "Quý II/2026"],
    ["2", "Phổ biến kỹ năng số|cho người dân", "Phòng Văn hóa -|Xã hội", "Thường xuyên"],
    ["3", "Thanh toán không dùng|tiền mặt tại chợ", "Phòng Kinh tế", "31/12/2026"],
]
DRAWN_XS = [150, 330, 1150, 1750]


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    from fixtures.docgen import draw_table_page, need_ocr_and_font

    need_ocr_and_font()
    img, d, font, edges = draw_table_page(
        DRAWN,
        DRAWN_XS,
        size=(2480, 1500),
        font_px=38,
        title_y=120,
        top=260,
        line_px=60,
        pad=0,
        row_gap=40,
    )
    y = edges[-1]
    para = "Các cơ quan, đơn vị căn cứ nhiệm vụ được giao tổ chức triển khai thực hiện."
    d.text((150, y + 60), para, font=font, fill=0)
    png = tmp_path_factory.mktemp("drawn") / "bang.png"
    img.save(png, dpi=(300, 300))
    return read_image_file(png)


def test_a_drawn_borderless_table_is_read_as_rows_and_cells(drawn):
    (table,) = drawn.tables
    want = [[c.replace("|", " ") for c in r] for r in DRAWN]
    assert len(table.rows) == len(want), table.rows
    for got, row in zip(table.rows, want, strict=True):
        assert len(got) == len(row)
        for cell, expected in zip(got, row, strict=True):
            assert fuzz.ratio(" ".join(cell.split()), expected) >= 85, (cell, expected)
    lines = [b.line for b in drawn.blocks if not isinstance(b, Table)]
    assert "PHỤ LỤC" in lines[0] and lines[-1].startswith("Các cơ quan")
