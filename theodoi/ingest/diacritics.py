"""Restore Vietnamese diacritics on text that lost them (for display only).

A syllable bigram model (interpolated absolute discounting with a unigram) is
searched with Viterbi.  The candidates of a bare syllable such as ``so`` are
every accented syllable seen in training whose diacritics-free form is ``so``
(``số``, ``sổ``, ``sở``, ``sơ``, ``so`` ...).  Syllables never seen are left as
read, and so are words that already carry diacritics, numbers, codes such as
``57-NQ/TW``, punctuation and line breaks.

The model is built offline by ``scripts/build_diacritics_model.py`` into
``theodoi/ingest/data/diacritics_model.json.gz`` and loaded lazily, once.

Plain Python: no Django imports.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from theodoi.textnorm import nfc, strip_diacritics

__all__ = [
    "MODEL_PATH",
    "NgramModel",
    "get_model",
    "restore_diacritics",
    "segments",
    "syllable_accuracy",
]

MODEL_PATH = Path(__file__).resolve().parent / "data" / "diacritics_model.json.gz"

BOS = "<s>"
EOS = "</s>"
UNK = "<unk>"

# A "word" is a maximal run of letters.  Everything else (spaces, digits,
# punctuation) is copied through untouched.
_WORD = re.compile(r"[^\W\d_]+")
_ROMAN = re.compile(r"[IVXLC]+")
_MAX_CANDIDATES = 12


def _is_roman(token: str) -> bool:
    return bool(_ROMAN.fullmatch(token))


def _lower(token: str) -> str:
    return nfc(token).lower()


def _has_marks(token: str) -> bool:
    return strip_diacritics(token) != token


def apply_case(original: str, restored: str) -> str:
    """Copy the case pattern of ``original`` onto the lower-case ``restored``."""
    letters = [ch for ch in original if ch.isalpha()]
    if not letters:
        return restored
    if len(letters) > 1 and letters[0].isupper() and not all(ch.isupper() for ch in letters):
        return restored[:1].upper() + restored[1:]  # "ĐAy" (OCR's stray capital) → "Đẩy"
    if len(original) == len(restored):
        return "".join(
            r.upper() if o.isupper() else r for o, r in zip(original, restored, strict=True)
        )
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        return restored.upper()
    if letters[0].isupper():
        return restored[:1].upper() + restored[1:]
    return restored


def segments(text: str) -> Iterator[list[str]]:
    """Lower-case syllable runs joined only by whitespace (training helper).

    Digits, punctuation and any other non-letter character end a run, so the
    bigram model never learns transitions across "57-NQ/TW" or a comma.
    """
    text = nfc(text)
    run: list[str] = []
    last_end = 0
    for match in _WORD.finditer(text):
        gap = text[last_end : match.start()] if run else ""
        if run and (gap.strip() or not gap):
            yield run
            run = []
        run.append(match.group().lower())
        last_end = match.end()
    if run:
        yield run


class NgramModel:
    """Bigram model over syllables with interpolated absolute discounting."""

    def __init__(
        self,
        unigrams: dict[str, int],
        bigrams: dict[str, dict[str, int]],
        discount: float = 0.75,
        alpha: float = 0.5,
    ) -> None:
        self.unigrams = unigrams
        self.bigrams = bigrams
        self.discount = discount
        self.alpha = alpha
        self.total = sum(unigrams.values())
        self.vocab_size = max(1, len(unigrams))
        self._uni_denominator = self.total + alpha * self.vocab_size
        self._prev_total = {p: sum(d.values()) for p, d in bigrams.items()}
        self._uni_log: dict[str, float] = {}
        self._cache: dict[tuple[str, str], float] = {}
        candidates: dict[str, list[str]] = {}
        for word, _count in sorted(unigrams.items(), key=lambda kv: (-kv[1], kv[0])):
            if word in (BOS, EOS):
                continue
            bucket = candidates.setdefault(strip_diacritics(word), [])
            if len(bucket) < _MAX_CANDIDATES:
                bucket.append(word)
        self.candidates = candidates

    # -- probabilities -------------------------------------------------
    def unigram_prob(self, word: str) -> float:
        return (self.unigrams.get(word, 0) + self.alpha) / self._uni_denominator

    def logp(self, prev: str, word: str) -> float:
        """log P(word | prev); ``prev`` may be UNK (then the unigram is used)."""
        key = (prev, word)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        p_uni = self.unigram_prob(word)
        following = self.bigrams.get(prev)
        total = self._prev_total.get(prev, 0) if following else 0
        if total > 0:
            count = following.get(word, 0)
            p = max(count - self.discount, 0.0) / total
            p += self.discount * len(following) / total * p_uni
        else:
            p = p_uni
        value = math.log(p)
        if len(self._cache) > 500_000:
            self._cache.clear()
        self._cache[key] = value
        return value

    # -- derived models ------------------------------------------------
    def bare(self) -> NgramModel:
        """The same counts with diacritics stripped (used by the OCR fixer)."""
        uni: dict[str, int] = {}
        for word, count in self.unigrams.items():
            key = word if word in (BOS, EOS) else strip_diacritics(word)
            uni[key] = uni.get(key, 0) + count
        bi: dict[str, dict[str, int]] = {}
        for prev, following in self.bigrams.items():
            bprev = prev if prev in (BOS, EOS) else strip_diacritics(prev)
            target = bi.setdefault(bprev, {})
            for word, count in following.items():
                bword = word if word in (BOS, EOS) else strip_diacritics(word)
                target[bword] = target.get(bword, 0) + count
        return NgramModel(uni, bi, self.discount, self.alpha)

    # -- search --------------------------------------------------------
    def viterbi(
        self,
        lattice: list[list[tuple[str, float]]],
        weights: float = 1.0,
    ) -> list[int]:
        """Best path through ``lattice``; each slot holds (state, extra log score).

        A state equal to UNK is an unknown, fixed word: transitions into it
        cost nothing and the word after it falls back to the unigram.
        Returns the chosen index for every slot.
        """
        if not lattice:
            return []
        scores: list[float] = [0.0]
        states: list[str] = [BOS]
        back: list[list[int]] = []
        for slot in lattice:
            new_scores: list[float] = []
            pointers: list[int] = []
            for state, extra in slot:
                best = -math.inf
                best_k = 0
                for k, prev in enumerate(states):
                    transition = 0.0 if state == UNK else self.logp(prev, state)
                    score = scores[k] + weights * transition
                    if score > best:
                        best = score
                        best_k = k
                new_scores.append(best + extra)
                pointers.append(best_k)
            back.append(pointers)
            scores = new_scores
            states = [state for state, _ in slot]
        final = [
            score + (0.0 if state == UNK else weights * self.logp(state, EOS))
            for score, state in zip(scores, states, strict=True)
        ]
        k = max(range(len(final)), key=final.__getitem__)
        path = [k]
        for pointers in reversed(back[1:]):
            k = pointers[k]
            path.append(k)
        path.reverse()
        return path


# ---------------------------------------------------------------------------
# loading

_LOCK = threading.Lock()
_MODEL: NgramModel | None = None
_BARE: NgramModel | None = None


def load_model(path: Path | str = MODEL_PATH) -> NgramModel:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    return NgramModel(data["unigrams"], data["bigrams"], data.get("discount", 0.75))


def get_model() -> NgramModel:
    """The packaged model, loaded once (an empty model if the file is missing)."""
    global _MODEL
    if _MODEL is None:
        with _LOCK:
            if _MODEL is None:
                try:
                    _MODEL = load_model()
                except (OSError, ValueError, KeyError):
                    _MODEL = NgramModel({}, {})
    return _MODEL


def get_bare_model() -> NgramModel:
    global _BARE
    if _BARE is None:
        model = get_model()
        with _LOCK:
            if _BARE is None:
                _BARE = model.bare()
    return _BARE


# ---------------------------------------------------------------------------
# restoration


def _line_start_marker(text: str, start: int, end: int) -> bool:
    """True for "II." / "a)" style markers at the start of a line."""
    before = text[text.rfind("\n", 0, start) + 1 : start]
    if before.strip(" \t-–(") != "":
        return False
    after = text[end : end + 1]
    return after in {".", ")", "-", ":"}


def restore_diacritics(text: str, model: NgramModel | None = None) -> str:
    """Add the most likely Vietnamese diacritics to the bare syllables of ``text``.

    Line breaks, punctuation, digits, case and words that already carry
    diacritics are kept exactly; unknown syllables are left as read.
    With the packaged model, a text restored once is remembered.
    """
    if model is None:
        return _restore_with_packaged_model(text)
    return _restore(text, model)


@lru_cache(maxsize=8192)
def _restore_with_packaged_model(text: str) -> str:
    return _restore(text, get_model())


def _restore(text: str, model: NgramModel) -> str:
    if not text:
        return text
    text = nfc(text)
    if not model.unigrams:
        return text

    out: list[str] = []
    pos = 0
    # Pending run of words joined by whitespace only: (match, candidates|None)
    run: list[tuple[re.Match[str], list[str] | None, str]] = []

    def flush() -> None:
        nonlocal pos
        if not run:
            return
        lattice: list[list[tuple[str, float]]] = []
        for _m, cands, fixed in run:
            if cands is None:
                lattice.append([(fixed, 0.0)])
            else:
                lattice.append([(c, 0.0) for c in cands])
        path = model.viterbi(lattice)
        for (m, cands, _fixed), k in zip(run, path, strict=True):
            out.append(text[pos : m.start()])
            if cands is None:
                out.append(m.group())
            else:
                out.append(apply_case(m.group(), cands[k]))
            pos = m.end()
        run.clear()

    last_end = 0
    for m in _WORD.finditer(text):
        start, end = m.span()
        gap = text[last_end:start]
        if run and (gap.strip() or not gap):
            flush()
        word = m.group()
        lower = word.lower()
        touches_digit = (start > 0 and text[start - 1].isdigit()) or (
            end < len(text) and text[end].isdigit()
        )
        cands: list[str] | None = None
        fixed = lower if lower in model.unigrams else UNK
        only_d = _has_marks(word) and not _has_marks(lower.replace("đ", "d"))
        if only_d and not touches_digit:
            # "đ" alone is no proof of the rest: OCR's "P"/"D" made into "Đ" ("ĐAy")
            bare = lower.replace("đ", "d")
            options = [c for c in model.candidates.get(bare, []) if c.startswith("đ")]
            if options:
                run.append((m, options, fixed))
                last_end = end
                continue
        if (
            touches_digit
            or _has_marks(word)
            or (_is_roman(word) and (len(word) > 1 or word != "I") and word.isupper())
            or (len(word) == 1 and _line_start_marker(text, start, end))
        ):
            if touches_digit or _is_roman(word) or len(word) == 1:
                fixed = UNK
        else:
            options = model.candidates.get(lower)
            if options:
                cands = options
        run.append((m, cands, fixed))
        last_end = end
    flush()
    out.append(text[pos:])
    return "".join(out)


def syllable_accuracy(reference: str, restored: str) -> float:
    """Share of reference syllables reproduced exactly (case-insensitive)."""
    ref = [w.lower() for w in _WORD.findall(nfc(reference))]
    got = [w.lower() for w in _WORD.findall(nfc(restored))]
    if not ref:
        return 1.0
    same = sum(1 for a, b in zip(ref, got, strict=False) if a == b)
    return same / len(ref)


def count_ngrams(
    texts: Iterable[tuple[str, int]],
) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Unigram and bigram counts (with BOS/EOS) of weighted training texts."""
    unigrams: dict[str, int] = {}
    bigrams: dict[str, dict[str, int]] = {}
    for text, weight in texts:
        if weight <= 0:
            continue
        for run in segments(text):
            prev = BOS
            for word in [*run, EOS]:
                unigrams[word] = unigrams.get(word, 0) + weight
                following = bigrams.setdefault(prev, {})
                following[word] = following.get(word, 0) + weight
                prev = word
    return unigrams, bigrams
