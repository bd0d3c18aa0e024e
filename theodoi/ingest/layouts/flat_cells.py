"""A flat text table row's printed lines shared out among its columns.

OCR without geometry prints each line of a table row across the columns: the first
printed line holds the first words of every cell, the next lines what each wrapped cell
goes on with, in column order, a cell that ended leaving no words.  Without positions,
each line's words are given to the columns by a small search over the ways to cut the
line (:func:`assign_line`) that weighs what the pieces are:

* a column rule read as "|" cuts; a cell opens with a capital or a number on the row's
  first line;
* an agency's head word ("Phòng", "Sở", "Các", "UBND" …) opens the lead and coordinator
  cells, a deadline's words ("Quý", "Tháng", "Thường xuyên", a date) the time cell;
* a piece longer than its column's width (measured on the table's own first lines) does
  not fit; a cell ended on a line does not go on on the next;
* a cell goes on with words that follow its last word in Vietnamese (a syllable bigram
  model of general text: "công" | "lập", not "công" | "được").

When the text keeps positions, each piece goes to the column whose header starts nearest.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field

from ..diacritics import get_bare_model
from ..fields.namer import opens_agency
from ..folding import fold

__all__ = [
    "Token",
    "tokens",
    "assign_line",
    "LineState",
    "by_position",
    "visual_length",
    "name_pairs",
]

_DEADLINE_WORD = re.compile(
    r"^(?:qu[yi]|th[a-z]{1,2}ng|n[a-z]{1,2}m|th[a-z]{2,4}ng|x[a-z]{2,5}n|h[a-z]{1,2}ng|"
    r"tr[a-z]{2,3}c|ngay|giai|doan|tu|den|dinh|ky|cuoi|dau|lien|tuc|[ivx]{1,4}(?:[/.]\S*)?|"
    r"[\d/.\-–]+\S*|-)$"
)


_VALUE = re.compile(r"^(?:[≥≤<>=]=?\s*)?\d+(?:[.,]\d+)?\s*%?$|^-$|^%$")


@dataclass
class Token:
    word: str
    cut: int = 0  # the column rules ("|") read before it: two with an empty cell between


def tokens(line: str) -> list[Token]:
    """The words of a printed line, each with the column rules read before it."""
    out: list[Token] = []
    cut = 0
    for part in re.split(r"\s+|(?=\|)|(?<=\|)", line):
        if not part:
            continue
        if set(part) <= set("|[]"):
            cut += 1
            continue
        out.append(Token(part.strip("|"), cut))
        cut = 0
    return [t for t in out if t.word]


_NARROW = set("iljtfrI.,;:'!()-/ ")
_WIDE = set("mwMW")


def visual_length(text: str) -> float:
    """A text's printed width in average characters (a proportional font: "i" and
    "," narrow, "m" and capitals wide)."""
    return _visual(text)


@functools.lru_cache(maxsize=65536)
def _visual(text: str) -> float:
    return sum(
        0.55 if ch in _NARROW else 1.4 if ch in _WIDE else 1.2 if ch.isupper() else 1.0
        for ch in text
    )


def _deadline_word(word: str) -> bool:
    return bool(_DEADLINE_WORD.match(fold(word).strip(",.;:()")))


@functools.lru_cache(maxsize=65536)
def _syllable(word: str) -> str:
    return re.sub(r"[^a-z]", "", fold(word))


def name_pairs(names) -> frozenset[tuple[str, str]]:
    """The pairs of words that follow each other in ``names`` (folded syllables)."""
    pairs = set()
    for name in names:
        words = [_syllable(w) for w in str(name).split()]
        pairs.update((a, b) for a, b in zip(words, words[1:], strict=False) if a and b)
    return frozenset(pairs)


def continuity(prev: str, word: str) -> float:
    """How well ``word`` follows ``prev`` in Vietnamese text (pointwise mutual
    information of the two syllables, bounded; 0 for a pair never seen)."""
    a, b = _syllable(prev), _syllable(word)
    if not a or not b:
        return 0.0
    model = get_bare_model()
    if not model.bigrams.get(a, {}).get(b):
        return 0.0  # a pair the model never saw says nothing (it is small)
    pmi = model.logp(a, b) - math.log(model.unigram_prob(b))
    return max(-1.0, min(3.0, pmi))


@dataclass
class LineState:
    """What the row's lines so far gave each column: its pieces, whether it went on
    on the last line."""

    roles: list[str]
    pieces: list[list[str]] = field(default_factory=list)
    open: list[bool] = field(default_factory=list)
    # word pairs of the agency names the plan may use (folded syllables): an agency's
    # cell goes on with the next word of its name ("Đăng ký" | "đất đai")
    pairs: frozenset[tuple[str, str]] = frozenset()

    def __post_init__(self) -> None:
        self.pieces = [[] for _ in self.roles]
        self.open = [True for _ in self.roles]

    @property
    def started(self) -> bool:
        return any(self.pieces)

    def add(self, assignment: list[tuple[int, list[str]]]) -> None:
        used = {c for c, _w in assignment}
        for c, words in assignment:
            self.pieces[c].append(" ".join(words))
        if self.started:
            self.open = [c in used for c in range(len(self.roles))]

    def last_word(self, c: int) -> str:
        return self.pieces[c][-1].split()[-1] if self.pieces[c] else ""


class _Line:
    """A printed line's words with what the costs ask of them, summed ahead so that a
    piece's cost is read in constant time."""

    def __init__(self, toks: list[Token], state: LineState) -> None:
        self.toks = toks
        self.words = [t.word for t in toks]
        n = len(toks)
        syl = [_syllable(w) for w in self.words]
        self.vis = _prefix([visual_length(w) for w in self.words])
        self.cuts = _prefix([float(bool(t.cut)) for t in toks])
        self.dates = _prefix([float(_deadline_word(w)) for w in self.words])
        self.digits = _prefix([float(any(ch.isdigit() for ch in w)) for w in self.words])
        plain, agency = [], []
        for k in range(n - 1):
            a, b = self.words[k], self.words[k + 1]
            cost = -0.3 * continuity(a, b) + (0.6 if b[:1].isupper() and a[:1].islower() else 0.0)
            plain.append(cost)
            agency.append(cost - (0.6 if (syl[k], syl[k + 1]) in state.pairs else 0.0))
        self.plain = _prefix(plain)
        self.agency = _prefix(agency)
        self.syl = syl

    def text(self, i: int, j: int) -> str:
        return " ".join(self.words[i:j])

    def length(self, i: int, j: int) -> float:
        return self.vis[j] - self.vis[i] + 0.55 * (j - i - 1)

    def pairs(self, i: int, j: int, agency: bool) -> float:
        sums = self.agency if agency else self.plain
        return sums[j - 1] - sums[i] if j - i > 1 else 0.0


def _prefix(values: list[float]) -> list[float]:
    out = [0.0]
    for v in values:
        out.append(out[-1] + v)
    return out


def _piece_cost(
    c: int,
    i: int,
    j: int,
    line: _Line,
    state: LineState,
    widths: list[float | None],
    going: list[list[float]] | None,
) -> float:
    """A piece of tokens ``i:j`` in column ``c``; ``going``: what going on with each
    column from each token costs (None on a row's first line)."""
    first = going is None
    role = state.roles[c]
    agency = role in ("lead", "coord")
    cost = 3.0 * (line.cuts[j] - line.cuts[i + 1])  # a rule inside a piece
    # words of one cell follow each other; a capital after a small word opens a cell
    cost += line.pairs(i, j, agency)
    width = widths[c]
    if width:
        over = line.length(i, j) - 1.15 * width
        if over > 0:
            cost += 6.0 * over / max(width, 4.0)
    head = line.words[i]
    if first:
        # a cell opens with a capital, a figure or a sign ("%", "≥ 80"); a unit may not
        cost += -0.5 if not head[:1].islower() else 0.0 if role == "unit" else 1.5
        if agency:
            cost += -1.5 if opens_agency(line.text(i, j)) else 0.5
    else:
        cost += going[c][i]
    return cost + _kind_cost(c, i, j, line, state, first)


def _going_on(c: int, head: str, syl: str, state: LineState, width: float | None) -> float:
    """A continuation line's piece for column ``c`` starting with ``head``."""
    role = state.roles[c]
    cost = -0.5 if role == "content" else 0.0  # the content runs longest: lines left are its
    if not state.open[c]:
        return cost + 4.0
    if not state.pieces[c]:
        return cost
    last = state.last_word(c)
    cost -= 0.4 * continuity(last, head)
    if role in ("lead", "coord"):
        if (_syllable(last), syl) in state.pairs:
            cost -= 1.0
        if head[:1].isupper():
            cost -= 0.8  # an agency's name goes on with its capitals ("Nghiệp vụ Y")
    # the word would have fitted on the line before: the cell ended there
    if width and visual_length(f"{state.pieces[c][-1]} {head}") <= 0.9 * width:
        cost += 2.5
    return cost


def _kind_cost(c: int, i: int, j: int, line: _Line, state: LineState, first: bool) -> float:
    """What the piece reads as against its column: a deadline's words in the time
    column, figures in a year's, a short word in the unit's."""
    role = state.roles[c]
    n = j - i
    dates = line.dates[j] - line.dates[i]
    if role == "deadline":
        return 1.5 - 2.5 * dates / n
    if role == "year":  # a target: a figure, a sign and a figure, "%"
        return -1.0 if n <= 3 and _VALUE.match(line.text(i, j)) else 1.0
    if role == "unit":
        digit = line.digits[j] > line.digits[i] or line.words[i][:1] in "≥≤<>="
        return 1.0 if n > 3 or digit else -0.5
    dated = dates == n and (first or line.digits[j] > line.digits[i])
    if dated and "deadline" in state.roles[c + 1 :]:
        return 0.8  # a date before the time column ("hàng" alone may be a bank's)
    return 0.0


def _skip_costs(state: LineState, n: int, first: bool) -> list[float]:
    """What leaving each column without words on the line costs: on a row's first line
    an empty cell; on the next lines a cell ended, once per cell, when the line has
    words enough for every cell still open."""
    if first:
        return [1.5] * len(state.roles)
    weight = 0.6 if n >= sum(state.open) else 0.0
    return [weight if was else 0.0 for was in state.open]


def _cut_cost(toks: list[Token], i: int) -> float:
    """Cutting the line before token ``i``: at a column rule it is a column's edge; two
    small words side by side are more often one cell's."""
    if toks[i].cut:
        return -2.0
    if toks[i].word in ("-", "–"):
        return 1.0  # a dash ends a cut name ("Kế hoạch -" | "Tài chính")
    if toks[i].word[:1].islower() and toks[i - 1].word[:1].islower():
        return 0.6
    return 0.0


def assign_line(
    toks: list[Token], state: LineState, widths: list[float | None], *, first: bool
) -> tuple[float, list[tuple[int, list[str]]]]:
    """The cheapest way to give a line's tokens to the columns, in order: (cost,
    [(column, words)])."""
    n, m = len(toks), len(state.roles)
    if n == 0:
        return 0.0, []
    line = _Line(toks, state)
    skip = _skip_costs(state, n, first)
    going = (
        None
        if first
        else [
            [_going_on(c, line.words[i], line.syl[i], state, widths[c]) for i in range(n)]
            for c in range(m)
        ]
    )
    inf = float("inf")
    # best[i][c + 1]: tokens[:i] given, the last piece to column c (c = -1: none yet)
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: dict[tuple[int, int], tuple[int, int]] = {}
    best[0][0] = 0.0
    for i in range(n):
        entry = _entries(best[i], skip, toks[i].cut if i else 0)
        cut = _cut_cost(toks, i) if i > 0 else 0.0
        for c in range(m):
            base, c_prev = entry[c]
            if base == inf:
                continue
            base += cut
            for j in range(i + 1, n + 1):
                if j > i + 1 and widths[c] and line.length(i, j) > 1.8 * widths[c]:
                    break  # longer pieces only cost more
                cost = base + _piece_cost(c, i, j, line, state, widths, going)
                if cost < best[j][c + 1]:
                    best[j][c + 1] = cost
                    back[(j, c)] = (i, c_prev)
    total, c = min((best[n][c + 1] + sum(skip[c + 1 :]), c) for c in range(m))
    out: list[tuple[int, list[str]]] = []
    j = n
    while j > 0:
        i, c_prev = back[(j, c)]
        out.append((c, line.words[i:j]))
        j, c = i, c_prev
    return total, out[::-1]


def _entries(row: list[float], skip: list[float], cut: int) -> list[tuple[float, int]]:
    """For each column c: the cheapest way to have given the tokens so far with the
    last piece in a column before c, counting the columns left between without words;
    two rules before the token ask for as many columns left empty."""
    m = len(skip)
    out: list[tuple[float, int]] = []
    for c in range(m):
        best, arg = float("inf"), -1
        for c_prev in range(-1, c):
            cost = row[c_prev + 1] + sum(skip[c_prev + 1 : c])
            if cut > c - c_prev:
                cost += 1.5 * (cut - (c - c_prev))  # an empty cell between rules
            if cost < best:
                best, arg = cost, c_prev
        out.append((best, arg))
    return out


def by_position(line: str, starts: list[int]) -> list[tuple[int, list[str]]]:
    """A line that keeps positions: each run of words (cut at two spaces or a rule)
    to the column whose header starts nearest before it."""
    out: list[tuple[int, list[str]]] = []
    for m in re.finditer(r"[^\s|]+(?: [^\s|]+)*", line):
        at = m.start()
        c = max((k for k, s in enumerate(starts) if s <= at + 2), default=0)
        if out and out[-1][0] == c:
            out[-1][1].extend(m.group(0).split())
        else:
            out.append((c, m.group(0).split()))
    return out
