"""OCR of scanned pages with Debian's ``tesseract-ocr`` (language ``vie``) and ``pdftoppm``.

Both tools are called as subprocesses (no Python binding needed); ``scripts/ensure-ocr.sh``
installs them.  Pages are rasterised at 300 dpi in grey.  Every call has a time limit so a
broken page cannot hang the pipeline.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import IngestError

__all__ = [
    "DPI",
    "LANG",
    "OCR_PAGE_TIMEOUT",
    "MAX_IMAGE_PIXELS",
    "MISSING_OCR",
    "MISSING_PDFTOPPM",
    "ocr_available",
    "require_ocr",
    "require_pdftoppm",
    "ocr_png",
    "ocr_image_file",
    "ocr_pdf_page",
    "rasterise_pdf_page",
    "run_tool",
    "image_frames",
    "count_image_pages",
]

DPI = 300
LANG = "vie"
OCR_PAGE_TIMEOUT = 180  # seconds for one page (tesseract or pdftoppm)
MAX_IMAGE_PIXELS = 150_000_000  # an A0 page at 300 dpi is ~140 Mpx
MISSING_OCR = "Chưa cài tesseract-ocr-vie: chạy scripts/ensure-ocr.sh"
MISSING_PDFTOPPM = "Chưa cài poppler-utils (pdftoppm): chạy scripts/ensure-ocr.sh"


@functools.lru_cache(maxsize=1)
def _tesseract_langs() -> frozenset[str]:
    exe = shutil.which("tesseract")
    if not exe:
        return frozenset()
    try:
        out = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    lines = (out.stdout + "\n" + out.stderr).splitlines()
    return frozenset(ln.strip() for ln in lines if ln.strip() and " " not in ln.strip())


def ocr_available() -> bool:
    """Is ``tesseract`` with the Vietnamese model installed?"""
    return LANG in _tesseract_langs()


def require_ocr() -> None:
    if not ocr_available():
        _tesseract_langs.cache_clear()  # installed meanwhile?
        if not ocr_available():
            raise IngestError(MISSING_OCR)


def require_pdftoppm() -> None:
    if not shutil.which("pdftoppm"):
        raise IngestError(MISSING_PDFTOPPM)


def _run(cmd: list[str], what: str) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ)
    # one thread per tesseract: OpenMP threads spin and slow down ~20× on a busy machine;
    # pages run in parallel instead (see pdf_reader)
    env["OMP_THREAD_LIMIT"] = os.environ.get("THEODOI_OCR_THREADS", "1")
    try:
        proc = subprocess.run(
            cmd, capture_output=True, timeout=OCR_PAGE_TIMEOUT, check=False, env=env
        )
    except subprocess.TimeoutExpired as exc:
        raise IngestError(f"{what} quá {OCR_PAGE_TIMEOUT} giây, đã dừng.") from exc
    except OSError as exc:
        raise IngestError(f"Không chạy được {cmd[0]}: {exc.strerror or exc}") from exc
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        tail = err[-1] if err else f"mã lỗi {proc.returncode}"
        raise IngestError(f"{what} thất bại: {tail}")
    return proc


def ocr_png(png: Path, *, dpi: int = DPI) -> str:
    """Text of one page image (already a PNG/TIFF tesseract can read)."""
    require_ocr()
    proc = _run(
        ["tesseract", str(png), "stdout", "-l", LANG, "--dpi", str(dpi), "--psm", "3"],
        "Nhận dạng chữ (OCR)",
    )
    return proc.stdout.decode("utf-8", "replace").replace("\f", "\n").rstrip() + "\n"


def _frames(path: Path) -> Iterator[tuple[object, int]]:
    """Pages of an image file as (PIL image in grey, dpi)."""
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        img = Image.open(path)
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise _image_error(path, exc) from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise IngestError(f"Tệp ảnh {path.name} bị hỏng hoặc không đọc được.") from exc
    with img:
        for frame in ImageSequence.Iterator(img):
            if frame.width * frame.height > MAX_IMAGE_PIXELS:
                raise IngestError(f"Ảnh {path.name} quá lớn ({frame.width}×{frame.height} điểm).")
            dpi_info = frame.info.get("dpi") or img.info.get("dpi")
            try:
                dpi = int(round(float(dpi_info[0]))) if dpi_info else 0
            except (TypeError, ValueError, IndexError):
                dpi = 0
            if not 70 <= dpi <= 1200:
                dpi = DPI
            page = ImageOps.exif_transpose(frame.copy()).convert("L")
            yield page, dpi


def _image_error(path: Path, exc: Exception) -> IngestError:
    from PIL import Image

    if isinstance(exc, Image.DecompressionBombError):
        return IngestError(f"Ảnh {path.name} quá lớn (nghi là ảnh nén bất thường).")
    return IngestError(f"Tệp {path.name} không phải ảnh hợp lệ (PNG, JPEG, TIFF).")


def count_image_pages(path: Path) -> int:
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with Image.open(path) as img:
            return max(1, int(getattr(img, "n_frames", 1) or 1))
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise _image_error(path, exc) from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise IngestError(f"Tệp ảnh {path.name} bị hỏng hoặc không đọc được.") from exc


def ocr_image_file(
    path: Path, progress: Callable[[int, int, str], None] | None = None
) -> list[str]:
    """OCR every page (frame) of an image file; returns one text per page."""
    require_ocr()
    total = count_image_pages(path)
    texts: list[str] = []
    with tempfile.TemporaryDirectory(prefix="theodoi-ocr-") as tmp:
        try:
            for i, (page, dpi) in enumerate(_frames(path), start=1):
                png = Path(tmp) / f"p{i}.png"
                page.save(png, dpi=(dpi, dpi))
                texts.append(ocr_png(png, dpi=dpi))
                png.unlink(missing_ok=True)
                if progress:
                    progress(i, total, f"OCR ảnh trang {i}/{total}")
        except IngestError:
            raise
        except (OSError, ValueError, SyntaxError, EOFError) as exc:
            raise IngestError(f"Tệp ảnh {path.name} bị hỏng hoặc không đọc được.") from exc
    return texts


def rasterise_pdf_page(pdf: Path, page_no: int, workdir: Path, *, dpi: int = DPI) -> Path:
    """Page ``page_no`` (1-based) of ``pdf`` as a grey PNG at ``dpi`` in ``workdir``."""
    require_pdftoppm()
    stem = workdir / f"page{page_no}"
    _run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-gray",
            "-png",
            "-singlefile",
            "-f",
            str(page_no),
            "-l",
            str(page_no),
            str(pdf),
            str(stem),
        ],
        f"Chuyển trang {page_no} của PDF thành ảnh",
    )
    png = stem.with_suffix(".png")
    if not png.exists():
        raise IngestError(f"Không chuyển được trang {page_no} của PDF thành ảnh.")
    return png


def ocr_pdf_page(pdf: Path, page_no: int, workdir: Path) -> str:
    """Rasterise page ``page_no`` (1-based) of ``pdf`` at 300 dpi and OCR it (flat text)."""
    require_ocr()
    png = rasterise_pdf_page(pdf, page_no, workdir)
    try:
        return ocr_png(png, dpi=DPI)
    finally:
        png.unlink(missing_ok=True)


# for the scan loader (theodoi/ingest/loaders/scan.py)
run_tool = _run
image_frames = _frames
