"""Annex indicator tables read from cells: name | unit | targets (one per year column,
or one per row) | lead | coordinators | output.  A row without targets or lead is a
grouping row ("Chỉ tiêu về …")."""

from __future__ import annotations

import re

from ..fields.cells import (
    UNIT_RX,
    VALUE_TOKEN_RX,
    continues_cell,
    is_value_line,
    split_cells,
    value_start,
)
from ..fields.namer import AgencyNamer
from ..model import Indicator, Target
from ..segment import Appendix, TableRow
from ..targets import parse_target
from .columns import Columns, period_of, row_rest
from .role_cells import indicator_from_roles, role_cells


def _lower_unit(line: str, after: list[str], cols: Columns) -> bool:
    """A short cell in lower case ("điểm", "hộ", "lượt người") followed by a value cell,
    in a table with a unit column: the unit, not the end of the name."""
    return (
        cols.unit
        and bool(after)
        and is_value_line(after[0].strip())
        and bool(re.fullmatch(r"[^\W\dA-ZĐ][^\W\d]{0,9}(?: [^\W\d]{1,9})?", line))
    )


def _name_and_values(stream: list[str], cols: Columns) -> tuple[str, list[str]]:
    """Split a row's lines into the indicator's name and the cells after it."""
    name_parts: list[str] = []
    i = 0
    while i < len(stream):
        s = stream[i].strip()
        if name_parts and _lower_unit(s, stream[i + 1 : i + 2], cols):
            break  # "điểm" | "120": the unit cell, in lower case, before the values
        if name_parts and (is_value_line(s) or not continues_cell(name_parts[-1], s)):
            break
        if not name_parts and is_value_line(s):
            break
        cut = value_start(s, cols.unit)
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
        # "… tỷ lệ hộ dùng ví điện tử ≥" | "40%": the sign opens the first value cell
        name = name[: sign.start()].strip()
        rest[0] = f"{sign.group(1)} {rest[0].strip()}"
    return name, rest


def _unit_cell(rest: list[str], cols: Columns, namer: AgencyNamer) -> str | None:
    """Take the unit cell ("%", "Thứ bậc", "Camera") off the front of ``rest``."""
    if not (cols.unit and rest):
        return None
    m = UNIT_RX.match(rest[0].strip())
    if m:
        unit = m.group(1)
        rest[0] = rest[0].strip()[m.end() :].strip()
        while len(rest) > 1 and rest[1][:1].islower() and not VALUE_TOKEN_RX.match(rest[1]):
            unit = f"{unit} {rest[1].strip()}"
            rest.pop(1)
        return unit
    if re.fullmatch(r"[A-ZĐ][^\W\d]{1,14}(?: [^\W\d]{1,10})?", rest[0].strip()) and not (
        namer.is_agency(rest[0])
    ):
        # a unit cell of its own ("Camera", "Hồ sơ") before the value cells
        return rest.pop(0).strip()
    if _lower_unit(rest[0].strip(), rest[1:2], cols):
        return rest.pop(0).strip()
    return None


def _targets(value_cells: list[str], cols: Columns, group: str | None) -> list[Target]:
    """One target per year column, or the row's target cells (a cell not opening with a
    sign goes on the one before) for the group's period."""
    targets: list[Target] = []
    if cols.years:
        tokens = VALUE_TOKEN_RX.findall(" ".join(value_cells))
        tokens = [t.strip() for t in tokens if t.strip()]
        for period, tok in zip(cols.years, tokens, strict=False):
            if period in cols.baseline_years:
                continue  # where the unit stands, not a target
            t = parse_target(tok, period)
            if t:
                targets.append(t)
        return targets
    period = period_of(group)
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
    return targets


def indicator_from_row(
    row: TableRow, cols: Columns, group: str | None, namer: AgencyNamer
) -> Indicator | None:
    """The indicator of one table row, or None for a grouping row."""
    name, rest = _name_and_values(row_rest(row), cols)
    unit = _unit_cell(rest, cols, namer)
    value_cells: list[str] = []
    agency_cells: list[str] = []
    for c in split_cells(rest, namer):
        if not agency_cells and not namer.is_agency(c):
            value_cells.append(c)
        else:
            agency_cells.append(c)
    output = None
    if cols.output and agency_cells and not namer.is_agency(agency_cells[-1]):
        output = agency_cells.pop()
    targets = _targets(value_cells, cols, group)
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


def indicator_table(app: Appendix, cols: Columns, namer: AgencyNamer) -> list[Indicator]:
    """The indicators of a table read from cells, each under its group row's title."""
    out: list[Indicator] = []
    group = None
    for row in app.rows:
        if row.is_group:
            group = re.sub(r"^[IVX]+\s*[.|]?\s*", "", " ".join(ln.text for ln in row.lines)).strip()
            continue
        cells = role_cells(row)
        if cells is not None:  # a table rebuilt from flat text: each field its cell
            ind = indicator_from_roles(cells, row, cols, group, namer)
        else:
            ind = indicator_from_row(row, cols, group, namer)
        if ind:
            out.append(ind)
    return out
