"""Turn segmented parts into indicators, tasks and reporting obligations.

* Body tasks: in a "NHIỆM VỤ …" section (NHIỆM VỤ VÀ GIẢI PHÁP, NHIỆM VỤ CỤ THỂ,
  NHIỆM VỤ TRỌNG TÂM …), the leaves under each group heading are tasks; a group heading
  with no items of its own is one task.  Headings, "Mục đích/Yêu cầu" items, signatures
  and recipients are not tasks.
* Appendix tables: the header says what the columns are (chỉ tiêu, đơn vị tính, kết quả or
  year columns, chủ trì, phối hợp, sản phẩm, thời gian, "Stt nhiệm vụ trong NQ 71").
  Cells are recovered from one-cell-per-line text by continuation rules (a wrapped cell
  line starts in lower case or follows a connector) and agency names.
* A task listed both in the body and in an appendix is merged (ordered fuzzy alignment).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from theodoi.textnorm import search_key

from .deadlines import parse_deadline
from .model import Deadline, Indicator, ReportingObligation, Target, Task
from .resolve import (
    AGENCY_HEAD_WORDS,
    AgencyRegistry,
    Resolution,
    agency_key,
    clean_agency_text,
    is_collective,
    split_agencies,
)
from .segment import Appendix, Section, Segmented, TableRow, fold
from .targets import figures_in_prose, parse_target

__all__ = ["extract_all", "AgencyNamer"]

_CONNECTOR_END = re.compile(
    r"(?:[,\-–/&(]|\b(?:và|của|các|về|tại|theo|với|trên|có|từ|cho|đến|trong|hoặc|bộ|va|cua|cac|ve|tai|voi|tren|tu|den)\s*)$",
    re.IGNORECASE,
)
_HEAD = re.compile(
    r"^(?:Sở|Phòng|Ban|Ủy ban|UBND|Văn phòng|VP|Trung tâm|Công an|Chi nhánh|Bảo hiểm|BHXH|Đài|Báo|"
    r"Trạm|Trường|Ngân hàng|Bộ|Hội|Thường trực|Tỉnh ủy|Đảng ủy|Mặt trận|Các|Cơ quan|Tổ)\b(?! cáo)"
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
_TOKEN = (
    r"(?:(?:phấn\s+đấu\s+)?(?:đạt\s+)?(?:ít\s+nhất|tối\s+thiểu|trên|dưới)?\s*)?"
    r"(?:[≥≤><]=?\s*)?(?<![\d/])\d+(?:[.,]\d+)?(?:\s*-\s*\d+(?:[.,]\d+)?)?\s*%?(?![\w/])"
    r"|(?<!\S)[-–](?!\S)|Đạt(?!\s+\d)(?!\s+trên)"
)
_TOKEN_RX = re.compile(_TOKEN, re.IGNORECASE)
_UNIT_RX = re.compile(
    r"^(%(?:\s*(?:dân số|tổng chi(?:\s+ngân sách)?(?:\s+nhà nước)?|GRDP|GDP|/năm))?|Thứ bậc|Doanh nghiệp|Chỉ số)(?=\s|$)"
)
_TASK_SECTION = re.compile(r"\bnhi\w{0,2}m v\w{1,2}\b")
_NOT_TASK_SECTION = re.compile(r"\b(?:phan cong|to chuc thuc hien|muc tieu|kinh phi)\b")


class AgencyNamer:
    """Resolves agency cells against the registry and records warnings once per name."""

    def __init__(self, registry: AgencyRegistry | None, warnings: list[str]):
        self.registry = registry
        self.warnings = warnings
        self._warned: set[str] = set()

    def resolve(self, raw: str) -> Resolution:
        text = clean_agency_text(raw)
        if self.registry is None:
            kind = "collective" if is_collective(text) else "unknown"
            return Resolution(None, text, 0.0, kind)
        res = self.registry.resolve(text)
        if res.kind == "unknown" and text and search_key(text) not in self._warned:
            self._warned.add(search_key(text))
            self.warnings.append(f"Không nhận ra cơ quan: “{text}” (giữ nguyên như trong văn bản)")
        return res

    def name(self, raw: str | None) -> str | None:
        if not raw or not clean_agency_text(raw):
            return None
        return self.resolve(raw).display

    def lead_and_coordinators(
        self, lead_cell: str | None, coord_cell: str | None
    ) -> tuple[str | None, list[str]]:
        leads = split_agencies(lead_cell)
        coords = split_agencies(coord_cell)
        lead = self.name(leads[0]) if leads else None
        names = [self.name(x) for x in leads[1:] + coords]
        return lead, [n for n in names if n]

    def is_agency(self, text: str) -> bool:
        t = clean_agency_text(text)
        if not t or re.match(r"[≥≤<>=]*\s*\d", text.strip()):
            return False  # a figure ("≥ 95 đối với … các cơ quan quản lý") is a value
        if self.registry is not None and self.registry.resolve(t).kind == "agency":
            return True
        return bool(_HEAD.match(t)) or is_collective(t)


# -- cells ----------------------------------------------------------------------


def _continues_cell(prev: str, nxt: str) -> bool:
    first = nxt[:1]
    if not first:
        return True
    if first.islower() or first in "(,;.)":
        return True
    if re.match(r"^[-–]\s*\S", nxt) and not _TOKEN_RX.fullmatch(nxt.strip()):
        return True
    if _CONNECTOR_END.search(prev.strip()):
        return True
    if re.search(r"(?i)\b(?:số|ngày)$", prev.strip()):
        # "… Kế hoạch số" | "57/KH-UBND": a number follows; "Hạ tầng số" (digital) ends
        return bool(re.match(r"\d", nxt))
    return search_key(prev).strip(" .,") in _INCOMPLETE


def _split_inline_agencies(line: str, namer: AgencyNamer) -> list[str]:
    """ "Công an xã Các phòng, ban" → ["Công an xã", "Các phòng, ban"]."""
    words = line.split()
    for i in range(1, len(words)):
        if not _HEAD.match(" ".join(words[i : i + 2])) and words[i] not in ("Các",):
            continue
        left = " ".join(words[:i])
        if _is_value_line(left) or re.fullmatch(r"(?i)đạt|hoàn thành", left.strip()):
            return [left, *_split_inline_agencies(" ".join(words[i:]), namer)]
        if left.endswith((",", ";", "và")) or search_key(left) in _INCOMPLETE:
            continue
        if namer.is_agency(left) and (
            namer.registry is None or namer.resolve(left).kind != "unknown"
        ):
            return [left, *_split_inline_agencies(" ".join(words[i:]), namer)]
    return [line]


def _cells(lines: list[str], namer: AgencyNamer) -> list[str]:
    cells: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        value_break = _is_value_line(cells[-1]) and not _is_value_line(line) if cells else False
        if cells and not value_break and _continues_cell(cells[-1], line):
            cells[-1] = f"{cells[-1]} {line}"
            continue
        cells.extend(_split_inline_agencies(line, namer))
    return [re.sub(r"\s+", " ", c).strip() for c in cells]


def _take_deadline_suffix(text: str) -> tuple[str, Deadline | None]:
    words = text.split()
    for k in range(min(8, len(words)), 0, -1):
        cand = " ".join(words[-k:])
        d = parse_deadline(cand, strict=True)
        if d.kind != "unknown":
            return " ".join(words[:-k]), d
    return text, None


def _is_value_line(s: str) -> bool:
    s = s.strip()
    if not s:
        return False
    if _UNIT_RX.match(s):
        return True
    rest = _TOKEN_RX.sub(" ", s)
    rest = re.sub(r"(?i)\b(?:phấn|đấu|đạt|ít|nhất|tối|thiểu|trên|dưới)\b", " ", rest)
    return not rest.strip(" .,;")


def _value_start(s: str, need_unit: bool) -> int | None:
    """Position in ``s`` where the unit/target cells begin (after the indicator name)."""
    positions = [m.start() for m in re.finditer(r"(?<=\s)\S", s)]
    for p in positions:
        rest = s[p:]
        if need_unit:
            if _UNIT_RX.match(rest):
                return p
            continue
        m = re.match(rf"(?:(?:{_TOKEN})\s*)+", rest, re.IGNORECASE)
        if m and m.group(0).strip() and len(_TOKEN_RX.findall(m.group(0))) >= 2:
            after = rest[m.end() :].strip()
            if not after or after[:1].isupper():
                return p
    return None


# -- indicators -------------------------------------------------------------------


@dataclass
class _Cols:
    indicator: bool
    years: list[str]
    unit: bool
    ref: str | None
    coord: bool
    output: bool
    deadline: bool


def _columns(app: Appendix) -> _Cols:
    hk = app.header_key + " " + fold(app.title)
    years = re.findall(r"\b(20\d\d)\b", " ".join(h.text for h in app.header))
    ref = re.search(r"stt\s+nhiem\s+vu\s+trong\s+(?:nq|nghi quyet)\s*(\d+)", hk)
    title_k = fold(app.title)
    head_k = fold(" ".join(h.text for h in app.header[:3]))
    # the appendix title says what the table lists ("CÁC CHỈ TIÊU …" / "CÁC NHIỆM VỤ …");
    # the first header lines decide when the title does not
    if re.search(r"chi tieu|muc tieu", title_k) and not re.search(r"nhiem vu", title_k):
        indicator = True
    elif re.search(r"nhiem vu", title_k):
        indicator = False
    else:
        indicator = bool(re.search(r"chi tieu|muc tieu", head_k or hk))
    return _Cols(
        indicator=indicator,
        years=years,
        unit="don vi tinh" in hk or "don vi tinh" in hk.replace("pon", "don"),
        ref=f"NQ{ref.group(1)}" if ref else None,
        coord="phoi hop" in hk or "phdi hop" in hk,
        output="san pham" in hk or "ket qua can dat" in hk,
        deadline=bool(re.search(r"thoi gian|thoi han|thaigian|thoigian", hk)),
    )


def _row_rest(row: TableRow) -> list[str]:
    first = row.lines[0].text
    rest = re.sub(r"^\S+\s*[.,|]?\s*", "", first, count=1) if first.strip() != row.code else ""
    if re.fullmatch(r"[\d.\-]+", first.strip()):
        rest = ""
    return [rest, *[ln.text for ln in row.lines[1:]]] if rest else [ln.text for ln in row.lines[1:]]


def _period_of(group: str | None) -> str | None:
    if not group:
        return None
    m = re.search(r"\b(20\d\d)\b", group)
    return m.group(1) if m else None


def _indicator_from_row(
    row: TableRow, cols: _Cols, group: str | None, namer: AgencyNamer
) -> Indicator | None:
    stream = _row_rest(row)
    name_parts: list[str] = []
    i = 0
    while i < len(stream):
        s = stream[i].strip()
        if name_parts and (_is_value_line(s) or not _continues_cell(name_parts[-1], s)):
            break
        if not name_parts and _is_value_line(s):
            break
        cut = _value_start(s, cols.unit)
        if cut:
            name_parts.append(s[:cut].strip())
            stream[i] = s[cut:]
            break
        name_parts.append(s)
        i += 1
    name = re.sub(r"\s+", " ", " ".join(name_parts)).strip()
    rest = stream[i:]
    sign = re.search(r"\s([≥≤<>]=?)$", name)
    if sign and rest:
        # "… ứng dụng công nghệ số ≥" | "30%": the sign opens the first value cell
        name = name[: sign.start()].strip()
        rest[0] = f"{sign.group(1)} {rest[0].strip()}"
    unit = None
    if cols.unit and rest:
        m = _UNIT_RX.match(rest[0].strip())
        if m:
            unit = m.group(1)
            rest[0] = rest[0].strip()[m.end() :].strip()
            while len(rest) > 1 and rest[1][:1].islower() and not _TOKEN_RX.match(rest[1]):
                unit = f"{unit} {rest[1].strip()}"
                rest.pop(1)
        elif re.fullmatch(r"[A-ZĐ][^\W\d]{1,14}(?: [^\W\d]{1,10})?", rest[0].strip()) and not (
            namer.is_agency(rest[0])
        ):
            # a unit cell of its own ("Camera", "Hồ sơ") before the value cells
            unit = rest.pop(0).strip()
    cells = _cells(rest, namer)
    value_cells: list[str] = []
    agency_cells: list[str] = []
    for c in cells:
        if not agency_cells and not namer.is_agency(c):
            value_cells.append(c)
        else:
            agency_cells.append(c)
    output = None
    if cols.output and agency_cells and not namer.is_agency(agency_cells[-1]):
        output = agency_cells.pop()
    targets: list[Target] = []
    if cols.years:
        tokens = _TOKEN_RX.findall(" ".join(value_cells))
        tokens = [t.strip() for t in tokens if t.strip()]
        for period, tok in zip(cols.years, tokens, strict=False):
            t = parse_target(tok, period)
            if t:
                targets.append(t)
    else:
        period = _period_of(group)
        raw_targets: list[str] = []
        for c in value_cells:
            if raw_targets and not re.match(r"^[≥≤><]", c):
                raw_targets[-1] += " " + c
            else:
                raw_targets.append(c)
        for raw in raw_targets:
            t = parse_target(raw, period)
            if t:
                targets.append(t)
    lead_cell = agency_cells[0] if agency_cells else None
    coord_cell = "; ".join(agency_cells[1:]) if len(agency_cells) > 1 else None
    if not name:
        return None
    if not targets and lead_cell is None:
        return None  # a grouping row ("Chỉ tiêu về …"), not an indicator
    lead, coords = namer.lead_and_coordinators(lead_cell, coord_cell)
    return Indicator(
        name=name,
        lines=(row.first, row.last),
        code=row.code,
        group=group,
        unit=unit,
        targets=targets,
        lead=lead,
        coordinators=coords,
        output=output,
    )


def _ocr_indicator(
    row: TableRow, group: str | None, namer: AgencyNamer, *, skip_code: bool = True
) -> Indicator | None:
    lines = _row_rest(row) if skip_code else [ln.text for ln in row.lines]
    text = " ".join(lines)
    # OCR prints some column rules as "|": the first one well into the row ends the name
    bar = text.find("|", 12)
    bar_word = len(text[:bar].split()) if bar > 0 else None
    text = text.replace("|", " ")
    k = fold(text)
    m = re.search(
        r"\s(%\s*(?:grdp|gdp|dan s\w*|/n\w*m)?|th\w{1,2}\s*b\w{1,2}c|doanh nghi\w*)\s+([<>≥≤=]*\s*[\d][\d.,\-]*)",
        k,
    )
    registry = namer.registry
    mentions = _mentions_with_prefixes(registry, text) if registry else []
    words = text.split()
    if m:
        name = text[: m.start()].strip()
        unit = text[m.start(1) : m.end(1)].strip()
        target = parse_target(text[m.start(2) : m.end(2)], _period_of(group))
        after = len(text[: m.end()].split())
        lead_m = next((x for x in mentions if x[0] >= after), None)
        if lead_m is not None and registry is not None and lead_m[0] > after:
            # the lead cell's garbled end line ("noc va ~ong nghe") before the
            # coordinator's clean one
            early = _fragment_at(registry, words, after, lead_m[0])
            if early is not None and early[1] <= lead_m[0]:
                lead_m = early
    else:
        lead_m = mentions[0] if mentions else None
        if lead_m is not None and registry is not None:
            # "… TTHC | hành chính công | Phòng HĐND-UBND": the lead cell's last line,
            # its first above the row's line, just before the coordinator's name
            for k in (5, 4, 3):
                if lead_m[0] - k < 2:
                    continue
                res = registry.fragment(" ".join(words[lead_m[0] - k : lead_m[0]]), min_score=90)
                if res is not None and res.display != lead_m[2].display:
                    lead_m = (lead_m[0] - k, lead_m[0], res)
                    break
        name = " ".join(words[: lead_m[0]]) if lead_m else text
        unit = "%" if "%" in name else None
        # no unit/target cells: the name carries its figure ("> 80% cán bộ …"), or
        # none ("Hoàn thiện và đưa vào sử dụng …" is reached or not)
        fig = re.search(r"(?:[<>≥≤]\s*)?(?<![\w.,])\d{1,3}(?:[.,]\d+)?\s*%", name)
        # a sign glued to a figure (">2") is a target cell whatever its unit
        signed = re.findall(r"(?<![\w.,])[<>≥≤]\s*\d+(?:,\d+)?(?![\w.,]|\d)", name)
        if fig:
            target = parse_target(fig.group(0), _period_of(group))
        elif signed:
            target = parse_target(signed[-1], _period_of(group))
        elif re.search(r"(?<![\w.,])[<>≥≤]?\s*\d{2,}(?:[.,]\d+)?(?![\w.,])", name):
            target = parse_target(name, _period_of(group))
        else:
            # stray digits of a garbled cell are not a figure
            target = parse_target(re.sub(r"\d", "", name), _period_of(group))
    lead = lead_m[2].display if lead_m else None
    if lead_m is None and registry is not None:
        # the lead cell's words, cut across lines and garbled: the cell's middle or end
        # ("tin va Truyén thong"), its name glued ("SoYte"), or a collective
        start = after if m else bar_word
        if start is not None:
            lead_m = _fragment_at(registry, words, start)
            lead = lead_m[2].display if lead_m else _collective_at(words, start)
    name = re.sub(r"\s+", " ", name).strip(" |")
    if len(name) < 4:
        return None
    coords = [
        x[2].display for x in mentions if lead_m and x[0] > lead_m[0] and x[2].display != lead
    ]
    return Indicator(
        name=name,
        lines=(row.first, row.last),
        code=row.code,
        group=group,
        unit=unit,
        targets=[target] if target else [],
        lead=lead,
        coordinators=list(dict.fromkeys(coords)),
        output=None,
    )


def _fragment_at(registry: AgencyRegistry, words: list[str], start: int, end: int | None = None):
    """The first piece of an agency's name from word ``start`` on (before word ``end``),
    as a mention."""
    for i in range(start, len(words) if end is None else min(end, len(words))):
        for length in range(5, 0, -1):
            if i + length > len(words):
                continue
            res = registry.fragment(" ".join(words[i : i + length]))
            if res is not None:
                return (i, i + length, res)
    return None


def _collective_at(words: list[str], start: int) -> str | None:
    """A collective lead ("Các sở, ngành, địa phương") opening at word ``start``."""
    keys = [_ocr_word(w) for w in words]
    for i in range(start, min(start + 3, len(words))):
        n, real, states = _collective_run(keys, i, None)
        if real >= 2:
            seps = [words[x][-1:] if words[x][-1:] in ",;" else "" for x in range(i, i + n)]
            return _render_collective(_phrase_of(states), seps)
    return None


def _mentions_with_prefixes(registry: AgencyRegistry, text: str) -> list:
    """Agency names in a table row, and the first words of a name whose cell is cut
    across lines when they fit one agency only ("Phòng Văn hóa -" | "Xã hội")."""
    found = registry.find_mentions(text)
    taken = {w for a, b, _ in found for w in range(a, b)}
    words = text.split()
    extra = []
    i = 0
    while i < len(words):
        head = agency_key(words[i]).split()
        if i in taken or not head or head[0] not in AGENCY_HEAD_WORDS:
            i += 1
            continue
        hit = None
        for length in range(5, 2, -1):
            span = range(i, min(i + length, len(words)))
            if len(span) < length or taken & set(span):
                continue
            res = registry.unique_prefix(" ".join(words[i : i + length]))
            if res:
                hit = (i, i + length, res)
                break
        if hit:
            extra.append(hit)
            i = hit[1]
        else:
            i += 1
    return sorted(found + extra, key=lambda x: x[0])


_OCR_UNIT_TARGET = re.compile(
    r"(?:^|\s)(%\s*(?:grdp|gdp|dan s\w*|/\s*n\w*m)?|th\w{1,2}\s*b\w{1,2}c|doanh nghi\w*)\s+[<>≥≤=]*\s*\d"
)
# a name cell that opens with its figure ("> 80% cán bộ …", "100% TTHC …")
_OCR_FIGURE_NAME = re.compile(
    r"^\W{0,3}(?:[<>≥≤]\s*)?\d{1,3}(?:[.,]\d+)?\s*%\s+[a-z][a-z0-9]+\s+\S"
)
_OCR_NUMBERED = re.compile(r"^[\s'\"”“|\[]*\d{1,2}\s*[.,|:]?\s+(?=[^\W\d])")
_OCR_TIME_END = re.compile(r"(?:th\w{2,4}ng\s*x\w{2,5}n|\d{1,2}/20\d\d)\s*$")
_OCR_HEADER_LINE = re.compile(r"^(?:stt\b|co quan ch|tt\b)|don vi tinh|ket qua theo")
_OCR_GROUP_LINE = re.compile(
    r"^[|\[(]*[ivxl1|]{1,4}[.|\s\[]+(?:\S+\s+){0,3}?n\w{1,2}m\s+(20\d\d)\b"
)
_OCR_CODE = re.compile(r"^[\s'\"”“|\[]*(?:\d{1,2}|[0-9oOg”]{1,2})\s*[.,|:]?\s*[|\[]?\s*(?=\S)")


def _ocr_indicator_table(app: Appendix, namer: AgencyNamer) -> list[Indicator]:
    """Rows of an OCR'd indicator table.  OCR loses or garbles row numbers, so a row is
    anchored on the line carrying its number *or* its unit and target ("% > 90",
    "Thứ bậc <10"); a line just above an anchor whose text goes on in lower case is the
    start of the wrapped name (OCR prints a tall cell's first line above its number)."""
    lines = sorted([*app.header, *(ln for r in app.rows for ln in r.lines)], key=lambda x: x.no)
    row_first = {r.first: r for r in app.rows}
    # (code, lines, period, whether the first line opens with the row number)
    items: list[tuple[str | None, list, str | None, bool]] = []
    title_years = set(re.findall(r"\b(20\d\d)\b", fold(app.title)))
    # "… KẾ HOẠCH … NĂM 2026": a one-year table's targets are for that year
    period = title_years.pop() if len(title_years) == 1 else None
    seen_header = False
    for ln in lines:
        k = fold(ln.text).strip()
        g = _OCR_GROUP_LINE.match(k)
        if g and len(ln.text) < 60:
            period = g.group(1)
            continue
        if _OCR_HEADER_LINE.search(k):
            seen_header = True
            continue
        if not seen_header:
            continue
        row = row_first.get(ln.no)
        anchor = (
            row is not None
            and not row.is_group
            or bool(_OCR_UNIT_TARGET.search(k))
            or bool(_OCR_FIGURE_NAME.match(k))
            # a second "time" cell in one row: the line starts the next row
            or bool(
                items
                and _OCR_TIME_END.search(k)
                and len(_OCR_TIME_END.sub("", k).split()) >= 3
                and re.match(r"[^\W_a-z]", ln.text.lstrip(" '\"’‘|"))
                and any(_OCR_TIME_END.search(fold(x.text)) for x in items[-1][1])
            )
        )
        if row is not None and row.is_group:
            continue
        if anchor and items and items[-1][1] and items[-1][1][-1] is ln:
            continue
        if anchor:
            code = row.code if row is not None else None
            numbered = row is not None or bool(_OCR_NUMBERED.match(ln.text))
            first = re.sub(_OCR_CODE, "", ln.text, count=1) if numbered else ln.text
            pre: list = []
            if items and first[:1].islower() and len(items[-1][1]) > 1:
                pre = [items[-1][1].pop()]
            items.append((code, [*pre, ln], period, numbered and not pre))
        elif items:
            items[-1][1].append(ln)
    out: list[Indicator] = []
    prev_code = 0
    prev: tuple[Indicator | None, list] = (None, [])
    for code, lns, per, numbered in items:
        if code is None:
            code = str(prev_code + 1) if prev_code else None
        if code and code.isdigit():
            prev_code = int(code)
        row = TableRow(code or "", lns)
        ind = _ocr_indicator(row, per, namer, skip_code=numbered)
        if ind:
            ind.name = _restore(ind.name)
            ind.group = f"Đến năm {per}" if per else None
            for t in ind.targets:
                t.period = per
            if ind.lead is None:
                ind.lead = _collective_line(lns[1:])
            if ind.lead is None and namer.registry is not None:
                ind.lead = _lead_above(prev[0], prev[1], namer.registry)
            out.append(ind)
        prev = (ind, lns)
    return out


def _collective_line(lines: list) -> str | None:
    """A collective lead printed as a cell of its own lines ("Các trường học" | "trên
    địa bàn") under the row's anchor line."""
    for k, ln in enumerate(lines):
        cell = ln.text.strip(" |'\"")
        if not cell[:1].isupper() or not is_collective(cell):
            continue
        for nxt in lines[k + 1 :]:
            t = nxt.text.strip(" |'\"")
            if not t[:1].islower():
                break
            cell = f"{cell} {t}"
        return _restore(clean_agency_text(cell))
    return None


def _lead_above(above: Indicator | None, lines: list, registry: AgencyRegistry) -> str | None:
    """A row whose lead cell is not on its own lines: a tall cell is printed from above
    the row's anchor line, so its first words ("Chi nhánh Ngân hàng Nhà nước" | "tỉnh
    Bình Phước", "Phòng Văn hóa -" | "Xã hội") end the row above, after that row's own
    anchor line.  The last agency there that is not the row above's lead."""
    found = None
    for ln in lines[1:]:
        words = ln.text.replace("|", " ").split()
        i = 0
        while i < len(words):
            hit = _fragment_at(registry, words, i)
            if hit is None:
                break
            if above is None or hit[2].display != above.lead:
                found = hit[2].display
            i = hit[1]
    return found


def _restore(text: str) -> str:
    """Display form of OCR text: words mapped back to syllables, diacritics restored."""
    from .diacritics import restore_diacritics
    from .ocr_fix import fix_ocr_line

    try:
        return restore_diacritics(fix_ocr_line(text))
    except Exception:  # noqa: BLE001 — display only; keep the text as read
        return text


# -- appendix tasks ----------------------------------------------------------------


def _split_name(lines: list[str]) -> tuple[list[str], list[str]]:
    for i in range(1, len(lines)):
        prev, cur = lines[i - 1].strip(), lines[i].strip()
        if not cur[:1].isupper():
            continue
        width = max(len(x) for x in lines[:i])
        if (prev.endswith(".") or len(prev) < 0.6 * width) and not _CONNECTOR_END.search(prev):
            return lines[:i], lines[i:]
    return [], lines


def _task_from_cells(title: str, tail: list[str], namer: AgencyNamer, cols: _Cols):
    text = " \n ".join(tail)
    body, deadline = _take_deadline_suffix(" ".join(t.strip() for t in tail))
    # rebuild lines of the remaining body keeping line structure
    remaining: list[str] = []
    budget = len(body.split())
    for t in tail:
        ws = t.split()
        if budget <= 0:
            break
        remaining.append(" ".join(ws[:budget]))
        budget -= len(ws)
    cells = _cells(remaining, namer)
    lead_cell = cells[0] if cells else None
    coord_cell = None
    output = None
    rest = cells[1:]
    if cols.coord and rest and namer.is_agency(rest[0]):
        coord_cell = rest.pop(0)
    if cols.output and rest:
        output = " ".join(rest)
    elif rest and not coord_cell:
        coord_cell = " ".join(rest)
    lead, coords = namer.lead_and_coordinators(lead_cell, coord_cell)
    del text
    return lead, coords, output, deadline or Deadline(raw=None)


def _name_and_tail(row: TableRow, namer: AgencyNamer) -> tuple[str, list[str]]:
    return _split_name_tail(_row_rest(row))


_BULLET = re.compile(r"^\s*[-–+•]\s*\S")


def _bullet_rows(stream: list[str], namer: AgencyNamer) -> list[list[str]] | None:
    """The pieces of a row whose name cell is a heading ending in ":" followed by
    bullets that each have their own agency, output and deadline cells (a table row
    listing several tasks).  None when the row is one task (bullets inside one name
    cell share the row's cells)."""
    starts = [k for k, ln in enumerate(stream) if _BULLET.match(ln)]
    if len(starts) < 2 or not any(ln.rstrip().endswith(":") for ln in stream[: starts[0]]):
        return None
    pieces = [stream[a:b] for a, b in zip(starts, [*starts[1:], len(stream)], strict=True)]
    for piece in pieces:
        _name, tail = _split_name_tail(piece)
        if not tail or not namer.is_agency(tail[0].strip()):
            return None
    return pieces


def _split_name_tail(stream: list[str]) -> tuple[str, list[str]]:
    name: list[str] = []
    i = 0
    while i < len(stream):
        s = stream[i].strip()
        if name and not _continues_cell(name[-1], s) and _HEAD.match(s):
            break
        name.append(s)
        i += 1
    return re.sub(r"\s+", " ", " ".join(name)).strip(), stream[i:]


def _cells_task(
    title: str,
    name: str,
    tail: list[str],
    code: str,
    row,
    group: str | None,
    group_code: str,
    namer: AgencyNamer,
    cols: _Cols,
) -> Task:
    """A task from a table row's name cell and the cells after it (lead, coordinators,
    output, deadline), numbered within its group."""
    lead, coords, output, deadline = _task_from_cells(name, tail, namer, cols)
    return Task(
        title=title,
        lines=(row.first, row.last),
        code=f"{group_code}.{code}" if group_code else code,
        group=group,
        lead=lead,
        coordinators=coords,
        output=output,
        deadline=deadline,
    )


def _appendix_tasks(app: Appendix, cols: _Cols, namer: AgencyNamer, ocr: bool) -> list[Task]:
    tasks: list[Task] = []
    group = None
    group_code = None
    rows = app.rows
    i = 0
    while i < len(rows):
        row = rows[i]
        if row.is_group:
            group_code = row.code
            group = " ".join(ln.text for ln in row.lines)
            group = re.sub(r"^[IVX]+\s*[.|]?\s*", "", group).strip()
            i += 1
            continue
        if ocr:
            tasks.append(_ocr_task(row, group, namer))
            i += 1
            continue
        if cols.ref:
            # TT row followed by rows numbered with the NQ 71 task number
            subs = []
            j = i + 1
            while (
                j < len(rows)
                and not rows[j].is_group
                and not rows[j].code.endswith((".",))
                and "." not in rows[j].lines[0].text.split()[0]
            ):
                subs.append(rows[j])
                j += 1
            source, pending = _split_name(_row_rest(row))
            source_text = re.sub(r"\s+", " ", " ".join(source)).strip() or None
            for sub in subs:
                tail = _row_rest(sub)
                title = re.sub(r"\s+", " ", " ".join(pending)).strip()
                # deadline = first 1-4 consecutive lines parsing as a deadline
                cut = None
                for a in range(len(tail)):
                    for b in range(min(len(tail), a + 4), a, -1):
                        if parse_deadline(" ".join(tail[a:b]), strict=True).kind != "unknown":
                            cut = (a, b)
                            break
                    if cut:
                        break
                if cut:
                    cells = _cells(tail[: cut[0]], namer)
                    deadline = parse_deadline(" ".join(tail[cut[0] : cut[1]]))
                    pending = tail[cut[1] :]
                else:
                    cells = _cells(tail, namer)
                    deadline = Deadline(raw=None)
                    pending = []
                lead, coords = namer.lead_and_coordinators(cells[0] if cells else None, None)
                output = " ".join(cells[1:]) or None
                tasks.append(
                    Task(
                        title=title or (source_text or ""),
                        lines=(row.first, sub.last),
                        code=f"{group_code}.{row.code.rstrip('.')}"
                        if group_code
                        else row.code.rstrip("."),
                        group=group,
                        lead=lead,
                        coordinators=coords,
                        output=output,
                        parent_ref=f"{cols.ref}:{sub.code}",
                        deadline=deadline,
                        source_ref=f"{row.code.rstrip('.')}: {source_text}"
                        if source_text
                        else None,
                    )
                )
            i = j
            continue
        code = row.code.rstrip(".")
        subs = _bullet_rows(_row_rest(row), namer)
        if subs:
            # "Tăng cường …: | - task 1 | lead | … | deadline | - task 2 | lead | …": one
            # row, one task per bullet with its own cells
            for k, stream in enumerate(subs, 1):
                name, tail = _split_name_tail(stream)
                title = re.sub(r"^[-–+•]\s*", "", name)
                tasks.append(
                    _cells_task(
                        title, name, tail, f"{code}.{k}", row, group, group_code, namer, cols
                    )
                )
            i += 1
            continue
        name, tail = _name_and_tail(row, namer)
        tasks.append(_cells_task(name, name, tail, code, row, group, group_code, namer, cols))
        i += 1
    return [t for t in tasks if t.title]


def _ocr_task(
    row: TableRow, group: str | None, namer: AgencyNamer, *, skip_code: bool = True
) -> Task:
    texts = [ln.text.replace("|", " ") for ln in row.lines]
    first = re.sub(r"^\S+\s*", "", texts[0], count=1) if skip_code else texts[0]
    registry = namer.registry
    lead = None
    coords: list[str] = []
    title = first
    if registry:
        for li, t in enumerate([first, *texts[1:3]]):
            mentions = registry.find_mentions(t)
            good = [m for m in mentions if m[0] == 0 or len(" ".join(t.split()[: m[0]])) >= 28]
            # a collective cell ("Các sở, ban, ngành, UBND các huyện …") before the first
            # named agency is the lead
            cm = re.search(r"\bC\S{1,2}c\s+s\S{0,2}\s*,\s*(?:ban|ng)", t)
            if cm and cm.start() >= 20:
                cw = len(t[: cm.start()].split())
                if not good or cw < good[0][0]:
                    lead = "Các sở, ban, ngành"
                    if li == 0:
                        title = t[: cm.start()]
                    break
            if good:
                lead = good[0][2].display
                coords = [m[2].display for m in good[1:] if m[2].display != lead]
                if li == 0:
                    title = " ".join(first.split()[: good[0][0]])
                break
        if lead is None:
            m = re.search(r"\bC\S{1,2}c\s+s\S{0,2}\s*,\s*(?:ban|ng)", first)
            if m and m.start() >= 20:
                lead = "Các sở, ban, ngành"
                title = first[: m.start()]
    deadline = Deadline(raw=None)
    for t in texts[:4]:
        ws = t.split()
        for k in (3, 2, 1):
            if len(ws) >= k:
                d = parse_deadline(" ".join(ws[-k:]), strict=True)
                if d.kind != "unknown":
                    deadline = d
                    break
        if deadline.kind != "unknown":
            break
    if deadline.kind == "unknown" and len(texts) > 1:
        d = (
            parse_deadline(f"{texts[0].split()[-1]} {texts[1].split()[-1]}", strict=True)
            if texts[1].split()
            else None
        )
        if d and d.kind != "unknown":
            deadline = d
    return Task(
        title=re.sub(r"\s+", " ", title).strip(" [|") or first,
        lines=(row.first, row.last),
        code=row.code,
        group=group,
        lead=lead,
        coordinators=list(dict.fromkeys(coords)),
        deadline=deadline,
    )


# -- OCR task tables: rows found from the body tasks, cells read by structure -----------

# Collective leads ("Các sở, ban, ngành, UBND các huyện, thị xã, thành phố"): the lead
# cell is cut across lines and interleaved with the other columns, so its pieces are
# found by following the phrase word by word.  The phrases are the standard ways a plan
# names a set of agencies, optionally joined ("…; UBND các …") and qualified.
_COLLECTIVE_FIRST = (
    "cac so ban nganh",
    "cac so nganh",
    "cac co quan don vi",
    "cac don vi",
    "cac dia phuong",
    "cac thanh pho thi xa",
    "ubnd thanh pho thi xa",
    "ubnd cac huyen thi xa thanh pho",
    "ubnd cac xa phuong thi tran",
    "ubnd cac thanh pho thi xa",
)
_COLLECTIVE_SECOND = (
    "ubnd cac huyen thi xa thanh pho",
    "ubnd cac xa phuong thi tran",
    "cac huyen thi xa thanh pho",
    "dia phuong",
    "cac dia phuong",
)
_COLLECTIVE_QUALIFIERS = (
    "",
    "lien quan",
    "co lien quan",
    "du dieu kien",
    "la chu quan csdl chuyen nganh",
    "la chu quan co so du lieu chuyen nganh",
)
_COLLECTIVE_PHRASES = tuple(
    tuple(f"{a} {b} {q}".split())
    for a in _COLLECTIVE_FIRST
    for b in ("", *(s for s in _COLLECTIVE_SECOND if not a.startswith("ubnd")))
    for q in _COLLECTIVE_QUALIFIERS
)
_COLLECTIVE_DISPLAY = {
    "cac": "các",
    "so": "sở",
    "nganh": "ngành",
    "ubnd": "UBND",
    "huyen": "huyện",
    "thi": "thị",
    "xa": "xã",
    "thanh": "thành",
    "pho": "phố",
    "dia": "địa",
    "phuong": "phường",
    "tran": "trấn",
    "co": "cơ",
    "quan": "quan",
    "don": "đơn",
    "vi": "vị",
    "lien": "liên",
    "du": "đủ",
    "dieu": "điều",
    "kien": "kiện",
    "la": "là",
    "chu": "chủ",
    "csdl": "CSDL",
    "chuyen": "chuyên",
    "lieu": "liệu",
}


def _ocr_word(w: str, raw: str | None = None) -> str:
    """A word of an OCR'd cell as a folded key ("C4c" → "cac", "S¢" → "so", "x&" → "xa");
    ``raw`` is the word as read when ``w`` is its repaired form."""
    for x in (raw, w):
        if x is None:
            continue
        r = search_key(x).strip(".,;:|'\"()[]{}-–\\")
        if re.fullmatch(r"s[¢&6e0dgoôóòé]?|[58][¢&6]", r):
            return "so"
        if re.fullmatch(r"c[a4e@éd]c", r):
            return "cac"
    k = search_key(w).strip(".,;:|'\"()[]{}-–\\")
    k = k.translate(str.maketrans("4&@06¢", "aaaooe"))
    return re.sub(r"[^a-z0-9/]", "", k)


def _word_is(w: str, want: str) -> bool:
    if w == want:
        return True
    if want == "ubnd":
        return bool(re.fullmatch(r"ub\w{1,3}", w))
    if len(want) <= 3 or len(w) < 2:
        return False
    return w[0] == want[0] and fuzz.ratio(w, want) >= (67 if len(want) > 4 else 85)


def _collective_run(words: list[str], i: int, states: set | None) -> tuple[int, int, set]:
    """How many words from ``words[i]`` continue a collective phrase (from ``states``,
    or from its start when None): (words read, words of the phrase, states reached)."""
    cur = states if states is not None else {(p, 0) for p in range(len(_COLLECTIVE_PHRASES))}
    n = real = end = 0
    while i + n < len(words):
        w = words[i + n]
        if not w:
            if not real:
                break
            n += 1
            continue
        nxt = {
            (p, k + 1)
            for p, k in cur
            if k < len(_COLLECTIVE_PHRASES[p]) and _word_is(w, _COLLECTIVE_PHRASES[p][k])
        }
        if not nxt:
            break
        cur = nxt
        n += 1
        real += 1
        end = n
    return end, real, cur


def _phrase_of(states: set) -> list[str]:
    p, k = min(states)
    return list(_COLLECTIVE_PHRASES[p][:k])


def _title_prefix(words: list[str], title: list[str], j: int) -> tuple[int, int]:
    """How many words at the start of a row line go on the task name (``title`` from
    word ``j``): (words of the line, new position in the title)."""
    i = last = 0
    # the line may start a little further on in the name (a word lost by OCR)
    start = next(
        (jj for jj in range(j, min(j + 4, len(title))) if words and _word_is(words[0], title[jj])),
        None,
    )
    if start is None:
        return 0, j
    j = start
    while i < len(words) and j < len(title):
        if _word_is(words[i], title[j]) or (len(words[i]) <= 3 and words[i] == title[j]):
            i, j = i + 1, j + 1
        elif j + 1 < len(title) and _word_is(words[i], title[j + 1]):
            i, j = i + 1, j + 2
        elif i + 1 < len(words) and _word_is(words[i + 1], title[j]):
            i, j = i + 2, j + 1
        elif (
            i + 2 < len(words)
            and j + 2 < len(title)
            and _word_is(words[i + 1], title[j + 1])
            and _word_is(words[i + 2], title[j + 2])
        ):
            i, j = i + 3, j + 3  # one word misread ("đã" read "di")
        else:
            break
        last = i
    return last, j


_ROW_NUMBER = re.compile(r"^[\s'\"”“|\[*:]*(\d{1,3})\s*[.,|:]?(?=[\s\[|]|$)")
_ROW_GARBLED_NUMBER = re.compile(r"^[\s'\"”“|\[*:]*([0-9oOgl]{1,2})\s*[.,|:]?(?=\s)")
_TABLE_HEADER = re.compile(r"^stt\b|^c\w{1,2} tri hoan thanh|^ch\w{0,2} tri\b")
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


def _row_deadline(texts: list[str]) -> Deadline:
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


_CONNECTOR_WORDS = frozenset("cua do voi cho tai theo giua thuoc tu ve".split())


# "Sở" as tesseract's English model reads it at the start of a cell: "g4", "g&", "545",
# "S_T_", a lone "g" or "S"
_GARBLED_SO = re.compile(r"^(?:[sg5$§8][\W\d_]{1,3}|[sg]|s_t_?|[sg][a4&¢]|5\d\d?)$", re.IGNORECASE)


def _headless_agency(
    words: list[str], i: int, registry: AgencyRegistry, orig: list[str] | None
) -> tuple[Resolution, int] | None:
    """An agency whose head word OCR garbled ("g4 khoahocva" = Sở Khoa học và …, "g
    T4inguyanva" = Sở Tài nguyên và …) or lost ("Thongtinva" glued at a cell's start):
    the words after it must read as the rest of a "Sở …" name."""
    tok = (orig[i] if orig else words[i]).strip(".,;:|'\"()[]")
    if _GARBLED_SO.match(tok) and i + 1 < len(words):
        for source in (words, orig) if orig else (words,):
            rest: list[str] = []
            for w in source[i + 1 : i + 5]:
                k = _ocr_word(w)
                if k in ("so", "ubnd", "cac"):
                    break  # the next cell's agency
                rest.append(k)
            for length in range(len(rest), 0, -1):
                if not all(rest[:length]):
                    continue
                cand = "Sở " + " ".join(rest[:length])
                res = registry.resolve(cand)
                if res.kind == "agency" and res.score >= 90:
                    return res, length + 1
                if len("".join(rest[:length])) >= 7:
                    res = (
                        registry.unique_prefix(cand)
                        or registry.fuzzy_prefix(cand)
                        or registry.fragment(cand, min_score=88)
                    )
                    if res:
                        return res, length + 1
        return None
    # a glued word ("Thongtinva") that is a piece of one agency's name
    key = _ocr_word(words[i])
    if len(key) >= 9 and key.isalpha() and not (i and _ocr_word(words[i - 1]) in _CONNECTOR_WORDS):
        res = registry.fragment(key, min_score=90)
        if res:
            return res, 1
    return None


def _agency_at(
    words: list[str],
    i: int,
    registry: AgencyRegistry | None,
    orig: list[str] | None = None,
) -> tuple[Resolution, int] | None:
    """The agency named from word ``i`` of a row line and how many words it takes: a
    registry name, or the beginning of one cut by the cell's width.  ``orig``: the
    line's words as OCR read them, when ``words`` are their repaired form (the repair
    can spoil a name: "Sở Y té" → "Sở Y to")."""
    if registry is None or not words[i : i + 1]:
        return None
    if orig is not None and len(orig) != len(words):
        orig = None
    head = _ocr_word(words[i])
    prev = _ocr_word(words[i - 1]) if i else ""
    if head == "so" and prev in ("co", "cac"):
        return None  # "cơ sở y tế": health facilities; "các sở": a collective
    tok = (orig[i] if orig else words[i]).strip(".,;:|'\"()[]")
    if prev in _CONNECTOR_WORDS and not _GARBLED_SO.match(tok):
        return None  # "Kế hoạch của UBND tỉnh": inside the name's sentence
    if head not in AGENCY_HEAD_WORDS and not re.fullmatch(r"\W*\w?\d\w?\W*", words[i]):
        return _headless_agency(words, i, registry, orig)
    if orig is not None:
        for length in range(min(9, len(words) - i), 0, -1):
            res = registry.resolve(" ".join(orig[i : i + length]))
            if res.kind == "agency" and res.score >= 90:
                return res, length
    for length in range(min(9, len(words) - i), 0, -1):
        res = registry.resolve(" ".join(words[i : i + length]))
        if res.kind == "agency" and res.score >= 90:
            return res, length
    for length in range(min(5, len(words) - i), 2, -1):
        res = registry.unique_prefix(" ".join(words[i : i + length]))
        if res:
            return res, length
    for length in (2, 1):
        # words run together by OCR ("So Thongtinva", "SoYte")
        window = " ".join(words[i : i + length])
        if len(words) >= i + length and re.search(r"[a-zà-ỹ¢&0-9][A-ZĐ]|[^\W\d_]{9,}", window):
            res = registry.fragment(window)
            if res:
                return res, length
    if words[i][:1].islower() and head not in ("so", "cac"):
        # a cell opens with a capital: a lower-case word that reads like the start of
        # a name is the name's sentence ("phát triển thương mại" read "thUG,ng @ai")
        return None
    for length in range(min(5, len(words) - i), 2, -1):
        res = registry.fuzzy_prefix(" ".join(words[i : i + length]))
        if res:
            return res, length
    return _headless_agency(words, i, registry, orig)


def _row_cells(texts: list[str], title: str, namer: AgencyNamer):
    """Lead, coordinators and deadline of one flattened row (``texts``: its lines, the
    row number taken off).  Each line is name | lead | coordinators | output | deadline
    cut at the same height: the name's words are found from the body task's title, the
    lead is the first agency after them, a collective lead is followed across lines."""
    from .ocr_fix import fix_ocr_line

    title_words = [_ocr_word(w) for w in fix_ocr_line(title).split()]
    title_words = [w for w in title_words if w]
    lines = []
    origs = []
    for t in texts:
        raw = t.replace("|", " ").split()
        fixed = fix_ocr_line(" ".join(raw)).split()
        lines.append((fixed, [_ocr_word(w, r) for w, r in zip(fixed, raw, strict=False)]))
        origs.append(raw)
    registry = namer.registry
    lead: str | None = None
    coords: list[str] = []
    j = 0
    li = 0
    name_end: list[int] = []
    for _raw, keys in lines:
        used, j = _title_prefix(keys, title_words, j)
        name_end.append(used)
    while li < min(len(lines), 4) and lead is None:
        raw, keys = lines[li]
        start = name_end[li]
        if start == 0 and li == 0 and keys:
            # the name was not recognised: skip what reads as the name's beginning
            chars = 0
            while start < len(raw) and chars < 20:
                chars += len(raw[start]) + 1
                start += 1
            if _agency_at(raw, 0, registry, origs[li]) or _collective_run(keys, 0, None)[1] >= 2:
                start = 0
        for i in range(max(0, start - 2), len(keys)):
            n, real, states = _collective_run(keys, i, None)
            if i >= start and real >= 2 and _collective_done(states, lines, li, i + n, name_end):
                phrase, seps = _follow_collective(lines, li, i, n, states, name_end)
                lead = _render_collective(phrase, seps)
                rest_from = (li, i + n)
                break
            hit = _agency_at(raw, i, registry, origs[li])
            # the name's last words may have been taken for the agency's first
            if hit is not None and i + hit[1] > start:
                lead = hit[0].display
                rest_from = (li, i + hit[1])
                break
        li += 1
    if lead is not None and registry is not None:
        for k in range(rest_from[0], min(len(lines), rest_from[0] + 6)):
            raw, _keys = lines[k]
            text = " ".join(raw[rest_from[1] :] if k == rest_from[0] else raw[name_end[k] :])
            for _a, _b, res in registry.find_mentions(text):
                if res.display != lead:
                    coords.append(res.display)
    return lead, list(dict.fromkeys(coords)), _row_deadline(texts)


# first halves of two-word nouns ("cơ quan", "đơn vị", "địa phương", "thị xã" …): a
# phrase cut after one of them mid-line is running text, not a cell
_HALF_NOUN = frozenset({"co", "don", "dia", "thanh", "thi", "du", "chu", "lien"})


def _collective_done(states: set, lines, li: int, end: int, name_end: list[int]) -> bool:
    words = _phrase_of(states)
    keys = lines[li][1]
    if end >= len([k for k in keys]) or not any(keys[end:]):
        return True
    if words[-1] not in _HALF_NOUN:
        return True
    # "Các thành phố, thị | xã đủ điều kiện": the cell goes on at the next line's start
    if li + 1 < len(lines):
        nxt = lines[li + 1][1]
        for x in range(name_end[li + 1], min(len(nxt), name_end[li + 1] + 2)):
            if _collective_run(nxt, x, states)[1] >= 1:
                return True
    return False


def _piece_closed(states: set, raw: list[str], keys: list[str], end: int) -> bool:
    """A collective piece that reads as a whole phrase ("Các sở, ngành") with no comma
    after it and another cell's words after it on the same line ends its cell: the
    next line's "UBND các huyện …" belongs to the next column."""
    if not any(kk == len(_COLLECTIVE_PHRASES[p]) for p, kk in states):
        return False
    last = max((y for y in range(end) if keys[y]), default=None)
    if last is None or raw[last][-1:] in ",;":
        return False
    return any(keys[end:])


def _follow_collective(lines, li: int, i: int, n: int, states: set, name_end: list[int]):
    """The words of a collective lead cell that starts at word ``i`` of line ``li`` and
    goes on, one piece per line, after the name's words of the next lines."""
    raw = lines[li][0]
    keys0 = lines[li][1]
    seps = [raw[x][-1:] if raw[x][-1:] in ",;" else "" for x in range(i, i + n) if keys0[x]]
    closed = _piece_closed(states, raw, keys0, i + n)
    for k in range(li + 1, min(len(lines), li + 6)):
        if closed:
            break
        raw, keys = lines[k]
        if not any(kk < len(_COLLECTIVE_PHRASES[p]) for p, kk in states):
            break
        found = None
        # the name's last word may be the cell's first ("… phục vụ chuyển | chuyên ngành")
        for x in range(max(0, name_end[k] - 1), len(keys)):
            m, real, st = _collective_run(keys, x, states)
            if x < name_end[k] and real < 2:
                continue
            if real >= 2 or (real == 1 and (x + m == len(keys) or len(keys) <= 2)):
                found = (x, m, st)
                break
        if not found:
            break
        x, m, states = found
        seps.extend(raw[y][-1:] if raw[y][-1:] in ",;" else "" for y in range(x, x + m) if keys[y])
        closed = _piece_closed(states, raw, keys, x + m)
    return _phrase_of(states), seps


def _words_key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


# a collective cut short: "… UBND các", "Các sở, ban" (always "sở, ban, ngành")
_CUT_COLLECTIVE = re.compile(r"(?:\bcac|\bubnd|\bso ban)$")


def _complete_collectives(tasks: list[Task]) -> None:
    """A collective lead cut short where OCR lost the cell's last lines ("Các sở, ban,
    ngành, UBND các") is the plan's most frequent collective that goes on from it ("…
    UBND các huyện, thị xã, thành phố")."""
    seen: dict[str, int] = {}
    for t in tasks:
        for name in [t.lead, *t.coordinators]:
            if name and is_collective(name):
                seen[name] = seen.get(name, 0) + 1
    for t in tasks:
        if not t.lead or not is_collective(t.lead):
            continue
        key = _words_key(t.lead)
        if not _CUT_COLLECTIVE.search(key):
            continue
        longer = [(n, name) for name, n in seen.items() if _words_key(name).startswith(key + " ")]
        if longer:
            t.lead = max(longer)[1]


def _render_collective(words: list[str], seps: list[str]) -> str:
    out = []
    for k, w in enumerate(words):
        shown = _COLLECTIVE_DISPLAY.get(w, w)
        if w == "phuong" and k and words[k - 1] == "dia":
            shown = "phương"  # "địa phương", not the ward ("xã, phường")
        out.append(shown + (seps[k] if k < len(seps) else ""))
    text = " ".join(out).rstrip(",; ")
    return text[:1].upper() + text[1:]


def _link_ocr_rows(body: list[Task], apps: list[Appendix], namer: AgencyNamer) -> int:
    """Give body tasks the lead, coordinators and deadline of the appendix row restating
    them.  OCR flattens the table: each printed line runs across all columns, row
    numbers are garbled or printed below a tall cell's first line.  A body task's row
    starts at the line opening with the task's words or carrying its row number (row
    numbers follow the body's order when the opening words say so); the row runs to the
    next row's start.  Returns how many tasks were linked."""
    from .ocr_fix import fix_ocr_line

    lines = sorted(
        {
            ln.no: ln
            for app in apps
            for ln in [*app.header, *(x for r in app.rows for x in r.lines)]
        }.values(),
        key=lambda x: x.no,
    )
    lines = [ln for ln in lines if not _TABLE_HEADER.search(fold(ln.text).strip(" |'"))]
    m = len(lines)
    nums: list[int | None] = []
    garbled: list[str | None] = []
    stripped: list[str] = []
    for ln in lines:
        mm = _ROW_NUMBER.match(ln.text)
        gm = None if mm else _ROW_GARBLED_NUMBER.match(ln.text)
        nums.append(int(mm.group(1)) if mm else None)
        garbled.append(gm.group(1) if gm and re.search(r"\d", gm.group(1)) else None)
        cut = mm or (gm if gm and re.search(r"\d", gm.group(1)) else None)
        rest = ln.text[cut.end() :] if cut else ln.text
        stripped.append(re.sub(r"^[\W_]+", "", rest))
    keys = [fold(fix_ocr_line(s))[:70] for s in stripped]
    # group headings of the body restated as table rows end a task's row
    groups = {
        fold(fix_ocr_line(re.sub(r"^[\w.]+\.\s", "", t.group or ""))) for t in body if t.group
    }
    is_group = [
        len(k) >= 25 and any(fuzz.partial_ratio(k[:50], g) >= 85 for g in groups if len(g) > 30)
        for k in keys
    ]
    wants = [fold(fix_ocr_line(t.title))[:45] for t in body]
    n = len(body)

    def text_sim(a: int, b: int) -> float:
        if is_group[b] or len(keys[b]) < 15:
            return 0.0
        sc = fuzz.partial_ratio(wants[a], keys[b])
        return sc if sc >= 72 else 0.0

    tsim = [[text_sim(a, b) for b in range(m)] for a in range(n)]
    # do the row numbers follow the body's order?  (row number − task index, when the
    # opening words agree)
    offsets: dict[int, int] = {}
    for a in range(n):
        for b in range(m):
            if tsim[a][b] >= 85 and nums[b] is not None:
                offsets[nums[b] - a] = offsets.get(nums[b] - a, 0) + 1
    off = None
    if offsets:
        best_off, cnt = max(offsets.items(), key=lambda kv: kv[1])
        if cnt >= 3 and cnt >= 0.6 * sum(offsets.values()):
            off = best_off

    def sim(a: int, b: int) -> float:
        s = tsim[a][b]
        if off is None or is_group[b]:
            return s
        want = a + off
        if nums[b] == want:
            return s + 25 if s else 70.0
        g = garbled[b]
        if (
            s
            and g
            and len(g) == len(str(want))
            and any(x == y for x, y in zip(g, str(want), strict=False))
        ):
            return s + 10
        return s

    sims = [[sim(a, b) for b in range(m)] for a in range(n)]
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        for b in range(m - 1, -1, -1):
            best = max(score[a + 1][b], score[a][b + 1])
            if sims[a][b]:
                best = max(best, sims[a][b] + score[a + 1][b + 1])
            score[a][b] = best
    anchors: list[tuple[int, int]] = []
    a = b = 0
    while a < n and b < m:
        if sims[a][b] and abs(score[a][b] - (sims[a][b] + score[a + 1][b + 1])) < 1e-9:
            anchors.append((a, b))
            a += 1
            b += 1
        elif score[a + 1][b] >= score[a][b + 1]:
            a += 1
        else:
            b += 1
    # a tall name cell prints its first line above the row number
    starts: list[int] = []
    for a, b in anchors:
        floor = starts[-1] + 1 if starts else 0
        s = b
        for jj in (b - 1, b - 2):
            if jj < floor or is_group[jj]:
                continue
            if (tsim[a][jj] and nums[jj] is None) or (off is not None and nums[jj] == a + off):
                s = jj
                break
        starts.append(s)
    for k, (a, _b) in enumerate(anchors):
        s = starts[k]
        end = starts[k + 1] if k + 1 < len(starts) else min(m, s + 14)
        region = list(range(s, end))
        cut = next((x for x in region[1:] if is_group[x]), None)
        if cut is not None:
            region = region[: region.index(cut)]
        texts = [stripped[x] for x in region]
        task = body[a]
        lead, coords, deadline = _row_cells(texts, task.title, namer)
        task.lead = lead
        task.coordinators = coords
        if deadline.kind != "unknown":
            task.deadline = deadline
        first, last = lines[region[0]].no, lines[region[-1]].no
        task.lines = (min(task.lines[0], first), max(task.lines[1], last))
    return len(anchors)


# -- targets worded in the body ---------------------------------------------------

_OBJECTIVE_SECTION = re.compile(r"\b(?:muc tieu|chi tieu)\b")
_PERIOD_TITLE = re.compile(r"\bn\w{1,3}m\s+(20\d\d)\b")
_SIGNS = re.compile(r"[<>≥≤=]")


def _objective_clauses(root: Section) -> list[tuple[str | None, str]]:
    """(period, clause) for each clause of the objectives section ("MỤC TIÊU", "CÁC CHỈ
    TIÊU CHỦ YẾU"); the period is the year of the enclosing "Đến năm 2030" heading.  An
    item's clauses include its sub-items (a wrapped "- 05%/năm" line), and prose is cut
    at sentence ends and semicolons."""
    out: list[tuple[str | None, str]] = []
    for sec in root.children:
        if sec.kind != "roman" or not _OBJECTIVE_SECTION.search(_plain(sec.title, True)):
            continue

        def visit(node: Section, period: str | None) -> None:
            m = _PERIOD_TITLE.search(fold(node.title))
            own = node.text
            if m and len(node.title) < 40:
                period = m.group(1)
                own = " ".join(node.paragraphs)
            kids = [c for c in node.children if c.kind in ("dash", "plus")]
            rest = node.children
            if kids and node.kind == "letter" and all(not c.children for c in kids):
                rest = [c for c in node.children if c not in kids]
                for c in kids:
                    # "… tăng trung bình 02" | "- 05%/năm": a range wrapped at its dash
                    glue = " - " if re.search(r"\d$", own) and c.text[:1].isdigit() else " "
                    own = f"{own}{glue}{c.text}"
            for clause in re.split(r"(?<=[a-z\w%)])[.;]\s+(?=\S)", own):
                if clause.strip():
                    out.append((period, clause.strip()))
            for c in rest:
                visit(c, period)

        for c in sec.children:
            visit(c, None)
    return out


def _same_digits(a: float, b: float) -> bool:
    """1.5 and 15: a decimal comma lost by OCR."""

    def digits(x: float) -> str:
        return re.sub(r"\D", "", f"{x:g}").lstrip("0")

    return a != b and digits(a) == digits(b)


def _targets_from_objectives(indicators: list[Indicator], root: Section, ocr: bool) -> None:
    """The objectives section words most table figures ("đạt tối thiểu 30% GRDP", "thuộc
    nhóm 05 tỉnh, thành phố dẫn đầu", "tăng trung bình 02 - 05%/năm").  Where the table
    cell is silent about the comparison ("30%", a bare "=90"), or OCR could only print
    ">" for "≥", or lost the cell's figure or its decimal comma, the objective's wording
    decides.  A clause goes to the indicator whose name it resembles most."""
    figures = []
    for period, clause in _objective_clauses(root):
        key = _plain(clause, ocr)
        for _pos, fig in figures_in_prose(clause):
            figures.append((period, key, fig))
    if not figures:
        return
    names = [_plain(ind.name, ocr) for ind in indicators]
    keys = sorted({key for _p, key, _f in figures})
    score_of = {
        (key, ii): fuzz.token_set_ratio(key, name) for key in keys for ii, name in enumerate(names)
    }

    def clear_best(key: str, ii: int) -> bool:
        """The clause and the indicator are each other's best match by a margin."""
        score = score_of[key, ii]
        others = [score_of[key, j] for j in range(len(names)) if j != ii]
        rivals = [score_of[k, ii] for k in keys if k != key]
        return score >= max(others, default=0) + 10 and score > max(rivals, default=0)

    pairs = []
    for fi, (period, key, fig) in enumerate(figures):
        for ii, ind in enumerate(indicators):
            if len(names[ii]) < 8:
                continue
            score = score_of[key, ii]
            for t in ind.targets:
                if period and t.period and period != t.period:
                    continue
                explicit = bool(_SIGNS.search(t.raw)) and t.op != "="
                if t.op == "text" or t.value is None:
                    need, value_ok = 70.0, True
                elif t.value == fig.value:
                    need, value_ok = 50.0, True
                elif ocr and _same_digits(t.value, fig.value) and not explicit:
                    need, value_ok = 60.0, True
                elif ocr and not explicit and t.op == "=":
                    # the cell's figure is garbled ("0% /năm 5.5" for "02-05%/năm")
                    need, value_ok = 70.0, clear_best(key, ii)
                else:
                    value_ok = False
                if not value_ok or score < need:
                    continue
                if fig.op == ">=":
                    ok = t.op in ("=", "text", ">=") or (ocr and t.op == ">")
                else:
                    ok = t.op in ("=", "text")
                if ok:
                    pairs.append((score, fi, id(t), t, fig))
    used_f: set[int] = set()
    used_t: set[int] = set()
    for _score, fi, tid, t, fig in sorted(pairs, key=lambda p: -p[0]):
        if fi in used_f or tid in used_t:
            continue
        used_f.add(fi)
        used_t.add(tid)
        t.op, t.value, t.value_max = fig.op, fig.value, fig.value_max


# -- leads from "TỔ CHỨC THỰC HIỆN" ---------------------------------------------------

_ORG_SECTION = re.compile(r"\bto chuc thuc hien\b|\bphan cong\b")
_DUTY_VERB = re.compile(
    r"\s(?:tham muu|chu tri|theo doi|to chuc|xay dung|can cu|dinh ky|phoi hop|trien khai|"
    r"thuc hien|co trach nhiem|chiu trach nhiem|huong dan|tap trung|la co quan|thuong truc|"
    r"tiep tuc|sap xep|bo tri|chu dong)\b"
)
# monitoring and reporting duties say who reports, not who does the work
_NOT_DUTY = re.compile(r"\b(?:bao cao|theo doi|don doc|tong hop|kinh phi|tren day|de nghi)\b")
_GRAM_STOP = frozenset(
    "va cua cac cho tren trong theo voi tai de duoc co nhung mot nay do la cung khi ve".split()
)
# Words every task and every duty of these plans is made of: what to do to something
# (organise, carry out, step up, coordinate, raise, ensure, support …), to whom and how
# (the agencies, the locality, "suited to actual conditions").  They say nothing about
# which work is meant, so they are cut out before words are paired: "tăng cường tuyên
# truyền" and "phối hợp tuyên truyền" share "tuyên truyền", not "tăng cường".
_GENERIC = re.compile(
    r"\b(?:to chuc|trien khai|thuc hien|tang cuong|day manh|phoi hop|nang cao|bao dam|"
    r"dam bao|ho tro|duy tri|thuc day|khuyen khich|chi dao|tham muu|tap trung|phat huy|"
    r"chu dong|tiep tuc|kip thoi|tung buoc|hieu qua|thiet thuc|phu hop|xay dung|phat trien|"
    r"nang cap|ra soat|huong dan|dong bo|quyet liet|van dong|lien quan|co quan|don vi|"
    r"dia ban|quy dinh|thuong xuyen|ke hoach|nhiem vu|giai phap|muc tieu|noi dung|"
    r"dieu kien|thuc te|gop phan|tham gia|su dung|ung dung|hoat dong|cong tac|phuc vu|"
    r"quan ly|cap xa|cap tinh|ubnd|uy ban nhan dan)\b"
)


def _plain(text: str, ocr: bool) -> str:
    if ocr:
        from .ocr_fix import fix_ocr_line

        text = fix_ocr_line(text)
    return fold(text)


def _words(key: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", key)


def _grams(key: str) -> tuple[set[str], set[str]]:
    """Word pairs and single words of a folded text, pairs taken inside a phrase only
    (punctuation and generic words end one) and without function words."""
    pairs: set[str] = set()
    singles: set[str] = set()
    for phrase in re.split(r"[,;.:()“”\"'!?/]|\s-\s", _GENERIC.sub(",", key)):
        words = [w for w in _words(phrase) if not w.isdigit()]
        pairs.update(
            f"{a} {b}"
            for a, b in zip(words, words[1:], strict=False)
            if a not in _GRAM_STOP and b not in _GRAM_STOP
        )
        singles.update(w for w in words if w not in _GRAM_STOP and len(w) > 1)
    return pairs, singles


def _duty_agency(title: str, namer: AgencyNamer, ocr: bool) -> tuple[str, int] | None:
    """The agency a "TỔ CHỨC THỰC HIỆN" item opens with: "Phòng Kinh tế tham mưu …",
    "Các đơn vị trường học xây dựng …" (the words before the first duty verb), and where
    its duties start in the folded title."""
    text = title
    if ocr:
        from .ocr_fix import fix_ocr_line

        text = fix_ocr_line(title)
    m = _DUTY_VERB.search(fold(text)[:90])
    if not m:
        return None
    head = text[: m.start()].strip(" ,:;-")
    if not head or len(head.split()) > 9 or not namer.is_agency(head):
        return None
    if ocr and namer.registry is not None and namer.resolve(head).kind != "agency":
        return _restore(head), m.start()
    return namer.name(head), m.start()


def _duties(root: Section, namer: AgencyNamer, ocr: bool) -> dict[str, list[str]]:
    """Agency → folded duty sentences, from the items of the implementation section
    ("IV. TỔ CHỨC THỰC HIỆN": "1. Phòng Văn hóa - Xã hội tham mưu … nội dung sau: - …").
    The agency's own name and an introduction ending in ":" are not duties."""
    out: dict[str, list[str]] = {}
    for sec in root.children:
        if sec.kind != "roman" or not _ORG_SECTION.search(fold(sec.title)):
            continue
        for item in sec.children:
            if item.kind not in ("num", "dotted", "letter"):
                continue
            found = _duty_agency(item.title, namer, ocr)
            if not found:
                continue
            agency, start = found
            texts = [_plain(item.text, ocr)[start:]]
            texts += [_plain(n.text, ocr) for n in item.walk() if n is not item]
            for t in texts:
                for part in re.split(r";\s|\.\s|\s*:\s*(?:$|\s)", t + " "):
                    part = part.strip()
                    intro = t.find(part + ":") >= 0
                    if len(part) > 15 and not intro and not _NOT_DUTY.search(part):
                        out.setdefault(agency, []).append(part)
    return out


@dataclass
class _DutyMatch:
    score: float = 0.0  # summed rarity of what the clause and the duty share
    terms: int = 0  # how many distinct things they share (a run of pairs is one)


def _leads_from_duties(
    tasks: list[Task], root: Section, namer: AgencyNamer, ocr: bool, subject: str = ""
) -> int:
    """Give a lead to tasks that have none from the agency whose duties in the
    implementation section say the same thing.  Returns how many tasks got one.

    What is shared: word pairs (inside a phrase, generic words cut out) and rare single
    words (for pairs broken by OCR or a synonym: "phổ cập / phổ biến kiến thức"), each
    weighted by its rarity among the plan's items (idf).  The plan's subject (its
    title: "… khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số") runs through every
    item and weighs nothing.

    How it is decided: a task's first clause (before ";") says what it is.  When it
    matches one agency's duty distinctly, that agency leads; when it shares nothing with
    any duty, the whole item is read instead; when it matches only weakly or two agencies
    alike, no lead is given (a wrong lead is worse than none)."""
    duties = _duties(root, namer, ocr)
    if not duties:
        return 0
    texts = [_plain(n.text, ocr) for n in root.walk() if n.kind != "root"]
    df: dict[str, int] = {}
    for t in texts:
        pairs, _ = _grams(t)
        for g in pairs | set(_words(t)):  # single words counted everywhere they occur
            df[g] = df.get(g, 0) + 1
    n_docs = len(texts)
    subj_pairs, subj_words = _grams(_plain(subject, ocr))
    subject_grams = subj_pairs | subj_words

    def idf(g: str) -> float:
        if g in subject_grams or df.get(g, 0) > _DUTY_DF_MAX * n_docs:
            return 0.0
        return max(0.0, math.log(n_docs / (1 + df.get(g, 0))))

    # word pairs astride two words: "nền tảng số" / "hạ tầng số" share "tầng số", but the
    # first word of the pair ends a different word on each side
    def crossing(g: str, key: str, duty: str) -> bool:
        first = g.split()[0]
        before = {m.group(1) for m in re.finditer(rf"([a-z0-9]+) {g}\b", key)}
        prior = {m.group(1) for m in re.finditer(rf"([a-z0-9]+) {g}\b", duty)}
        return bool(before and prior and not before & prior) and all(
            df.get(f"{w} {first}", 0) > 1 for w in before | prior
        )

    sentences = {a: [(p, _grams(p)) for p in parts] for a, parts in duties.items()}

    def phrases(key: str) -> list[list[str]]:
        return [_words(p) for p in re.split(r"[,;.:()“”\"'!?/]|\s-\s", _GENERIC.sub(",", key))]

    def compare(key: str, duty: str, sp: set[str]) -> _DutyMatch:
        pairs, singles = _grams(key)
        shared = {g for g in pairs & sp if idf(g) > 0 and not crossing(g, key, duty)}
        # pairs in a row are one thing: "dịch vụ công trực tuyến" counts 2, not 4
        runs: set[str] = set()
        for words in phrases(key):
            run: list[str] = []
            for x, y in [*zip(words, words[1:], strict=False), ("", "")]:
                if f"{x} {y}" in shared:
                    run += [x, y] if not run else [y]
                elif run:
                    runs.add(" ".join(run))
                    run = []
        m = _DutyMatch(
            sum(idf(g) for g in shared), sum((len(r.split()) - 1 + 1) // 2 for r in runs)
        )
        # a rare word beside a shared pair in both texts: a pair broken by OCR or by a
        # synonym ("phổ cập kiến thức" / "phổ biến kiến thức")
        covered = {w for g in shared for w in g.split()}
        for w in (singles & set(_words(duty))) - covered:
            if idf(w) >= _DUTY_RARE and beside(w, key, shared) and beside(w, duty, shared):
                m.score += idf(w)
                m.terms += 1
        return m

    def beside(w: str, text: str, shared: set[str]) -> bool:
        words = _words(text)
        for i, x in enumerate(words):
            window = words[max(0, i - 3) : i + 4]
            if x == w and any(
                f"{p} {q}" in shared for p, q in zip(window, window[1:], strict=False)
            ):
                return True
        return False

    def matches(key: str) -> list[tuple[_DutyMatch, str]]:
        out = []
        for agency, sents in sentences.items():
            best = max(
                (compare(key, text, sp) for text, (sp, _ss) in sents),
                key=lambda m: m.score,
                default=_DutyMatch(),
            )
            out.append((best, agency))
        out.sort(key=lambda x: -x[0].score)
        return out

    def decide(found: list[tuple[_DutyMatch, str]], need: float) -> str | None:
        sharing = [(m, a) for m, a in found if m.score > 0]
        if not sharing:
            return None
        if len(sharing) == 1:  # one agency's duties alone share something with the task
            m, agency = sharing[0]
            return agency if m.score >= need else None
        # otherwise one shared thing is not a match: it needs a second one
        held = [(m, a) for m, a in sharing if m.terms >= 2 and m.score >= need]
        if not held:
            return None
        (top, agency), rest = held[0], held[1:]
        if rest and top.score < _DUTY_MARGIN * rest[0][0].score:
            return None
        return agency

    given = 0
    for t in tasks:
        if t.lead:
            continue
        key = _plain(t.title, ocr)
        head = key.partition(";")[0]
        found, need = matches(head), _DUTY_MIN
        if found[0][0].score == 0.0:
            # the first clause is only generic words: the later ones, which say less
            # about what the task is, must share twice as much
            found, need = matches(key), 2 * _DUTY_MIN
        lead = decide(found, need)
        if lead:
            t.lead = lead
            given += 1
    return given


# One shared thing of middling rarity (a word pair found in about one item in ten,
# idf ≈ log 10 ≈ 2.3) is the least a match rests on; it decides alone only when no other
# agency's duties share anything with the clause, otherwise it needs a second thing.
_DUTY_MIN = math.log(10)
_DUTY_RARE = math.log(10)  # single words as rare as that count (common ones do not)
_DUTY_MARGIN = 1.5  # the best agency must be clearly ahead of the next
_DUTY_DF_MAX = 0.2  # words in more than this share of the plan's items say nothing


# -- body tasks ---------------------------------------------------------------------


def _body_tasks(root: Section) -> list[Task]:
    tasks: list[Task] = []
    for sec in root.children:
        if sec.kind != "roman":
            continue
        key = fold(sec.title)
        if not _TASK_SECTION.search(key) or _NOT_TASK_SECTION.search(key):
            continue
        # "NHIỆM VỤ TRỌNG TÂM NĂM 2026": the tasks of the heading's year are due by its end
        year_due = _heading_year_deadline(key)
        for grp in sec.children:
            group_title = f"{grp.code}. {grp.title}" if grp.kind in ("num", "dotted") else grp.title
            leaves = [n for n in grp.walk() if n is not grp and not n.children]
            if not leaves:
                if grp.kind in ("num", "dotted") and grp.paragraphs:
                    tasks.append(
                        Task(
                            title=grp.text,
                            lines=(grp.first, grp.last),
                            code=grp.code,
                            group=group_title,
                            deadline=year_due(),
                        )
                    )
                continue
            dash_count: dict[int, int] = {}
            for leaf in leaves:
                code = _code_path(leaf, grp, dash_count)
                tasks.append(
                    Task(
                        title=leaf.text,
                        lines=(leaf.first, leaf.last),
                        code=code,
                        group=group_title,
                        deadline=year_due(),
                    )
                )
    return tasks


def _heading_year_deadline(key: str):
    """A task section titled for one year ("NHIỆM VỤ TRỌNG TÂM NĂM 2026", "… trong năm
    2025") gives its tasks that year as deadline; a period ("giai đoạn 2026-2030", two
    years) or no year gives none.  Returns a factory (each task gets its own object)."""
    years = re.findall(r"\b(20\d\d)\b", key)
    m = re.search(r"\bn\w{1,2}m\s+(20\d\d)\s*$", key)
    if len(years) != 1 or not m or re.search(r"giai doan|den n\w{1,2}m", key):
        return lambda: Deadline(raw=None)
    raw = f"Năm {m.group(1)}"
    return lambda: parse_deadline(raw)


def _code_path(node: Section, grp: Section, counter: dict[int, int]) -> str:
    parts: list[str] = []
    n: Section | None = node
    while n is not None and n.kind != "roman" and n.kind != "root":
        if n.kind in ("dash", "plus"):
            parent = n.parent
            idx = parent.children.index(n) + 1 if parent else 1
            parts.append(str(idx))
        elif n.kind == "letter":
            parts.append(f"{n.code})")
        else:
            parts.append(n.code)
            if n.kind == "dotted":
                break
        n = n.parent
    return ".".join(reversed(parts)).replace(").", ")-")


_LEAD_IN_TEXT = re.compile(r"^(.{4,80}?)\s+(?:chủ trì|chu tri)\b")

# labelled lines under a task item ("Cơ quan chủ trì: …", "Thời gian hoàn thành: …"),
# the layout of plans that list tasks as numbered paragraphs instead of a table
_FIELD_LABEL = re.compile(
    r"(?:^|(?<=[\s.;]))(?P<label>"
    r"(?:cơ quan|đơn vị|co quan|don vi)\s+(?:chủ trì|chu tri)(?:\s*,\s*(?:theo dõi|đôn đốc)[^:]{0,30})?"
    r"|(?:cơ quan|đơn vị|co quan|don vi)\s+(?:phối hợp|phoi hop)"
    r"|(?:thời gian|thời hạn|thoi gian|thoi han)(?:\s+(?:hoàn thành|thực hiện|hoan thanh|thuc hien))?"
    r"|(?:sản phẩm|kết quả|san pham|ket qua)(?:\s+(?:dự kiến|cần đạt|đầu ra|du kien|can dat))?"
    r")\s*:\s*",
    re.IGNORECASE,
)


def _labelled_fields(task: Task, namer: AgencyNamer) -> bool:
    """Read "Cơ quan chủ trì: …", "Cơ quan phối hợp: …", "Thời gian hoàn thành: …",
    "Sản phẩm: …" out of a task's text; the title keeps what comes before the first
    label.  Returns True when the task had such labels."""
    found = list(_FIELD_LABEL.finditer(task.title))
    if not found:
        return False
    values: dict[str, str] = {}
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(task.title)
        label = fold(m.group("label"))
        value = task.title[m.end() : end].strip(" .;,")
        kind = (
            "lead"
            if "chu tri" in label
            else "coord"
            if "phoi hop" in label
            else "deadline"
            if label.startswith("thoi")
            else "output"
        )
        values.setdefault(kind, value)
    title = task.title[: found[0].start()].strip()
    if not title:
        return False
    task.title = title
    if values.get("lead") or values.get("coord"):
        lead, coords = namer.lead_and_coordinators(values.get("lead"), values.get("coord"))
        task.lead = lead
        task.coordinators = coords
    if values.get("deadline"):
        task.deadline = parse_deadline(values["deadline"])
    if values.get("output"):
        task.output = values["output"]
    return True


def _order(tasks: list[Task]) -> list[Task]:
    return sorted(tasks, key=lambda t: t.lines[0])


def _merge(body: list[Task], appendix: list[Task], ocr: bool) -> tuple[list[Task], list[Task]]:
    """Merge appendix tasks into the body tasks they restate (ordered alignment).
    Returns (body tasks left unmatched, appendix tasks with matched body text)."""
    if not body or not appendix:
        return body, appendix
    full = [search_key(t.title) for t in body]
    bk = [k[:160] for k in full]
    ak = [search_key(t.title)[:300] for t in appendix]
    n, m = len(body), len(appendix)
    threshold = 62 if ocr else 80

    def sim(i: int, j: int) -> float:
        if ocr:
            s = fuzz.partial_ratio(bk[i][:70], ak[j])
            return s if s >= threshold else 0.0
        # the row restates the item's opening words, or one of its later clauses
        # word for word ("Rà soát …; phấn đấu bố trí …" → row "Phấn đấu bố trí …")
        shared = fuzz.token_set_ratio(bk[i], ak[j])
        inside = fuzz.partial_ratio(ak[j][:80], full[i]) if len(ak[j]) >= 40 else 0.0
        if (shared >= threshold and inside >= 75) or inside >= 90:
            return (shared + inside) / 2
        return 0.0

    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            s = sim(i, j)
            if s:
                best = max(best, s + score[i + 1][j + 1])
            score[i][j] = best
    pairs: dict[int, int] = {}
    i = j = 0
    while i < n and j < m:
        s = sim(i, j)
        if s and abs(score[i][j] - (s + score[i + 1][j + 1])) < 1e-9:
            pairs[j] = i
            i += 1
            j += 1
        elif score[i + 1][j] >= score[i][j + 1]:
            i += 1
        else:
            j += 1
    out: list[Task] = []
    used = set(pairs.values())
    for j, a in enumerate(appendix):
        if j in pairs:
            b = body[pairs[j]]
            a.title = b.title if (ocr or len(b.title) >= len(a.title) * 0.6) else a.title
            a.group = a.group or b.group
            a.lines = b.lines if ocr else a.lines
        out.append(a)
    rest = [t for k, t in enumerate(body) if k not in used]
    return rest, out


# -- reporting -----------------------------------------------------------------------


def _reporting(body_lines: list[str]) -> list[ReportingObligation]:
    out: list[ReportingObligation] = []
    for para in body_lines:
        k = fold(para)
        for sm in re.finditer(r"[^.]*b\w{1,2}o c\w{1,2}o[^.]*", k):
            sent_k = sm.group(0)
            sent = para[sm.start() : sm.end()].strip()
            if not re.search(
                r"dinh k\w|h\w{1,2}ng n\w{1,2}m|h\w{1,2}ng qu\w|h\w{1,2}ng th\w{1,2}ng|h\w{1,2}ng tu\w{1,2}n|6 th\w{1,2}ng",
                sent_k,
            ):
                continue
            recipient = _recipient(sent, sent_k)
            found = False
            m6 = re.search(
                r"6 th\w{1,2}ng\s*\(?\s*(?:tr\w{2,3}[ce]\s+)?(?:ng\w{1,2}y\s+)?(\d{1,2}/\d{1,2})",
                sent_k,
            )
            if m6:
                out.append(ReportingObligation("semiannual", sent, m6.group(1), recipient))
                found = True
            two = re.search(
                r"ng\w{1,2}y\s+(\d{1,2})\s+th\w{1,2}ng\s+(\d{1,2})\s+v\w\s+ng\w{1,2}y\s+(\d{1,2})\s+th\w{1,2}ng\s+(\d{1,2})",
                sent_k,
            )
            if two and not found:
                out.append(
                    ReportingObligation(
                        "semiannual",
                        sent,
                        f"{two.group(1)}/{two.group(2)}, {two.group(3)}/{two.group(4)}",
                        recipient,
                    )
                )
                found = True
            ma = re.search(
                r"h\w{1,2}ng n\w{1,2}m\s*\(?\s*(?:tr\w{2,3}[ce]\s+)?(?:ng\w{1,2}y\s+)?(\d{1,2}/\d{1,2})?",
                sent_k,
            )
            if ma and not two:
                out.append(ReportingObligation("annual", sent, ma.group(1), recipient))
                found = True
            for word, freq in (
                ("qu\\w", "quarterly"),
                ("th\\w{1,2}ng", "monthly"),
                ("tu\\w{1,2}n", "weekly"),
            ):
                if re.search(rf"h\w{{1,2}}ng {word}\b", sent_k) and not found:
                    out.append(ReportingObligation(freq, sent, None, recipient))
                    found = True
            if re.search(r"dot xu\w{1,2}t", sent_k):
                out.append(ReportingObligation("adhoc", sent, None, recipient))
    return out


def _recipient(sent: str, k: str) -> str | None:
    k = fold(sent)  # same length as ``sent``: spans map back
    m = re.search(
        r"b\w{1,2}o c\w{1,2}o[^;]*?\s(?:ve|cho|gui)\s+((?:uy ban|ubnd|so|s|phong|van phong|ban)\s.*)",
        k,
    )
    m = m or re.search(r"b\w{1,2}o c\w{1,2}o\s+((?:uy ban|ubnd|so|phong|van phong|ban)\b.*)", k)
    if not m:
        return None
    start = m.start(1)
    tail = sent[start:]
    tk = k[start:]
    end = re.search(r"\s(?:ket qua|tinh hinh|de tong hop|de|xem xet)\b|[;]", tk)
    # keep a parenthesis "(qua Phòng …)" whole
    if end:
        paren_open = tk[: end.start()].count("(") > tk[: end.start()].count(")")
        if paren_open:
            close = tk.find(")", end.start())
            cut = close + 1 if close >= 0 else end.start()
            return tail[:cut].strip(" ,")
        return tail[: end.start()].strip(" ,")
    return tail.strip(" ,")


# -- entry point -------------------------------------------------------------------


def extract_all(
    seg: Segmented, namer: AgencyNamer
) -> tuple[list[Indicator], list[Task], list[ReportingObligation]]:
    indicators: list[Indicator] = []
    app_tasks: list[list[Task]] = []
    task_apps: list[Appendix] = []
    for app in seg.appendices:
        cols = _columns(app)
        if cols.indicator and seg.ocr:
            indicators.extend(_ocr_indicator_table(app, namer))
        elif cols.indicator:
            group = None
            for row in app.rows:
                if row.is_group:
                    group = re.sub(
                        r"^[IVX]+\s*[.|]?\s*", "", " ".join(ln.text for ln in row.lines)
                    ).strip()
                    continue
                ind = (
                    _ocr_indicator(row, group, namer)
                    if seg.ocr
                    else _indicator_from_row(row, cols, group, namer)
                )
                if ind:
                    indicators.append(ind)
        elif app.rows:
            app_tasks.append(_appendix_tasks(app, cols, namer, seg.ocr))
            task_apps.append(app)
    _targets_from_objectives(indicators, seg.root, seg.ocr)
    body_tasks = _body_tasks(seg.root)
    if seg.ocr and body_tasks and task_apps:
        # OCR interleaves the columns and loses row numbers: find each body task's row
        # by its opening words, in order, and read the row's agency and deadline cells
        linked = _link_ocr_rows(body_tasks, task_apps, namer)
        if linked >= 0.6 * len(body_tasks):
            app_tasks = []
            _complete_collectives(body_tasks)
    labelled = {id(t) for t in body_tasks if _labelled_fields(t, namer)}
    for t in body_tasks:
        if id(t) in labelled:
            continue
        m = _LEAD_IN_TEXT.match(t.title)
        if m and namer.is_agency(m.group(1)):
            t.lead = namer.name(m.group(1))
    if not task_apps:
        # no appendix assigns the tasks: the implementation section says who does what
        _leads_from_duties(body_tasks, seg.root, namer, seg.ocr, seg.header.title or "")
    remaining = body_tasks
    merged: list[Task] = []
    for table in app_tasks:
        remaining, done = _merge(remaining, table, seg.ocr)
        merged.extend(done)
    tasks = _order(remaining + merged)
    for t in tasks:
        if t.lead is None:
            namer.warnings.append(
                f"Nhiệm vụ {t.code or ''} (dòng {t.lines[0]}) chưa có cơ quan chủ trì"
            )
    paragraphs = [ln.text for ln in seg.body_lines]
    reporting = _reporting(paragraphs)
    return indicators, tasks, reporting
