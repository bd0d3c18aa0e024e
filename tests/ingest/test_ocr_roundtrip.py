"""Scanned plans: a page of a corpus plan drawn with PIL, read back with tesseract (vie)
through the loader — as an image and as a scanned PDF — and ingested.

Skipped when tesseract-ocr-vie is missing, unless THEODOI_REQUIRE_OCR=1 (then it fails):
``scripts/ensure-ocr.sh`` installs it.
"""

from __future__ import annotations

import os
import shutil

import pytest
from fixtures.docgen import CORPUS, DEJAVU, corpus_section, render_page
from rapidfuzz import fuzz

from theodoi.ingest import ingest_file
from theodoi.ingest.load import load_text
from theodoi.ingest.ocr import ocr_available


def _require_ocr() -> None:
    missing = []
    if not ocr_available():
        missing.append("tesseract-ocr-vie")
    if not shutil.which("pdftoppm"):
        missing.append("poppler-utils")
    if not DEJAVU.exists():
        missing.append("fonts-dejavu-core")
    if missing:
        msg = f"thiếu {', '.join(missing)}: chạy scripts/ensure-ocr.sh"
        if os.environ.get("THEODOI_REQUIRE_OCR") == "1":
            pytest.fail(msg)
        pytest.skip(msg)
    if not (CORPUS / "xa-vinh-lai-2025.txt").exists():
        pytest.skip("corpus xa-vinh-lai-2025.txt not available")


HEAD = [
    "KẾ HOẠCH",
    "Thực hiện Nghị quyết 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
    "trên địa bàn xã Vĩnh Lại",
]


@pytest.fixture(scope="module")
def page_lines() -> list[str]:
    _require_ocr()
    return HEAD + corpus_section("xa-vinh-lai-2025.txt", "III. NHIỆM VỤ VÀ GIẢI PHÁP", 25)


@pytest.fixture(scope="module")
def scans(tmp_path_factory, page_lines):
    tmp = tmp_path_factory.mktemp("scan")
    img = render_page(page_lines)
    png = tmp / "trang-1.png"
    img.save(png, dpi=(300, 300))
    pdf = tmp / "ban-scan.pdf"
    img.convert("RGB").save(pdf, resolution=300)
    return {"png": png, "pdf": pdf}


def _expected_tasks(page_lines: list[str]) -> dict[str, str]:
    out = {}
    for ln in page_lines:
        head, _, rest = ln.partition(" ")
        if head.count(".") == 2 and head[0].isdigit():
            out[head.rstrip(".")] = rest
    return out


@pytest.mark.parametrize("kind", ["png", "pdf"])
def test_ocr_text_keeps_diacritics(scans, page_lines, kind):
    calls = []
    text = load_text(scans[kind], progress=lambda d, t, m: calls.append((d, t, m)))
    assert calls and calls[-1][:2] == (1, 1) and "OCR" in calls[-1][2]
    ocr = " ".join(text.split())
    src = " ".join(" ".join(page_lines).split())
    assert fuzz.ratio(ocr, src) > 90
    for phrase in ("NHIỆM VỤ VÀ GIẢI PHÁP", "đổi mới sáng tạo và chuyển đổi số", "Nghị quyết"):
        assert phrase in ocr


@pytest.mark.parametrize("kind", ["png", "pdf"])
def test_scanned_page_ingests_numbered_tasks(scans, page_lines, kind):
    plan = ingest_file(scans[kind], registry=None)
    expected = _expected_tasks(page_lines)
    assert set(expected) >= {"1.1", "1.2", "1.3"}
    found = {t.code: t.title for t in plan.tasks}
    for code, title in expected.items():
        assert code in found, (code, sorted(found))
        # the first words of the title are recognisable
        assert fuzz.partial_ratio(title[:50], found[code]) > 85, (title, found[code])


def test_multi_page_scan_keeps_page_order(tmp_path, page_lines):
    """Pages are OCR'd in parallel but come back in order, with one progress call each."""
    first, second = page_lines[:14], page_lines[14:]
    pages = [render_page(first).convert("RGB"), render_page(second).convert("RGB")]
    pdf = tmp_path / "hai-trang.pdf"
    pages[0].save(pdf, save_all=True, append_images=pages[1:], resolution=300)
    calls = []
    text = load_text(pdf, progress=lambda d, t, m: calls.append((d, t)))
    assert calls == [(1, 2), (2, 2)]
    flat = " ".join(text.split())
    assert flat.index("NHIỆM VỤ VÀ GIẢI PHÁP") < flat.index("1.4.")
