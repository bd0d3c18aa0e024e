"""Deadlines found in a cell or at the end of a text: the longest tail that reads as a
deadline ("… Quý III/2026", "… thường xuyên"), and the deadline column's words of a
flattened OCR line."""

from __future__ import annotations

import re

from theodoi.textnorm import search_key

from ..deadlines import parse_deadline
from ..model import Deadline
from ..segment import fold


def take_deadline_suffix(text: str) -> tuple[str, Deadline | None]:
    words = text.split()
    for k in range(min(8, len(words)), 0, -1):
        cand = " ".join(words[-k:])
        d = parse_deadline(cand, strict=True)
        if d.kind != "unknown":
            return " ".join(words[:-k]), d
    return text, None


_DEADLINE_WORD = re.compile(
    r"^(?:\d{1,2}/\d{1,2}/\d{4}|\d{1,2}/\d{4}|\d{4}(?:-\d{4})?|-\d{4}|\d{1,2}1(?:19|20)\d\d|[ivxl1]{1,4}/\d{4}"
    r"|th\w{2,4}ng|x\w{2,5}n|h\w{1,2}ng|n\w{1,2}m|qu[yi]|tr\w{2,3}[ce]|truoc|va|nh\w{2,4}g|tiep|theo"
    r"|nhiem|vu|lien|tuc|dinh|ky|cuoi|den|het|nam)$"
)


def _deadline_tail(text: str) -> str:
    """The deadline column's piece of a flattened row line: the words at its end that
    can be part of a deadline ("… Kế hoạch Thường" → "Thường")."""
    out: list[str] = []
    for w in reversed(text.split()):
        k = search_key(w).strip(".,;:|'\"()[]*/")
        k = k.replace(";", "")
        if not k or re.fullmatch(r"[\W_]+", k):
            continue
        if not _DEADLINE_WORD.match(k):
            break
        m = re.fullmatch(r"(\d{1,2})1((?:19|20)\d\d)", k)  # "912025": the slash read as 1
        out.append(f"{m.group(1)}/{m.group(2)}" if m else k)
    return " ".join(reversed(out))


def row_deadline(texts: list[str]) -> Deadline:
    pieces = [p for p in (_deadline_tail(t) for t in texts[:6]) if p][:5]
    best = None
    for k in range(1, len(pieces) + 1):
        d = parse_deadline(" ".join(pieces[:k]), strict=True)
        if d.kind != "unknown":
            best = d
    if best is None and pieces:
        for k in range(len(pieces), 0, -1):
            d = parse_deadline(" ".join(pieces[:k]))
            if d.kind != "unknown":
                best = d
                break
    return best or Deadline(raw=None)


def heading_year_deadline(key: str):
    """A task section titled for one year ("NHIỆM VỤ NĂM 2027", "… trong năm
    2025") gives its tasks that year as deadline; a period ("giai đoạn 2026-2030", two
    years) or no year gives none.  Returns a factory (each task gets its own object)."""
    years = re.findall(r"\b(20\d\d)\b", key)
    m = re.search(r"\bn\w{1,2}m\s+(20\d\d)\s*$", key)
    if len(years) != 1 or not m or re.search(r"giai doan|den n\w{1,2}m", key):
        return lambda: Deadline(raw=None)
    raw = f"Năm {m.group(1)}"
    return lambda: parse_deadline(raw)


# a deadline closing an item: in parentheses ("… (hoàn thành trong Quý III/2026).",
# "… (thực hiện thường xuyên)") or as its last clause ("…; hoàn thành trong năm 2026")
_PAREN_END = re.compile(r"\s*\((?P<d>[^()]{3,60})\)\s*[.;]?\s*$")
_CLAUSE_END = re.compile(
    r"[;,]\s*(?P<d>(?:hoan thanh|thuc hien|trien khai|truoc|trong|cham nhat|thoi gian|thoi han"
    r"|dinh ky|hang|thuong xuyen)\b[^;,]{0,50}?)\s*[.;]?\s*$"
)


def deadline_in_text(text: str) -> tuple[str, Deadline | None]:
    """The deadline an item's text ends with, and the text without a parenthesised one
    (a closing clause stays: it is part of the sentence)."""
    m = _PAREN_END.search(text)
    if m:
        d = parse_deadline(m["d"], strict=True)
        if d.kind != "unknown":
            return text[: m.start()].rstrip(" ,;"), d
    m = _CLAUSE_END.search(fold(text))
    if m:
        d = parse_deadline(text[m.start("d") : m.end("d")], strict=True)
        if d.kind != "unknown":
            return text, d
    return text, None
