"""Load a plan file as text: ``.txt``, Word ``.docx``, ``.pdf`` (text layer or scanned) and
scanned images (``.png``, ``.jpg``, ``.tif`` …, read by OCR).

The format is decided by the file's content (magic bytes) first, then by its extension, so a
PDF saved as ``.txt`` is still read as a PDF.  Anything unreadable raises
:class:`IngestError` with a Vietnamese message.

Limits (refused with "Tệp quá lớn…"):

* any file: :data:`MAX_FILE_BYTES` (100 MB);
* plain text: :data:`MAX_TEXT_BYTES` (20 MB — a long plan is well under 1 MB);
* ``.docx``: :data:`~theodoi.ingest.docx_reader.MAX_UNCOMPRESSED` (200 MB unpacked);
* ``.pdf``: :data:`~theodoi.ingest.pdf_reader.MAX_PDF_PAGES` pages.

Progress: ``load_text(path, progress=cb)`` calls ``cb(done, total, message)`` after each
page of a PDF or image (once for ``.txt``/``.docx``).  :func:`tqdm_progress` makes such a
callback that draws a bar on stderr.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import IngestError
from .loaders.blocks import Document, Paragraph, document_text

__all__ = [
    "load_text",
    "load_document",
    "SUPPORTED_SUFFIXES",
    "IMAGE_SUFFIXES",
    "MAX_TEXT_BYTES",
    "MAX_FILE_BYTES",
    "PageProgress",
    "tqdm_progress",
    "page_progress_from",
]

PageProgress = Callable[[int, int, str], None]

MAX_TEXT_BYTES = 20 * 1024 * 1024
MAX_FILE_BYTES = 100 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | IMAGE_SUFFIXES | {".docx", ".pdf"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc/.xls, or a password-protected .docx
_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"II*\x00",
    b"MM\x00*",
    b"GIF87a",
    b"GIF89a",
)


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return bool(head) and control / len(head) > 0.05


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def _kind(p: Path, head: bytes) -> str:
    """txt, docx, pdf, image — from the content, then the extension."""
    suffix = p.suffix.lower()
    if head.startswith(b"%PDF") or (b"%PDF-" in head[:1024] and suffix == ".pdf"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        if suffix in (".odt", ".ods", ".xlsx", ".pptx"):
            raise IngestError(
                f"Chưa hỗ trợ định dạng {suffix}: hãy lưu tệp thành .docx, .pdf hoặc .txt."
            )
        return "docx"
    if head.startswith(_OLE):
        utf16 = "EncryptedPackage".encode("utf-16-le")
        if suffix == ".docx" or utf16 in head or _has_encrypted_package(p, utf16):
            raise IngestError(
                "Tệp Word được đặt mật khẩu: hãy gỡ mật khẩu (Tệp → Thông tin → Bảo vệ tài liệu) "
                "rồi tải lên lại."
            )
        raise IngestError(
            "Tệp Word dạng cũ (.doc) chưa được hỗ trợ: hãy mở bằng Word và lưu thành .docx."
        )
    if head.startswith(_IMAGE_MAGIC) or head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    if suffix in (".docx", ".pdf") or suffix in IMAGE_SUFFIXES:
        return {".docx": "docx", ".pdf": "pdf"}.get(suffix, "image")
    if suffix in (".doc", ".odt", ".rtf", ".xls", ".xlsx", ".ppt", ".pptx", ".ods", ".html"):
        raise IngestError(
            f"Chưa hỗ trợ định dạng {suffix}: hãy lưu tệp thành .docx, .pdf hoặc .txt."
        )
    if suffix not in TEXT_SUFFIXES:
        raise IngestError(
            f"Không nhận dạng được định dạng tệp {p.name}: hãy dùng .txt, .docx, .pdf "
            "hoặc ảnh chụp (.png, .jpg, .tif)."
        )
    return "txt"


def _has_encrypted_package(p: Path, marker: bytes) -> bool:
    try:
        with open(p, "rb") as f:
            return marker in f.read(1024 * 1024)
    except OSError:
        return False


def _decode_text(data: bytes, name: str) -> str:
    if _looks_binary(data):
        raise IngestError(f"Tệp {name} không phải văn bản (dữ liệu nhị phân).")
    for encoding in ("utf-8-sig", "utf-8", "cp1258"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise IngestError(f"Không giải mã được tệp {name}: không phải UTF-8 hay Windows-1258.")


def _open(path: str | Path) -> tuple[Path, str, int]:
    """(the path, its kind, its size) once it is known to be a readable, non-empty file of a
    supported format within the limits."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise IngestError(f"Đường dẫn là thư mục, không phải tệp: {p}")
        with open(p, "rb") as f:
            head = f.read(8192)
    except FileNotFoundError as exc:
        raise IngestError(f"Không tìm thấy tệp: {p}") from exc
    except IsADirectoryError as exc:
        raise IngestError(f"Đường dẫn là thư mục, không phải tệp: {p}") from exc
    except OSError as exc:
        raise IngestError(f"Không đọc được tệp {p}: {exc.strerror or exc}") from exc
    if size == 0 or not head:
        raise IngestError(f"Tệp {p.name} rỗng, không có nội dung.")
    if size > MAX_FILE_BYTES:
        raise IngestError(f"Tệp quá lớn: {p.name} nặng {_mb(size)}, tối đa {_mb(MAX_FILE_BYTES)}.")
    return p, _kind(p, head), size


def _read_txt(p: Path, size: int, progress: PageProgress | None) -> str:
    if size > MAX_TEXT_BYTES:
        raise IngestError(
            f"Tệp quá lớn: {p.name} nặng {_mb(size)}, văn bản thuần tối đa {_mb(MAX_TEXT_BYTES)}."
        )
    try:
        text = _decode_text(p.read_bytes(), p.name)
    except OSError as exc:
        raise IngestError(f"Không đọc được tệp {p}: {exc.strerror or exc}") from exc
    if progress:
        progress(1, 1, "Đọc văn bản")
    return text


def _read_blocks(p: Path, kind: str, progress: PageProgress | None) -> Document:
    if kind == "docx":
        from .docx_reader import read_docx_document

        doc = read_docx_document(p)
        if progress:
            progress(1, 1, "Đọc tệp Word")
        return doc
    if kind == "pdf":
        from .pdf_reader import read_pdf_document

        return read_pdf_document(p, progress)
    from .loaders.scan import read_image_file

    return read_image_file(p, progress)


def _refuse_empty(text: str, p: Path, kind: str) -> None:
    if text.strip():
        return
    if kind == "pdf":
        raise IngestError(f"Tệp PDF {p.name} không có chữ nào đọc được (trang trắng?).")
    if kind == "image":
        raise IngestError(f"Không nhận dạng được chữ nào trong ảnh {p.name}.")
    raise IngestError(f"Tệp {p.name} rỗng, không có nội dung.")


def load_document(path: str | Path, *, progress: PageProgress | None = None) -> Document:
    """Read ``path`` as blocks (:mod:`theodoi.ingest.loaders.blocks`): paragraphs with their
    numbering and tables with rows and cells, the same for every format (a text file: one
    paragraph per line).  Raises :class:`IngestError` as :func:`load_text` does."""
    p, kind, size = _open(path)
    if kind == "txt":
        text = _read_txt(p, size, progress).replace("\x00", "")
        _refuse_empty(text, p, kind)
        return Document([Paragraph(ln.strip()) for ln in text.splitlines() if ln.strip()])
    doc = _read_blocks(p, kind, progress)
    _refuse_empty(document_text(doc).replace("\x00", ""), p, kind)
    return doc


def load_text(path: str | Path, *, progress: PageProgress | None = None) -> str:
    """Read ``path`` as text.

    ``.txt``: UTF-8, then UTF-8 with BOM, then Windows-1258.  ``.docx``: paragraphs and
    tables in order with Word's automatic numbering.  ``.pdf``: text layer in reading order,
    scanned pages by OCR.  Images: OCR (tesseract, ``vie``).

    Raises :class:`IngestError` with a Vietnamese message when the file is missing,
    unreadable, too large, binary, empty or of an unsupported format.
    """
    p, kind, size = _open(path)
    if kind == "txt":
        text = _read_txt(p, size, progress)
    else:
        text = document_text(_read_blocks(p, kind, progress))
    text = text.replace("\x00", "")
    _refuse_empty(text, p, kind)
    return text


def page_progress_from(report: Callable[[str], None]) -> PageProgress:
    """Adapt the pipeline's one-message ``progress(msg)`` to the loader's per-page callback."""

    def page(done: int, total: int, message: str) -> None:
        report(f"load {done}/{total}: {message}")

    return page


@contextlib.contextmanager
def tqdm_progress(desc: str = "Đọc tệp", file=None) -> Iterator[PageProgress]:
    """A ``progress(done, total, message)`` callback drawing a tqdm bar on stderr::

    with tqdm_progress() as cb:
        text = load_text(path, progress=cb)
    """
    from tqdm import tqdm

    bar = None

    def update(done: int, total: int, message: str) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc=desc, unit="trang", file=file or sys.stderr, leave=False)
        if bar.total != total:
            bar.total = total
        bar.set_postfix_str(message, refresh=False)
        bar.update(max(0, done - bar.n))

    try:
        yield update
    finally:
        if bar is not None:
            bar.close()
