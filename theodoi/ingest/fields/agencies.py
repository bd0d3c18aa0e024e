"""Agency names in OCR'd cells: a registry name or the start of one cut by the cell's
width, a head word garbled by OCR ("g4 khoahocva" = Sở Khoa học và …), and collective
leads ("Các sở, ban, ngành, …") followed word by word."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from theodoi.textnorm import search_key

from ..model import Indicator, Task
from ..resolve import (
    AGENCY_HEAD_WORDS,
    AgencyRegistry,
    Resolution,
    agency_key,
    clean_agency_text,
    is_collective,
)
from ..segment import fold
from .text import restore_display


def fragment_at(registry: AgencyRegistry, words: list[str], start: int, end: int | None = None):
    """The first piece of an agency's name from word ``start`` on (before word ``end``),
    as a mention."""
    for i in range(start, len(words) if end is None else min(end, len(words))):
        for length in range(5, 0, -1):
            if i + length > len(words):
                continue
            res = registry.fragment(" ".join(words[i : i + length]))
            if res is not None:
                return (i, i + length, res)
    return None


def collective_at(words: list[str], start: int) -> str | None:
    """A collective lead ("Các sở, ngành, địa phương") opening at word ``start``."""
    keys = [ocr_word(w) for w in words]
    for i in range(start, min(start + 3, len(words))):
        n, real, states = collective_run(keys, i, None)
        if real >= 2:
            seps = [words[x][-1:] if words[x][-1:] in ",;" else "" for x in range(i, i + n)]
            return render_collective(phrase_of(states), seps)
    return None


def mentions_with_prefixes(registry: AgencyRegistry, text: str) -> list:
    """Agency names in a table row, and the first words of a name whose cell is cut
    across lines when they fit one agency only ("Phòng Văn hóa -" | "Xã hội")."""
    found = registry.find_mentions(text)
    taken = {w for a, b, _ in found for w in range(a, b)}
    words = text.split()
    extra = []
    i = 0
    while i < len(words):
        head = agency_key(words[i]).split()
        if i in taken or not head or head[0] not in AGENCY_HEAD_WORDS:
            i += 1
            continue
        hit = None
        for length in range(5, 2, -1):
            span = range(i, min(i + length, len(words)))
            if len(span) < length or taken & set(span):
                continue
            res = registry.unique_prefix(" ".join(words[i : i + length]))
            if res:
                hit = (i, i + length, res)
                break
        if hit:
            extra.append(hit)
            i = hit[1]
        else:
            i += 1
    return sorted(found + extra, key=lambda x: x[0])


def collective_line(lines: list) -> str | None:
    """A collective lead printed as a cell of its own lines ("Các trường học" | "trên
    địa bàn") under the row's anchor line."""
    for k, ln in enumerate(lines):
        cell = ln.text.strip(" |'\"")
        if not cell[:1].isupper() or not is_collective(cell):
            continue
        for nxt in lines[k + 1 :]:
            t = nxt.text.strip(" |'\"")
            if not t[:1].islower():
                break
            cell = f"{cell} {t}"
        return restore_display(clean_agency_text(cell))
    return None


def lead_above(above: Indicator | None, lines: list, registry: AgencyRegistry) -> str | None:
    """A row whose lead cell is not on its own lines: a tall cell is printed from above
    the row's anchor line, so its first words ("Chi nhánh Ngân hàng Nhà nước" | "tỉnh
    Hà Nam", "Phòng Kinh tế -" | "Hạ tầng") end the row above, after that row's own
    anchor line.  The last agency there that is not the row above's lead."""
    found = None
    for ln in lines[1:]:
        words = ln.text.replace("|", " ").split()
        i = 0
        while i < len(words):
            hit = fragment_at(registry, words, i)
            if hit is None:
                break
            if above is None or hit[2].display != above.lead:
                found = hit[2].display
            i = hit[1]
    return found


# Collective leads ("Các sở, ban, ngành", "các địa phương"): the lead
# cell is cut across lines and interleaved with the other columns, so its pieces are
# found by following the phrase word by word.  The phrases are the standard ways a plan
# names a set of agencies, optionally joined ("…; UBND các …") and qualified.
_COLLECTIVE_FIRST = (
    "cac so ban nganh",
    "cac so nganh",
    # any body of the state
    "cac co quan don vi",
    "cac don vi",
    "cac dia phuong",
    "cac thanh pho thi xa",
    "ubnd thanh pho thi xa",
    "ubnd cac huyen thi xa thanh pho",
    # the level below a district
    "ubnd cac xa phuong thi tran",
    "ubnd cac thanh pho thi xa",
)


_COLLECTIVE_SECOND = (
    "ubnd cac huyen thi xa thanh pho",
    # the level below a district
    "ubnd cac xa phuong thi tran",
    "cac huyen thi xa thanh pho",
    "dia phuong",
    "cac dia phuong",
)


_COLLECTIVE_QUALIFIERS = (
    "",
    "lien quan",
    "co lien quan",
    "du dieu kien",
    "la chu quan csdl chuyen nganh",
    "la chu quan co so du lieu chuyen nganh",
)


COLLECTIVE_PHRASES = tuple(
    tuple(f"{a} {b} {q}".split())
    for a in _COLLECTIVE_FIRST
    for b in ("", *(s for s in _COLLECTIVE_SECOND if not a.startswith("ubnd")))
    for q in _COLLECTIVE_QUALIFIERS
)


_COLLECTIVE_DISPLAY = {
    "cac": "các",
    "so": "sở",
    "nganh": "ngành",
    "ubnd": "UBND",
    "huyen": "huyện",
    "thi": "thị",
    "xa": "xã",
    "thanh": "thành",
    "pho": "phố",
    "dia": "địa",
    "phuong": "phường",
    "tran": "trấn",
    "co": "cơ",
    "quan": "quan",
    "don": "đơn",
    "vi": "vị",
    "lien": "liên",
    "du": "đủ",
    "dieu": "điều",
    "kien": "kiện",
    "la": "là",
    "chu": "chủ",
    "csdl": "CSDL",
    "chuyen": "chuyên",
    "lieu": "liệu",
}


def ocr_word(w: str, raw: str | None = None) -> str:
    """A word of an OCR'd cell as a folded key ("C4c" → "cac", "S¢" → "so", "x&" → "xa");
    ``raw`` is the word as read when ``w`` is its repaired form."""
    for x in (raw, w):
        if x is None:
            continue
        r = search_key(x).strip(".,;:|'\"()[]{}-–\\")
        if re.fullmatch(r"s[¢&6e0dgoôóòé]?|[58][¢&6]", r):
            return "so"
        if re.fullmatch(r"c[a4e@éd]c", r):
            return "cac"
    k = search_key(w).strip(".,;:|'\"()[]{}-–\\")
    k = k.translate(str.maketrans("4&@06¢", "aaaooe"))
    return re.sub(r"[^a-z0-9/]", "", k)


def word_is(w: str, want: str) -> bool:
    if w == want:
        return True
    if want == "ubnd":
        return bool(re.fullmatch(r"ub\w{1,3}", w))
    if len(want) <= 3 or len(w) < 2:
        return False
    return w[0] == want[0] and fuzz.ratio(w, want) >= (67 if len(want) > 4 else 85)


_PHRASE_WORDS = tuple(dict.fromkeys(w for phrase in COLLECTIVE_PHRASES for w in phrase))
_START = frozenset((p, 0) for p in range(len(COLLECTIVE_PHRASES)))  # no word read yet
_OPENING: dict[str, list[int]] = {}  # the phrases each first word opens
for _p, _phrase in enumerate(COLLECTIVE_PHRASES):
    if _phrase:
        _OPENING.setdefault(_phrase[0], []).append(_p)


@lru_cache(maxsize=16384)
def phrase_words_read_in(w: str) -> frozenset[str]:
    """The words of the collective phrases that ``w`` reads as (:func:`word_is`), found
    once per word rather than once per phrase."""
    return frozenset(want for want in _PHRASE_WORDS if word_is(w, want))


def collective_run(words: list[str], i: int, states: set | None) -> tuple[int, int, set]:
    """How many words from ``words[i]`` continue a collective phrase (from ``states``,
    or from its start when None): (words read, words of the phrase, states reached)."""
    cur = states if states is not None else _START
    n = real = end = 0
    while i + n < len(words):
        w = words[i + n]
        if not w:
            if not real:
                break
            n += 1
            continue
        can = phrase_words_read_in(w)
        if cur is _START:  # the phrases this word opens, from their first words
            nxt = {(p, 1) for want in can for p in _OPENING.get(want, ())}
        else:
            nxt = {
                (p, k + 1)
                for p, k in cur
                if k < len(COLLECTIVE_PHRASES[p]) and COLLECTIVE_PHRASES[p][k] in can
            }
        if not nxt:
            break
        cur = nxt
        n += 1
        real += 1
        end = n
    return end, real, cur


def phrase_of(states: set) -> list[str]:
    p, k = min(states)
    return list(COLLECTIVE_PHRASES[p][:k])


_CONNECTOR_WORDS = frozenset("cua do voi cho tai theo giua thuoc tu ve".split())


# "Sở" as tesseract's English model reads it at the start of a cell: "g4", "g&", "545",
# "S_T_", a lone "g" or "S"
_GARBLED_SO = re.compile(r"^(?:[sg5$§8][\W\d_]{1,3}|[sg]|s_t_?|[sg][a4&¢]|5\d\d?)$", re.IGNORECASE)


def _headless_agency(
    words: list[str], i: int, registry: AgencyRegistry, orig: list[str] | None
) -> tuple[Resolution, int] | None:
    """An agency whose head word OCR garbled ("g4 khoahocva" = Sở Khoa học và …, "g
    T4inguyanva" = Sở Tài nguyên và …) or lost ("Thongtinva" glued at a cell's start):
    the words after it must read as the rest of a "Sở …" name."""
    tok = (orig[i] if orig else words[i]).strip(".,;:|'\"()[]")
    if _GARBLED_SO.match(tok) and i + 1 < len(words):
        for source in (words, orig) if orig else (words,):
            rest: list[str] = []
            for w in source[i + 1 : i + 5]:
                k = ocr_word(w)
                if k in ("so", "ubnd", "cac"):
                    break  # the next cell's agency
                rest.append(k)
            for length in range(len(rest), 0, -1):
                if not all(rest[:length]):
                    continue
                cand = "Sở " + " ".join(rest[:length])
                res = registry.resolve(cand)
                if res.kind == "agency" and res.score >= 90:
                    return res, length + 1
                if len("".join(rest[:length])) >= 7:
                    res = (
                        registry.unique_prefix(cand)
                        or registry.fuzzy_prefix(cand)
                        or registry.fragment(cand, min_score=88)
                    )
                    if res:
                        return res, length + 1
        return None
    # a glued word ("Thongtinva") that is a piece of one agency's name
    key = ocr_word(words[i])
    if len(key) >= 9 and key.isalpha() and not (i and ocr_word(words[i - 1]) in _CONNECTOR_WORDS):
        res = registry.fragment(key, min_score=90)
        if res:
            return res, 1
    return None


def agency_at(
    words: list[str],
    i: int,
    registry: AgencyRegistry | None,
    orig: list[str] | None = None,
) -> tuple[Resolution, int] | None:
    """The agency named from word ``i`` of a row line and how many words it takes: a
    registry name, or the beginning of one cut by the cell's width.  ``orig``: the
    line's words as OCR read them, when ``words`` are their repaired form (the repair
    can spoil a name: "Sở Y té" → "Sở Y to")."""
    if registry is None or not words[i : i + 1]:
        return None
    if orig is not None and len(orig) != len(words):
        orig = None
    head = ocr_word(words[i])
    prev = ocr_word(words[i - 1]) if i else ""
    if head == "so" and prev in ("co", "cac"):
        return None  # "cơ sở y tế": health facilities; "các sở": a collective
    tok = (orig[i] if orig else words[i]).strip(".,;:|'\"()[]")
    if prev in _CONNECTOR_WORDS and not _GARBLED_SO.match(tok):
        return None  # "Kế hoạch của UBND tỉnh": inside the name's sentence
    if head not in AGENCY_HEAD_WORDS and not re.fullmatch(r"\W*\w?\d\w?\W*", words[i]):
        return _headless_agency(words, i, registry, orig)
    if orig is not None:
        for length in range(min(9, len(words) - i), 0, -1):
            res = registry.resolve(" ".join(orig[i : i + length]))
            if res.kind == "agency" and res.score >= 90:
                return res, length
    for length in range(min(9, len(words) - i), 0, -1):
        res = registry.resolve(" ".join(words[i : i + length]))
        if res.kind == "agency" and res.score >= 90:
            return res, length
    for length in range(min(5, len(words) - i), 2, -1):
        res = registry.unique_prefix(" ".join(words[i : i + length]))
        if res:
            return res, length
    for length in (2, 1):
        # words run together by OCR ("So Thongtinva", "SoYte")
        window = " ".join(words[i : i + length])
        if len(words) >= i + length and re.search(r"[a-zà-ỹ¢&0-9][A-ZĐ]|[^\W\d_]{9,}", window):
            res = registry.fragment(window)
            if res:
                return res, length
    if words[i][:1].islower() and head not in ("so", "cac"):
        # a cell opens with a capital: a lower-case word that reads like the start of
        # a name is the name's sentence ("phát triển thương mại" read "thUG,ng @ai")
        return None
    for length in range(min(5, len(words) - i), 2, -1):
        res = registry.fuzzy_prefix(" ".join(words[i : i + length]))
        if res:
            return res, length
    return _headless_agency(words, i, registry, orig)


def _words_key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


# a collective cut short: "… UBND các", "Các sở, ban" (always "sở, ban, ngành")
_CUT_COLLECTIVE = re.compile(r"(?:\bcac|\bubnd|\bso ban)$")


def complete_collectives(tasks: list[Task]) -> None:
    """A collective lead cut short where OCR lost the cell's last lines ("Các sở, ban,
    ngành, UBND") is the plan's most frequent collective that goes on from it ("…
    UBND các xã, phường")."""
    seen: dict[str, int] = {}
    for t in tasks:
        for name in [t.lead, *t.coordinators]:
            if name and is_collective(name):
                seen[name] = seen.get(name, 0) + 1
    for t in tasks:
        if not t.lead or not is_collective(t.lead):
            continue
        key = _words_key(t.lead)
        if not _CUT_COLLECTIVE.search(key):
            continue
        longer = [(n, name) for name, n in seen.items() if _words_key(name).startswith(key + " ")]
        if longer:
            t.lead = max(longer)[1]


def render_collective(words: list[str], seps: list[str]) -> str:
    out = []
    for k, w in enumerate(words):
        shown = _COLLECTIVE_DISPLAY.get(w, w)
        if w == "phuong" and k and words[k - 1] == "dia":
            shown = "phương"  # "địa phương", not the ward ("xã, phường")
        out.append(shown + (seps[k] if k < len(seps) else ""))
    text = " ".join(out).rstrip(",; ")
    return text[:1].upper() + text[1:]
