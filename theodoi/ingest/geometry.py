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
    "is_capital_i",
    "skew_angle",
    "ink_threshold",
    "has_bar_below",
    "fix_inequalities",
    "leading_inequality",
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
    conf: float = 100.0  # the OCR's confidence, 0-100

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


def _runs(mask: np.ndarray, min_len: int, gap: int) -> list[tuple[int, int, int]]:
    """(row, first, last) of every run of at least ``min_len`` along axis 1 of ``mask``,
    gaps of up to ``gap`` pixels closed (a scanned line is broken by noise), and at least
    4/5 of it ink (the strokes of a line of text, closed so, are not)."""
    rows, width = mask.shape
    pad = gap + 1
    m = np.zeros((rows, width + 2 * pad), dtype=np.int32)
    m[:, pad:-pad] = mask
    csum = np.concatenate([np.zeros((rows, 1), np.int32), np.cumsum(m, axis=1)], axis=1)
    idx = np.arange(pad, pad + width)
    left = csum[:, idx] - csum[:, idx - gap] > 0  # ink within ``gap`` before
    right = csum[:, idx + gap + 1] - csum[:, idx + 1] > 0  # and after
    closed = mask | (left & right)
    padded = np.zeros((rows, width + 2), dtype=np.int8)
    padded[:, 1:-1] = closed
    flat = np.diff(padded.ravel())
    starts, ends = np.flatnonzero(flat == 1), np.flatnonzero(flat == -1)
    keep = ends - starts >= min_len
    starts, ends = starts[keep], ends[keep]
    ink = np.concatenate([[0], np.cumsum(np.pad(mask, ((0, 0), (1, 1))).ravel())])
    full = (ink[ends] - ink[starts]) >= 0.8 * (ends - starts)
    starts, ends = starts[full], ends[full]
    w = width + 2
    return list(
        zip((starts // w).tolist(), (starts % w).tolist(), (ends % w - 1).tolist(), strict=True)
    )


def ink_threshold(gray: np.ndarray) -> int:
    """The grey level below which a pixel is ink: Otsu's threshold of the page's histogram
    (paper and ink told apart), so a faint scanned line on grey paper counts too."""
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    levels = np.arange(256)
    weight = np.cumsum(hist)
    total = weight[-1]
    mean = np.cumsum(hist * levels)
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean[-1] * weight - mean * total) ** 2 / (weight * (total - weight))
    between = np.nan_to_num(between)
    return int(np.clip(int(np.argmax(between)), 100, 190))


def _segments(runs: list[tuple[int, int, int]], horizontal: bool) -> list[Ruling]:
    """Rulings from the runs: runs on nearby lines that overlap merge (a thick line, or a
    line still a little askew); its width is its ink over its length."""
    open_: list[list[int]] = []  # [first, last, start, end, ink] of rulings being built
    for i, a, b in runs:  # in row order
        for seg in reversed(open_[-16:]):
            if i - seg[1] <= MERGE_PX and a <= seg[3] + MERGE_PX and b >= seg[2] - MERGE_PX:
                seg[1], seg[2], seg[3] = i, min(seg[2], a), max(seg[3], b)
                seg[4] += b - a + 1
                break
        else:
            open_.append([i, i, a, b, b - a + 1])
    return [
        Ruling(horizontal, (f + la) / 2, a, b, max(1, round(ink / (b - a + 1))))
        for f, la, a, b, ink in open_
    ]


def _join_collinear(rulings: list[Ruling], max_gap: int) -> list[Ruling]:
    """Pieces of one line broken by a scan's dropout joined: same direction, same position
    within :data:`MERGE_PX`, apart by at most ``max_gap``."""
    out: list[Ruling] = []
    for r in sorted(rulings, key=lambda r: (r.horizontal, r.pos, r.start)):
        for i in range(len(out) - 1, max(-1, len(out) - 8), -1):
            o = out[i]
            if (
                o.horizontal == r.horizontal
                and abs(o.pos - r.pos) <= MERGE_PX
                and r.start - o.end <= max_gap
            ):
                out[i] = Ruling(
                    o.horizontal,
                    (o.pos + r.pos) / 2,
                    min(o.start, r.start),
                    max(o.end, r.end),
                    max(o.width, r.width),
                )
                break
        else:
            out.append(r)
    return out


def find_rulings(gray: np.ndarray, dpi: int) -> list[Ruling]:
    """Horizontal and vertical rulings of a page image."""
    ink = gray < ink_threshold(gray)
    gap = max(1, dpi // 50)
    h = _segments(_runs(ink, int(MIN_H_INCH * dpi), gap), horizontal=True)
    v = _segments(_runs(np.ascontiguousarray(ink.T), int(MIN_V_INCH * dpi), gap), horizontal=False)
    thick = max(3, dpi // 25)  # a bar, a black block: not a ruling
    return _join_collinear([r for r in h + v if r.width <= thick], dpi // 8)


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
    # a ruling of the grid crosses two of the other direction (a stroke of text does not)
    hs = [h for h in hs if sum(_crosses(h, v, tol) for v in vs) >= 2]
    vs = [v for v in vs if sum(_crosses(v, h, tol) for h in hs) >= 2]
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


_ROMAN_I = re.compile(r"^([Il1|]{1,4}|[IlH|]*H[IlH|]*)([.,;:)]?)$")  # "H": two I's joined


def stem_count(gray: np.ndarray, w: Word) -> int:
    """Vertical strokes of a word's box, counted in a band above its middle and one below
    (the serifs and a final dot lie outside both, an H's bar between them): the number of
    letters of "III", which an OCR reads "II" or "IH" when serifs touch."""
    h = w.y1 - w.y0
    counts = []
    for lo, hi in ((0.25, 0.4), (0.6, 0.75)):
        band = gray[w.y0 + int(h * lo) : w.y0 + int(h * hi) + 1, w.x0 : w.x1 + 1]
        if band.size == 0:
            return 0
        dark = (band < DARK).any(axis=0).astype(np.int8)
        counts.append(int((np.diff(np.concatenate(([0], dark))) == 1).sum()))
    return max(counts)


def fix_roman_ones(gray: np.ndarray, words: list[Word]) -> list[Word]:
    """Words read as a roman numeral of I's ("II.", "Il", "1I", "IH." — an H is two I's
    whose serifs touch) rewritten with as many I's as the box has strokes; a pure number
    ("11") is left alone, a lone "1" becomes "I" only when its glyph is one."""
    out: list[Word] = []
    for w in words:
        m = _ROMAN_I.match(w.text)
        if m and "H" in m.group(1) and not re.search(r"[Il|]", m.group(1)):
            pass  # a lone "H." is a letter
        elif m and not m.group(1).isdigit() and w.y1 - w.y0 >= 8:
            n = stem_count(gray, w)
            if 1 <= n <= 4:
                w = replace(w, text="I" * n + m.group(2))
        elif m and m.group(1) == "1" and is_capital_i(gray, w):
            n = stem_count(gray, w)  # a group row's "I" (or "II") read as "1"
            w = replace(w, text="I" * (n if 1 <= n <= 4 else 1) + m.group(2))
        elif q := _ROMAN_QUARTER.match(w.text):
            n = _prefix_strokes(gray, w, len(q.group(2)))
            if 1 <= n <= 4 and n != len(q.group(1)):
                w = replace(w, text="I" * n + q.group(2))  # "Quý III/2026" read "II/2026"
        out.append(w)
    return out


_ROMAN_QUARTER = re.compile(r"^([IlH|]{1,4})(/\d{4}[.,;)]?)$")


def _prefix_strokes(gray: np.ndarray, w: Word, suffix: int) -> int:
    """Strokes of the glyphs before the last ``suffix`` ones of a word ("III" of
    "III/2026"), glyphs told apart by blank columns (I's that touch are one)."""
    box = gray[w.y0 : w.y1 + 1, w.x0 : w.x1 + 1] < DARK
    if box.size == 0:
        return 0
    cols = np.concatenate(([0], box.any(axis=0).astype(np.int8), [0]))
    starts = np.flatnonzero(np.diff(cols) == 1)
    ends = np.flatnonzero(np.diff(cols) == -1)
    if len(starts) <= suffix:
        return 0
    end = int(ends[len(starts) - suffix - 1])
    prefix = Word(w.x0 + int(starts[0]), w.y0, w.x0 + end - 1, w.y1, "")
    return stem_count(gray, prefix)


def is_capital_i(gray: np.ndarray, w: Word) -> bool:
    """Is the word's first glyph an "I" rather than a "1"?  A "1" has its flag on the
    left of its stem at the top and nothing on the right; an "I" is a bare stem or has
    serifs on both sides alike."""
    glyph = _first_glyph(gray, w, ink_threshold(gray))
    if glyph is None or glyph.shape[0] < 10:
        return False
    h = glyph.shape[0]
    stem = np.flatnonzero(glyph[int(h * 0.35) : int(h * 0.65) + 1].mean(axis=0) >= 0.6)
    top = np.flatnonzero(glyph[: max(1, int(h * 0.25))].any(axis=0))
    if not len(stem) or not len(top):
        return False
    left, right = stem[0] - top[0], top[-1] - stem[-1]
    return abs(int(left) - int(right)) <= 1


def _sharpness(ink, angle: float) -> float:
    from PIL import Image

    rows = np.asarray(ink.rotate(angle, resample=Image.NEAREST, fillcolor=0)).sum(axis=1)
    return float(np.var(rows))


def skew_angle(gray: np.ndarray, *, limit: float = 3.0) -> float:
    """The angle (degrees, counter-clockwise as PIL's ``rotate`` takes it) that makes the
    page's lines of text and rulings horizontal: the one whose rows of ink are sharpest
    (largest variance of the row sums), by tenths on a quarter-size copy, then by
    hundredths around it on a half-size one."""
    from PIL import Image

    def ink_of(factor: int):
        img = Image.fromarray(gray)
        if min(gray.shape) >= 100 * factor and factor > 1:
            img = img.reduce(factor)
        small = np.asarray(img)
        return Image.fromarray(((small < ink_threshold(small)) * 255).astype(np.uint8))

    def best_of(ink, angles) -> float:
        scored = [(_sharpness(ink, a), -abs(a), a) for a in angles]
        return max(scored)[2]

    coarse = best_of(ink_of(4), [k / 10 for k in range(-int(limit * 10), int(limit * 10) + 1)])
    fine = best_of(ink_of(2), [coarse + k / 50 for k in range(-5, 6)])
    return round(fine, 2)


def deskew(gray: np.ndarray) -> np.ndarray:
    """The page turned so its lines are level (a scanned sheet is rarely square); a page
    within 0.1° is returned as it is."""
    from PIL import Image

    angle = skew_angle(gray)
    if abs(angle) < 0.15:
        return gray
    turned = Image.fromarray(gray).rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    return np.asarray(turned)


def _first_glyph_of(ink: np.ndarray) -> np.ndarray | None:
    """The first glyph of an ink mask: its first run of inked columns, trimmed to its rows."""
    cols = ink.any(axis=0)
    if not cols.any():
        return None
    first = int(np.argmax(cols))
    end = first
    while end < len(cols) and cols[end]:
        end += 1
    glyph = ink[:, first:end]
    rows = np.flatnonzero(glyph.any(axis=1))
    return glyph[rows[0] : rows[-1] + 1] if len(rows) else None


def _first_glyph(gray: np.ndarray, w: Word, thr: int) -> np.ndarray | None:
    box = gray[w.y0 : w.y1 + 1, w.x0 : w.x1 + 1] < thr
    return None if box.size == 0 else _first_glyph_of(box)


def has_bar_below(gray: np.ndarray, w: Word) -> bool:
    """Is the first glyph of the word a chevron with a bar under it ("≥", "≤"), which an
    OCR model without those signs reads as ">" or "<"?"""
    glyph = _first_glyph(gray, w, ink_threshold(gray))
    return glyph is not None and _over_a_bar(glyph)


def _over_a_bar(glyph: np.ndarray) -> bool:
    """A glyph (its ink, trimmed) drawn over a bar: below a blank row in its lower half,
    a row at least 70 % ink ("≥"; an "8" or a "2" has no blank row)."""
    h = glyph.shape[0]
    if h < 6 or glyph.shape[1] < 4:
        return False
    filled = glyph.any(axis=1)
    blank = [y for y in range(h // 2, h) if not filled[y]]
    return bool(blank) and bool((glyph[blank[-1] :].mean(axis=1) >= 0.7).any())


def fix_inequalities(gray: np.ndarray, words: list[Word]) -> list[Word]:
    """ ">80" read from "≥ 80" (and "<" from "≤") rewritten when the glyph has its bar."""
    out = []
    for w in words:
        if w.text[:1] in "<>" and has_bar_below(gray, w):
            sign = "≥" if w.text[0] == ">" else "≤"
            rest = w.text[1:].lstrip("=")
            w = replace(w, text=f"{sign} {rest}".strip() if rest else sign)
        out.append(w)
    return out


def leading_inequality(ink: np.ndarray) -> str | None:
    """ "≥" or "≤" when the first glyph of a piece of page (its ink mask) is a chevron
    over a bar — the sign an OCR model without it skips; the chevron's point, at the
    right or the left of its middle row, tells which."""
    glyph = _first_glyph_of(ink)
    if glyph is None or not _over_a_bar(glyph):
        return None
    chevron = glyph[: int(glyph.shape[0] * 0.6)]
    middle = chevron[chevron.shape[0] // 2 - 1 : chevron.shape[0] // 2 + 2]
    xs = np.flatnonzero(middle.any(axis=0))
    if not len(xs):
        return None
    return "≥" if xs.mean() > glyph.shape[1] / 2 else "≤"
