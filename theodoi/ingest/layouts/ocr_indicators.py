"""Annex indicator tables as OCR prints them: one line runs across all columns, row
numbers are garbled or lost, a tall cell's first line is printed above its row's."""

from __future__ import annotations

import re

from ..fields.agencies import (
    collective_at,
    collective_line,
    fragment_at,
    lead_above,
    mentions_with_prefixes,
)
from ..fields.namer import AgencyNamer
from ..fields.text import restore_display
from ..model import Indicator
from ..segment import Appendix, TableRow, fold
from ..targets import parse_target
from .columns import period_of, row_rest


def _lead_before_coordinator(lead_m, words: list[str], registry):
    """ "… TTHC | hành chính công | Phòng HĐND-UBND": the lead cell's last line, its first
    above the row's line, just before the coordinator's name."""
    if lead_m is None or registry is None:
        return lead_m
    for k in (5, 4, 3):
        if lead_m[0] - k < 2:
            continue
        res = registry.fragment(" ".join(words[lead_m[0] - k : lead_m[0]]), min_score=90)
        if res is not None and res.display != lead_m[2].display:
            return (lead_m[0] - k, lead_m[0], res)
    return lead_m


def _figure_in_name(name: str, group: str | None):
    """No unit/target cells: the name carries its figure ("> 80% cán bộ …"), or none
    ("Hoàn thiện và đưa vào sử dụng …" is reached or not)."""
    fig = re.search(r"(?:[<>≥≤]\s*)?(?<![\w.,])\d{1,3}(?:[.,]\d+)?\s*%", name)
    # a sign glued to a figure (">2") is a target cell whatever its unit
    signed = re.findall(r"(?<![\w.,])[<>≥≤]\s*\d+(?:,\d+)?(?![\w.,]|\d)", name)
    if fig:
        return parse_target(fig.group(0), period_of(group))
    if signed:
        return parse_target(signed[-1], period_of(group))
    if re.search(r"(?<![\w.,])[<>≥≤]?\s*\d{2,}(?:[.,]\d+)?(?![\w.,])", name):
        return parse_target(name, period_of(group))
    # stray digits of a garbled cell are not a figure
    return parse_target(re.sub(r"\d", "", name), period_of(group))


def ocr_indicator(
    row: TableRow, group: str | None, namer: AgencyNamer, *, skip_code: bool = True
) -> Indicator | None:
    """An indicator from one OCR'd row whose columns run together: name, then unit and
    target ("% > 90"), then the lead and coordinators found by the registry."""
    lines = row_rest(row) if skip_code else [ln.text for ln in row.lines]
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
    mentions = mentions_with_prefixes(registry, text) if registry else []
    words = text.split()
    if m:
        name = text[: m.start()].strip()
        unit = text[m.start(1) : m.end(1)].strip()
        target = parse_target(text[m.start(2) : m.end(2)], period_of(group))
        after = len(text[: m.end()].split())
        lead_m = next((x for x in mentions if x[0] >= after), None)
        if lead_m is not None and registry is not None and lead_m[0] > after:
            # the lead cell's garbled end line ("noc va ~ong nghe") before the
            # coordinator's clean one
            early = fragment_at(registry, words, after, lead_m[0])
            if early is not None and early[1] <= lead_m[0]:
                lead_m = early
    else:
        lead_m = _lead_before_coordinator(mentions[0] if mentions else None, words, registry)
        name = " ".join(words[: lead_m[0]]) if lead_m else text
        unit = "%" if "%" in name else None
        target = _figure_in_name(name, group)
    lead = lead_m[2].display if lead_m else None
    if lead_m is None and registry is not None:
        # the lead cell's words, cut across lines and garbled: the cell's middle or end
        # ("tin va Truyén thong"), its name glued ("SoYte"), or a collective
        start = after if m else bar_word
        if start is not None:
            lead_m = fragment_at(registry, words, start)
            lead = lead_m[2].display if lead_m else collective_at(words, start)
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


def ocr_indicator_table(app: Appendix, namer: AgencyNamer) -> list[Indicator]:
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
        ind = ocr_indicator(row, per, namer, skip_code=numbered)
        if ind:
            ind.name = restore_display(ind.name)
            ind.group = f"Đến năm {per}" if per else None
            for t in ind.targets:
                t.period = per
            if ind.lead is None:
                ind.lead = collective_line(lns[1:])
            if ind.lead is None and namer.registry is not None:
                ind.lead = lead_above(prev[0], prev[1], namer.registry)
            out.append(ind)
        prev = (ind, lns)
    return out
