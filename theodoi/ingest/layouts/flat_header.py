"""The columns of a table printed as flat text (OCR text without geometry), read from
its header row.

OCR prints a table's header row across the page: "STT Nhiệm vụ Đơn vị chủ trì Đơn vị
phối hợp Thời gian", each header cell's first words on the first line and the rest of a
wrapped cell ("Đơn vị chủ" | "trì") on the lines below, often without its marks ("Chu
tri", "Phoi hop", "Thoi gian") and with the column rules read as "|".  When the text
keeps the horizontal positions (tesseract's ``preserve_interword_spaces``, a PDF laid
out as printed) each column's character offset on the first line is kept too.

:func:`flat_header` gives the columns in their order: a role each (``tt``, ``content``,
``lead``, ``coord``, ``output``, ``deadline``, ``unit``, ``year``, ``other``), the header
text read for it and, when positions are kept, its offset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..folding import fold

__all__ = ["FlatColumn", "flat_header", "ROLE_NAMES", "is_flat_header"]


@dataclass
class FlatColumn:
    role: str
    name: str
    start: int | None = None  # offset on the header's first line, when positions are kept


# header wordings per role on folded text (no marks, lower case), loose for OCR
_ROLE_WORDS: tuple[tuple[str, str], ...] = (
    ("tt", r"^s?tt\b|^so\s*tt\b"),
    ("lead", r"ch[a-z]{0,2}\s*tr[a-z1]{1,2}\b|d[a-z0]n\s*v[a-z1]\s+th[a-z]{1,3}c\s*hi[a-z]{1,3}n"),
    ("coord", r"ph[a-z0]{1,3}i\s*h[a-z0]{1,3}p"),
    (
        "deadline",
        r"th[a-z]{1,3}i\s*(?:gi?an|h[a-z]n)\b|th[a-z]igian|ti[a-z]n\s*d[a-z]\b|\bhan\s+hoan"
        r"|\bth[oa][a-z]?i\b",
    ),
    ("output", r"s[a-z]n\s*ph[a-z]{1,2}m|k[a-z]t\s*qu[a-z]\b"),
    ("unit", r"[dp][a-z0]n\s*v[a-z1]\s*t[a-z]nh|\bdvt\b"),
    ("year", r"(?:\bn[a-z]{1,2}m\s+)?\b20\d\d\b"),
    (
        "content",
        r"n[a-z]{1,2}i\s*dung|(?:t[a-z]n\s+)?nhi[a-z]{1,2}m\s*v[a-z]|ch[a-z]\s*ti[a-z]u\b|m[a-z]c\s*ti[a-z]u\b"
        r"|ho[a-z]t\s*d[a-z]ng\b|c[a-z]ng\s*vi[a-z]c\b",
    ),
    ("other", r"kinh\s*ph[a-z]\b|ngu[a-z]n\s*v[a-z]n\b|gh[a-z]\s*ch[a-z]\b|d[a-z]\s*to[a-z]n\b"),
)
# a holder word whose role word may be wrapped to the next line ("Cơ quan" | "chủ trì")
_HOLDER = re.compile(r"\b(?:c[a-z0]\s*qu[a-z]{1,2}n|[dp][a-z0]n\s*v[a-z1])\b")

# the roles a holder word names with the words after it ("Cơ quan chủ trì", "Đơn vị tính")
_HELD = ("lead", "coord", "unit")

# the header name a role's column is written with in the rebuilt table
ROLE_NAMES = {
    "tt": "TT",
    "lead": "Cơ quan chủ trì",
    "coord": "Cơ quan phối hợp",
    "output": "Sản phẩm",
    "deadline": "Thời gian hoàn thành",
    "unit": "Đơn vị tính",
}


def _role_of(key: str) -> str | None:
    for role, rx in _ROLE_WORDS:
        if role != "tt" and re.search(rx, key):
            return role
    return "tt" if re.search(_ROLE_WORDS[0][1], key) else None


def _starts(key: str) -> list[int]:
    """Where header cells start on a folded header line: each role word and each
    holder word not followed by its role word opens a cell; a holder followed by its
    role word ("co quan chu tri") is one cell."""
    spans: list[tuple[int, int, str]] = []
    for role, rx in _ROLE_WORDS:
        spans.extend((m.start(), m.end(), role) for m in re.finditer(rx, key))
    starts: set[int] = set()
    for m in _HOLDER.finditer(key):
        starts.add(m.start())
    for a, _b, role in spans:
        holder = next((h for h in _HOLDER.finditer(key) if 0 <= a - h.end() <= 2), None)
        held = holder is not None and role in _HELD
        if not held and not any(x < a < y for x, y, _r in spans):
            starts.add(a)
    return sorted(starts)


def is_flat_header(line: str) -> bool:
    """Whether a line is a table's header row printed across its columns: it opens with
    the numbering column ("TT", "STT") and names at least two more columns."""
    key = fold(line.replace("|", " ")).lstrip(" '\"[(.,;:-")
    if not re.match(_ROLE_WORDS[0][1], key):
        return False
    roles = {role for role, rx in _ROLE_WORDS[1:] if re.search(rx, key[2:])}
    return len(roles) + bool(_HOLDER.search(key)) >= 2


def _cells_by_words(line: str) -> list[tuple[str, int | None]]:
    """The header cells of a first header line without positions: split at the rules
    ("|") and where a column's words start."""
    cells: list[tuple[str, int | None]] = []
    for part in line.split("|"):
        part = re.sub(r"\s+", " ", part).strip(" '\"[(")
        if not part:
            continue
        key = fold(part)
        if len(key) != len(part):  # folding changed the length: split on words instead
            cells.extend((w, None) for w in _split_words(part))
            continue
        cuts = [0, *[s for s in _starts(key) if s > 0], len(part)]
        for a, b in zip(cuts, cuts[1:], strict=False):
            if part[a:b].strip():
                cells.append((part[a:b].strip(), None))
    return cells


def _split_words(part: str) -> list[str]:
    words = part.split()
    keys = [fold(w) for w in words]
    out: list[list[str]] = []
    for i, w in enumerate(words):
        key = " ".join(keys[i:])
        if not out or any(s == 0 for s in _starts(key)):
            out.append([w])
        else:
            out[-1].append(w)
    return [" ".join(x) for x in out]


def _cells_by_position(line: str) -> list[tuple[str, int | None]]:
    out: list[tuple[str, int | None]] = []
    for m in re.finditer(r"\S+(?: \S+)*", line.replace("|", " ")):
        for text in _cells_by_words(m.group(0)):
            offset = line.find(text[0], m.start())
            out.append((text[0], offset if offset >= 0 else m.start()))
    return out


def keeps_positions(line: str) -> bool:
    """Whether a printed line keeps the columns' positions (runs of spaces between them)."""
    return len(re.findall(r"\S {2,}\S", line)) >= 2


def _complete(columns: list[FlatColumn], rest: list[str]) -> None:
    """Roles of the first line's cells left open ("Cơ quan" | "chủ trì" on the next
    line, "Đơn vị chủ" | "trì") from the header's next lines, in order: the first words
    after the last ones used that give the cell a role no other column has."""
    words = " ".join(fold(r.replace("|", " ")) for r in rest).split()
    taken = {c.role for c in columns}
    p = 0
    for col in columns:
        if col.role not in ("", "holder"):
            continue
        found = _completion(col.name, words, p, taken)
        if found is None:
            col.role = "other"
            continue
        col.role, col.name, p = found
        taken.add(col.role)


def _completion(name: str, words: list[str], p: int, taken: set[str]):
    for a in range(p, len(words)):
        for m in range(1, 4):
            if a + m > len(words):
                break
            text = f"{name} {' '.join(words[a : a + m])}"
            role = _role_of(fold(text))
            if role and role not in taken and role not in ("tt", "year"):
                return role, text, a + m
    return None


def flat_header(lines: list[str]) -> list[FlatColumn] | None:
    """The columns named by a flat header (its printed lines; the first opens with
    "TT"), in their order; None when it names fewer than three."""
    if not lines or not is_flat_header(lines[0]):
        return None
    first = lines[0]
    positions = keeps_positions(first)
    cells = _cells_by_position(first) if positions else _cells_by_words(first)
    columns: list[FlatColumn] = []
    for text, start in cells:
        key = fold(text)
        role = _role_of(key)
        if role is None:
            role = "holder" if _HOLDER.search(key) else ""
        if (role == "" or role == "content" == columns[-1].role) and columns:
            # a word that names no column goes on the cell before ("Mục tiêu, Chỉ tiêu")
            columns[-1].name = f"{columns[-1].name} {text}"
            continue
        columns.append(FlatColumn(role or "other", text, start))
    _complete(columns, lines[1:])
    if len(columns) < 3 or columns[0].role != "tt":
        return None
    return columns
