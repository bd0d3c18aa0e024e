"""A small scanned page holding a ruled table, drawn with PIL, read by the scan loader:
the table arrives as rows and cells (a lone row number and a cell of two lines too), the
text around it in order; as an image and as a scanned PDF (no text layer).

Skipped when tesseract-ocr-vie is missing, unless THEODOI_REQUIRE_OCR=1 (then it fails)."""

from __future__ import annotations

import pytest
from fixtures.docgen import draw_table_page, need_ocr_and_font
from PIL import Image
from rapidfuzz import fuzz

from theodoi.ingest.load import load_text
from theodoi.ingest.loaders.blocks import Paragraph, Table
from theodoi.ingest.loaders.scan import read_image_file

ROWS = [
    ["TT", "Nhiệm vụ", "Chủ trì", "Thời hạn"],
    ["1", "Số hóa hồ sơ hành chính|tại Bộ phận Một cửa", "Văn phòng", "Quý III/2026"],
    ["2", "Phổ biến kỹ năng số", "Phòng Kinh tế", "Thường xuyên"],
]
XS = [150, 330, 1250, 1750, 2300]


@pytest.fixture(scope="module")
def page():
    need_ocr_and_font()
    img, d, font, ys = draw_table_page(
        ROWS,
        XS,
        size=(2480, 1400),
        font_px=40,
        title_y=150,
        top=300,
        line_px=80,
        pad=20,
        row_gap=20,
    )
    y = ys[-1]
    for yy in ys:
        d.line([(XS[0], yy), (XS[-1], yy)], fill=0, width=3)
    for x in XS:
        d.line([(x, ys[0]), (x, ys[-1])], fill=0, width=3)
    d.text((150, y + 100), "GIÁM ĐỐC", font=font, fill=0)
    return img


def _cells(rows):
    return [[c.replace("|", " ") for c in r] for r in rows]


def test_scanned_table_is_read_as_rows_and_cells(tmp_path, page):
    png = tmp_path / "bang.png"
    page.save(png, dpi=(300, 300))
    doc = read_image_file(png)
    assert doc.ocr
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph"], doc.blocks
    table = doc.blocks[1]
    assert isinstance(table, Table) and len(table.rows) == len(ROWS)
    for got, want in zip(table.rows, _cells(ROWS), strict=True):
        assert len(got) == len(want)
        for cell, expected in zip(got, want, strict=True):
            assert fuzz.ratio(cell, expected) >= 90, (cell, expected)
    assert isinstance(doc.blocks[2], Paragraph) and "GIÁM" in doc.blocks[2].line


def test_scanned_pdf_writes_the_table_one_cell_per_line(tmp_path, page):
    pdf = tmp_path / "bang.pdf"
    page.convert("RGB").save(pdf, resolution=300)
    lines = [ln for ln in load_text(pdf).splitlines() if ln.strip()]
    expected = ["PHỤ LỤC NHIỆM VỤ", *[c for r in _cells(ROWS) for c in r], "GIÁM ĐỐC"]
    assert len(lines) == len(expected), lines  # one line per cell, in row order
    assert fuzz.ratio("\n".join(lines), "\n".join(expected)) >= 90, lines
    assert lines[expected.index("Phòng Kinh tế")] == "Phòng Kinh tế"


def test_skewed_scan_still_gives_the_table(tmp_path, page):
    png = tmp_path / "nghieng.png"
    page.rotate(-0.8, resample=Image.BICUBIC, fillcolor=255).save(png, dpi=(300, 300))
    tables = read_image_file(png).tables
    assert len(tables) == 1
    assert [len(r) for r in tables[0].rows] == [len(r) for r in ROWS]
    assert fuzz.ratio(tables[0].rows[2][2], "Phòng Kinh tế") >= 90
