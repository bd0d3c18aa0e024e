"""The suggestion of a national KPI for a plan indicator.

Plain Python (no Django). An indicator as printed — any case, with or without diacritics, damaged
by OCR — is compared with each KPI's name and with the phrases the catalogue gives for it
(``keywords`` in ``data/national_kpis.json``), on diacritics-free text with the words every
indicator shares ("tỷ lệ", "của", …) left out. A KPI whose unit of measure is not compatible
(``units_compatible``) is never suggested. The best KPI at or above ``THRESHOLD`` is returned
with its score, else None: the office maps the indicator by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from rapidfuzz import fuzz

from theodoi.textnorm import search_key

THRESHOLD = 88  # below this, two indicators measure different things too often
PHRASE_THRESHOLD = 88  # a catalogue phrase found (almost) word for word in the indicator
MIN_WORDS = 2  # an indicator of fewer distinctive words is not compared whole

_NOT_WORD = re.compile(r"[^a-z0-9% ]+")
# Words that say nothing of what an indicator measures ("tỷ lệ … của người dân … đạt").
_GENERIC = re.compile(
    r"\b(ty le|ti le|ty trong|so luong|cua|va|cac|cho|tren|trong|duoc|dat|co|nguoi dan|"
    r"phan dau|toi thieu|it nhat|hang nam|tong so|muc|"
    # the domain's own words: every indicator of a plan implementing NQ57 may hold them
    r"khoa hoc|cong nghe|doi moi sang tao|chuyen doi so|phat trien)\b"
)
_ABBREVIATIONS = {
    "tthc": "thu tuc hanh chinh",
    "dvc": "dich vu cong",
    "dn": "doanh nghiep",
    "khcn": "khoa hoc cong nghe",
    "dmst": "doi moi sang tao",
    "cds": "chuyen doi so",
}
# "5G", "1Gb": a figure that names a technology; two different ones are different things.
_TECH = re.compile(r"^\d+[a-z]+$")
_QUALIFIERS = (
    ("gdp", re.compile(r"\b(gdp|grdp)\b")),
    ("budget", re.compile(r"\b(ngan sach|tong chi)\b")),
    ("per_year", re.compile(r"/\s*nam\b|\bmoi nam\b|\bmot nam\b")),
)


class KpiLike(Protocol):
    code: str
    name: str
    unit_of_measure: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Suggestion:
    code: str
    score: float


def _key(text: str) -> str:
    words = _NOT_WORD.sub(" ", search_key(text or "")).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def _tech(key: str) -> set[str]:
    return {w for w in key.split() if _TECH.match(w)}


def _distinctive(key: str) -> str:
    return " ".join(_GENERIC.sub(" ", key).split())


def unit_kind(unit_of_measure: str) -> tuple[str, str]:
    """(dimension, qualifier) of a unit of measure: ("percent", "gdp") for "% GRDP",
    ("percent", "") for "%" or "% dân số", ("count", "doanh nghiep") for "doanh nghiệp",
    ("", "") when none is printed."""
    key = " ".join(re.sub(r"[^a-z0-9%/ ]+", " ", search_key(unit_of_measure or "")).split())
    if not key:
        return "", ""
    if "%" in key or "phan tram" in key:
        for name, pattern in _QUALIFIERS:
            if pattern.search(key):
                return "percent", name
        return "percent", ""
    return "count", key


def units_compatible(indicator_unit: str, kpi_unit: str) -> bool:
    """Whether an indicator in ``indicator_unit`` can measure a KPI in ``kpi_unit``: an
    indicator without a unit may; a share and a count never; two shares unless both name what
    they are a share of and differ (% GDP and % of the budget, a level and a yearly growth)."""
    dim_a, qual_a = unit_kind(indicator_unit)
    dim_b, qual_b = unit_kind(kpi_unit)
    if not dim_a or not dim_b:
        return True
    if dim_a != dim_b:
        return False
    if dim_a == "count":
        return fuzz.token_set_ratio(qual_a, qual_b) >= THRESHOLD
    return not (qual_a and qual_b and qual_a != qual_b)


def _phrase_score(phrase: str, words: list[str]) -> float:
    size = len(phrase.split())
    if size == 0 or len(words) < size:
        return 0.0
    return max(
        fuzz.ratio(phrase, " ".join(words[i : i + size])) for i in range(len(words) - size + 1)
    )


def kpi_score(name: str, kpi: KpiLike) -> float:
    """How surely an indicator named ``name`` measures ``kpi`` (0–100): the better of the
    similarity of their distinctive words and the best catalogue phrase found in the name."""
    key = _key(name)
    tech, kpi_tech = _tech(key), _tech(_key(kpi.name))
    if tech and kpi_tech and not tech & kpi_tech:
        return 0.0
    distinctive = _distinctive(key)
    whole = 0.0
    if len(distinctive.split()) >= MIN_WORDS:
        whole = fuzz.token_set_ratio(distinctive, _distinctive(_key(kpi.name)))
        # token_set_ratio is 100 for a subset: a short name inside a long one is not enough
        whole = min(whole, fuzz.token_sort_ratio(distinctive, _distinctive(_key(kpi.name))) + 25)
    words = key.split()
    phrase = max((_phrase_score(_key(p), words) for p in kpi.keywords), default=0.0)
    phrase = phrase if phrase >= PHRASE_THRESHOLD else 0.0
    return round(max(whole, phrase), 1)


def suggest_kpi(*, name: str, unit_of_measure: str, kpis: Iterable[KpiLike]) -> Suggestion | None:
    """The KPI an indicator most likely measures, or None when none is close enough or none
    has a compatible unit of measure. Ties go to the catalogue's order."""
    best: Suggestion | None = None
    for kpi in kpis:
        if not units_compatible(unit_of_measure, kpi.unit_of_measure):
            continue
        score = kpi_score(name, kpi)
        if score >= THRESHOLD and (best is None or score > best.score):
            best = Suggestion(kpi.code, score)
    return best
