"""Diacritics-free lower case of the same length as the text, so that a pattern found on
the folded text marks the same span of the text as written."""

from __future__ import annotations

from functools import cache

from theodoi.textnorm import search_key

__all__ = ["fold"]


@cache
def _fold_char(ch: str) -> str:
    k = search_key(ch) if not ch.isspace() else " "
    return k if len(k) == 1 else ch.lower()


def fold(text: str) -> str:
    """Diacritics-free lower case, same length as ``text`` (so regex spans map back)."""
    return "".join(map(_fold_char, text))
