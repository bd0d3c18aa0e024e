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
    return sum(
        0.55 if ch in _NARROW else 1.4 if ch in _WIDE else 1.2 if ch.isupper() else 1.0
        for ch in text
    )


def _deadline_word(word: str) -> bool:
    return bool(_DEADLINE_WORD.match(fold(word).strip(",.;:()")))


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


def _piece_cost(
    c: int, toks: list[Token], state: LineState, widths: list[float | None], first: bool
) -> float:
    role = state.roles[c]
    words = [t.word for t in toks]
    text = " ".join(words)
    cost = 3.0 * sum(bool(t.cut) for t in toks[1:])  # a rule inside a piece
    agency = role in ("lead", "coord")
    for a, b in zip(words, words[1:], strict=False):
        # words of one cell follow each other; a capital after a small word opens a cell
        cost -= 0.3 * continuity(a, b)
        if agency and (_syllable(a), _syllable(b)) in state.pairs:
            cost -= 0.6
        if b[:1].isupper() and a[:1].islower():
            cost += 0.6
    width = widths[c]
    if width:
        over = visual_length(text) - 1.15 * width
        if over > 0:
            cost += 6.0 * over / max(width, 4.0)
    head = words[0]
    if first:
        # a cell opens with a capital, a figure or a sign ("%", "≥ 80"); a unit may not
        cost += -0.5 if not head[:1].islower() else 0.0 if role == "unit" else 1.5
        if role in ("lead", "coord"):
            cost += -1.5 if opens_agency(text) else 0.5
    else:
        if not state.open[c]:
            cost += 4.0
        elif state.pieces[c]:
            cost -= 0.4 * continuity(state.last_word(c), head)
            if agency and (_syllable(state.last_word(c)), _syllable(head)) in state.pairs:
                cost -= 1.0
            if role in ("lead", "coord") and head[:1].isupper():
                cost -= 0.8  # an agency's name goes on with its capitals ("Nghiệp vụ Y")
            # the word would have fitted on the line before: the cell ended there
            if width and visual_length(f"{state.pieces[c][-1]} {head}") <= 0.9 * width:
                cost += 2.5
        if role == "content":
            cost -= 0.5  # the name or content runs longest: the lines left are its
    if role == "deadline":
        share = sum(_deadline_word(w) for w in words) / len(words)
        cost += 1.5 - 2.5 * share
    elif role == "year":  # a target: a figure, a sign and a figure, "%"
        cost += -1.0 if _VALUE.match(text) else 1.0
    elif role == "unit":
        cost += 1.0 if len(words) > 3 or re.match(r"[≥≤<>=]|\d", text) else -0.5
    elif (
        all(_deadline_word(w) for w in words)
        and (first or any(ch.isdigit() for ch in text))
        and "deadline" in state.roles[c + 1 :]
    ):
        cost += 0.8  # a date before the time column ("hàng" alone may be a bank's)
    return cost


def _too_long(toks: list[Token], width: float | None) -> bool:
    return bool(width) and visual_length(" ".join(t.word for t in toks)) > 1.8 * width


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
    skip = _skip_costs(state, n, first)
    inf = float("inf")
    # best[(i, c)]: tokens[:i] given, the last piece to column c (c = -1: none yet)
    best: dict[tuple[int, int], tuple[float, tuple[int, int, int] | None]] = {(0, -1): (0.0, None)}
    for i in range(n):
        for c_prev in range(-1, m):
            if (i, c_prev) not in best:
                continue
            base = best[(i, c_prev)][0] + (_cut_cost(toks, i) if i > 0 else 0.0)
            for c in range(c_prev + 1, m):
                skipped = sum(skip[c_prev + 1 : c])
                if i > 0 and toks[i].cut > c - c_prev:
                    skipped += 1.5 * (toks[i].cut - (c - c_prev))  # an empty cell between rules
                for j in range(i + 1, n + 1):
                    if j > i + 1 and _too_long(toks[i:j], widths[c]):
                        break  # longer pieces only cost more
                    cost = base + skipped + _piece_cost(c, toks[i:j], state, widths, first)
                    if cost < best.get((j, c), (inf, None))[0]:
                        best[(j, c)] = (cost, (i, c_prev, c))
    total, c = min((best[(n, c)][0] + sum(skip[c + 1 :]), c) for c in range(m) if (n, c) in best)
    out: list[tuple[int, list[str]]] = []
    j = n
    while j > 0:
        i, c_prev, col = best[(j, c)][1]
        out.append((col, [t.word for t in toks[i:j]]))
        j, c = i, c_prev
    return total, out[::-1]


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
