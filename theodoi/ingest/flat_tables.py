"""Tables in text without geometry (OCR text pasted or received as .txt), rebuilt as rows
of cells from their header row.

A run of printed lines that opens with a flat header row (:func:`layouts.flat_header`)
is a table up to the next appendix, the closing block or another table's header.  Its
rows open with their number ("1", "2.", "1.1", a roman group "II"); a row that lost its
number opens where a line reads as a row's first line far better than as the last row's
continuation.  Each row's lines are shared out among the columns (``layouts/flat_cells``),
and the row is written back the way a Word table is read: one line per row with its
cells separated by tabs, which ``normalize`` turns into one cell per line
(``body_tables.split_cells``) for ``segment`` and the annex layouts.

A header printed again on the next page is dropped, and the lines after it that open no
row go on with the row the page break cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .folding import fold
from .layouts.flat_cells import LineState, Token, assign_line, by_position, tokens, visual_length
from .layouts.flat_header import ROLE_NAMES, FlatColumn, flat_header, is_flat_header

__all__ = [
    "rebuild_flat_tables",
    "row_code",
    "Row",
    "column_widths",
    "share_row",
    "strip_code",
    "cell_role",
    "header_names",
]

_ROW_CODE = re.compile(r"^[\s|\[]*(\d{1,3}(?:\.\d{1,3}){0,2})[.,)]?(?=\s|\||$)")
_GROUP = re.compile(r"^[\s|\[]*([IVX]{1,4})[.\s|]+(?=[A-ZĐ\d])")
_END = re.compile(r"^(?:ph[uư]\s*l[uư]c\b|no\s?i\s*nh\w{1,3}n\b|(?:tm|kt|t/m)\.\s)")
_HEADER_LINES = 4  # printed lines a wrapped header row may take


@dataclass
class Row:
    code: str
    first: int  # index of its first printed line
    lines: list[str] = field(default_factory=list)
    group: bool = False
    printed: str = ""  # its first line as printed, with the number (positions kept)


def row_code(line: str, expected: int) -> tuple[str, bool] | None:
    g = _GROUP.match(line)
    if g:
        return g.group(1), True
    m = _ROW_CODE.match(line)
    if not m:
        return None
    code = m.group(1)
    head = int(code.split(".")[0])
    if "." in code or head in (expected, expected + 1, 1):
        return code, False
    return None


def strip_code(line: str) -> str:
    m = _GROUP.match(line) or _ROW_CODE.match(line)
    return line[m.end() :].strip(" .,|") if m else line


def _header_words(lines: list[str]) -> set[str]:
    return set(fold(" ".join(lines).replace("|", " ")).split())


def _split_rows(lines: list[str], header_words: set[str]) -> tuple[list[Row], int]:
    """The table's rows from the printed lines after its header; (rows, lines used)."""
    rows: list[Row] = []
    expected = 1
    i = 0
    while i < len(lines):
        line = lines[i]
        key = fold(line).strip()
        if _END.match(key) or (is_flat_header(line) and not _repeats(line, header_words)):
            break
        if is_flat_header(line):  # the header printed again after a page break
            i += 1
            while i < len(lines) and set(fold(lines[i]).split()) <= header_words | {"|"}:
                i += 1
            continue
        start = row_code(line, expected)
        if start:
            code, group = start
            rows.append(Row(code, i, [strip_code(line)], group, line))
            expected = 1 if group else int(code.split(".")[0]) + ("." not in code)
        elif rows:
            rows[-1].lines.append(line)
        i += 1
    return rows, i


def _repeats(line: str, header_words: set[str]) -> bool:
    words = set(fold(line.replace("|", " ")).split())
    return len(words & header_words) >= 0.7 * max(1, len(words))


def column_widths(rows: list[Row], roles: list[str]) -> list[float | None]:
    """Each column's width in characters: a little over the longest first line the
    rows give it (a long cell fills its first line up to the word that did not fit)."""
    lengths: list[list[float]] = [[] for _ in roles]
    for row in rows:
        if row.group or not row.lines:
            continue
        _cost, got = assign_line(
            tokens(row.lines[0]), LineState(roles), [None] * len(roles), first=True
        )
        for c, words in got:
            lengths[c].append(visual_length(" ".join(words)))
    out: list[float | None] = []
    for values in lengths:
        values.sort()
        out.append(1.1 * values[-1] if len(values) >= 3 else None)
    return out


def share_row(
    row: Row,
    roles: list[str],
    widths: list[float | None],
    pairs: frozenset[tuple[str, str]] = frozenset(),
) -> list[Row]:
    """The row's cells (as pieces per column); a line reading as a new row's first
    line opens one (a row that lost its number)."""
    out = [row]
    state = LineState(roles, pairs=pairs)
    cells: list[LineState] = [state]
    for k, line in enumerate(row.lines):
        toks = tokens(line)
        if not toks:
            continue
        if k == 0:
            state.add(assign_line(toks, state, widths, first=True)[1])
            continue
        cost, got = assign_line(toks, state, widths, first=False)
        if _opens_row(toks, roles, widths, cost, k):
            fresh = LineState(roles, pairs=pairs)
            fresh.add(assign_line(toks, fresh, widths, first=True)[1])
            state = fresh
            cells.append(state)
            out.append(Row("", row.first + k, [line]))
            continue
        state.add(got)
    for r, st in zip(out, cells, strict=True):
        r.lines = [_cell_text(p) for p in st.pieces]
    return out


def _opens_row(toks: list[Token], roles: list[str], widths, cost: float, k: int) -> bool:
    if k < 2 or not toks[0].word[:1].isupper():
        return False
    fresh_cost, got = assign_line(toks, LineState(roles), widths, first=True)
    return len(got) >= max(3, len(roles) - 1) and fresh_cost + 4.0 < cost


def _cell_text(pieces: list[str]) -> str:
    text = ""
    for p in pieces:
        if re.search(r"\d[/.]\d{0,3}$|\d/$", text) and p[:1].isdigit():
            text += p
        else:
            text = f"{text} {p}".strip()
    return text


def header_names(columns: list[FlatColumn]) -> list[str]:
    return [ROLE_NAMES.get(c.role, c.name) for c in columns]


def _rows_by_position(rows: list[Row], columns: list[FlatColumn]) -> None:
    starts = [c.start or 0 for c in columns]
    for row in rows:
        pieces: list[list[str]] = [[] for _ in columns]
        for k, line in enumerate(row.lines):
            for c, words in by_position(row.printed if k == 0 else line, starts):
                if k == 0 and c == 0 and words and words[0].strip(".,") == row.code:
                    words = words[1:]  # the row's number
                if words:
                    pieces[max(c, 1)].append(" ".join(words))
        row.lines = [_cell_text(p) for p in pieces[1:]]


def _aligned(rows: list[Row], starts: list[int]) -> bool:
    """Whether the rows' runs of words start where the header's columns do (a text laid
    out as printed), not only apart by wide gaps (cells typed with spaces)."""
    runs = [
        m.start()
        for row in rows
        for line in [row.printed, *row.lines[1:]]
        for m in re.finditer(r"(?:^|(?<=\s{2}))\S", line)
    ]
    near = sum(any(abs(at - s) <= 2 for s in starts) for at in runs)
    return bool(runs) and near >= 0.8 * len(runs)


def _table_lines(columns: list[FlatColumn], header: list[str], lines: list[str]):
    """(rows as tab-separated lines with their first printed line, lines used)."""
    rows, used = _split_rows(lines, _header_words(header))
    roles = [c.role for c in columns[1:]]
    if columns[1].start is not None:
        if not _aligned(rows, [c.start or 0 for c in columns]):
            return None, 0
        _rows_by_position(rows, columns)
        shared = rows
    else:
        widths = column_widths(rows, roles)
        shared = []
        expected = 1
        for row in rows:
            if row.group:
                shared.append(Row(row.code, row.first, [" ".join(row.lines)], True))
                expected = 1
                continue
            for r in share_row(row, roles, widths):
                r.code = r.code or str(expected)
                expected = int(r.code.split(".")[0]) + 1 if r.code[:1].isdigit() else expected
                shared.append(r)
    names = ["tt", *[cell_role(c) for c in columns[1:]]]
    out = []
    for row in shared:
        cells = [row.code, *row.lines]
        roles = ("tt", "content") if row.group else tuple(names)
        out.append((row.first, "\t".join(cells[: len(roles)]), roles))
    return out, used


def cell_role(column: FlatColumn) -> str:
    """A cell's role as the later stages read it; a year column with its year."""
    if column.role == "year":
        year = re.search(r"20\d\d", column.name)
        return f"year:{year.group(0)}" if year else "other"
    return column.role


Line = tuple[int, str, tuple[str, ...] | None]


def rebuild_flat_tables(lines: list[str]) -> list[Line] | None:
    """The printed lines with each flat table rebuilt (see the module docstring): a
    list of (index of the first printed line, text, the roles of its tab-separated
    cells for a rebuilt row); None when the text has no flat table."""
    out: list[Line] = []
    found = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line or not is_flat_header(line):
            out.append((i, line, None))
            i += 1
            continue
        header = _header_block(lines, i)
        columns = flat_header(header)
        # without positions the columns are told by what the cells are, which needs the
        # plan's agencies: the extract stage does it (:func:`rebuild_appendix`)
        if columns is None or len(columns) < 4 or columns[1].start is None:
            out.append((i, line, None))
            i += 1
            continue
        body = lines[i + len(header) :]
        rows, used = _table_lines(columns, header, body)
        if rows is None:  # positions not kept: the cells are told apart later
            out.append((i, line, None))
            i += 1
            continue
        found = True
        out.append((i, "\t".join(header_names(columns)), None))
        base = i + len(header)
        out.extend((base + k, text, roles) for k, text, roles in rows)
        i = base + used
    return out if found else None


def _header_block(lines: list[str], i: int) -> list[str]:
    """The header's printed lines: its first and those after it up to the first row."""
    block = [lines[i]]
    for line in lines[i + 1 : i + _HEADER_LINES]:
        if not line.strip():
            continue
        if row_code(line, 1) or len(line.split()) > 6:
            break
        block.append(line)
    return block
