"""Leads an item's own text names: in a closing parenthesis ("… (Phòng Kinh tế; năm 2026)"),
after "giao" ("Giao Phòng Kinh tế chủ trì …", "Đảng ủy giao UBND xã xây dựng …") and in a
later sentence or clause of the item ("…. Phòng Kinh tế chủ trì, phối hợp với …")."""

from __future__ import annotations

import re

from ..fields.deadline import deadline_in_text
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


# a later sentence or clause of an item saying who leads it: "…. Phòng Kinh tế chủ trì, phối
# hợp với …", "…; giao Trung tâm … chủ trì thực hiện; …", "…; Văn phòng chủ trì."
_CLAUSE_START = re.compile(r"[.;]\s+(?=\S)")
_LEAD_CLAUSE = re.compile(
    r"^(?:giao\s+(?:cho\s+)?)?(?P<who>\S.{2,120}?)\s+(?:chủ trì|chu tri)\b", re.IGNORECASE
)


def lead_in_clause(task: Task, namer: AgencyNamer) -> None:
    """The lead a later sentence or clause of the item names; from that clause on the text says
    who and when, and leaves the title; a deadline the text before closes with is read when
    none was."""
    text = task.title
    for start in [m.end() for m in _CLAUSE_START.finditer(text)]:
        m = _LEAD_CLAUSE.match(text[start:])
        if m is None or not namer.is_agency(m["who"]):
            continue
        task.lead = namer.name(m["who"])
        # what follows says who and when, not what: the title is the text before it
        task.title = text[:start].rstrip(" .;,")
        clause = Task(title=text[start:], lines=task.lines, lead=task.lead)
        coordinators_in_text(clause, namer)
        task.coordinators = task.coordinators or clause.coordinators
        if task.deadline.kind == "unknown":
            _title, deadline = deadline_in_text(text[:start].rstrip(" .;"))
            task.deadline = deadline or task.deadline
        return


_WITH = re.compile(r"\b(?:phối hợp|phoi hop)\s+(?:với|cùng|voi|cung)\s+", re.IGNORECASE)
_JOIN = re.compile(r"^\s*(?:,|và|va)\s+", re.IGNORECASE)


def _agency_prefix(text: str, namer: AgencyNamer) -> str | None:
    """The run of words opening ``text`` that names a known agency best (the longer run
    when two name it as well: "Phòng Văn hóa - Xã hội", not "Phòng Văn hóa")."""
    words = text.split()
    best, best_score = None, 0.0
    for n in range(1, min(12, len(words)) + 1):
        candidate = " ".join(words[:n]).rstrip(",;.")
        if re.search(r"\s(?:và|va|cùng|của)$", candidate) or not namer.names_agency(candidate):
            continue  # a name ends before the word joining it to the next
        score = namer.resolve(candidate).score
        if score >= best_score:
            best, best_score = candidate, score
    return best


def coordinators_in_text(task: Task, namer: AgencyNamer) -> None:
    """The agencies an item says its lead works with ("… chủ trì, phối hợp với Công an xã
    và Phòng Văn hóa - Xã hội …"), each a known agency, in their order."""
    m = _WITH.search(task.title)
    if m is None or task.coordinators:
        return
    rest = task.title[m.end() :]
    found: list[str] = []
    while rest:
        name = _agency_prefix(rest, namer)
        if name is None:
            break
        found.append(namer.name(name) or name)
        rest = rest[rest.find(name) + len(name) :]
        joined = _JOIN.match(rest)
        if not joined:
            break
        rest = rest[joined.end() :]
    task.coordinators = [n for n in found if n and n != task.lead]
