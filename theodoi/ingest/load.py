"""Load a plan file as text.  ``.txt`` now; ``.docx``/``.pdf`` are announced but not yet read."""

from __future__ import annotations

from pathlib import Path

from .errors import IngestError

__all__ = ["load_text", "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = {".txt", ".text", ""}
_LATER = {".docx", ".doc", ".pdf", ".odt", ".rtf"}


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return bool(head) and control / len(head) > 0.05


def load_text(path: str | Path) -> str:
    """Read ``path`` as text (UTF-8, then UTF-8 with BOM, then Windows-1258).

    Raises :class:`IngestError` with a Vietnamese message when the file is missing,
    unreadable, binary, empty or of a format not supported yet.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in _LATER:
        raise IngestError(f"Chưa hỗ trợ định dạng {suffix}: hãy chuyển tệp sang .txt.")
    try:
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise IngestError(f"Không tìm thấy tệp: {p}") from exc
    except IsADirectoryError as exc:
        raise IngestError(f"Đường dẫn là thư mục, không phải tệp: {p}") from exc
    except OSError as exc:
        raise IngestError(f"Không đọc được tệp {p}: {exc.strerror or exc}") from exc
    if data.startswith(b"%PDF"):
        raise IngestError("Chưa hỗ trợ định dạng .pdf: hãy chuyển tệp sang .txt.")
    if data.startswith(b"PK\x03\x04"):
        raise IngestError("Chưa hỗ trợ định dạng .docx: hãy chuyển tệp sang .txt.")
    if _looks_binary(data):
        raise IngestError(f"Tệp {p.name} không phải văn bản (dữ liệu nhị phân).")
    text: str | None = None
    for encoding in ("utf-8-sig", "utf-8", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise IngestError(f"Không giải mã được tệp {p.name}: không phải UTF-8 hay Windows-1258.")
    if not text.strip():
        raise IngestError(f"Tệp {p.name} rỗng, không có nội dung.")
    return text
