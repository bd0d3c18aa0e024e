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
from .segment import fold

__all__ = ["parse_target", "is_empty_target", "figures_in_prose"]

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
    # "đạt" (OCR "dat", "d4t", "dqt"; not "dit", which is "dữ")
    (re.compile(r"\b(phan dau|dat|d[a4q]t)\b"), ">="),
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
    # a digit glued to letters is an OCR'd letter ("gi4" = "giá", "c6" = "có"), not a figure
    m = re.search(rf"(?<![\w/])({_NUM})(?![\d/])", key)
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


# -- figures worded in prose ("đạt tối thiểu 30% GRDP", "thuộc nhóm 05 tỉnh dẫn đầu") --

_P_NUM = r"\d{1,3}(?:,\d+)?"
_P_FIGURE = re.compile(rf"(?<![\w/.,])({_P_NUM})(?:\s*%?\s*-\s*({_P_NUM}))?(?![\w/]|[.,]\d)")
_P_TOP = re.compile(r"\bnh\w{1,2}m\s*$")
_P_FLOOR = re.compile(
    r"\b(?:t\w{0,2} th\w{0,2}eu|it nh\w{1,2}t|khong th\w{1,2}p hon|khong it hon|phan d\w{1,2}u)(?:\s+d\w{1,2}t)?\s*$"
)
_P_UP = re.compile(r"^\s*%?\s*(?:\S+\s+)?tr\w? [l1]en\b")
_P_ABOVE = re.compile(r"\b(?:tren|hon|vuot)\s*$")
_P_BELOW = re.compile(r"\bduoi\s*$")
_P_CEIL = re.compile(r"\b(?:t\w{0,2} da|khong qua|khong vuot)\s*$")
_P_UNIT = re.compile(r"^\s*%")


def figures_in_prose(text: str) -> list[tuple[int, Target]]:
    """Figures a sentence states with their comparison in words, as (position, target):
    "đạt tối thiểu 30% GRDP" (>= 30), "trên 90%" (> 90), "từ 45% trở lên" (>= 45),
    "02 - 05%/năm" (range), "thuộc nhóm 05 tỉnh dẫn đầu" (top 5), "phấn đấu đạt 1,5%"
    (>= 1.5), "có > 40% doanh nghiệp" (> 40).  A figure with no such wording ("100% học sinh") says nothing about the
    comparison and is left out.  ``text`` may be OCR'd: diacritics are ignored."""
    key = fold(text)
    out: list[tuple[int, Target]] = []
    for m in _P_FIGURE.finditer(key):
        before = key[max(0, m.start() - 30) : m.start()]
        after = key[m.end() : m.end() + 20]
        lo = _num(m.group(1))
        raw = text[m.start() : m.end()]
        if m.group(2):
            hi = _num(m.group(2))
            if lo < hi and (_P_UNIT.match(after) or "%" in key[m.start() : m.end()]):
                out.append((m.start(), Target(raw=raw, op="range", value=lo, value_max=hi)))
            continue
        sign = re.search(r"(≥|>=|≤|<=|>|<)\s*$", before)
        if sign:
            op = dict(_SYMBOL_OPS)[sign.group(1)]
        elif _P_TOP.search(before):
            op = "top"
        elif _P_FLOOR.search(before) or _P_UP.match(after):  # "(từ) 45% trở lên"
            op = ">="
        elif _P_ABOVE.search(before):
            op = ">"
        elif _P_BELOW.search(before):
            op = "<"
        elif _P_CEIL.search(before):
            op = "<="
        else:
            continue
        out.append((m.start(), Target(raw=raw, op=op, value=lo)))
    return out
