"""Repair what tesseract's English model makes of Vietnamese administrative scans.

The English model drops most Vietnamese marks and turns the rest into junk:
"S6" for "Số", "ctia" for "của", "nudc" for "nước", "1ap" for "lập",
"¢" for "c"/"ệ", "Pé an" for "Đề án", "Il." for "II.".  ``fix_ocr_line`` maps
every word back to a *diacritics-free* Vietnamese syllable when it can
(``restore_diacritics`` then puts the marks back), and leaves it as read when
it cannot.

How: each character has a short list of likely OCR confusions with a cost
(digit for letter, "d"/"b" for a lost "ơ", "ii"/"ti"/"ir" for "ư" ...).  A
depth-first search over those substitutions, pruned by the prefixes of the
known bare syllables, yields the valid readings of a word; a Viterbi search
with the diacritics-free bigram model then picks, over the line, the readings
that fit together best.

Plain Python: no Django imports.  Never raises.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from theodoi.ingest.diacritics import UNK, NgramModel, get_bare_model
from theodoi.textnorm import nfc, strip_diacritics

__all__ = ["fix_ocr_line", "fix_ocr_text", "is_probably_ocr"]

# --- confusion table -------------------------------------------------------
# lower-case source character -> (replacement, cost); identity is implicit
# (cost 0) for ASCII letters.
_E = (("e", 0.0), ("o", 0.8), ("a", 0.8))
_A = (("a", 0.0), ("o", 1.0))
_O = (("o", 0.0), ("a", 1.0))
_SUBS: dict[str, tuple[tuple[str, float], ...]] = {
    # Latin-1 accents are never right: keep the base letter (or a neighbour)
    "é": _E,
    "è": _E,
    "ê": _E,
    "ë": _E,
    "á": _A,
    "à": _A,
    "â": _A,
    "ä": _A,
    "ã": _A,
    "å": _A,
    "ó": _O,
    "ò": _O,
    "ô": _O,
    "õ": _O,
    "ö": _O,
    "ø": _O,
    "í": (("i", 0.0),),
    "ì": (("i", 0.0),),
    "î": (("i", 0.0),),
    "ï": (("i", 0.0),),
    "ú": (("u", 0.0),),
    "ù": (("u", 0.0),),
    "û": (("u", 0.0),),
    "ü": (("u", 0.0),),
    "ý": (("y", 0.0),),
    "ÿ": (("y", 0.0),),
    "ç": (("c", 0.2),),
    "ñ": (("n", 0.2),),
    # digits read for letters inside words
    "6": (("o", 0.3),),
    "0": (("o", 0.3),),
    "9": (("o", 0.6),),
    "1": (("l", 0.3), ("i", 0.5)),
    "3": (("a", 0.5),),
    "4": (("a", 0.5), ("d", 0.9)),
    "8": (("e", 1.0), ("o", 1.0)),
    "5": (("s", 0.9),),
    # junk glyphs
    "¢": (("c", 0.3), ("e", 0.5), ("o", 0.6)),
    "§": (("o", 0.5), ("y", 0.7), ("s", 0.8)),
    "¥": (("y", 0.3),),
    "$": (("s", 0.3),),
    "&": (("a", 0.5), ("o", 0.5), ("e", 0.6)),
    "€": (("e", 0.3),),
    "£": (("e", 0.8),),
    "@": (("d", 0.8), ("o", 0.8)),
    "|": (("l", 0.5), ("i", 0.5)),
    # letters that stand for a lost Vietnamese vowel
    "d": (("o", 1.0), ("a", 1.0)),
    "b": (("o", 1.0),),
    "y": (("u", 1.0),),
    "w": (("u", 0.3), ("uo", 0.6)),
    "j": (("o", 0.6), ("i", 0.6)),
    "q": (("o", 1.0),),
    "i": (("a", 1.2), ("u", 1.2)),
    "g": (("o", 1.2), ("e", 1.2)),
    "l": (("i", 1.0),),
    "e": (("c", 1.2), ("o", 1.2)),
    "f": (("t", 1.0),),
    "t": (("u", 1.5),),
    "m": (("n", 1.0),),
    "a": (("u", 1.5),),
    "z": (("x", 1.2),),
}
# multi-character confusions ("ư" read as "ti", "ii", "ir" ...)
_MULTI: tuple[tuple[str, str, float], ...] = (
    ("ti", "u", 0.6),
    ("ii", "u", 0.6),
    ("ir", "u", 0.5),
    ("li", "u", 0.8),
    ("ui", "u", 0.8),
    ("tr", "u", 0.9),
    ("tt", "u", 0.9),
    ("rn", "m", 0.8),
    ("ri", "u", 1.0),
    ("it", "u", 1.0),
    ("ix", "u", 1.0),
)
_FREE_DELETE = frozenset("'’‘`´^¨~\"“”()[]{}*°·,.:;")
_DELETE_COST = 1.5
_FREE_DELETE_COST = 0.2
_MAX_COST = 2.6
# extra cost of the alternatives of a word that already reads as a valid syllable:
# high when the word is clean ASCII, lower when junk shows it was misread
_VALID_EXTRA = 2.2
_VALID_EXTRA_JUNKY = 0.8
_LAMBDA = 2.0  # weight of the OCR channel cost against the language model
_MAX_CANDIDATES = 4

# acronyms and codes that must never be "corrected"
_KEEP = frozenset(
    {
        "ubnd",
        "hdnd",
        "hđnd",
        "tw",
        "nq",
        "cp",
        "kh",
        "qđ",
        "qd",
        "ttg",
        "cntt",
        "stem",
        "grdp",
        "gdp",
        "ocop",
        "ppp",
        "iot",
        "ai",
        "vneid",
        "dti",
        "pii",
        "hdi",
        "tfp",
        "tthc",
        "dvc",
        "kgvx",
        "skhcn",
        "sttt",
        "vpubnd",
        "bcđ",
        "bcd",
        "đu",
        "kt",
        "tm",
        "pct",
        "ct",
        "vt",
        "cbccvc",
        "csvc",
        "bhxh",
        "thpt",
        "ttr",
        "ubmttqvn",
        "htx",
        "dn",
        "tmđt",
        "tmdt",
        "nđ",
        "nd",
        "vh",
        "xh",
        "ptth",
        "bttt",
        "tth",
        "catt",
    }
)

# shape of a diacritics-free Vietnamese syllable: keeps acronyms ("tw", "ubnd")
# that the training text holds out of the OCR lexicon
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(?:uye|uya|ieu|yeu|uoi|uou|oai|oay|oeo|uay|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo"
    r"|ua|ue|ui|uo|uu|uy|ye|ua|a|e|i|o|u|y)"
    r"(?:ch|ng|nh|[cmnpt])?"
)
_KEEP_ANYCASE = frozenset({"stt", "tp", "tx", "tt"})
_ROMAN = re.compile(r"[IVXLC]+")
_VN_LETTERS = re.compile(r"[^\W\d_]")
_LATIN1_EXTRA = frozenset("àáâãäåèéêëìíîïòóôõöøùúûüýÿçñÀÁÂÃÄÅÈÉÊËÌÍÎÏÒÓÔÕÖØÙÚÛÜÝ")
_JUNK_CHARS = frozenset("¢§¥$€£@|©®¬¦")
_VOWELS = frozenset("aeiouyAEIOUY")
_LEAD = "([{“\"'‘«-–—~*•"
_TRAIL = ")]}”\"'’».,;:!?…/"
_ROMAN_START = re.compile(r"^(\s*)([IVX][Il1|]{1,3}|[Il1|][I]{1,3}|1I|lI)(?=[.\-)]|\s*$)")
_ROMAN_WORD = re.compile(r"^[XV][Il1]{1,3}$")
_LIGATURES = {"ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl"}
_SPLIT_PARTS = re.compile(r"([/\-–])")


@lru_cache(maxsize=4096)
def _is_vietnamese_marked(ch: str) -> bool:
    """A letter with a Vietnamese mark outside Latin-1 (ư, ơ, đ, ạ, ế ...)."""
    return ch not in _LATIN1_EXTRA and strip_diacritics(ch) != ch


# --- the search -------------------------------------------------------------


class _Lexicon:
    def __init__(self, model: NgramModel) -> None:
        self.model = model
        self.words = frozenset(w for w in model.unigrams if _SYLLABLE.fullmatch(w))
        prefixes: set[str] = {""}
        for word in self.words:
            for i in range(1, len(word) + 1):
                prefixes.add(word[:i])
        self.prefixes = frozenset(prefixes)

    def readings(self, source: str) -> list[tuple[str, float, int]]:
        """Valid bare syllables reachable from ``source`` (lower case) by confusions."""
        best: dict[str, tuple[float, int]] = {}
        prefixes = self.prefixes
        words = self.words
        n = len(source)

        def walk(i: int, built: str, cost: float, dels: int) -> None:
            if i == n:
                if built in words and cost < best.get(built, (99.0, 0))[0]:
                    best[built] = (cost, dels)
                return
            ch = source[i]
            options: list[tuple[str, float, int]] = []
            junk = ch in _FREE_DELETE
            if "a" <= ch <= "z":
                options.append((ch, 0.0, 1))
            for repl, c in _SUBS.get(ch, ()):
                options.append((repl, c, 1))
            for pattern, repl, c in _MULTI:
                if source.startswith(pattern, i):
                    options.append((repl, c, len(pattern)))
            if i == 0 and ch == "p":
                options.append(("d", 0.5, 1))
            if junk or dels == 0:
                options.append(("", _FREE_DELETE_COST if junk else _DELETE_COST, 1))
            for repl, c, step in options:
                new_cost = cost + c
                if new_cost > _MAX_COST:
                    continue
                new = built + repl
                if new in prefixes:
                    walk(i + step, new, new_cost, dels + (1 if not repl and not junk else 0))

        walk(0, "", 0.0, 0)
        ranked = sorted(
            ((w, c, d) for w, (c, d) in best.items() if len(w) >= 2 or n <= 2),
            key=lambda t: (t[1], -self.model.unigrams.get(t[0], 0)),
        )
        return ranked[:_MAX_CANDIDATES]


_LEXICON: _Lexicon | None = None


def _lexicon() -> _Lexicon:
    global _LEXICON
    if _LEXICON is None:
        _LEXICON = _Lexicon(get_bare_model())
    return _LEXICON


@lru_cache(maxsize=50_000)
def _candidates(part: str) -> tuple[tuple[str, float], ...]:
    """Candidate bare readings (lower case, cost) of one word as read; () if none."""
    lex = _lexicon()
    if not lex.words:
        return ()
    lower = part.lower()
    letters = [ch for ch in part if ch.isalpha()]
    n_upper = sum(ch.isupper() for ch in letters)
    if (lower in _KEEP and n_upper >= 2) or lower in _KEEP_ANYCASE or lower.isdigit():
        return ()
    if n_upper >= 2 and n_upper < len(letters) and part.isalpha():
        return ()  # mixed-case code such as "TTr", "CTr", "VNeID", "IoT"
    if _ROMAN.fullmatch(part):
        return ()  # "II", "XIII"
    if part[:1].isdigit() and n_upper:
        return ()  # "5G", "1Gb"
    if any(_is_vietnamese_marked(ch) for ch in part):
        return ()  # a real Vietnamese word: keep it
    plain = strip_diacritics(lower)
    upper_word = len(letters) >= 2 and all(ch.isupper() for ch in letters)
    if upper_word and not any(ch in _VOWELS for ch in plain):
        return ()  # acronym such as "UBND", "SKHCN"
    readings = lex.readings(lower)
    if plain in lex.words:
        # already a valid syllable: its alternatives must earn their place
        extra = _VALID_EXTRA if part.isascii() and part.isalpha() else _VALID_EXTRA_JUNKY
        result = [(plain, 0.0)]
        result += [(w, c + extra) for w, c, d in readings if w != plain and not d]
        return tuple(result[:_MAX_CANDIDATES])
    if upper_word and part.isalpha():
        readings = [r for r in readings if r[1] <= 1.2]
    return tuple((w, c) for w, c, _d in readings)


# --- case and tokens ----------------------------------------------------------


def _apply_case(original: str, bare: str) -> str:
    letters = [ch for ch in original if ch.isalpha()]
    if not letters:
        first_upper = original[:1].isupper()
        return bare[:1].upper() + bare[1:] if first_upper else bare
    uppers = sum(1 for ch in letters if ch.isupper())
    if len(letters) >= 2 and uppers * 2 > len(letters) and uppers >= 2:
        return bare.upper()
    if original[:1].isupper() or (not original[:1].isalpha() and letters[0].isupper()):
        return bare[:1].upper() + bare[1:]
    return bare


def _strip_latin1(part: str) -> str:
    """Drop junk Latin-1 accents, keep genuine Vietnamese letters."""
    return "".join(
        strip_diacritics(ch) if ch in _LATIN1_EXTRA else ch
        for ch in unicodedata.normalize("NFC", part)
    )


def _split_word(chunk: str) -> tuple[str, str, str]:
    start, end = 0, len(chunk)
    while start < end and chunk[start] in _LEAD:
        start += 1
    while end > start and chunk[end - 1] in _TRAIL:
        end -= 1
    return chunk[:start], chunk[start:end], chunk[end:]


def _is_number_like(part: str) -> bool:
    return not any(ch.isalpha() or ch in _JUNK_CHARS for ch in part)


def _fix_roman(line: str) -> str:
    m = _ROMAN_START.match(line)
    if m and "I" in m.group(2) + "V" + "X":
        token = m.group(2)
        if token[0] in "VX" or any(ch in "l1|" for ch in token):
            fixed = token[0] + "I" * (len(token) - 1) if token[0] in "VX" else "I" * len(token)
            line = m.group(1) + fixed + line[m.end(2) :]
    return line


@lru_cache(maxsize=16384)
def fix_ocr_line(line: str) -> str:
    """Repair one OCR'd line; words it cannot read stay as they were (minus junk accents).
    Remembered: the layouts read the same rows and titles more than once."""
    try:
        return _fix_line(line)
    except Exception:  # noqa: BLE001 - the pipeline must never stop on a bad line
        try:
            return _strip_latin1(line)
        except Exception:  # noqa: BLE001
            return line


def fix_ocr_text(text: str) -> str:
    """``fix_ocr_line`` on every line, line breaks kept."""
    return "\n".join(fix_ocr_line(line) for line in text.split("\n"))


def _fix_line(line: str) -> str:
    if not line or line.isspace():
        return line
    line = nfc(line)
    for lig, repl in _LIGATURES.items():
        line = line.replace(lig, repl)
    line = _fix_roman(line)
    lex = _lexicon()
    model = lex.model
    # a line that holds letters the English model cannot produce is genuine
    # Vietnamese: its marked words (Latin-1 ones included) are kept as they are. "Đ" does
    # not count: normalising makes it from OCR's "P"/"D" ("PAy mạnh" → "ĐAy mạnh").
    genuine = any(_is_vietnamese_marked(ch) for ch in line if ch not in "đĐ")

    # pieces: list of literal strings and word slots
    pieces: list[str | int] = []
    slots: list[tuple[str, tuple[tuple[str, float], ...]]] = []
    runs: list[list[int]] = [[]]  # slots joined by whitespace only

    for chunk in re.split(r"(\s+)", line):
        if not chunk:
            continue
        if chunk.isspace():
            pieces.append(chunk)
            continue
        lead, core, trail = _split_word(chunk)
        if lead:
            pieces.append(lead)
            runs.append([])
        if core:
            roman = _ROMAN_WORD.match(core)
            if roman:
                core = core[0] + re.sub(r"[l1]", "I", core[1:])
            parts = _SPLIT_PARTS.split(core)
            if len(parts) > 1 and ("&" in core):
                parts = [core]
            for k, part in enumerate(parts):
                if k % 2 == 1:  # separator
                    pieces.append(part)
                    runs.append([])
                    continue
                if not part:
                    continue
                if _is_number_like(part) or ("&" in part and part.replace("&", "").isupper()):
                    pieces.append(part)
                    runs.append([])
                    continue
                if len(part) == 1 and (part.isalpha() or trail.startswith(")")):
                    # list markers "a)", "b)" and lone letters stay; "¢)" is "c)"
                    alts = _SUBS.get(part.lower()) if not part.isalpha() else None
                    pieces.append(alts[0][0] if alts else part)
                    runs.append([])
                    continue
                if genuine and strip_diacritics(part) != part:
                    pieces.append(part)
                    runs.append([])
                    continue
                cands = _candidates(part)
                pieces.append(len(slots))
                runs[-1].append(len(slots))
                slots.append((part, cands))
        if trail:
            pieces.append(trail)
            runs.append([])

    chosen: dict[int, str] = {}
    for run in runs:
        if not run:
            continue
        lattice: list[list[tuple[str, float]]] = []
        for idx in run:
            part, cands = slots[idx]
            if cands:
                lattice.append([(w, -_LAMBDA * c) for w, c in cands])
            else:
                lattice.append([(UNK, 0.0)])
        if all(len(options) == 1 for options in lattice):
            path = [0] * len(lattice)
        else:
            path = model.viterbi(lattice)
        for idx, k in zip(run, path, strict=True):
            part, cands = slots[idx]
            if cands:
                chosen[idx] = _apply_case(part, cands[k][0])
            else:
                chosen[idx] = _strip_latin1(part)

    return "".join(chosen[p] if isinstance(p, int) else p for p in pieces)


# --- detection ------------------------------------------------------------------

_WORDISH = re.compile(r"\S+")
_DIGIT_IN_WORD = re.compile(r"(?:[^\W\d_][0-9]|[0-9][^\W\d_])")


def is_probably_ocr(text: str) -> bool:
    """True when ``text`` looks like Vietnamese read by a non-Vietnamese OCR model.

    Few letters carry genuine Vietnamese marks (ư, ơ, đ, ạ, ế ... are outside
    Latin-1, which is all the English model can produce) while junk glyphs,
    stray Latin-1 accents or digits inside words show up.
    """
    try:
        letters = _VN_LETTERS.findall(text)
        if len(letters) < 20:
            return False
        marked = sum(1 for ch in letters if _is_vietnamese_marked(ch))
        if marked / len(letters) >= 0.03:
            return False
        words = _WORDISH.findall(text)
        junk = 0
        for word in words:
            if any(ch in _JUNK_CHARS for ch in word) or (
                _DIGIT_IN_WORD.search(word) and not word.isupper()
            ):
                junk += 1
        latin1 = sum(1 for ch in letters if ch in _LATIN1_EXTRA)
        return junk >= max(1, 0.005 * len(words)) or latin1 / len(letters) >= 0.01
    except Exception:  # noqa: BLE001
        return False
