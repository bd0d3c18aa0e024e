"""Indicators as bullets of the objectives section, each with its lead in parentheses:
"- Tỷ lệ văn bản điện tử được ký số đạt 95% (Văn phòng HĐND và UBND xã)",
"- Có ít nhất 05 hợp tác xã bán hàng trực tuyến (Phòng Kinh tế chủ trì, Công an xã
phối hợp)".  The period is the year of the enclosing heading ("Đến năm 2030") or of the
plan's title; a bullet with no figure or no agency in its parenthesis is no indicator."""

from __future__ import annotations

import re

from ..fields.namer import AgencyNamer
from ..fields.parenthesis import lead_cells
from ..model import Indicator, Target
from ..segment import Section, fold
from ..targets import figures_in_prose, parse_target

_OBJECTIVES = re.compile(r"\b(?:m\w{1,2}c ti\w{1,2}u|ch\w{1,2} ti\w{1,2}u)\b")
_YEAR = re.compile(r"\bn\w{1,3}m\s+(20\d\d)\b")
_LEAD_PAREN = re.compile(r"\s*\((?P<who>[^()]{4,160})\)\s*[.;]?\s*$")
# a bare figure near the bullet's end: "đạt 100%", "là 12"
_BARE = re.compile(r"(?:^|\s)(\d{1,3}(?:[.,]\d+)?)\s*(%)?(?=[\s.;,]|$)")


def _target(text: str, period: str | None) -> Target | None:
    found = figures_in_prose(text)
    if found:
        t = found[-1][1]
        t.period = period
        return t
    bare = list(_BARE.finditer(text))
    return parse_target(bare[-1].group(1), period) if bare else None


def _bullet(
    node: Section, period: str | None, namer: AgencyNamer, listed: bool = False
) -> Indicator | None:
    """The bullet's indicator: a figure and its lead in parentheses, or, under a heading that
    lists the targets ("Chỉ tiêu cụ thể"), a figure alone (its lead is then not named)."""
    m = _LEAD_PAREN.search(node.text)
    lead_cell = coord_cell = None
    if m:
        lead_cell, coord_cell = lead_cells(m["who"])
        if not namer.is_agency(lead_cell):
            lead_cell = coord_cell = None
            m = None
    if m is None and not listed:
        return None
    name = (node.text[: m.start()] if m else node.text).strip(" .;,")
    target = _target(name, period)
    if target is None or len(name) < 8 or (m is None and len(name) > 400):
        return None
    lead, coords = namer.lead_and_coordinators(lead_cell, coord_cell) if m else (None, [])
    return Indicator(
        name=name,
        lines=(node.first, node.last),
        code=node.code if node.kind not in ("dash", "plus") else None,
        unit="%" if re.search(r"\d\s*%", name) else None,
        targets=[target],
        lead=lead,
        coordinators=coords,
    )


# a heading that lists targets: "Chỉ tiêu cụ thể", "Các chỉ tiêu chủ yếu", "Mục tiêu cụ thể"
_TARGET_LIST = re.compile(r"\bch\w{1,2} ti\w{1,2}u\b|\bm\w{1,2}c ti\w{1,2}u c\w{1,2} th\w{1,2}\b")


def _visit(
    node: Section,
    sec: Section,
    period: str | None,
    namer: AgencyNamer,
    out: list,
    listed: bool = False,
) -> None:
    m = _YEAR.search(fold(node.title))
    if m and len(node.title) < 40:
        period = m.group(1)
    if not node.children and node is not sec:
        ind = _bullet(node, period, namer, listed)
        if ind:
            ind.group = sec.title
            out.append(ind)
    for c in node.children:
        heading = fold(c.title) if c.children else ""
        _visit(c, sec, period, namer, out, listed or bool(_TARGET_LIST.search(heading)))


def objective_bullets(root: Section, namer: AgencyNamer, title: str = "") -> list[Indicator]:
    """The indicators the objectives sections state as bullets with their lead."""
    years = set(_YEAR.findall(fold(title)))
    plan_year = years.pop() if len(years) == 1 else None
    out: list[Indicator] = []
    for sec in root.children:
        if sec.kind == "roman" and _OBJECTIVES.search(fold(sec.title)):
            _visit(sec, sec, plan_year, namer, out)
    return out
