"""The seven groups of tasks and solutions of Resolution 57-NQ/TW (part III), the national
taxonomy every plan's task groups map to, and the suggestion of a group for a plan's heading.

Plain Python (no Django): the groups are data (``plans/data/nq57_groups.json``, with their
source); ``suggest_group`` compares a heading as printed — any case, with or without diacritics,
abbreviated (KHCN, ĐMST, CĐS) or damaged by OCR — with each group's official title and with the
phrases plans commonly use for it, and returns the best group above a threshold, else None.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz

from theodoi.textnorm import search_key

DATA = Path(__file__).resolve().parent / "data" / "nq57_groups.json"
UNMAPPED_LABEL = "Chưa xếp nhóm"
TITLE_THRESHOLD = 72  # token-set ratio of the heading and the official title, shared words out
TITLE_MIN_WORDS = 5
PHRASE_THRESHOLD = 88  # ratio of a typical phrase and the heading's words at some place
NUMBER_BONUS = 8  # a heading numbered like the group (plans usually keep the resolution's order)

_ABBREVIATIONS = {
    "khcn": "khoa hoc cong nghe",
    "dmst": "doi moi sang tao",
    "cds": "chuyen doi so",
    "cntt": "cong nghe thong tin",
}
# Words every group's title shares: they say nothing about which group a heading is.
_SHARED = re.compile(
    r"\b(khoa hoc|cong nghe|doi moi sang tao|chuyen doi so|quoc gia|va|ve|cho|trong|phat trien)\b"
)
_NUMBERING = re.compile(r"^\s*(?:[ivxlc]+|\d{1,2}|[a-z])\s*[.)/:-]\s*")
_NOT_WORD = re.compile(r"[^a-z0-9 ]+")


@dataclass(frozen=True)
class Nq57Group:
    code: int
    short: str
    title: str
    keywords: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.code}. {self.short}"


@cache
def nq57_groups() -> tuple[Nq57Group, ...]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return tuple(
        Nq57Group(g["code"], g["short"], g["title"], tuple(g["keywords"])) for g in data["groups"]
    )


@cache
def nq57_source() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))["source"]


def nq57_label(code: int | None) -> str:
    """ "3. Đầu tư, hoàn thiện hạ tầng" for a code, "Chưa xếp nhóm" for none."""
    for group in nq57_groups():
        if group.code == code:
            return group.label
    return UNMAPPED_LABEL


def _key(text: str) -> str:
    words = _NOT_WORD.sub(" ", search_key(text))
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words.split())


def _distinctive(key: str) -> str:
    return " ".join(_SHARED.sub(" ", key).split())


@cache
def _targets() -> tuple[tuple[int, str, tuple[str, ...]], ...]:
    return tuple(
        (g.code, _distinctive(_key(g.title)), tuple(_key(k) for k in g.keywords))
        for g in nq57_groups()
    )


def _number(key: str) -> int | None:
    match = re.match(r"^\s*(\d{1,2})\s*[.)/:-]", key)
    return int(match.group(1)) if match else None


def _phrase_score(phrase: str, words: list[str]) -> float:
    """How well the phrase matches the heading's words at its best place (whole words only,
    so that "đào tạo" is not found in "chỉ đạo, tạo")."""
    size = len(phrase.split())
    if len(words) < size:
        return 0.0
    return max(
        fuzz.ratio(phrase, " ".join(words[i : i + size])) for i in range(len(words) - size + 1)
    )


def nq57_scores(heading: str) -> dict[int, float]:
    """Each group's score (0–100+) for a heading: the better of its title's similarity and a
    typical phrase found in the heading, with a small bonus for the same number."""
    raw = search_key(heading or "")
    number = _number(raw)
    key = _key(_NUMBERING.sub("", raw))
    words = key.split()
    distinctive = _distinctive(key)
    # a few common words are a subset of some title: only a longer heading is compared whole
    long_enough = len(distinctive.split()) >= TITLE_MIN_WORDS
    scores = {}
    for code, title, phrases in _targets():
        title_score = fuzz.token_set_ratio(distinctive, title) if long_enough else 0.0
        title_score = title_score if title_score >= TITLE_THRESHOLD else 0.0
        phrase_score = max((_phrase_score(p, words) for p in phrases), default=0.0)
        phrase_score = phrase_score if phrase_score >= PHRASE_THRESHOLD else 0.0
        best = max(title_score, phrase_score)
        if best and number == code:
            best += NUMBER_BONUS
        scores[code] = best
    return scores


def suggest_group(heading: str) -> int | None:
    """The NQ57 group code a plan's heading most likely belongs to, or None when none is
    close enough (the office maps it by hand)."""
    scores = nq57_scores(heading)
    code, best = max(scores.items(), key=lambda item: (item[1], -item[0]))
    return code if best > 0 else None
