"""Plain-Python text helpers shared by the ingestion pipeline and the Django apps.

No Django imports here: the ingestion package depends on this module.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Unicode NFC, the form every stored Vietnamese string uses."""
    return unicodedata.normalize("NFC", text)


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese tone and vowel marks; đ/Đ become d/D."""
    decomposed = unicodedata.normalize("NFD", text)
    without = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return without.replace("đ", "d").replace("Đ", "D")


def search_key(text: str) -> str:
    """Diacritics-free, lower-case, space-folded key: "Chuyển đổi  Số" -> "chuyen doi so".
    Names and lines (what the reader asks for again and again) are remembered."""
    if len(text) <= 500:
        return _short_key(text)
    return _key(text)


def _key(text: str) -> str:
    return _SPACES.sub(" ", strip_diacritics(nfc(text)).lower()).strip()


_short_key = lru_cache(maxsize=65536)(_key)
