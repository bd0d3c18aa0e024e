"""Tables printed without ruling lines ("borderless"), found from the OCR's word boxes.

Plain Python and numpy; no OCR here (the page's ink mask, when given, only tells where a
word the OCR skipped stands). The words of a page are put on the printed lines they
share (their vertical middles overlap); a line holding words far apart
(:data:`GAP_INCH`) is cut there into pieces. A table is a run of lines, opened by one
cut in three pieces or more, whose words leave the same vertical white *rivers* free: a
line that would cover one of them (a paragraph across the page) ends the table, unless
it opens with a row number and the lines after it go on in the columns (a group row
written across the table). The columns are the bands between the rivers. Rows begin
where the first column holds a row number ("1", "2.", "II", "a)") when it is a number
column (a number the OCR skipped told by its ink), else where the space above a line is
wider than between a cell's own lines. The result is a
:class:`~theodoi.ingest.geometry.Grid` with the words in its cells: the model the ruled
path makes, which the scan loader turns into a table of rows and cells.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

import numpy as np

from .geometry import Cell, Grid, Word

__all__ = ["GAP_INCH", "find_borderless", "fill_row_numbers", "page_lines", "line_pieces"]

GAP_INCH = 0.12  # white between two words wider than this parts two cells
MIN_COLUMNS = 3  # a plan's header or signature block has two
MIN_FULL_LINES = 3  # lines cut in MIN_COLUMNS pieces or more a table needs
_ROW_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*|[IVXLC]{1,5}|[a-zđ])[.)]?$")


@dataclass
class _Line:
    words: list[Word]  # left to right

    @property
    def y0(self) -> int:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> int:
        return max(w.y1 for w in self.words)


def page_lines(words: list[Word]) -> list[list[Word]]:
    """The page's printed lines, top to bottom, each left to right: a word joins the
    line whose vertical middle band it overlaps (columns read apart by the OCR too)."""
    lines: list[list[Word]] = []
    bands: list[tuple[float, float]] = []
    for w in sorted(words, key=lambda w: (w.cy, w.x0)):
        for k in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            top, bottom = bands[k]
            if top <= w.cy <= bottom or w.y0 <= (top + bottom) / 2 <= w.y1:
                lines[k].append(w)
                bands[k] = (min(top, w.y0), max(bottom, w.y1))
                break
        else:
            lines.append([w])
            bands.append((w.y0, w.y1))
    order = sorted(range(len(lines)), key=lambda k: bands[k][0])
    return [sorted(lines[k], key=lambda w: w.x0) for k in order]


def line_pieces(line: list[Word], gap: int) -> list[list[Word]]:
    """A line (left to right) cut where the white between two words is wider than ``gap``."""
    pieces: list[list[Word]] = []
    for w in line:
        if pieces and w.x0 - max(x.x1 for x in pieces[-1]) <= gap:
            pieces[-1].append(w)
        else:
            pieces.append([w])
    return pieces


def _rivers(lines: list[_Line], gap: int) -> list[tuple[int, int]]:
    """The white bands wider than ``gap`` that no word of ``lines`` covers, between the
    leftmost and the rightmost word."""
    spans = sorted((w.x0, w.x1) for ln in lines for w in ln.words)
    out: list[tuple[int, int]] = []
    reach = spans[0][1]
    for a, b in spans[1:]:
        if a - reach > gap:
            out.append((reach, a))
        reach = max(reach, b)
    return out


def _crosses(line: _Line, rivers: list[tuple[int, int]], gap: int) -> bool:
    """Would ``line`` close one of ``rivers`` (leave it no wider than ``gap``)?"""
    for a, b in rivers:
        left, right = a, b
        for w in line.words:
            if w.x1 <= left or w.x0 >= right:
                continue
            # the part of the river left free on either side of the word
            if w.x0 - left > right - w.x1:
                right = w.x0
            else:
                left = w.x1
            if right - left <= gap:
                return True
    return False


def _is_number(words: list[Word]) -> bool:
    return len(words) == 1 and bool(_ROW_NUMBER.match(words[0].text.strip(" |:")))


def _group_row(
    ln: _Line, x0: int, rivers: list[tuple[int, int]], ink: np.ndarray | None, gap: int
) -> bool:
    """Does a line written across the table's columns open with a row number in its first
    column (a group row, one cell merged across the others), or with ink there the OCR
    skipped?"""
    lead = line_pieces(ln.words, gap)[0]
    if _is_number(lead[:1]) and lead[0].x1 <= rivers[0][1]:
        return True
    touching = [w for w in ln.words if w.x0 < rivers[0][0]]
    return not touching and _inked(ink, ln, x0, rivers[0][0])


def _grow(
    lines: list[_Line], start: int, gap: int, pitch: float, ink: np.ndarray | None
) -> tuple[int, list[int]]:
    """The lines of the table opened at ``start``: (end, indices of rows written across
    the table)."""
    rivers = _rivers([lines[start]], gap)
    members = [lines[start]]
    x0 = min(w.x0 for w in lines[start].words)
    spanning: list[int] = []
    j = start + 1
    while j < len(lines):
        ln = lines[j]
        if ln.y0 - lines[j - 1].y1 > 2.5 * pitch:
            break  # a blank between the table and what follows
        if _crosses(ln, rivers, gap):
            nxt = lines[j + 1] if j + 1 < len(lines) else None
            if (
                nxt is not None
                and _group_row(ln, x0, rivers, ink, gap)
                and not _crosses(nxt, rivers, gap)
                and len(line_pieces(nxt.words, gap)) >= 2
            ):
                spanning.append(j)  # a group row across the table
                j += 1
                continue
            break
        members.append(ln)
        rivers = _rivers(members, gap)
        j += 1
    return j, spanning


def _columns(lines: list[_Line], gap: int) -> list[float]:
    """The cuts between columns: the middles of the rivers the table's lines leave."""
    return [(a + b) / 2 for a, b in _rivers(lines, gap)]


def _column_of(w: Word, cuts: list[float]) -> int:
    return sum(1 for c in cuts if w.cx > c)


def _first_column(lines: list[_Line], cuts: list[float]) -> list[list[Word]]:
    return [[w for w in ln.words if _column_of(w, cuts) == 0] for ln in lines]


def _inked(ink: np.ndarray | None, ln: _Line, x0: float, x1: float) -> bool:
    """Ink in the band of ``ln`` between ``x0`` and ``x1``: a word the OCR skipped."""
    if ink is None:
        return False
    band = ink[ln.y0 : ln.y1 + 1, max(0, int(x0)) : max(0, int(x1))]
    return int(band.sum()) >= 12


def _number_column(first: list[list[Word]], spanning: set[int]) -> bool:
    filled = [k for k, ws in enumerate(first) if ws and k not in spanning]
    numbered = [k for k in filled if _is_number(first[k])]
    return len(numbered) >= max(2, 0.6 * len(filled))


def _table_end(lines: list[_Line], cuts: list[float], spanning: set[int]) -> int:
    """Where a table of numbered rows ends: at a line after its first row number whose
    first column holds words that are no row number (a paragraph or a signature below
    it, in the first column's width)."""
    first = _first_column(lines, cuts)
    if not _number_column(first, spanning):
        return len(lines)
    numbered = [k for k, ws in enumerate(first) if _is_number(ws)]
    for k in range(numbered[0] + 1, len(lines)):
        if first[k] and k not in spanning and not _is_number(first[k]):
            return k
    return len(lines)


def _spaced_starts(lines: list[_Line]) -> set[int] | None:
    """The lines after a wider white than between a cell's own lines (the narrowest);
    None when all the whites are alike."""
    gaps = [lines[k].y0 - lines[k - 1].y1 for k in range(1, len(lines))]
    least = min(gaps, default=0)
    wide = {k for k in range(1, len(lines)) if gaps[k - 1] > 1.6 * least + 2}
    return wide or None


def _one_number_per_row(starts: set[int], numbered: set[int], count: int) -> bool:
    """Does every row the ``starts`` cut (but the first: a header, or a row carried over
    from the page before) hold exactly one numbered line?"""
    bounds = sorted(starts | {0})
    rows = zip(bounds, [*bounds[1:], count], strict=True)
    return all(len(numbered & set(range(a, b))) == 1 for a, b in list(rows)[1:])


def _row_starts(
    lines: list[_Line], edges: list[float], spanning: set[int], ink: np.ndarray | None
) -> list[int]:
    """Indices of the lines that begin a row: in a number column, a row number (or ink
    there the OCR skipped) — or the wider whites between lines when they part the rows
    one number each (a number set at the middle of its row); else the wider whites
    (every line a row when all are alike); a row written across the table is a row of
    its own."""
    cuts = edges[1:-1]
    first = _first_column(lines, cuts)
    starts = {0} | spanning | {k + 1 for k in spanning if k + 1 < len(lines)}
    spaced = _spaced_starts(lines)
    if _number_column(first, spanning):
        numbered = {
            k
            for k, ws in enumerate(first)
            if _is_number(ws) or (not ws and _inked(ink, lines[k], edges[0], edges[1]))
        }
        if spaced and _one_number_per_row(spaced | starts, numbered, len(lines)):
            return sorted(starts | spaced)
        return sorted(starts | numbered)
    return sorted(starts | (spaced if spaced else set(range(len(lines)))))


def _grid(lines: list[_Line], spanning: set[int], gap: int, ink: np.ndarray | None) -> Grid | None:
    cells_lines = [ln for k, ln in enumerate(lines) if k not in spanning]
    cuts = _columns(cells_lines, gap)
    if len(cuts) + 1 < MIN_COLUMNS:
        return None
    end = _table_end(lines, cuts, spanning)
    lines, spanning = lines[:end], {k for k in spanning if k < end}
    full = sum(
        1
        for k, ln in enumerate(lines)
        if k not in spanning and len({_column_of(w, cuts) for w in ln.words}) >= MIN_COLUMNS
    )
    if full < MIN_FULL_LINES:
        return None
    x0 = min(w.x0 for ln in lines for w in ln.words)
    x1 = max(w.x1 for ln in lines for w in ln.words)
    edges = [x0, *cuts, x1]
    starts = _row_starts(lines, edges, spanning, ink)
    rows: list[list[Cell]] = []
    for r, (a, b) in enumerate(zip(starts, [*starts[1:], len(lines)], strict=True)):
        top, bottom = lines[a].y0, lines[b - 1].y1
        if a in spanning:
            rows.append(_spanning_row(lines[a], edges, top, bottom, r, gap))
            continue
        row = [Cell(edges[c], top, edges[c + 1], bottom, r, c) for c in range(len(edges) - 1)]
        for ln in lines[a:b]:
            for w in ln.words:
                row[_column_of(w, cuts)].words.append(w)
        rows.append(row)
    return Grid(x0, lines[0].y0, x1, lines[-1].y1, rows)


def _spanning_row(line: _Line, edges: list[float], top, bottom, r: int, gap: int) -> list[Cell]:
    """A group row written across the table: its number's cell, then one cell merged
    across the other columns."""
    first = line.words[:1]
    number = first if _is_number(first) and first[0].x1 <= edges[1] else []
    head = Cell(edges[0], top, edges[1], bottom, r, 0, list(number))
    rest = Cell(edges[1], top, edges[-1], bottom, r, 1, [w for w in line.words if w not in number])
    return [head, rest]


def _extend_up(
    lines: list[_Line],
    start: int,
    end: int,
    spanning: list[int],
    gap: int,
    floor: int,
    ink: np.ndarray | None,
) -> int:
    """The first line of the table opened at ``start``: the lines just above it that
    keep to its columns and do not lie in its first column alone (a header cell's
    second line, a row's end carried over from the page before) or that are a group row
    (added to ``spanning``) belong to it; a paragraph above it does not."""
    members = [lines[k] for k in range(start, end) if k not in spanning]
    rivers = _rivers(members, gap)
    cuts = [(a + b) / 2 for a, b in rivers]
    x0 = min(w.x0 for ln in members for w in ln.words)
    pitch = statistics.median(ln.y1 - ln.y0 for ln in members)
    k = start
    while k - 1 >= floor:
        ln = lines[k - 1]
        if lines[k].y0 - ln.y1 > 1.5 * pitch:
            break
        if _crosses(ln, rivers, gap):
            if not _group_row(ln, x0, rivers, ink, gap):
                break
            spanning.append(k - 1)
        elif all(_column_of(w, cuts) == 0 for w in ln.words):
            break
        k -= 1
    return k


def find_borderless(words: list[Word], dpi: int, ink: np.ndarray | None = None) -> list[Grid]:
    """The tables without ruling lines among ``words`` (a page's, or those outside its
    ruled tables), top to bottom, each a grid with its words in its cells; ``ink``, the
    page's ink mask, tells a row whose number the OCR skipped (its cell is left empty,
    for the loader to read again)."""
    gap = max(4, int(GAP_INCH * dpi))
    lines = [_Line(ws) for ws in page_lines(words)]
    if len(lines) < MIN_FULL_LINES:
        return []
    pitch = statistics.median(ln.y1 - ln.y0 for ln in lines)
    grids: list[Grid] = []
    i = floor = 0
    while i < len(lines):
        if len(line_pieces(lines[i].words, gap)) < MIN_COLUMNS:
            i += 1
            continue
        end, spanning = _grow(lines, i, gap, pitch, ink)
        first = _extend_up(lines, i, end, spanning, gap, floor, ink)
        grid = (
            _grid(lines[first:end], {k - first for k in spanning}, gap, ink)
            if end - first >= 2
            else None
        )
        if grid is None:
            i += 1
            continue
        grids.append(grid)
        i = floor = next((k for k in range(i, len(lines)) if lines[k].y0 > grid.y1), len(lines))
    return grids


def fill_row_numbers(grid: Grid) -> None:
    """A number column's cell read as no number ("Ð" or "I)" for a lone "5") between two
    rows numbered n − 1 and n + 1 is row n: the numbers of a table's rows follow each
    other."""
    texts = [" ".join(w.text for w in row[0].words).strip() if row else "" for row in grid.rows]
    for r in range(1, len(grid.rows) - 1):
        before, here, after = texts[r - 1], texts[r], texts[r + 1]
        if not here or here.isdigit() or not (before.isdigit() and after.isdigit()):
            continue
        if int(after) - int(before) == 2 and len(grid.rows[r]) == len(grid.rows[r - 1]):
            cell = grid.rows[r][0]
            w = cell.words[0]
            cell.words[:] = [Word(w.x0, w.y0, w.x1, w.y1, str(int(before) + 1), w.line, w.conf)]
            texts[r] = str(int(before) + 1)
