"""Leads an item's own text names: in a closing parenthesis ("… (Phòng Kinh tế; năm 2026)")
and after "giao" ("Giao Phòng Kinh tế chủ trì …", "Đảng ủy giao UBND xã xây dựng …")."""

from __future__ import annotations

import re

from ..fields.namer import AgencyNamer
from ..fields.parenthesis import closing_parenthesis, lead_cells
from ..model import Task


def lead_in_parenthesis(task: Task, namer: AgencyNamer) -> None:
    """An item closing with who (and when) in parentheses: "… (Phòng Kinh tế; năm 2026)"."""
    found = closing_parenthesis(task.title)
    if found is None:
        return
    lead_cell, coord_cell = lead_cells(found.who)
    if not namer.is_agency(lead_cell):
        return
    task.lead, task.coordinators = namer.lead_and_coordinators(lead_cell, coord_cell)
    task.title = found.text
    if found.deadline:
        task.deadline = found.deadline


# "Giao Phòng Kinh tế chủ trì …", "Đảng ủy giao UBND xã xây dựng …": the agency given the
# work follows "giao" at the item's start
_GIVEN = re.compile(r"^(?:\S+(?:\s+\S+){0,3}\s+)?giao\s+(?:cho\s+)?", re.IGNORECASE)
_ROLE_AFTER = re.compile(r"\s+(?:chủ trì|chu tri|phối hợp|phoi hop)\b")


def lead_given(task: Task, namer: AgencyNamer) -> None:
    """The lead of an item that gives the work to an agency: the longest run of words after
    "giao" that names a known agency, or the words before "chủ trì" when they open an
    agency's name."""
    m = _GIVEN.match(task.title)
    if m is None:
        return
    rest = task.title[m.end() :]
    role = _ROLE_AFTER.search(rest)
    if role and namer.is_agency(rest[: role.start()]):
        task.lead = namer.name(rest[: role.start()])
        return
    words = rest.split()
    for n in range(min(12, len(words)), 0, -1):
        candidate = " ".join(words[:n]).rstrip(",;")
        if namer.names_agency(candidate):
            task.lead = namer.name(candidate)
            return
