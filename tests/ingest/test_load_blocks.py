"""The blocks every loader emits and the text written from them: a table one cell per line
in row order, a table cut by a page break joined again."""

from __future__ import annotations

from theodoi.ingest.loaders.blocks import Document, Paragraph, Table, document_text, join_pages

HEAD = ["TT", "Nhiệm vụ", "Chủ trì", "Thời hạn"]


def test_paragraphs_keep_their_numbering_and_tables_write_one_cell_per_line():
    doc = Document(
        [
            Paragraph("MỤC TIÊU", label="I. "),
            Table([HEAD, ["1", "Số hóa hồ sơ\n- bước một", "Văn phòng", ""]]),
            Paragraph("   "),
        ]
    )
    assert document_text(doc) == (
        "I. MỤC TIÊU\nTT\nNhiệm vụ\nChủ trì\nThời hạn\n1\nSố hóa hồ sơ\n- bước một\nVăn phòng\n"
    )


def test_empty_document_writes_no_text():
    assert document_text(Document([])) == ""


def test_row_cut_by_a_page_break_is_one_row_again():
    page1 = [Paragraph("PHỤ LỤC"), Table([HEAD, ["1", "Triển khai bệnh án", "Phòng Y", ""]])]
    page2 = [Table([["", "điện tử", "", "Quý IV/2025"], ["2", "Kết nối", "Văn phòng", "2025"]])]
    blocks = join_pages([page1, page2])
    assert len(blocks) == 2
    assert blocks[1].rows == [
        HEAD,
        ["1", "Triển khai bệnh án điện tử", "Phòng Y", "Quý IV/2025"],
        ["2", "Kết nối", "Văn phòng", "2025"],
    ]


def test_header_row_repeated_on_the_next_page_is_dropped():
    page1 = [Table([HEAD, ["1", "A", "B", "C"]])]
    page2 = [Table([list(HEAD), ["2", "D", "E", "F"]]), Paragraph("GIÁM ĐỐC")]
    blocks = join_pages([page1, page2])
    assert blocks[0].rows == [HEAD, ["1", "A", "B", "C"], ["2", "D", "E", "F"]]
    assert blocks[1].line == "GIÁM ĐỐC"


def test_tables_of_other_widths_or_apart_stay_two_tables():
    wide = [Table([HEAD, ["1", "A", "B", "C"]])]
    narrow = [Table([["TT", "Chỉ tiêu"], ["1", "Tỷ lệ"]])]
    assert len(join_pages([wide, narrow])) == 2
    apart = [Paragraph("PHỤ LỤC II"), Table([HEAD, ["1", "A", "B", "C"]])]
    assert len(join_pages([wide, apart])) == 3
