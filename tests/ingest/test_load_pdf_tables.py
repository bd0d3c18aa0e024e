"""Ruled tables of a PDF's text layer read by pdfplumber's table finder: each cell whole
(its wrapped lines joined), the text around in order, a table running over two pages one
table again (the header row the second page repeats dropped)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from fixtures.docgen import _pdf_font

from theodoi.ingest.load import load_text
from theodoi.ingest.loaders.pdf_tables import PdfTables

HEAD = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"]


def _rows(n: int) -> list[list[str]]:
    return [
        [
            str(i),
            f"Xây dựng cơ sở dữ liệu chuyên ngành số {i} và kết nối với hệ thống dùng chung",
            "Văn phòng Ủy ban nhân dân",
            f"Quý {1 + i % 4}/2026",
        ]
        for i in range(1, n + 1)
    ]


def _pdf(path, rows, *, after="GIÁM ĐỐC"):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    font = _pdf_font()
    style = ParagraphStyle("vi", fontName=font, fontSize=11, leading=14, spaceAfter=4)
    cells = [[Paragraph(escape(c), style) for c in row] for row in [HEAD, *rows]]
    table = Table(cells, colWidths=[30, 250, 100, 80], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    flow = [Paragraph("PHỤ LỤC NHIỆM VỤ", style), table, Paragraph(after, style)]
    SimpleDocTemplate(str(path), pagesize=A4).build(flow)
    return path


def test_ruled_table_cells_come_whole(tmp_path):
    rows = _rows(3)
    pdf = _pdf(tmp_path / "bang.pdf", rows)
    placed = PdfTables(pdf).page(1)
    assert len(placed) == 1
    assert placed[0].table.rows == [HEAD, *rows]
    assert load_text(pdf).splitlines() == [
        "PHỤ LỤC NHIỆM VỤ",
        *[c for r in [HEAD, *rows] for c in r],
        "GIÁM ĐỐC",
    ]


def test_table_over_two_pages_is_one_table(tmp_path):
    rows = _rows(30)
    pdf = _pdf(tmp_path / "dai.pdf", rows)
    tables = PdfTables(pdf)
    assert tables.page(1) and tables.page(2)  # really over two pages, header repeated
    assert tables.page(2)[0].table.rows[0] == HEAD
    lines = load_text(pdf).splitlines()
    assert lines.count("Nhiệm vụ") == 1
    assert lines == ["PHỤ LỤC NHIỆM VỤ", *[c for r in [HEAD, *rows] for c in r], "GIÁM ĐỐC"]


def test_page_without_ruled_table_has_none(tmp_path):
    from fixtures.docgen import make_text_pdf

    pdf = make_text_pdf(tmp_path / "a.pdf", ["KẾ HOẠCH", "I. MỤC TIÊU"])
    assert PdfTables(pdf).page(1) == []
