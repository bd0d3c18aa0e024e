"""Rows of a table rebuilt from flat text (``flat_tables``), whose cells carry their
column's role: each field is read from its own cell, with no guessing where a cell ends."""

from __future__ import annotations

import re

from ..deadlines import parse_deadline
from ..fields.namer import AgencyNamer
from ..model import Deadline, Indicator, Task
from ..segment import TableRow
from ..targets import parse_target
from .columns import Columns

__all__ = ["role_cells", "task_from_roles", "indicator_from_roles"]

_LEADING_FIGURE = re.compile(r"^\s*(?:[≥≤<>]=?\s*)?\d+(?:[.,]\d+)?\s*%")


def role_cells(row: TableRow) -> dict[str, str] | None:
    """The row's cells by role (``None`` for a row whose lines carry no roles)."""
    if not row.lines or any(ln.cell is None for ln in row.lines):
        return None
    cells: dict[str, str] = {}
    for ln in row.lines:
        cells[ln.cell] = f"{cells.get(ln.cell, '')} {ln.text}".strip()
    return cells


def task_from_roles(
    cells: dict[str, str], row: TableRow, code: str, group: str | None, namer: AgencyNamer
) -> Task:
    lead, coords = namer.lead_and_coordinators(cells.get("lead"), cells.get("coord"))
    raw = cells.get("deadline")
    return Task(
        title=re.sub(r"\s+", " ", cells.get("content", "")).strip(),
        lines=(row.first, row.last),
        code=code,
        group=group,
        lead=lead,
        coordinators=coords,
        output=cells.get("output") or None,
        deadline=parse_deadline(raw) if raw else Deadline(raw=None),
    )


def indicator_from_roles(
    cells: dict[str, str], row: TableRow, cols: Columns, group: str | None, namer: AgencyNamer
) -> Indicator | None:
    """An indicator from its cells: name, unit, a target per year column (a year stating
    a result reached is no target), lead and coordinators; None for a grouping row."""
    name = re.sub(r"\s+", " ", cells.get("content", "")).strip()
    targets = []
    for role, value in cells.items():
        year = role.partition(":")[2]
        if role.startswith("year:") and year not in cols.baseline_years:
            target = parse_target(value, year)
            if target:
                targets.append(target)
    if not any(role.startswith("year:") for role in cells):
        # no year columns: the figure the name opens with ("≥ 90% hồ sơ …") is the target
        figure = _LEADING_FIGURE.match(name)
        target = parse_target(figure.group(0)) if figure else None
        targets.extend([target] if target else [])
    lead, coords = namer.lead_and_coordinators(cells.get("lead"), cells.get("coord"))
    if not name or (not targets and lead is None):
        return None
    return Indicator(
        name=name,
        lines=(row.first, row.last),
        code=row.code,
        group=group,
        unit=cells.get("unit") or None,
        targets=targets,
        lead=lead,
        coordinators=coords,
        output=cells.get("output") or None,
    )
