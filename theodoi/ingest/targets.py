"""Parse an indicator target cell ("≥ 80", "100%", "Top 20 toàn tỉnh", "80-90%") into a
:class:`Target`.

Conventions (documented choices):

* a bare number ("100", "100%") is ``=``;
* wording that sets a floor — "phấn đấu (đạt)", "đạt", "ít nhất", "tối thiểu",
  "không thấp hơn", "trở lên" — is ``>=``; "trên", "hơn", "vượt" is ``>``;
  "dưới" is ``<``, "tối đa", "không quá", "không vượt" is ``<=``;
* "80-90%" and "02 - 05%/năm" are ``range`` (value..value_max);
* "Top 20 toàn tỉnh", "thuộc nhóm 05 tỉnh dẫn đầu" are ``top`` with the rank;
* a cell with no number ("Đạt", "Hoàn thành", "Tiên tiến, hiện đại") is ``text``;
* "-", "—", "" mean *no target for that period*: :func:`parse_target` returns ``None``.

Decimal commas ("0,7", "1,5") are read as decimals.
"""

from __future__ import annotations

import re

from theodoi.textnorm import search_key

from .model import Target

__all__ = ["parse_target", "is_empty_target"]

_NUM = r"\d+(?:[.,]\d+)?"
_EMPTY = re.compile(r"^[-–—_.x/]*$")


def is_empty_target(raw: str | None) -> bool:
    return raw is None or bool(_EMPTY.match(raw.strip()))


def _num(text: str) -> float:
    text = text.replace(",", ".")
    if text.count(".") > 1:
        text = text.replace(".", "")
    value = float(text)
    return int(value) if value.is_integer() else value


_SYMBOL_OPS = [
    ("≥", ">="),
    (">=", ">="),
    ("=>", ">="),
    ("≤", "<="),
    ("<=", "<="),
    ("=<", "<="),
    (">", ">"),
    ("<", "<"),
    ("=", "="),
]

_WORD_OPS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"\b(khong thap hon|khong it hon|toi thieu|it nhat|tro len|tu .* tro len)\b"),
        ">=",
    ),
    (re.compile(r"\b(khong qua|khong vuot|toi da|tro xuong)\b"), "<="),
    (re.compile(r"\b(tren|hon|vuot)\b"), ">"),
    (re.compile(r"\b(duoi)\b"), "<"),
    (re.compile(r"\b(phan dau|dat|d[a-z]t)\b"), ">="),
]


def parse_target(raw: str | None, period: str | None = None) -> Target | None:
    """Return the target, or ``None`` when the cell says there is none ("-")."""
    if raw is None:
        return None
    text = re.sub(r"\s+", " ", raw).strip()
    if is_empty_target(text):
        return None
    key = search_key(text).replace("–", "-").replace("—", "-")
    # ranking: "Top 20 toàn tỉnh", "thuộc nhóm 05 tỉnh dẫn đầu", "nhóm 10 tỉnh"
    m = re.search(rf"\btop\s*({_NUM})", key) or re.search(rf"\bnh[a-z]{{1,2}}m\s+({_NUM})\b", key)
    if m:
        return Target(raw=text, op="top", value=_num(m.group(1)), period=period)
    # range: "80-90%", "02 - 05%/năm", "15-20"
    m = re.search(rf"(?<![\d/])({_NUM})\s*%?\s*-\s*({_NUM})(?![\d/])", key)
    if m:
        lo, hi = _num(m.group(1)), _num(m.group(2))
        if lo <= hi:
            return Target(raw=text, op="range", value=lo, value_max=hi, period=period)
    m = re.search(rf"(?<![\d/])({_NUM})(?![\d/])", key)
    if not m:
        return Target(raw=text, op="text", period=period)
    value = _num(m.group(1))
    before = text[: _index_in_text(text, m.group(1))]
    op = None
    for sym, name in _SYMBOL_OPS:
        if sym in before:
            op = name
            break
    if op is None:
        prefix = search_key(before)
        after = key[m.end() :]
        for rx, name in _WORD_OPS:
            if rx.search(prefix) or (name == ">=" and re.search(r"\btro len\b", after)):
                op = name
                break
    return Target(raw=text, op=op or "=", value=value, period=period)


def _index_in_text(text: str, number: str) -> int:
    i = text.find(number)
    if i < 0:
        i = text.find(number.replace(".", ","))
    return max(i, 0)
