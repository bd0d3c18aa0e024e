"""Diacritics-free lower case of the same length as the text, so that a pattern found on
the folded text marks the same span of the text as written."""

from __future__ import annotations

from theodoi.textnorm import search_key

__all__ = ["fold"]


def fold(text: str) -> str:
    """Diacritics-free lower case, same length as ``text`` (so regex spans map back)."""
    out = []
    for ch in text:
        k = search_key(ch) if not ch.isspace() else " "
        out.append(k if len(k) == 1 else ch.lower())
    return "".join(out)
