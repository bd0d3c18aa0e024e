"""Loading .docx and .pdf plans: numbering, tables, diacritics, errors, progress."""

from __future__ import annotations

import unicodedata
import zipfile

import pytest
from fixtures.docgen import TABLE, make_docx, make_text_pdf

from theodoi.ingest import IngestError, ingest_file
from theodoi.ingest.load import load_text, tqdm_progress


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


@pytest.fixture
def plan_docx(tmp_path):
    return make_docx(tmp_path / "ke-hoach.docx")


def test_docx_renders_word_numbering(plan_docx):
    lines = _lines(load_text(plan_docx))
    for expected in (
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "- Quán triệt, triển khai thực hiện đầy đủ các nhiệm vụ, giải pháp đã đề ra.",
        "2. Yêu cầu",
        "II. NHIỆM VỤ VÀ GIẢI PHÁP",
        "1. Nâng cao nhận thức, đổi mới tư duy về chuyển đổi số",
        "a) Tổ chức tuyên truyền sâu rộng Nghị quyết số 57-NQ/TW trên các nền tảng số.",
        "b) Đào tạo, bồi dưỡng kỹ năng số cho cán bộ, công chức; hoàn thành trong năm 2025.",
        "2. Hoàn thiện thể chế, chính sách",
        "a) Rà soát, kiến nghị tháo gỡ các điểm nghẽn về thể chế.",
        "III. TỔ CHỨC THỰC HIỆN",
    ):
        assert expected in lines, expected
    # deeper levels restart under a new parent: "1." again after "II."
    assert lines.index("II. NHIỆM VỤ VÀ GIẢI PHÁP") < lines.index(
        "1. Nâng cao nhận thức, đổi mới tư duy về chuyển đổi số"
    )


def test_docx_tables_one_cell_per_line_in_document_order(plan_docx):
    lines = _lines(load_text(plan_docx))
    cells = [c for row in TABLE for c in row]
    start = lines.index("TT")
    assert lines[start : start + len(cells)] == cells
    # the table follows the appendix heading, after the body
    assert lines.index("PHỤ LỤC I: DANH MỤC CÁC CHỈ TIÊU CỤ THỂ") < start
    assert lines.index("III. TỔ CHỨC THỰC HIỆN") < start
    # the header table (national header) is read first, cell by cell
    assert lines[:3] == ["ỦY BAN NHÂN DÂN", "XÃ VĨNH LẠI", "Số: 125/KH-UBND"]


def test_docx_keeps_vietnamese_diacritics(plan_docx):
    text = load_text(plan_docx)
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Tỷ lệ hồ sơ giải quyết thủ tục hành chính được số hóa" in text
    assert unicodedata.is_normalized("NFC", text)


def test_docx_ingests_to_tasks_and_indicators(plan_docx):
    plan = ingest_file(plan_docx, registry=None)
    assert plan.document.number == "125/KH-UBND"
    assert plan.document.date and plan.document.date.isoformat() == "2025-09-15"
    assert "VĨNH LẠI" in (plan.document.issuer or "").upper()
    codes = [t.code for t in plan.tasks]
    assert codes[:3] == ["1.a)", "1.b)", "2.a)"] or {"1.a)", "1.b)", "2.a)"} <= set(codes)
    names = [i.name for i in plan.indicators]
    assert any("dịch vụ công trực tuyến" in n for n in names)


def test_docx_numbering_via_style_and_start_override(tmp_path):
    """Numbering inherited from a paragraph style, and a list restarted by startOverride."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    doc = docx.Document()
    numbering = doc.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {w} w:abstractNumId="70"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%1.%2."/></w:lvl></w:abstractNum>'
        ),
    )
    numbering.append(parse_xml(f'<w:num {w} w:numId="70"><w:abstractNumId w:val="70"/></w:num>'))
    numbering.append(
        parse_xml(
            f'<w:num {w} w:numId="71"><w:abstractNumId w:val="70"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
        )
    )
    style = doc.styles.add_style("Muc", 1)
    style.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {w}><w:ilvl w:val="1"/><w:numId w:val="70"/></w:numPr>')
    )

    def numbered(text, num_id, ilvl):
        p = doc.add_paragraph(text)
        p._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {w}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
        )

    numbered("Nhiệm vụ chung", 70, 0)
    doc.add_paragraph("Tuyên truyền", style="Muc")
    doc.add_paragraph("Đào tạo", style="Muc")
    numbered("Nhiệm vụ khác", 70, 0)
    doc.add_paragraph("Số hóa", style="Muc")
    numbered("Danh sách mới", 71, 0)
    path = tmp_path / "style.docx"
    doc.save(path)
    assert _lines(load_text(path)) == [
        "1. Nhiệm vụ chung",
        "1.1. Tuyên truyền",
        "1.2. Đào tạo",
        "2. Nhiệm vụ khác",
        "2.1. Số hóa",
        "5. Danh sách mới",
    ]


def test_docx_merged_and_nested_cells(tmp_path):
    import docx

    doc = docx.Document()
    t = doc.add_table(rows=3, cols=3)
    t.cell(0, 0).text, t.cell(0, 1).text, t.cell(0, 2).text = "TT", "Nhiệm vụ", "Chủ trì"
    t.cell(1, 0).text = "1"
    t.cell(1, 1).text = "Xây dựng hạ tầng số"
    t.cell(1, 2).merge(t.cell(2, 2)).text = "Phòng Kinh tế"
    t.cell(2, 0).text = "2"
    inner = t.cell(2, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Cơ sở dữ liệu", "năm 2026"
    path = tmp_path / "merged.docx"
    doc.save(path)
    lines = _lines(load_text(path))
    assert lines == [
        "TT",
        "Nhiệm vụ",
        "Chủ trì",
        "1",
        "Xây dựng hạ tầng số",
        "Phòng Kinh tế",
        "2",
        "Cơ sở dữ liệu",
        "năm 2026",
    ]


def test_text_pdf_layout_order_and_table_rows(tmp_path):
    paragraphs = [
        "KẾ HOẠCH",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "- Quán triệt, triển khai thực hiện đầy đủ các nhiệm vụ, giải pháp đã đề ra trong "
        "Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển "
        "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia.",
        "PHỤ LỤC I: DANH MỤC CÁC CHỈ TIÊU CỤ THỂ",
    ]
    path = make_text_pdf(tmp_path / "ke-hoach.pdf", paragraphs, TABLE)
    calls = []
    text = load_text(path, progress=lambda d, t, m: calls.append((d, t, m)))
    lines = _lines(text)
    assert lines[:3] == ["KẾ HOẠCH", "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"]
    assert "Nghị quyết số 57-NQ/TW, ngày 22/12/2024" in " ".join(lines)
    start = lines.index("TT")
    # row order: code, then the (possibly wrapped) name, then unit and value
    row1 = lines[lines.index("1", start) :]
    assert row1[0] == "1"
    assert " ".join(row1[1:3]).startswith("Tỷ lệ dịch vụ công trực tuyến")
    assert lines.index("≥ 80") < lines.index("2", start) < lines.index("100")
    assert " ".join(lines[start : lines.index("1", start)]) == " ".join(TABLE[0])
    assert calls == [(1, 1, "Đọc trang 1/1")]
    assert unicodedata.is_normalized("NFC", text) or "ỹ" in text


def test_pdf_multi_page_progress(tmp_path):
    paragraphs = [f"{i}. Nhiệm vụ số {i}: triển khai chuyển đổi số tại xã." for i in range(1, 120)]
    path = make_text_pdf(tmp_path / "dai.pdf", paragraphs)
    calls = []
    text = load_text(path, progress=lambda d, t, m: calls.append((d, t)))
    total = calls[-1][1]
    assert total >= 2 and calls == [(i, total) for i in range(1, total + 1)]
    assert "119. Nhiệm vụ số 119: triển khai chuyển đổi số tại xã." in _lines(text)


def test_tqdm_progress_draws_on_given_stream(tmp_path):
    import io

    path = make_text_pdf(tmp_path / "a.pdf", ["KẾ HOẠCH", "I. MỤC TIÊU"])
    buf = io.StringIO()
    with tqdm_progress(file=buf) as cb:
        load_text(path, progress=cb)
    assert "trang" in buf.getvalue()


def test_encrypted_pdf_message(tmp_path):
    from pypdf import PdfReader, PdfWriter

    src = make_text_pdf(tmp_path / "a.pdf", ["KẾ HOẠCH", "Nội dung mật."])
    writer = PdfWriter(clone_from=PdfReader(src))
    writer.encrypt(user_password="matkhau", owner_password="chu", algorithm="AES-128")
    out = tmp_path / "khoa.pdf"
    with open(out, "wb") as f:
        writer.write(f)
    with pytest.raises(IngestError, match="Tệp PDF được đặt mật khẩu"):
        load_text(out)


def test_pdf_with_owner_password_only_is_read(tmp_path):
    from pypdf import PdfReader, PdfWriter

    src = make_text_pdf(tmp_path / "a.pdf", ["KẾ HOẠCH", "Nội dung công khai có dấu tiếng Việt."])
    writer = PdfWriter(clone_from=PdfReader(src))
    writer.encrypt(user_password="", owner_password="chu", algorithm="AES-256")
    out = tmp_path / "owner.pdf"
    with open(out, "wb") as f:
        writer.write(f)
    assert "Nội dung công khai có dấu tiếng Việt." in load_text(out)


@pytest.mark.parametrize(
    ("name", "data", "pattern"),
    [
        ("rong.docx", b"", "rỗng"),
        ("rong.pdf", b"", "rỗng"),
        ("x.docx", b"PK\x03\x04 not really a zip", "Tệp Word .* bị hỏng"),
        ("x.pdf", b"%PDF-1.7\n garbage \n%%EOF", "PDF .* bị hỏng"),
        ("bang.xlsx", b"abc", "Chưa hỗ trợ định dạng .xlsx"),
        ("x.exe", b"MZ\x90\x00", "Không nhận dạng được định dạng"),
        ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, r"\.doc"),
        (
            "khoa.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
            "mật khẩu",
        ),
    ],
)
def test_unreadable_files_give_vietnamese_errors(tmp_path, name, data, pattern):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(IngestError, match=pattern):
        load_text(p)


def test_docx_without_document_part(tmp_path):
    p = tmp_path / "rong.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hello.txt", "xin chào")
    with pytest.raises(IngestError, match="không phải văn bản Word"):
        load_text(p)


def test_docx_zip_bomb_is_refused(tmp_path, monkeypatch):
    from theodoi.ingest import docx_reader

    monkeypatch.setattr(docx_reader, "MAX_UNCOMPRESSED", 1024 * 1024)
    src = make_docx(tmp_path / "a.docx")
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "word/document.xml":
                pad = b"<!--" + b" " * (4 * 1024 * 1024) + b"-->"
                data = data.replace(b"?>", b"?>" + pad, 1)
            zout.writestr(item, data)
    assert bomb.stat().st_size < 200_000
    with pytest.raises(IngestError, match="quá lớn khi giải nén"):
        load_text(bomb)


def test_pdf_saved_as_txt_is_read_as_pdf(tmp_path):
    src = make_text_pdf(tmp_path / "a.pdf", ["KẾ HOẠCH", "Chuyển đổi số quốc gia"])
    renamed = tmp_path / "ke-hoach.txt"
    renamed.write_bytes(src.read_bytes())
    assert "Chuyển đổi số quốc gia" in load_text(renamed)


def test_ocr_tools_missing_message(tmp_path, monkeypatch):
    from PIL import Image

    from theodoi.ingest import ocr

    monkeypatch.setattr(ocr, "_tesseract_langs", _NoLangs())
    img = tmp_path / "scan.png"
    Image.new("L", (200, 100), 255).save(img)
    with pytest.raises(IngestError, match="Chưa cài tesseract-ocr-vie: chạy scripts/ensure-ocr.sh"):
        load_text(img)
    pdf = tmp_path / "scan.pdf"
    Image.new("RGB", (200, 100), "white").save(pdf)
    with pytest.raises(IngestError, match="Chưa cài tesseract-ocr-vie"):
        load_text(pdf)


class _NoLangs:
    def __call__(self):
        return frozenset()

    def cache_clear(self):
        pass


def test_docx_tracked_changes_hidden_text_and_fields(tmp_path):
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    doc = docx.Document()
    p = doc.add_paragraph("Giữ ")
    for xml in (
        f"<w:del {w}><w:r><w:delText>XÓA</w:delText></w:r></w:del>",
        f"<w:ins {w}><w:r><w:t>thêm</w:t></w:r></w:ins>",
        f"<w:r {w}><w:rPr><w:vanish/></w:rPr><w:t>ẨN</w:t></w:r>",
        f'<w:r {w}><w:fldChar w:fldCharType="begin"/></w:r>',
        f"<w:r {w}><w:instrText>PAGE</w:instrText></w:r>",
        f'<w:r {w}><w:fldChar w:fldCharType="separate"/></w:r>',
        f'<w:r {w}><w:t xml:space="preserve"> 7</w:t></w:r>',
        f'<w:r {w}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        p._p.append(parse_xml(xml))
    path = tmp_path / "sua.docx"
    doc.save(path)
    assert load_text(path) == "Giữ thêm 7\n"


def test_text_starting_like_a_bitmap_is_still_text(tmp_path):
    p = tmp_path / "bmw.txt"
    p.write_text("BMW kế hoạch\nI. MỤC TIÊU\n", encoding="utf-8")
    assert load_text(p).startswith("BMW kế hoạch")


def test_page_progress_adapter():
    from theodoi.ingest.load import page_progress_from

    seen = []
    page_progress_from(seen.append)(2, 5, "OCR trang 2/5")
    assert seen == ["load 2/5: OCR trang 2/5"]
