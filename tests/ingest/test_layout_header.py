"""The header block of every corpus plan and test plan: number, date, issuing organ,
the organ above it, the unit as written and the level."""

import importlib.util
from datetime import date
from pathlib import Path

import pytest

from theodoi.ingest.layouts.header import header_block, parse_header, written_unit
from theodoi.ingest.load import load_text
from theodoi.ingest.normalize import NLine, normalize
from theodoi.ingest.segment import segment
from theodoi.textnorm import search_key

CORPUS = Path(__file__).parents[2].parent / "shared" / "corpus"
PLANS = Path(__file__).parent / "fixtures" / "plans"

# file: (number, date, issuing organ, organ above, unit as written, level)
HEADERS = {
    "tinh-binh-phuoc-2025-ocr.txt": (
        "57/KH-UBND",
        date(2025, 2, 23),
        "Ủy ban nhân dân tỉnh Bình Phước",
        None,
        "tỉnh Bình Phước",
        "province",
    ),
    "xa-vinh-lai-2025.txt": (
        None,
        None,
        "Ủy ban nhân dân xã Vĩnh Lại",
        None,
        "xã Vĩnh Lại",
        "commune",
    ),
    "xa-xuan-thanh-2026-ocr.txt": (
        "68/KH-UBND",
        date(2026, 2, 12),
        "Ủy ban nhân dân xã Xuân Thành",
        None,
        "xã Xuân Thành",
        "commune",
    ),
    "dang-uy-xa-hung-nguyen-2025.txt": (
        "15-KH/ĐU",
        date(2025, 3, 20),
        "Đảng ủy xã Hưng Nguyên",
        "Đảng bộ tỉnh Nghệ An",
        "xã Hưng Nguyên",
        "agency",
    ),
    "phuong-an-phu-2025.txt": (
        "214/KH-UBND",
        date(2025, 10, 8),
        "Ủy ban nhân dân phường An Phú",
        None,
        "phường An Phú",
        "commune",
    ),
    "xa-tan-hoa-2026.txt": (
        "37/KH-UBND",
        date(2026, 3, 5),
        "Ủy ban nhân dân xã Tân Hòa",
        None,
        "xã Tân Hòa",
        "commune",
    ),
    "bcd-tinh-gia-lai-2026-ocr.txt": (
        "08/KH-BCD",
        date(2026, 4, 16),
        "Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        "Ủy ban nhân dân tỉnh Gia Lai",
        "tỉnh Gia Lai",
        "agency",
    ),
    "so-cong-thuong-ha-tinh-2026.py": (
        "245/KH-SCT",
        date(2026, 3, 12),
        "Sở Công Thương",
        "UBND tỉnh Hà Tĩnh",
        "tỉnh Hà Tĩnh",
        "agency",
    ),
    "so-y-te-hai-phong-2025.py": (
        "1520/KH-SYT",
        date(2025, 5, 20),
        "Sở Y tế",
        "UBND thành phố Hải Phòng",
        "thành phố Hải Phòng",
        "agency",
    ),
    "phuong-binh-minh-2026.txt": (
        "37/KH-UBND",
        date(2026, 1, 5),
        "Ủy ban nhân dân phường Bình Minh",
        None,
        "phường Bình Minh",
        "commune",
    ),
    "phuong-tan-phong-2025.txt": (
        "88/KH-UBND",
        date(2025, 2, 10),
        "Ủy ban nhân dân phường Tân Phong",
        None,
        "phường Tân Phong",
        "commune",
    ),
    "so-nong-nghiep-lam-dong-2026.txt": (
        "214/KH-SNNMT",
        date(2026, 3, 14),
        "Sở Nông nghiệp và Môi trường",
        "UBND tỉnh Lâm Đồng",
        "tỉnh Lâm Đồng",
        "agency",
    ),
    "xa-hoa-an-2026.txt": (
        "12/KH-UBND",
        date(2026, 1, 20),
        "Ủy ban nhân dân xã Hòa An",
        None,
        "xã Hòa An",
        "commune",
    ),
    "xa-minh-hung-2025.txt": (
        "45/KH-UBND",
        date(2025, 7, 2),
        "Ủy ban nhân dân xã Minh Hưng",
        "Đảng ủy xã Minh Hưng",
        "xã Minh Hưng",
        "commune",
    ),
    "xa-phu-loc-2026.txt": (
        "45/KH-UBND",
        date(2026, 3, 5),
        "Ủy ban nhân dân xã Phú Lộc",
        None,
        "xã Phú Lộc",
        "commune",
    ),
    "so-khcn-quang-ngai-2026.txt": (
        "210/KH-SKHCN",
        date(2026, 4, 12),
        "Sở Khoa học và Công nghệ",
        "UBND tỉnh Quảng Ngãi",
        "tỉnh Quảng Ngãi",
        "agency",
    ),
    "xa-dong-lam-2026.py": (
        "58/KH-UBND",
        date(2026, 2, 2),
        "Ủy ban nhân dân xã Đồng Lâm",
        None,
        "xã Đồng Lâm",
        "commune",
    ),
}


def _document(name: str, tmp_path: Path) -> Path:
    path = (CORPUS if (CORPUS / name).exists() else PLANS) / name
    if not path.exists():
        pytest.skip(f"{name} not available")
    if path.suffix == ".py":
        pytest.importorskip("docx")
        spec = importlib.util.spec_from_file_location(f"_plan_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.build(tmp_path / path.stem)
    return path


def _key(text: str | None) -> str | None:
    return None if text is None else " ".join(search_key(text.replace(",", " ")).split())


def test_every_plan_has_its_header_case():
    have = {p.name for p in CORPUS.glob("*.txt")} | {
        p.with_suffix(".txt" if p.with_suffix(".txt").exists() else ".py").name
        for p in PLANS.glob("*.json")
    }
    assert have <= set(HEADERS)


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_the_header_block_is_read(name, tmp_path):
    number, when, organ, superior, unit, level = HEADERS[name]
    head = segment(normalize(load_text(_document(name, tmp_path)))).header
    assert (head.number, head.date, head.level) == (number, when, level)
    got_organ = _key(head.organ).replace("ubnd", "uy ban nhan dan")
    assert got_organ == _key(organ).replace("ubnd", "uy ban nhan dan")
    assert _key(head.superior) == _key(superior)
    assert _key(head.unit) == _key(unit)


def _lines(*texts: str) -> list[NLine]:
    return [NLine(t, i, i, no=i) for i, t in enumerate(texts, start=1)]


def test_an_organ_under_another_starts_a_new_organ_a_unit_line_does_not():
    block = header_block(_lines("ỦY BAN NHÂN DÂN", "TỈNH NAM ĐỊNH", "SỞ NỘI VỤ", "Số: 5/KH-SNV"))
    assert block.organs == ["ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH", "SỞ NỘI VỤ"]
    assert (block.superior, block.issuer) == ("ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH", "SỞ NỘI VỤ")


def test_the_two_columns_of_an_ocr_header_line_are_told_apart():
    block = header_block(
        _lines(
            "UY BAN NHAN DAN CONG HOA XA HOI CHU NGHIA VIET NAM",
            "XA DONG TIEN Doc lap - Tu do - Hanh phuc",
            "So: 21/KH-UBND Dong Tien, ngay 3 thang 5 nam 2026",
        )
    )
    assert block.organs == ["UY BAN NHAN DAN XA DONG TIEN"]


def test_the_unit_as_written():
    assert written_unit("UBND THÀNH PHỐ CẦN THƠ SỞ Y TẾ") == ("thành phố Cần Thơ", "province")
    assert written_unit(None, "Kế hoạch … trên địa bàn phường Tân Định") == (
        "phường Tân Định",
        "commune",
    )


def test_a_header_run_into_one_line_is_read_as_its_block_and_title():
    text = (
        "UY BAN NHAN DAN CONG HOA XA HOI CHU NGHIA VIET NAM XA PHU LOC Doc lap - Tu do - "
        "Hanh phuc So: 45/KH-UBND Phu Loc, ngay 10 thang 3 nam 2026 KE HOACH Chuyen doi so "
        "xa Phu Loc nam 2026\nI. MUC DICH, YEU CAU\n1. Trien khai dong bo.\n"
    )
    seg = segment(normalize(text))
    head = seg.header
    assert (head.number, head.date, head.place) == ("45/KH-UBND", date(2026, 3, 10), "Phu Loc")
    assert head.title == "Ke hoach chuyen doi so xa Phu Loc nam 2026"
    assert (head.organ, head.unit, head.level) == (
        "UY BAN NHAN DAN XA PHU LOC",
        "xa Phu Loc",
        "commune",
    )
    assert [c.code for c in seg.root.children] == ["I"]


def test_a_party_number_without_colon_is_the_plan_number_a_cited_one_is_not():
    head, _end = parse_header(
        _lines(
            "ĐẢNG ỦY XÃ AN BÌNH",
            "Số 7-KH/ĐU",
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "An Bình, ngày 5 tháng 4 năm 2025",
            "KẾ HOẠCH thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị",
        )
    )
    assert (head.number, head.title[:8]) == ("7-KH/ĐU", "Kế hoạch")
    assert "CỘNG SẢN" not in (head.issuer or "")
    cited, _end = parse_header(
        _lines("ỦY BAN NHÂN DÂN", "XÃ AN BÌNH", "KẾ HOẠCH", "Thực hiện Nghị quyết số 57-NQ/TW")
    )
    assert cited.number is None
