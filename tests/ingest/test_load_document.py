"""One document model for every input: the same table arrives as the same rows and cells
from a Word file and from a PDF with a text layer; a text file is its lines; the text the
later stages read is written from the blocks."""

from __future__ import annotations

import pytest
from fixtures.docgen import TABLE, make_docx, make_text_pdf

from theodoi.ingest.errors import IngestError
from theodoi.ingest.load import load_document, load_text
from theodoi.ingest.loaders.blocks import Paragraph, document_text

PARAGRAPHS = ["KẾ HOẠCH", "Chuyển đổi số năm 2026", "PHỤ LỤC I: DANH MỤC CÁC CHỈ TIÊU CỤ THỂ"]


def test_docx_and_text_pdf_give_the_same_table(tmp_path):
    docx = load_document(make_docx(tmp_path / "a.docx"))
    pdf = load_document(make_text_pdf(tmp_path / "a.pdf", PARAGRAPHS, TABLE))
    for doc in (docx, pdf):
        tables = [t for t in doc.tables if t.width == len(TABLE[0])]
        assert len(tables) == 1
        assert tables[0].rows == TABLE


def test_docx_paragraphs_keep_word_numbering(tmp_path):
    doc = load_document(make_docx(tmp_path / "a.docx", header=False, table=None))
    assert all(isinstance(b, Paragraph) for b in doc.blocks)
    assert any(b.label for b in doc.blocks)  # "I.", "1." drawn by Word, not in the text
    assert document_text(doc) == load_text(tmp_path / "a.docx")


def test_text_file_is_one_paragraph_per_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("KẾ HOẠCH\n\n  I. MỤC TIÊU  \n", encoding="utf-8")
    doc = load_document(path)
    assert [b.line for b in doc.blocks] == ["KẾ HOẠCH", "I. MỤC TIÊU"]
    assert not doc.ocr and not doc.tables


def test_empty_file_is_refused_in_vietnamese(tmp_path):
    path = tmp_path / "rong.txt"
    path.write_text("  \n", encoding="utf-8")
    with pytest.raises(IngestError, match="rỗng"):
        load_document(path)
