"""Converting documents: DOCX → PDF with LibreOffice in headless mode.

Each conversion runs its own ``soffice`` with a private, throwaway user profile
(``-env:UserInstallation``), so that conversions may run side by side and never touch a
desktop user's LibreOffice settings. Install LibreOffice with ``scripts/ensure-office.sh``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["OfficeUnavailable", "ConversionFailed", "docx_to_pdf", "soffice_path"]

DEFAULT_TIMEOUT = 120  # seconds; the first start of a fresh profile takes a few


class OfficeUnavailable(RuntimeError):
    """LibreOffice (soffice) is not installed."""


class ConversionFailed(RuntimeError):
    """LibreOffice ran but produced no PDF, or took too long."""


def soffice_path() -> str | None:
    """The soffice executable: $THEODOI_SOFFICE, else soffice/libreoffice on the PATH."""
    configured = os.environ.get("THEODOI_SOFFICE")
    if configured:
        return configured if Path(configured).exists() else shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx_bytes: bytes, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The PDF of a .docx, converted by LibreOffice headless."""
    soffice = soffice_path()
    if soffice is None:
        raise OfficeUnavailable(
            "Không tìm thấy LibreOffice (lệnh soffice) để chuyển văn bản sang PDF. "
            "Hãy cài bằng: bash scripts/ensure-office.sh"
        )
    with tempfile.TemporaryDirectory(prefix="theodoi-office-") as tmp:
        work = Path(tmp)
        source = work / "van-ban.docx"
        source.write_bytes(docx_bytes)
        profile = (work / "profile").as_uri()
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--nologo",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(work),
            str(source),
        ]
        env = {**os.environ, "HOME": str(work), "SAL_USE_VCLPLUGIN": "svp"}
        try:
            result = subprocess.run(
                command, capture_output=True, timeout=timeout, env=env, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise ConversionFailed(
                f"LibreOffice không chuyển xong văn bản sang PDF sau {timeout:g} giây."
            ) from exc
        target = work / "van-ban.pdf"
        if result.returncode != 0 or not target.exists():
            detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip()
            raise ConversionFailed(
                f"LibreOffice không chuyển được văn bản sang PDF (mã lỗi {result.returncode})"
                + (f": {detail[:500]}" if detail else ".")
            )
        return target.read_bytes()
