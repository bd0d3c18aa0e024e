"""The consolidated report as PDF, converted by LibreOffice and checked with poppler.

Skipped when LibreOffice is missing, unless THEODOI_REQUIRE_OFFICE is set (then it fails):
install it with ``bash scripts/ensure-office.sh``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess

import pytest

from theodoi.documents.builders import NATIONAL_NAME, build_consolidated_docx
from theodoi.documents.selectors import consolidated_report_data
from theodoi.documents.services import OfficeUnavailable, docx_to_pdf, soffice_path


def _require_office():
    missing = [
        name
        for name, found in (
            ("soffice", soffice_path()),
            ("pdftoppm", shutil.which("pdftoppm")),
            ("pdftotext", shutil.which("pdftotext")),
        )
        if not found
    ]
    if not missing:
        return
    message = f"Thiếu {', '.join(missing)}: chạy bash scripts/ensure-office.sh"
    if os.environ.get("THEODOI_REQUIRE_OFFICE"):
        pytest.fail(message)
    pytest.skip(message)


def test_pdf_page_one_renders_as_an_official_report(units, plan, tmp_path):
    _require_office()
    data = consolidated_report_data(
        unit=units["commune"], as_of=dt.date(2026, 1, 10), period="Quý IV/2025"
    )
    pdf = docx_to_pdf(build_consolidated_docx(data))
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(pdf)

    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(tmp_path / "trang")],
        check=True,
        timeout=60,
    )
    pages = sorted(tmp_path.glob("trang*.png"))
    assert len(pages) == 1
    assert pages[0].stat().st_size > 10_000  # a page of text, not a blank image

    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, timeout=60
    ).stdout.decode("utf-8")
    assert NATIONAL_NAME in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "ỦY BAN NHÂN DÂN" in text and "XÃ VĨNH LẠI" in text
    assert "Vĩnh Lại, ngày 10 tháng 01 năm 2026" in text
    assert "Phụ lục IV" in text

    info = subprocess.run(
        ["pdfinfo", str(path)], check=True, capture_output=True, timeout=60
    ).stdout.decode()
    assert "595.3" in info  # A4 width in points
    fonts = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, timeout=60
    ).stdout.decode()
    # Times New Roman itself, or Liberation Serif (metric-compatible) where it is not installed.
    assert "TimesNewRoman" in fonts.replace(" ", "") or "LiberationSerif" in fonts


def test_missing_libreoffice_says_so_in_vietnamese(monkeypatch):
    monkeypatch.setenv("THEODOI_SOFFICE", "/khong/co/soffice")
    with pytest.raises(OfficeUnavailable, match="Không tìm thấy LibreOffice"):
        docx_to_pdf(b"PK")
