"""A table the segmenter read as flat text — its header row printed across the columns,
each row's cells interleaved on its printed lines — rebuilt as rows of cells that carry
their column's role (``flat_tables`` shares each row's lines out among the columns), so
the annex layouts read each field from its own cell (``role_cells``)."""

from __future__ import annotations

from ..flat_tables import Row, cell_role, column_widths, header_names, share_row, strip_code
from ..normalize import NLine
from ..segment import Appendix, TableRow
from .flat_header import flat_header

__all__ = ["rebuild_appendix"]


def _nline(src: NLine, text: str, role: str) -> NLine:
    return NLine(text, src.start, src.end, src.tag, src.region, src.no, cell=role)


def rebuild_appendix(app: Appendix) -> Appendix | None:
    """A table the segmenter read as flat text (its header row printed across the
    columns), rebuilt as rows of cells carrying their roles; None when its header names
    too few columns."""
    if not app.header or not app.rows:
        return None
    columns = flat_header([h.text for h in app.header])
    if columns is None or len(columns) < 4:
        return None
    roles = [c.role for c in columns[1:]]
    names = [cell_role(c) for c in columns[1:]]
    rows = [
        Row(r.code, k, [strip_code(r.lines[0].text), *[ln.text for ln in r.lines[1:]]], r.is_group)
        for k, r in enumerate(app.rows)
    ]
    widths = column_widths(rows, roles)
    out: list[TableRow] = []
    expected = 1
    for row, src in zip(rows, app.rows, strict=True):
        if row.group:
            out.append(src)
            expected = 1
            continue
        for part in share_row(row, roles, widths):
            code = part.code or str(expected)
            if code[:1].isdigit():
                expected = int(code.split(".")[0]) + 1
            first = src.lines[min(part.first - row.first, len(src.lines) - 1)]
            cells = [_nline(first, code, "tt")]
            cells += [_nline(first, t, r) for t, r in zip(part.lines, names, strict=True) if t]
            out.append(TableRow(code, cells))
    head = [_nline(app.header[0], n, "header") for n in header_names(columns)]
    return Appendix(title=app.title, first=app.first, header=head, rows=out)
