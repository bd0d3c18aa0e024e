"""Body items: in a "NHIỆM VỤ …" section the leaves under each group heading are tasks,
a group heading with no items of its own is one task; an item opening with "X chủ trì"
names its lead."""

from __future__ import annotations

import re

from ..fields.deadline import deadline_in_text, heading_year_deadline
from ..model import Task
from ..segment import Section, fold
from .labelled_lines import has_labelled_lines

# the titles of the sections that list the work: "NHIỆM VỤ VÀ GIẢI PHÁP", "NHIỆM VỤ CỤ
# THỂ", "NỘI DUNG THỰC HIỆN", "CÁC HOẠT ĐỘNG", "GIẢI PHÁP" …
_TASK_SECTION = re.compile(
    r"\bnhi\w{0,2}m v\w{1,2}\b|\bn\w{1,2}i dung\b|\bho\w{1,2}t \w{1,2}ng\b|\bgi\w{1,2}i ph\w{1,2}p\b"
)
_NOT_TASK_SECTION = re.compile(
    r"\b(?:phan cong|to chuc thuc hien|muc tieu|muc dich|yeu cau|kinh phi|can cu|quan diem)\b"
)


def is_task_section(sec: Section) -> bool:
    """A section listing the work: titled so, or whose items carry labelled fields
    ("Đơn vị thực hiện: …") whatever its title."""
    key = fold(sec.title)
    if _NOT_TASK_SECTION.search(key):
        return False
    return bool(_TASK_SECTION.search(key)) or any(
        has_labelled_lines(n) for n in sec.walk() if n is not sec
    )


def body_items(root: Section) -> list[Task]:
    """The tasks of the body's task sections, each under its group heading."""
    tasks: list[Task] = []
    for sec in root.children:
        if sec.kind != "roman" or not is_task_section(sec):
            continue
        key = fold(sec.title)
        # "NHIỆM VỤ NĂM 2027": the tasks of the heading's year are due by its end
        year_due = heading_year_deadline(key)
        for grp in sec.children:
            group_title = f"{grp.code}. {grp.title}" if grp.kind in ("num", "dotted") else grp.title
            leaves = [n for n in grp.walk() if n is not grp and not n.children]
            if not leaves:
                if _is_task(grp, sec):
                    tasks.append(_task(grp, grp.code, group_title, year_due))
                continue
            dash_count: dict[int, int] = {}
            for leaf in leaves:
                tasks.append(_task(leaf, _code_path(leaf, grp, dash_count), group_title, year_due))
    return tasks


def _is_task(item: Section, sec: Section) -> bool:
    """A section's item without sub-items is a task when it says more than a heading:
    it has paragraphs (or labelled fields) of its own, it ends like a sentence, or all
    the section's items are single items (a flat list of tasks, "1." or "a)" or "-")."""
    if item.kind not in ("num", "dotted", "letter", "dash", "plus"):
        return False
    if item.paragraphs:
        return True
    if re.search(r"[.;)]\s*$", item.title):
        return True
    return len(sec.children) > 1 and all(not c.children for c in sec.children)


def _task(node: Section, code: str, group: str, year_due) -> Task:
    """An item as a task: a deadline closing its text ("(hoàn thành trong Quý III/2026)",
    "; thực hiện thường xuyên") is its own, otherwise the section's year."""
    title, deadline = deadline_in_text(node.text)
    return Task(
        title=title,
        lines=(node.first, node.last),
        code=code,
        group=group,
        deadline=deadline or year_due(),
    )


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


LEAD_IN_TEXT = re.compile(r"^(.{4,80}?)\s+(?:chủ trì|chu tri)\b")


def in_order(tasks: list[Task]) -> list[Task]:
    return sorted(tasks, key=lambda t: t.lines[0])
