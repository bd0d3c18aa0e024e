"""Annex task tables read from cells: name | lead | coordinators | output | deadline, in
the order the header gives; rows referring to another resolution's task numbers; rows
listing several bulleted tasks each with its own cells."""

from __future__ import annotations

import re

from ..deadlines import parse_deadline
from ..fields.cells import CONNECTOR_END, continues_cell, split_cells
from ..fields.deadline import take_deadline_suffix
from ..fields.namer import AgencyNamer, opens_agency
from ..model import Deadline, Task
from ..segment import Appendix, TableRow
from .columns import Columns, row_rest
from .ocr_tasks import ocr_task
from .role_cells import role_cells, task_from_roles


def _split_name(lines: list[str]) -> tuple[list[str], list[str]]:
    for i in range(1, len(lines)):
        prev, cur = lines[i - 1].strip(), lines[i].strip()
        if not cur[:1].isupper():
            continue
        width = max(len(x) for x in lines[:i])
        if (prev.endswith(".") or len(prev) < 0.6 * width) and not CONNECTOR_END.search(prev):
            return lines[:i], lines[i:]
    return [], lines


_USUAL = ("lead", "coord", "output", "deadline")


def _usual_order(order: tuple[str, ...]) -> bool:
    """Lead, then coordinators, output, deadline (any of them missing): the order most
    tables use, read by the rules above."""
    return not order or list(order) == [r for r in _USUAL if r in order]


def _cell_kind(cell: str, namer: AgencyNamer) -> str:
    if parse_deadline(cell, strict=True).kind != "unknown":
        return "deadline"
    return "agency" if namer.is_agency(cell) else "output"


def _fields_by_order(tail: list[str], order: tuple[str, ...], namer: AgencyNamer):
    """The cells after the name, given to the header's columns in their order: each
    cell to the next column that takes what it reads as (a deadline, an agency, other
    text); a column may be empty; coordinators may fill several cells; a cell no later
    column takes goes on the cell before it."""
    out: dict[str, list[str]] = {}
    k = 0
    last = None
    for cell in split_cells(tail, namer):
        kind = _cell_kind(cell, namer)
        accepts = {"agency": ("lead", "coord"), "output": ("output", "other")}.get(kind, (kind,))
        j = next((j for j in range(k, len(order)) if order[j] in accepts), None)
        if j is None:
            if last is not None:
                out[last][-1] = f"{out[last][-1]} {cell}"
            continue
        last = order[j]
        out.setdefault(last, []).append(cell)
        k = j if last == "coord" else j + 1
    lead, coords = namer.lead_and_coordinators(
        (out.get("lead") or [None])[0], "; ".join(out.get("coord", [])) or None
    )
    deadline = parse_deadline(out["deadline"][0]) if out.get("deadline") else Deadline(raw=None)
    return lead, coords, " ".join(out.get("output", [])) or None, deadline


def _join_start_end(tail: list[str]) -> list[str]:
    """The cells of a time column split in two ("2025" | "2026") as one range cell
    ("2025 - 2026"), or as the completion cell when the two make no range together."""
    out: list[str] = []
    i = 0
    while i < len(tail):
        a = tail[i].strip()
        b = tail[i + 1].strip() if i + 1 < len(tail) else ""
        if b and all(parse_deadline(x, strict=True).kind == "date" for x in (a, b)):
            joined = f"{a} - {b}"
            out.append(joined if parse_deadline(joined, strict=True).kind == "range" else b)
            i += 2
            continue
        out.append(tail[i])
        i += 1
    return out


def _whole_line_cells(tail: list[str], cols: Columns, namer: AgencyNamer):
    """The row's cells when each is a whole line, as a table read from its cells writes them:
    the last lines that read as a deadline together are the time cell (never the end of the
    line before: "Bệnh án điện tử được triển khai" | "Quý IV/2025"), and the lines before it
    are the lead, coordinator and output cells one to one when they count as many as those
    columns and the agency columns read as agencies. None when the lines do not say so."""
    roles = [r for r in ("lead", "coord", "output") if r in cols.order]
    if "deadline" not in cols.order or not roles:
        return None
    lines = [t.strip() for t in tail if t.strip()]
    for k in range(min(3, len(lines) - len(roles)), 0, -1):
        deadline = parse_deadline(" ".join(lines[-k:]), strict=True)
        if deadline.kind != "unknown":
            break
    else:
        return None
    cells = dict(zip(roles, lines[:-k], strict=False))
    if len(lines) - k != len(roles) or not all(
        namer.is_agency(cells[r]) for r in ("lead", "coord") if r in cells
    ):
        return None
    lead, coords = namer.lead_and_coordinators(cells.get("lead"), cells.get("coord"))
    return lead, coords, cells.get("output"), deadline


def _task_from_cells(title: str, tail: list[str], namer: AgencyNamer, cols: Columns):
    if cols.start_end:
        tail = _join_start_end(tail)
    if not _usual_order(cols.order):
        return _fields_by_order(tail, cols.order, namer)
    whole = _whole_line_cells(tail, cols, namer)
    if whole is not None:
        return whole
    text = " \n ".join(tail)
    body, deadline = take_deadline_suffix(" ".join(t.strip() for t in tail))
    # rebuild lines of the remaining body keeping line structure
    remaining: list[str] = []
    budget = len(body.split())
    for t in tail:
        ws = t.split()
        if budget <= 0:
            break
        remaining.append(" ".join(ws[:budget]))
        budget -= len(ws)
    cells = split_cells(remaining, namer)
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


def _name_and_tail(row: TableRow, cols: Columns, namer: AgencyNamer) -> tuple[str, list[str]]:
    return _split_name_tail(row_rest(row), namer, cols.order[0] if cols.order else None)


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
        _name, tail = _split_name_tail(piece, namer)
        if not tail or not namer.is_agency(tail[0].strip()):
            return None
    return pieces


def _split_name_tail(
    stream: list[str], namer: AgencyNamer, first: str | None = None
) -> tuple[str, list[str]]:
    """The name cell's lines and the rest: the name ends where an agency's cell starts
    (a line that is an agency's whole name starts one even after a word that may be a
    connector: OCR's "dien tu" is "điện tử", not "… từ"), or, when the deadline is the
    column after the name (``first``), a deadline cell."""
    name: list[str] = []
    i = 0
    while i < len(stream):
        s = stream[i].strip()
        if name and opens_agency(s) and (not continues_cell(name[-1], s) or namer.names_agency(s)):
            break
        if name and first == "deadline" and parse_deadline(s, strict=True).kind != "unknown":
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
    cols: Columns,
) -> Task:
    """A task from a table row's name cell and the cells after it (lead, coordinators,
    output, deadline), numbered within its group."""
    lead, coords, output, deadline = _task_from_cells(name, tail, namer, cols)
    return Task(
        title=title,
        lines=(row.first, row.last),
        code=numbered_within(group_code, code),
        group=group,
        lead=lead,
        coordinators=coords,
        output=output,
        deadline=deadline,
    )


def _deadline_cut(tail: list[str]) -> tuple[int, int] | None:
    """The first 1-4 consecutive lines of ``tail`` that read as a deadline."""
    for a in range(len(tail)):
        for b in range(min(len(tail), a + 4), a, -1):
            if parse_deadline(" ".join(tail[a:b]), strict=True).kind != "unknown":
                return a, b
    return None


def _ref_rows(
    rows: list[TableRow],
    i: int,
    group: str | None,
    group_code: str | None,
    cols: Columns,
    namer: AgencyNamer,
) -> tuple[list[Task], int]:
    """A TT row followed by rows numbered with the referenced resolution's task number
    ("Stt nhiệm vụ trong NQ …"): one task per sub-row.  Returns (tasks, next row)."""
    row = rows[i]
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
    source, pending = _split_name(row_rest(row))
    source_text = re.sub(r"\s+", " ", " ".join(source)).strip() or None
    code = row.code.rstrip(".")
    tasks: list[Task] = []
    for sub in subs:
        tail = row_rest(sub)
        title = re.sub(r"\s+", " ", " ".join(pending)).strip()
        cut = _deadline_cut(tail)
        if cut:
            cells = split_cells(tail[: cut[0]], namer)
            deadline = parse_deadline(" ".join(tail[cut[0] : cut[1]]))
            pending = tail[cut[1] :]
        else:
            cells = split_cells(tail, namer)
            deadline = Deadline(raw=None)
            pending = []
        lead, coords = namer.lead_and_coordinators(cells[0] if cells else None, None)
        tasks.append(
            Task(
                title=title or (source_text or ""),
                lines=(row.first, sub.last),
                code=numbered_within(group_code, code),
                group=group,
                lead=lead,
                coordinators=coords,
                output=" ".join(cells[1:]) or None,
                parent_ref=f"{cols.ref}:{sub.code}",
                deadline=deadline,
                source_ref=f"{code}: {source_text}" if source_text else None,
            )
        )
    return tasks, j


def numbered_within(group_code: str | None, code: str) -> str:
    """A row's code within its group: "I" and "2" give "I.2"; a row numbered in full
    already ("1.2" under the group row "1") keeps its number."""
    if not group_code or code.startswith(f"{group_code.rstrip('.')}."):
        return code
    return f"{group_code}.{code}"


def heads_its_rows(rows, i: int, namer: AgencyNamer) -> bool:
    """A row numbered "2" that only names a heading, followed by rows "2.1", "2.2": the
    group of those rows (its own cells name no agency and no deadline)."""
    code = rows[i].code.rstrip(".")
    if not code.isdigit() or i + 1 >= len(rows):
        return False
    if not rows[i + 1].code.rstrip(".").startswith(f"{code}."):
        return False
    cells = [ln.text for ln in rows[i].lines[1:]]
    return len(cells) <= 1 and not any(namer.is_agency(c) for c in cells)


def annex_tasks(app: Appendix, cols: Columns, namer: AgencyNamer, ocr: bool) -> list[Task]:
    """The tasks of an annex task table: one per row (a row listing bullets that each
    have their own cells gives one task per bullet), grouped under the roman group rows."""
    tasks: list[Task] = []
    group = None
    group_code = None
    rows = app.rows
    i = 0
    while i < len(rows):
        row = rows[i]
        if row.is_group or (not ocr and heads_its_rows(rows, i, namer)):
            group_code = row.code.rstrip(".")
            group = " ".join(ln.text for ln in row.lines)
            group = re.sub(r"^(?:[IVX]+\s*[.|]?\s*|\d+(?:\s*[.|]\s*|\s+))", "", group).strip()
            i += 1
            continue
        if ocr:
            tasks.append(ocr_task(row, group, namer, order=cols.order))
            i += 1
            continue
        cells = role_cells(row)
        if cells is not None:  # a table rebuilt from flat text: each field its cell
            code = numbered_within(group_code, row.code.rstrip("."))
            tasks.append(task_from_roles(cells, row, code, group, namer))
            i += 1
            continue
        if cols.ref:
            found, i = _ref_rows(rows, i, group, group_code, cols, namer)
            tasks.extend(found)
            continue
        code = row.code.rstrip(".")
        subs = _bullet_rows(row_rest(row), namer)
        if subs:
            # "Tăng cường …: | - task 1 | lead | … | deadline | - task 2 | lead | …": one
            # row, one task per bullet with its own cells
            for k, stream in enumerate(subs, 1):
                name, tail = _split_name_tail(stream, namer)
                title = re.sub(r"^[-–+•]\s*", "", name)
                tasks.append(
                    _cells_task(
                        title, name, tail, f"{code}.{k}", row, group, group_code, namer, cols
                    )
                )
            i += 1
            continue
        name, tail = _name_and_tail(row, cols, namer)
        tasks.append(_cells_task(name, name, tail, code, row, group, group_code, namer, cols))
        i += 1
    return [t for t in tasks if t.title]
