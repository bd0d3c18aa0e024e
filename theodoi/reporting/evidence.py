"""Evidence files: what a file is, told by its content, never by its name (plain Python).

A report row's evidence may be a PDF, a Word (DOCX) or Excel (XLSX) document, or a JPG or PNG
picture. The first bytes say which (``%PDF-``, the PNG and JPEG signatures); a DOCX and an XLSX
are zip archives holding ``word/document.xml`` and ``xl/workbook.xml``. Anything else — a
renamed program (``MZ``), a zip that holds neither, an empty file — is refused, and so is a file
whose name claims another of the accepted types than its content (a DOCX named ``.pdf``).
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
HEAD_BYTES = 16
CHUNK = 64 * 1024


@dataclass(frozen=True)
class FileKind:
    label: str  # what the messages call it
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind("PDF", "application/pdf", (".pdf",))
PNG = FileKind("PNG", "image/png", (".png",))
JPEG = FileKind("JPG", "image/jpeg", (".jpg", ".jpeg"))
DOCX = FileKind(
    "DOCX",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = FileKind(
    "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)
)
KINDS = (PDF, DOCX, XLSX, JPEG, PNG)
ACCEPT = ",".join(ext for kind in KINDS for ext in kind.extensions)


class EvidenceRefused(ValueError):
    """The file is not one the system keeps as evidence; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class CheckedFile:
    name: str
    kind: FileKind
    size: int
    sha256: str


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def _zip_kind(stream: BinaryIO) -> FileKind | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def detect_kind(stream: BinaryIO) -> FileKind | None:
    """The accepted kind the content is, or None. The stream is left at its start."""
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    kind = None
    if head.startswith(b"%PDF-"):
        kind = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(stream)
    stream.seek(0)
    return kind


def _sha256(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".").replace(".", ",") + " MB"


def clean_name(name: str) -> str:
    """The name as the sender gave it, without a path and control characters, at most 255."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if len(name) > 255:
        extension = _extension(name)[:20]
        name = name[: 255 - len(extension)] + extension
    return name or "tep"


def check_file(*, name: str, size: int, stream: BinaryIO, max_bytes: int) -> CheckedFile:
    """What the file is, its size and hash; EvidenceRefused when it is not to be kept."""
    name = clean_name(name)
    if size <= 0:
        raise EvidenceRefused(f"Tệp «{name}» rỗng: không nhận.")
    if size > max_bytes:
        raise EvidenceRefused(
            f"Tệp «{name}» dung lượng {_megabytes(size)}, vượt giới hạn {_megabytes(max_bytes)}: "
            "không nhận."
        )
    kind = detect_kind(stream)
    if kind is None:
        raise EvidenceRefused(f"Tệp «{name}» không phải PDF, DOCX, XLSX, JPG hay PNG: không nhận.")
    extension = _extension(name)
    claimed = next((k for k in KINDS if extension in k.extensions), None)
    if claimed is not None and claimed != kind:
        raise EvidenceRefused(
            f"Tệp «{name}» mang đuôi {extension} nhưng nội dung là {kind.label}: không nhận. "
            f"Hãy đặt lại tên tệp với đuôi {kind.extensions[0]}."
        )
    if claimed is None:
        name = f"{name}{kind.extensions[0]}"  # the name says what the content is
    return CheckedFile(name=name, kind=kind, size=size, sha256=_sha256(stream))
