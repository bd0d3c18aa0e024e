"""OCR repair of English-model tesseract output: plain pytest, no Django."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from theodoi.ingest.diacritics import restore_diacritics, syllable_accuracy
from theodoi.ingest.ocr_fix import fix_ocr_line, fix_ocr_text, is_probably_ocr
from theodoi.textnorm import strip_diacritics

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"

# (as read by tesseract's English model, diacritics-free repair)
EXAMPLES = [
    (
        "S6: 57 /KH-UBND Binh Phuéc, ngdy 23 thang 02 ndm 2025",
        "So: 57 /KH-UBND Binh Phuoc, ngay 23 thang 02 nam 2025",
    ),
    ("TINH BINH PHUOC Poc 1ap - Tw do - Hanh phiic", "TINH BINH PHUOC Doc lap - Tu do - Hanh phuc"),
    (
        "UY BAN NHAN DAN CONG HOA XA HQI CHU NGHIA VIET NAM",
        "UY BAN NHAN DAN CONG HOA XA HOI CHU NGHIA VIET NAM",
    ),
    (
        "Trién khai thuc hién Chwong trinh hanh ddng ciia Chinh phi",
        "Trien khai thuc hien Chuong trinh hanh dong cua Chinh phu",
    ),
    (
        "Chuong trinh hanh dong thue hién Nghi quyét s6 57-NQ/TW ngay 22/12/2024 cua B§",
        "Chuong trinh hanh dong thuc hien Nghi quyet so 57-NQ/TW ngay 22/12/2024 cua Bo",
    ),
    (
        "- 100% may tinh tai UBND x3 dugc cai dat phan mém phong, chong ma doc;",
        "- 100% may tinh tai UBND xa duoc cai dat phan mem phong, chong ma doc;",
    ),
    ("Il. CAC CHI TIEU CHU YEU", "II. CAC CHI TIEU CHU YEU"),
    ("I11. NHIEM VU CU THE", "III. NHIEM VU CU THE"),
    ("¢) Xa hoi sé", "c) Xa hoi so"),
    (
        "k) Xay dung va trién khai Pé an do thi thong minh.",
        "k) Xay dung va trien khai De an do thi thong minh.",
    ),
    (
        "- Hoan thién va dua vao stir dung Phong hop truc tuyén, khong gidy;",
        "- Hoan thien va dua vao su dung Phong hop truc tuyen, khong giay;",
    ),
]


@pytest.mark.parametrize(("ocr", "expected"), EXAMPLES)
def test_fix_examples(ocr, expected):
    assert fix_ocr_line(ocr) == expected


# hand-corrected references for the full pipeline (fix, then restore)
PIPELINE = [
    (
        "thyc hién Nghi quyét s6 57-NQ/TW ngay 22/12/2024 cua Bo Chinh tri vé dot pha phat",
        "thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát",
    ),
    (
        "- C6 > 80% can bg, cong chirc xa dugc boi dudng k¥ nang sb co ban.",
        "- Có > 80% cán bộ, công chức xã được bồi dưỡng kỹ năng số cơ bản.",
    ),
    (
        "bao dam hd tro truc ti€ép nguoi dan trong tiép can, st dung dich vu $6;",
        "bảo đảm hỗ trợ trực tiếp người dân trong tiếp cận, sử dụng dịch vụ số;",
    ),
    (
        "- Pay manh s6 hoa hd so, két qua giai quyét tha tuc hanh chinh va cac dir",
        "- Đẩy mạnh số hóa hồ sơ, kết quả giải quyết thủ tục hành chính và các dữ",
    ),
    (
        "Trong thoi gian t6i, UBND x4 tiép tuc trién khai dong bo, quyét liét cac giai",
        "Trong thời gian tới, UBND xã tiếp tục triển khai đồng bộ, quyết liệt các giải",
    ),
    (
        "gia vé dan cu va cac co sé dit liéu dung chung ctia tinh;",
        "gia về dân cư và các cơ sở dữ liệu dùng chung của tỉnh;",
    ),
    ("Ty 1€ phu song 5G trén dia ban > 65%.", "Tỷ lệ phủ sóng 5G trên địa bàn > 65%."),
    (
        "méi phuong thic quan tri qudc gia, phét trién kinh té - xa hoi, ngan chin nguy co tut",
        "mới phương thức quản trị quốc gia, phát triển kinh tế - xã hội, ngăn chặn nguy cơ tụt",
    ),
]


def test_pipeline_accuracy_on_ocr_lines():
    reference = "\n".join(ref for _, ref in PIPELINE)
    restored = "\n".join(restore_diacritics(fix_ocr_line(ocr)) for ocr, _ in PIPELINE)
    assert syllable_accuracy(reference, restored) >= 0.9


def test_output_is_diacritics_free_for_latin1_junk():
    out = fix_ocr_line("Trién khai Nghi quyét sé 57 véi céc co quan")
    assert out == strip_diacritics(out)


def test_genuine_vietnamese_words_are_kept():
    assert fix_ocr_line("Sở Khoa học và Công nghệ") == "Sở Khoa học và Công nghệ"


def test_clean_bare_text_is_left_alone():
    text = strip_diacritics(
        "Ủy ban nhân dân xã Vĩnh Lại xây dựng Kế hoạch thực hiện với các nội dung cụ thể như sau"
    )
    assert fix_ocr_line(text) == text


def test_codes_and_numbers_untouched():
    line = "Ké hoach s6 267/KH-UBND ngay 04/9/2024; 5G, R&D, GRDP, VNelD, TTr-SKHCN, 1,5%"
    out = fix_ocr_line(line)
    for keep in ("267/KH-UBND", "04/9/2024", "5G", "R&D", "GRDP", "TTr-SKHCN", "1,5%"):
        assert keep in out


def test_is_probably_ocr():
    ocr = "\n".join(ocr for ocr, _ in EXAMPLES)
    clean = "\n".join(ref for _, ref in PIPELINE)
    assert is_probably_ocr(ocr)
    assert not is_probably_ocr(clean)
    assert not is_probably_ocr("")
    assert not is_probably_ocr("short")


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not beside the repository")
def test_corpus_detection_and_lines_kept():
    ocr = (CORPUS / "tinh-binh-phuoc-2025-ocr.txt").read_text(encoding="utf-8")
    assert is_probably_ocr(ocr)
    assert is_probably_ocr((CORPUS / "xa-xuan-thanh-2026-ocr.txt").read_text(encoding="utf-8"))
    assert not is_probably_ocr((CORPUS / "xa-vinh-lai-2025.txt").read_text(encoding="utf-8"))
    text = (ocr * 2)[:80_000]  # speed: bench/bench_ingest.py
    out = fix_ocr_text(text)
    assert out.count("\n") == text.count("\n")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_random_text_never_raises_and_keeps_lines(text):
    out = fix_ocr_text(text)
    assert isinstance(out, str)
    assert out.count("\n") == text.count("\n")
    assert isinstance(is_probably_ocr(text), bool)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="abcdeghiklmnopqrstuvxy0123456¢§¥$&€éáóíú|'’ .,;:-/()\n", max_size=120))
def test_ocr_like_text_never_raises(text):
    out = fix_ocr_text(text)
    assert out.count("\n") == text.count("\n")
