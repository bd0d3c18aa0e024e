"""Text forms shared by the recognisers: the folded key (OCR words repaired first) and
the display form of OCR text (diacritics restored)."""

from __future__ import annotations

import re

from ..segment import fold


def restore_display(text: str) -> str:
    """Display form of OCR text: words mapped back to syllables, diacritics restored."""
    from ..diacritics import restore_diacritics
    from ..ocr_fix import fix_ocr_line

    try:
        return restore_diacritics(fix_ocr_line(text))
    except Exception:  # noqa: BLE001 — display only; keep the text as read
        return text


def plain_key(text: str, ocr: bool) -> str:
    if ocr:
        from ..ocr_fix import fix_ocr_line

        text = fix_ocr_line(text)
    return fold(text)


def words_of(key: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", key)
