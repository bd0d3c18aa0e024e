"""Tables rebuilt from geometry: ruling lines found on a page image, cells from the grid
they draw, and words (with their boxes) placed in the cells.

Plain Python with numpy; no OCR here.  A page image is a 2-D ``uint8`` array (0 black,
255 white).  A *ruling* is a long thin run of dark pixels: horizontal ones at least
:data:`MIN_H_INCH` long, vertical ones at least :data:`MIN_V_INCH` (longer than any
letter's stroke).  Rulings that cross each other form a table; each band between two
horizontal rulings is a row, cut into cells by the vertical rulings that span it (a cell
merged across columns is one cell); a cell whose top ruling is missing continues the cell
above it (merged across rows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np

__all__ = [
    "Ruling",
    "Word",
    "Cell",
    "Grid",
    "find_rulings",
    "find_grids",
    "erase_rulings",
    "place_words",
    "text_lines",
    "stem_count",
    "fix_roman_ones",
    "skew_angle",
    "deskew",
]

MIN_H_INCH = 0.4
MIN_V_INCH = 0.18
DARK = 140  # a pixel darker than this is ink
MERGE_PX = 4  # rulings nearer than this are one (a thick line, a scan's blur)


@dataclass(frozen=True)
class Ruling:
    """A horizontal (``pos`` = y, from ``start`` to ``end`` in x) or vertical (``pos`` = x,
    ``start``–``end`` in y) line, with its thickness."""

    horizontal: bool
    pos: float
    start: int
    end: int
    width: int = 1


@dataclass(frozen=True)
class Word:
    x0: int
    y0: int
    x1: int
    y1: int
    text: str
    line: tuple[int, ...] = ()  # the OCR's (block, paragraph, line), to keep its lines

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class Cell:
    x0: float
    y0: float
    x1: float
    y1: float
    row: int
    col: int
    words: list[Word] = field(default_factory=list)

    def contains(self, w: Word) -> bool:
        return self.x0 <= w.cx <= self.x1 and self.y0 <= w.cy <= self.y1


@dataclass
class Grid:
    """One table: its box and its rows of cells (left to right)."""

    x0: float
    y0: float
    x1: float
    y1: float
    rows: list[list[Cell]]

    def contains(self, w: Word) -> bool:
        return self.x0 <= w.cx <= self.x1 and self.y0 <= w.cy <= self.y1


def _runs(mask: np.ndarray, min_len: int) -> list[tuple[int, int, int]]:
    """(row, first, last) of every run of at least ``min_len`` trues along axis 1 of
    ``mask``, gaps of one pixel closed first (a scanned line is not perfect)."""
    closed = mask.copy()
    closed[:, 1:-1] |= mask[:, :-2] & mask[:, 2:]
    padded = np.zeros((closed.shape[0], closed.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = closed
    flat = np.diff(padded.ravel())
    starts = np.flatnonzero(flat == 1)
    ends = np.flatnonzero(flat == -1)
    width = padded.shape[1]
    keep = ends - starts >= min_len
    starts, ends = starts[keep], ends[keep]
    rows = starts // width
    return list(
        zip(rows.tolist(), (starts % width).tolist(), (ends % width - 1).tolist(), strict=True)
    )


def _segments(runs: list[tuple[int, int, int]], horizontal: bool) -> list[Ruling]:
    """Rulings from the runs: runs on nearby lines that overlap merge (a thick line)."""
    open_: list[list[int]] = []  # [first, last, start, end] of rulings being built
    for i, a, b in runs:  # in row order
        for seg in reversed(open_[-16:]):
            if i - seg[1] <= MERGE_PX and a <= seg[3] and b >= seg[2]:
                seg[1], seg[2], seg[3] = i, min(seg[2], a), max(seg[3], b)
                break
        else:
            open_.append([i, i, a, b])
    return [Ruling(horizontal, (f + la) / 2, a, b, la - f + 1) for f, la, a, b in open_]


def find_rulings(gray: np.ndarray, dpi: int) -> list[Ruling]:
    """Horizontal and vertical rulings of a page image."""
    ink = gray < DARK
    h = _segments(_runs(ink, int(MIN_H_INCH * dpi)), horizontal=True)
    v = _segments(_runs(ink.T, int(MIN_V_INCH * dpi)), horizontal=False)
    thick = max(3, dpi // 25)  # a bar, a black block: not a ruling
    return [r for r in h + v if r.width <= thick]


def _crosses(a: Ruling, b: Ruling, tol: float) -> bool:
    h, v = (a, b) if a.horizontal else (b, a)
    return h.start - tol <= v.pos <= h.end + tol and v.start - tol <= h.pos <= v.end + tol


def _clusters(rulings: list[Ruling], tol: float) -> list[list[Ruling]]:
    """Groups of rulings joined by crossings (each group is one table)."""
    parent = list(range(len(rulings)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    hs = [i for i, r in enumerate(rulings) if r.horizontal]
    vs = [i for i, r in enumerate(rulings) if not r.horizontal]
    for i in hs:
        for j in vs:
            if _crosses(rulings[i], rulings[j], tol):
                parent[root(i)] = root(j)
    groups: dict[int, list[Ruling]] = {}
    for i, r in enumerate(rulings):
        groups.setdefault(root(i), []).append(r)
    return list(groups.values())


def _merge_positions(values: list[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _spans(r: Ruling, a: float, b: float, tol: float) -> bool:
    return r.start - tol <= a and r.end + tol >= b


def _grid(group: list[Ruling], tol: float) -> Grid | None:
    hs = [r for r in group if r.horizontal]
    vs = [r for r in group if not r.horizontal]
    if len(hs) < 2 or len(vs) < 2:
        return None
    ys = _merge_positions([r.pos for r in hs], tol)
    xs = _merge_positions([r.pos for r in vs], tol)
    rows: list[list[Cell]] = []
    above: dict[tuple[float, float], Cell] = {}  # the open cell over each column span
    for top, bottom in zip(ys, ys[1:], strict=False):
        if bottom - top < tol:
            continue
        cuts = [
            x for x in xs if any(_spans(v, top, bottom, tol) for v in vs if abs(v.pos - x) <= tol)
        ]
        row: list[Cell] = []
        for left, right in zip(cuts, cuts[1:], strict=False):
            ruled = any(abs(h.pos - top) <= tol and _spans(h, left, right, tol) for h in hs)
            prev = above.get((left, right))
            if not ruled and prev is not None:
                prev.y1 = bottom  # merged with the cell above
                continue
            cell = Cell(left, top, right, bottom, len(rows), len(row))
            row.append(cell)
            above[(left, right)] = cell
        if row:
            rows.append(row)
    if not rows:
        return None
    return Grid(xs[0], ys[0], xs[-1], ys[-1], rows)


def find_grids(rulings: list[Ruling], dpi: int) -> list[Grid]:
    """The tables the rulings draw, top to bottom."""
    tol = max(3.0, dpi / 40)
    grids = [g for grp in _clusters(rulings, tol) if (g := _grid(grp, tol)) is not None]
    return sorted(grids, key=lambda g: g.y0)


def erase_rulings(gray: np.ndarray, rulings: list[Ruling]) -> np.ndarray:
    """A copy of the page with the rulings painted white (the OCR reads cells better)."""
    out = gray.copy()
    for r in rulings:
        half = r.width // 2 + 2
        lo, hi = int(r.pos) - half, int(r.pos) + half + 1
        if r.horizontal:
            out[max(0, lo) : hi, r.start : r.end + 1] = 255
        else:
            out[r.start : r.end + 1, max(0, lo) : hi] = 255
    return out


def place_words(grids: list[Grid], words: list[Word]) -> list[Word]:
    """Put each word in the cell holding its centre; returns the words outside every table."""
    outside: list[Word] = []
    for w in words:
        grid = next((g for g in grids if g.contains(w)), None)
        cell = None
        if grid is not None:
            cell = next((c for row in grid.rows for c in row if c.contains(w)), None)
        if cell is None:
            outside.append(w)
        else:
            cell.words.append(w)
    return outside


def text_lines(words: list[Word]) -> list[str]:
    """The words of one cell as its printed lines, top to bottom, each left to right: a
    word joins the line whose vertical middle it overlaps."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.cy, w.x0)):
        for ln in lines:
            top = min(x.y0 for x in ln)
            bottom = max(x.y1 for x in ln)
            if top <= w.cy <= bottom or w.y0 <= (top + bottom) / 2 <= w.y1:
                ln.append(w)
                break
        else:
            lines.append([w])
    lines.sort(key=lambda ln: min(x.y0 for x in ln))
    return [" ".join(x.text for x in sorted(ln, key=lambda x: x.x0)) for ln in lines]


_ROMAN_I = re.compile(r"^([Il1|]{1,4})([.,;:)]?)$")


def stem_count(gray: np.ndarray, w: Word) -> int:
    """Vertical strokes crossing the middle of a word's box (the serifs and a final dot
    lie above or below it): the number of letters of "III", which an OCR reads "II" when
    serifs touch."""
    h = w.y1 - w.y0
    band = gray[w.y0 + int(h * 0.35) : w.y0 + int(h * 0.65) + 1, w.x0 : w.x1 + 1]
    if band.size == 0:
        return 0
    dark = (band < DARK).any(axis=0).astype(np.int8)
    return int((np.diff(np.concatenate(([0], dark))) == 1).sum())


def fix_roman_ones(gray: np.ndarray, words: list[Word]) -> list[Word]:
    """Words read as a roman numeral of I's ("II.", "Il", "1I") rewritten with as many I's
    as the box has strokes; a pure number ("1", "11") is left alone."""
    out: list[Word] = []
    for w in words:
        m = _ROMAN_I.match(w.text)
        if m and not m.group(1).isdigit() and w.y1 - w.y0 >= 8:
            n = stem_count(gray, w)
            if 1 <= n <= 4:
                w = replace(w, text="I" * n + m.group(2))
        out.append(w)
    return out


def skew_angle(gray: np.ndarray, *, limit: float = 3.0, step: float = 0.1) -> float:
    """The angle (degrees, counter-clockwise as PIL's ``rotate`` takes it) that makes the
    page's lines of text and rulings horizontal: the one whose rows of ink are sharpest
    (largest variance of the row sums), looked for on a quarter-size copy."""
    from PIL import Image

    small = Image.fromarray(gray).reduce(4) if min(gray.shape) >= 400 else Image.fromarray(gray)
    ink = Image.fromarray(((np.asarray(small) < DARK) * 255).astype(np.uint8))
    best, best_score = 0.0, -1.0
    steps = int(round(limit / step))
    for k in range(-steps, steps + 1):
        angle = k * step
        rows = np.asarray(ink.rotate(angle, resample=Image.NEAREST, fillcolor=0)).sum(axis=1)
        score = float(np.var(rows))
        if score > best_score + 1e-9 or (
            abs(score - best_score) <= 1e-9 and abs(angle) < abs(best)
        ):
            best, best_score = angle, score
    return best


def deskew(gray: np.ndarray) -> np.ndarray:
    """The page turned so its lines are level (a scanned sheet is rarely square); a page
    within 0.1° is returned as it is."""
    from PIL import Image

    angle = skew_angle(gray)
    if abs(angle) < 0.15:
        return gray
    turned = Image.fromarray(gray).rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    return np.asarray(turned)
