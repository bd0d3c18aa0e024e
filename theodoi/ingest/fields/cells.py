"""Cells of a table row printed one cell per line: a wrapped cell line starts in lower
case or follows a connector; an agency's name or a value ("≥ 80", "%") starts a cell."""

from __future__ import annotations

import re

from theodoi.textnorm import search_key

from .namer import AGENCY_HEAD, AgencyNamer

CONNECTOR_END = re.compile(
    r"(?:[,\-–/&(]|\b(?:và|của|các|về|tại|theo|với|trên|có|từ|cho|đến|trong|hoặc|bộ|va|cua|cac|ve|tai|voi|tren|tu|den)\s*)$",
    re.IGNORECASE,
)


_INCOMPLETE = {
    "van phong",
    "trung tam",
    "ban chi huy",
    "ban",
    "phong",
    "so",
    "chi nhanh",
    "cong an",
    "trung tam van",
}


VALUE_TOKEN = (
    r"(?:(?:phấn\s+đấu\s+)?(?:đạt\s+)?(?:ít\s+nhất|tối\s+thiểu|trên|dưới)?\s*)?"
    r"(?:[≥≤><]=?\s*)?(?<![\d/])\d+(?:[.,]\d+)?(?:\s*-\s*\d+(?:[.,]\d+)?)?\s*%?(?![\w/])"
    r"|(?<!\S)[-–](?!\S)|Đạt(?!\s+\d)(?!\s+trên)"
)


VALUE_TOKEN_RX = re.compile(VALUE_TOKEN, re.IGNORECASE)


UNIT_RX = re.compile(
    r"^(%(?:\s*(?:dân số|tổng chi(?:\s+ngân sách)?(?:\s+nhà nước)?|GRDP|GDP|/năm))?|Thứ bậc|Doanh nghiệp|Chỉ số)(?=\s|$)"
)


def continues_cell(prev: str, nxt: str) -> bool:
    first = nxt[:1]
    if not first:
        return True
    if first.islower() or first in "(,;.)":
        return True
    if re.match(r"^[-–]\s*\S", nxt) and not VALUE_TOKEN_RX.fullmatch(nxt.strip()):
        return True
    if CONNECTOR_END.search(prev.strip()):
        return True
    if re.search(r"(?i)\b(?:số|ngày)$", prev.strip()):
        # "… Kế hoạch số" | "57/KH-UBND": a number follows; "Hạ tầng số" (digital) ends
        return bool(re.match(r"\d", nxt))
    return search_key(prev).strip(" .,") in _INCOMPLETE


def _name_goes_on(words: list[str], i: int, namer: AgencyNamer) -> bool:
    """The agency before word ``i`` is only the start of a longer name the word goes on with: a
    place whose name holds an agency head word ("Phòng", "Ban" …) is no new agency."""
    if namer.registry is None:
        return False
    left = namer.resolve(" ".join(words[:i]))
    longer = namer.resolve(" ".join(words[: i + 1]))
    return longer.kind != "unknown" and longer.name == left.name and longer.score > left.score


def _split_inline_agencies(line: str, namer: AgencyNamer) -> list[str]:
    """ "Trạm Y tế Các trường học" → ["Trạm Y tế", "Các trường học"]."""
    words = line.split()
    for i in range(1, len(words)):
        if not AGENCY_HEAD.match(" ".join(words[i : i + 2])) and words[i] not in ("Các",):
            continue
        left = " ".join(words[:i])
        if is_value_line(left) or re.fullmatch(r"(?i)đạt|hoàn thành", left.strip()):
            return [left, *_split_inline_agencies(" ".join(words[i:]), namer)]
        if left.endswith((",", ";", "và")) or search_key(left) in _INCOMPLETE:
            continue
        if namer.is_agency(left) and (
            namer.registry is None or namer.resolve(left).kind != "unknown"
        ):
            if _name_goes_on(words, i, namer):
                continue
            return [left, *_split_inline_agencies(" ".join(words[i:]), namer)]
    return [line]


def split_cells(lines: list[str], namer: AgencyNamer) -> list[str]:
    cells: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        value_break = is_value_line(cells[-1]) and not is_value_line(line) if cells else False
        if cells and not value_break and continues_cell(cells[-1], line):
            cells[-1] = f"{cells[-1]} {line}"
            continue
        cells.extend(_split_inline_agencies(line, namer))
    return [re.sub(r"\s+", " ", c).strip() for c in cells]


def is_value_line(s: str) -> bool:
    s = s.strip()
    if not s:
        return False
    if UNIT_RX.match(s):
        return True
    rest = VALUE_TOKEN_RX.sub(" ", s)
    rest = re.sub(r"(?i)\b(?:phấn|đấu|đạt|ít|nhất|tối|thiểu|trên|dưới)\b", " ", rest)
    return not rest.strip(" .,;")


def value_start(s: str, need_unit: bool) -> int | None:
    """Position in ``s`` where the unit/target cells begin (after the indicator name)."""
    positions = [m.start() for m in re.finditer(r"(?<=\s)\S", s)]
    for p in positions:
        rest = s[p:]
        if need_unit:
            if UNIT_RX.match(rest):
                return p
            continue
        m = re.match(rf"(?:(?:{VALUE_TOKEN})\s*)+", rest, re.IGNORECASE)
        if m and m.group(0).strip() and len(VALUE_TOKEN_RX.findall(m.group(0))) >= 2:
            after = rest[m.end() :].strip()
            if not after or after[:1].isupper():
                return p
    return None
