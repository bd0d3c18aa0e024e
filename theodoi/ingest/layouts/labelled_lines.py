"""Items with labelled lines ("- Đơn vị thực hiện: …", "Thời gian hoàn thành: …"): the
labels are fields of the item above them, never items of their own.  An item with
labelled lines is one task: its other sub-items are its content."""

from __future__ import annotations

import re

from ..deadlines import parse_deadline
from ..fields.labels import labelled_values, line_label
from ..fields.namer import AgencyNamer
from ..fields.parenthesis import lead_cells
from ..model import Task
from ..segment import Section

# "phối hợp với Ban Quản lý chợ", "cùng Công an xã": the coordinators after the lead's role
_COORD_OPENING = re.compile(
    r"^\s*(?:ph\w{1,3}i h\w{1,3}p(?: v\w{1,2}i)?|c\w{1,2}ng)\s+", re.IGNORECASE
)


def absorb_labelled_lines(root: Section) -> int:
    """Fold every labelled sub-item into the item above it (deepest first): its text
    goes on the item's paragraphs, after the item's other sub-items.  Returns how many
    items got fields."""
    items = 0
    for node in reversed(list(root.walk())):
        if node.kind in ("root", "roman"):
            continue
        labelled = [c for c in node.children if line_label(c.title)]
        if not labelled:
            # labelled lines printed without a bullet are the item's own paragraphs
            if any(line_label(p) for p in node.paragraphs):
                node.paragraphs = _as_clauses(node.title, node.paragraphs)
                items += 1
            continue
        content = [d.text for c in node.children if c not in labelled for d in c.walk()]
        fields = [d.text for c in labelled for d in c.walk()]
        node.paragraphs = _clauses([node.title, *node.paragraphs, *content], fields)
        node.last = max(node.last, *(d.last for c in node.children for d in c.walk()))
        node.children = []
        items += 1
    return items


def _clauses(before: list[str], fields: list[str]) -> list[str]:
    """The item's paragraphs with its field lines after them, each field line a clause
    of its own (a labelled value is read up to the next label)."""
    out = list(before[1:])
    last = before[-1] if before else ""
    for f in fields:
        out.append(f if not last or last.rstrip()[-1:] in ".;:" else f"; {f}")
        last = f
    return out


def _as_clauses(title: str, paragraphs: list[str]) -> list[str]:
    """The paragraphs with each labelled one made a clause of its own."""
    out: list[str] = []
    last = title
    for p in paragraphs:
        if line_label(p) and last and last.rstrip()[-1:] not in ".;:":
            p = f"; {p}"
        out.append(p)
        last = p
    return out


def has_labelled_lines(node: Section) -> bool:
    """Whether an item's own text carries field labels."""
    return labelled_values(node.text) is not None


def labelled_fields(task: Task, namer: AgencyNamer) -> bool:
    """Read the labelled fields ("Cơ quan chủ trì: …", "Phối hợp: …", "Thời gian hoàn
    thành: …", "Sản phẩm: …") out of a task's text; the title keeps what comes before
    the first label.  Returns True when the task had such labels."""
    found = labelled_values(task.title)
    if found is None:
        return False
    start, values = found
    title = task.title[:start].strip()
    if not title:
        return False
    task.title = title
    if values.get("assign") and not values.get("lead"):
        values["lead"], coord = lead_cells(values["assign"])
        values.setdefault("coord", _COORD_OPENING.sub("", coord or "") or None)
    if values.get("lead") or values.get("coord"):
        lead, coords = namer.lead_and_coordinators(values.get("lead"), values.get("coord"))
        task.lead = lead
        task.coordinators = coords
    if values.get("deadline"):
        task.deadline = parse_deadline(values["deadline"])
    if values.get("output"):
        task.output = values["output"]
    return True
