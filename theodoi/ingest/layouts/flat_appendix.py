"""A table the segmenter read as flat text — its header row printed across the columns,
each row's cells interleaved on its printed lines — rebuilt as rows of cells that carry
their column's role (``flat_tables`` shares each row's lines out among the columns), so
the annex layouts read each field from its own cell (``role_cells``)."""

from __future__ import annotations

import re

from ..flat_tables import (
    Row,
    cell_role,
    column_widths,
    header_names,
    row_code,
    share_row,
    strip_code,
)
from ..normalize import NLine
from ..segment import Appendix, TableRow
from .flat_cells import name_pairs
from .flat_header import flat_header

__all__ = ["rebuild_appendix"]


def _nline(src: NLine, text: str, role: str) -> NLine:
    return NLine(text, src.start, src.end, src.tag, src.region, src.no, cell=role)


# a sub-row's number at the start of a printed line ("1.2 Tuyên truyền …" under row "1")
_SUB = re.compile(r"^(\d{1,2}\.\d{1,2})\.?\s+\S")


# the next row's number at the start of a printed line, before a capital
_NEXT = re.compile(r"^(\d{1,3})[.,]?\s+(?=[A-ZĐ])")


def _inner_start(text: str, cur: TableRow) -> str | None:
    """The number of a row printed inside ``cur``: a sub-row of it, or the rows after it
    in sequence ("8" after "7"), which OCR's garbled numbers kept the segmenter from."""
    m = _SUB.match(text)
    head = cur.code.split(".")[0]
    if m and m.group(1).split(".")[0] == head and m.group(1) != cur.code:
        return m.group(1)
    m = _NEXT.match(text)
    if m and head.isdigit() and "." not in cur.code and 0 < int(m.group(1)) - int(head) <= 2:
        return m.group(1)
    return None


def _sub_rows(rows: list[TableRow]) -> list[TableRow]:
    """The segmenter's rows with the rows it left inside them ("1.1", "1.2" printed
    within row "1", a row whose number it did not read) apart."""
    out: list[TableRow] = []
    for r in rows:
        cur = TableRow(r.code, [r.lines[0]], r.is_group)
        out.append(cur)
        for ln in r.lines[1:]:
            code = None if r.is_group else _inner_start(ln.text, cur)
            if code:
                cur = TableRow(code, [ln])
                out.append(cur)
            else:
                cur.lines.append(ln)
    return out


def _header_and_rows(lines: list[NLine]) -> tuple[list[NLine], list[TableRow]]:
    """The header's lines, and the rows the segmenter left in it (a row whose text opens
    with a figure, "1 100% hồ sơ …", was not told from a wrapped header cell)."""
    for k, ln in enumerate(lines[1:], 1):
        start = row_code(ln.text, 1)
        if start and not start[1] and len(ln.text.split()) > 3:
            rows = [TableRow(start[0], [ln])]
            for more in lines[k + 1 :]:
                rows[-1].lines.append(more)
            return lines[:k], rows
    return lines, []


def _cells(part: Row, src: TableRow, row: Row, code: str, names: list[str]) -> TableRow:
    first = src.lines[min(part.first - row.first, len(src.lines) - 1)]
    cells = [_nline(first, code, "tt")]
    cells += [_nline(first, t, r) for t, r in zip(part.lines, names, strict=True) if t]
    return TableRow(code, cells)


def _agency_pairs(registry) -> frozenset[tuple[str, str]]:
    if registry is None:
        return frozenset()
    names = [
        n
        for e in registry.entries
        for n in [e.get("name"), e.get("short_name"), *(e.get("aliases") or [])]
        if n
    ]
    return name_pairs(names)


def rebuild_appendix(app: Appendix, registry=None) -> Appendix | None:
    """A table the segmenter read as flat text (its header row printed across the
    columns), rebuilt as rows of cells carrying their roles; None when its header names
    too few columns.  The agencies of ``registry`` (the plan's) help tell where an
    agency's cell goes on."""
    if not app.header:
        return None
    header, first_rows = _header_and_rows(app.header)
    columns = flat_header([h.text for h in header])
    if columns is None or len(columns) < 4 or not (first_rows or app.rows):
        return None
    roles = [c.role for c in columns[1:]]
    names = [cell_role(c) for c in columns[1:]]
    sources = _sub_rows([*first_rows, *app.rows])
    rows = [
        Row(r.code, k, [strip_code(r.lines[0].text), *[ln.text for ln in r.lines[1:]]], r.is_group)
        for k, r in enumerate(sources)
    ]
    widths = column_widths(rows, roles)
    pairs = _agency_pairs(registry)
    out: list[TableRow] = []
    expected = 1
    for row, src in zip(rows, sources, strict=True):
        if row.group:
            out.append(src)
            expected = 1
            continue
        for part in share_row(row, roles, widths, pairs):
            code = part.code or str(expected)
            if code[:1].isdigit():
                expected = int(code.split(".")[0]) + 1
            out.append(_cells(part, src, row, code, names))
    head = [_nline(header[0], n, "header") for n in header_names(columns)]
    return Appendix(title=app.title, first=app.first, header=head, rows=out)
