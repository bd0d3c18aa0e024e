"""The document model every loader emits: paragraphs (with their numbering) and tables
(rows of cells), in reading order, and the text the later stages read from them.

The text writes a paragraph as its numbering and text on one line, and a table one cell
per line in row order (a cell's own paragraphs each on a line; empty cells left out) —
what ``segment`` and the annex layouts read (``docx_reader`` writes Word's tables so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "Paragraph",
    "Table",
    "Block",
    "Document",
    "document_text",
    "join_pages",
    "cell_paragraphs",
]

# a cell's printed line that begins a new paragraph of the cell rather than going on
_NEW_PARAGRAPH = re.compile(r"^(?:[-–+•*]\s|\(?[a-zđ0-9]{1,3}[.)]\s)")
_CUT_NUMBER = re.compile(r"\d[/.]\d{1,3}$|\d/$")


def cell_paragraphs(lines: list[str]) -> str:
    """A cell's printed lines (wrapped by its width) joined into its paragraphs: a bullet
    or a marker starts one; a date cut by a narrow column ("31/12/202" | "5") is one."""
    paragraphs: list[str] = []
    for raw in lines:
        line = re.sub(r"\s+", " ", raw).strip()
        if not line:
            continue
        if not paragraphs or _NEW_PARAGRAPH.match(line):
            paragraphs.append(line)
        elif _CUT_NUMBER.search(paragraphs[-1]) and line[:1].isdigit():
            paragraphs[-1] += line
        else:
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
    return "\n".join(paragraphs)


@dataclass
class Paragraph:
    text: str
    label: str = ""  # the numbering drawn before it ("1.", "a)", "-"), when known apart

    @property
    def line(self) -> str:
        return f"{self.label}{self.text}".strip()


@dataclass
class Table:
    """Rows of cells; a cell's text holds its paragraphs separated by line breaks."""

    rows: list[list[str]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


Block = Paragraph | Table


@dataclass
class Document:
    blocks: list[Block] = field(default_factory=list)
    ocr: bool = False  # read by OCR (a scan or an image)

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


def _cell_lines(cell: str) -> list[str]:
    return [s for s in (re.sub(r"\s+", " ", x).strip() for x in cell.split("\n")) if s]


def document_text(doc: Document) -> str:
    """The document as text (see the module docstring), ending with a newline."""
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if block.line:
                out.append(block.line)
            continue
        for row in block.rows:
            for cell in row:
                out.extend(_cell_lines(cell))
    return "\n".join(out) + "\n" if out else ""


def _is_continuation(row: list[str]) -> bool:
    """A table's first row on a new page with an empty first cell (no row number) goes
    on with the last row of the page before."""
    return bool(row) and not row[0].strip() and any(c.strip() for c in row[1:])


def _same_header(a: list[str], b: list[str]) -> bool:
    key = [re.sub(r"\W+", "", c).lower() for c in a]
    return bool(a) and key == [re.sub(r"\W+", "", c).lower() for c in b]


def _continue_table(prev: Table, cur: Table) -> None:
    rows = list(cur.rows)
    if rows and prev.rows and _same_header(rows[0], prev.rows[0]):
        rows.pop(0)
    if rows and prev.rows and _is_continuation(rows[0]) and len(rows[0]) == len(prev.rows[-1]):
        first = rows.pop(0)
        prev.rows[-1] = [
            f"{a} {b}".strip() if b.strip() else a
            for a, b in zip(prev.rows[-1], first, strict=True)
        ]
    prev.rows.extend(rows)


def join_pages(pages: list[list[Block]]) -> list[Block]:
    """The pages' blocks in one list: a table cut by a page break (the next page opens
    with a table of as many columns) is one table again; the header row a page repeats is
    dropped, a row cut in two is one row."""
    out: list[Block] = []
    for blocks in pages:
        blocks = list(blocks)
        if (
            blocks
            and out
            and isinstance(blocks[0], Table)
            and isinstance(out[-1], Table)
            and blocks[0].width == out[-1].width
        ):
            _continue_table(out[-1], blocks.pop(0))
        out.extend(blocks)
    return out
