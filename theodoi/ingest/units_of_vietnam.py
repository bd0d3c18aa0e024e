"""The real units of Vietnam (34 provinces, 3,321 communes; package ``vietnam-provinces``)
and the plan's own unit read from its header.

A plan says whose it is in three places: the issuer ("ỦY BAN NHÂN DÂN XÃ …"), the place
and date line ("…, ngày 12 tháng 02 năm 2026") and the title ("… trên địa bàn xã …").
Each is read, compared with the real units on a *loose key* (no diacritics, the OCR
confusions of tesseract's English model folded: "Xudn"/"Xuin"/"Xuân", "Pong"/"Đồng",
"S¢"/"Sơ"), and the unit named most surely wins.  A name that no real unit bears (a
province before the 2025 merger, a misread name) is kept as written, diacritics restored
when the text is OCR, and marked ``known=False``: never a failure.

Plain Python, no Django.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from theodoi.textnorm import search_key

__all__ = [
    "PlanUnit",
    "RealUnit",
    "communes",
    "find_commune",
    "find_province",
    "loose_key",
    "provinces",
    "read_plan_unit",
]

# the words before a unit's name, folded; longest first
_KIND_WORDS = {
    "thanh pho": "thành phố",
    "dac khu": "đặc khu",
    "thi xa": "thị xã",
    "phuong": "phường",
    "huyen": "huyện",
    "tinh": "tỉnh",
    "quan": "quận",
    "xa": "xã",
}
PROVINCE_KINDS = ("tỉnh", "thành phố")
COMMUNE_KINDS = ("xã", "phường", "đặc khu")
_OLD_KINDS = ("huyện", "quận", "thị xã")  # district level, gone since 1/7/2025


@dataclass(frozen=True)
class RealUnit:
    """One unit of ``vietnam-provinces``: ``place`` is the name without its kind word."""

    code: int
    name: str  # "Xã Tà Xùa", "Thành phố Đà Nẵng", "Tỉnh Sơn La"
    place: str  # "Tà Xùa"
    kind: str  # tỉnh, thành phố, xã, phường, đặc khu
    level: str  # province, commune
    province_code: int | None = None
    historical: bool = False  # a province before 1/7/2025 (Nghị quyết 202/2025/QH15)

    @property
    def key(self) -> str:
        return loose_key(self.place)


@dataclass(frozen=True)
class PlanUnit:
    """The unit a plan belongs to, as read from its header."""

    place: str  # the name as it should be printed ("Tà Xùa")
    kind: str  # tỉnh, thành phố, xã, phường, đặc khu
    level: str  # province, commune
    known: bool  # bears the name of a real unit
    unit: RealUnit | None = None
    province: RealUnit | None = None  # the province of a commune, when known
    province_place: str | None = None  # … or its name as read, when not a real one
    issuer_is_agency: bool = False  # "SỞ Y TẾ" under "UBND THÀNH PHỐ …"

    @property
    def name(self) -> str:
        """ "xã Tà Xùa", "thành phố Đà Nẵng": the unit as named after an agency's name."""
        return f"{self.kind} {self.place}"

    @property
    def province_kind(self) -> str:
        if self.level == "province":
            return self.kind
        return self.province.kind if self.province else "tỉnh"

    @property
    def province_name(self) -> str | None:
        if self.level == "province":
            return self.place
        if self.province:
            return self.province.place
        return self.province_place


# -- the loose key -----------------------------------------------------------------

# characters tesseract's English model prints for Vietnamese vowels with marks
_VOWEL_STANDINS = "¢&@6°€"
_VOWELS = "aeiouy"


@lru_cache(maxsize=65536)
def loose_key(text: str) -> str:
    """A key on which a name and its OCR misreadings agree: no diacritics, lower case,
    every run of vowels (and of the signs OCR prints for marked vowels) one "a", a "d"
    read for "â"/"ă"/"ô" inside a syllable ("Xudn", "ddng") a vowel too, "p" read for
    "Đ" at a word's start a "d".  "Xuân Sơn", "Xudn Son", "Xuin Son" → "xan san"."""
    key = search_key(text)
    key = re.sub(rf"[^a-z0-9{_VOWEL_STANDINS}\s]", " ", key)
    key = re.sub(r"\bp(?=[aeiouy])", "d", key)
    key = re.sub(rf"(?<=[a-z])[{_VOWEL_STANDINS}0]", "a", key)
    key = re.sub(rf"[{_VOWEL_STANDINS}](?=[a-z])", "a", key)
    key = re.sub(r"(?<=[aeiouy])d(?=(?:ng|nh|n|m|c|t|p)\b)", "a", key)
    key = re.sub(r"(?<=[bcdghklmnpqrstvx])d(?=(?:ng|nh|n|m|c|t|p)\b)", "a", key)
    key = re.sub(rf"[{_VOWELS}]+", "a", key)
    return " ".join(key.split())


@lru_cache(maxsize=262144)
def _similar(read: str, place: str) -> float:
    """How surely ``read`` is the name ``place`` (0-100): the same letters (100), the same
    loose key — only OCR's vowel misreadings apart (97), else the plain similarity, which
    counts only when a single slip in a long name ("Hà Giang" is not "An Giang")."""
    a, b = search_key(read), search_key(place)
    if not a or not b:
        return 0.0
    if a == b:
        return 100.0
    plain = fuzz.ratio(a, b)
    if min(len(a), len(b)) < 8 and plain < 75:
        return plain  # a short name: its loose key says too little
    if loose_key(read) == loose_key(place):
        return 97.0
    return plain if plain >= 92 else min(plain, 80.0)


# -- the units -------------------------------------------------------------------


def _split_kind(name: str) -> tuple[str, str]:
    key = search_key(name)
    for word, kind in _KIND_WORDS.items():
        if key.startswith(word + " "):
            return kind, name[len(word) + 1 :].strip()
    return "tỉnh", name.strip()


@lru_cache(maxsize=1)
def provinces() -> tuple[RealUnit, ...]:
    """The 34 provinces and centrally run cities (from 1/7/2025)."""
    from vietnam_provinces import Province, VietNamDivisionType

    out = []
    for p in Province.iter_all():
        kind, place = _split_kind(p.name)
        if p.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG:
            kind = "thành phố"
        name = p.name if search_key(p.name).startswith(search_key(kind)) else f"Tỉnh {p.name}"
        out.append(RealUnit(int(p.code), name, place, kind, "province"))
    return tuple(out)


@lru_cache(maxsize=1)
def communes() -> tuple[RealUnit, ...]:
    """The 3,321 communes, wards and special zones (from 1/7/2025)."""
    from vietnam_provinces import Ward

    out = []
    for w in Ward.iter_all():
        kind, place = _split_kind(w.name)
        out.append(RealUnit(int(w.code), w.name, place, kind, "commune", int(w.province_code)))
    return tuple(out)


HISTORICAL_PATH = (
    Path(__file__).resolve().parents[1] / "units" / "data" / "historical_provinces.json"
)


@lru_cache(maxsize=1)
def historical_provinces() -> tuple[RealUnit, ...]:
    """The provinces before 1/7/2025 that no longer bear their name (a 2025 plan of
    one of them is still that province's plan); empty when the list is missing."""
    try:
        data = json.loads(HISTORICAL_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    out = []
    for row in data.get("provinces", []):
        if row.get("continues") or not row.get("name"):
            continue
        kind, place = _split_kind(row["name"])
        code = 1000 + int(str(row.get("official_code") or "0"))
        out.append(RealUnit(code, row["name"], place, kind, "province", historical=True))
    return tuple(out)


@lru_cache(maxsize=1)
def _provinces_by_code() -> dict[int, RealUnit]:
    return {p.code: p for p in provinces()}


def province_of(unit: RealUnit) -> RealUnit | None:
    if unit.level == "province":
        return unit
    return _provinces_by_code().get(unit.province_code or -1)


def _best(read: str, units: tuple[RealUnit, ...], kinds: tuple[str, ...] | None) -> list:
    scored = []
    for u in units:
        if kinds and u.kind not in kinds:
            continue
        s = _similar(read, u.place)
        if s >= 90:
            scored.append((s, u))
    scored.sort(key=lambda su: -su[0])
    return scored


@lru_cache(maxsize=2048)
def find_province(
    read: str, kind: str | None = None, *, historical: bool = False
) -> RealUnit | None:
    """The real province named ``read`` ("Dong Thap", "Pong Thap", "Đà Nẵng"); with
    ``historical``, a province before the 2025 merger too ("Binh Dinh")."""
    kinds = (kind,) if kind in PROVINCE_KINDS else None
    pool = provinces() + (historical_provinces() if historical else ())
    hits = _best(read, pool, kinds)
    return hits[0][1] if hits else None


def find_commune(
    read: str, kind: str | None = None, province: RealUnit | None = None
) -> list[RealUnit]:
    """The real communes named ``read``, best first; those of ``province`` only when given."""
    kinds = (kind,) if kind in COMMUNE_KINDS else None
    pool = communes()
    if province is not None:
        pool = tuple(c for c in pool if c.province_code == province.code)
    hits = _best(read, pool, kinds)
    if not hits:
        return []
    top = hits[0][0]
    return [u for s, u in hits if s >= top - 0.5]


# -- reading the plan's unit -------------------------------------------------------

_KIND_RX = re.compile(r"\b(thanh pho|dac khu|thi xa|phuong|huyen|tinh|quan|xa)\s+")
# words that end a unit's name in an issuer block ("… XÃ AN PHÚ SỞ Y TẾ")
_NAME_STOP = re.compile(
    r"\b(?:so|ban|van phong|trung tam|cong an|dang uy|uy ban|ubnd|so:|"
    r"cong hoa|doc lap|ve|nam|giai doan|den|tu|ngay|thang|va|tren|cua|theo|thuc)\b"
)


@dataclass(frozen=True)
class _Reading:
    kind: str
    name: str  # as written, original case and marks
    weight: float


def _name_after(text: str, m: re.Match[str], max_words: int = 4) -> str:
    """The words of ``text`` after the kind word matched on its key, up to a stop word."""
    words = text.split()
    key_words = search_key(text).split()
    if len(words) != len(key_words):
        return ""
    start = len(search_key(text)[: m.end()].split())
    out: list[str] = []
    for w, k in zip(words[start:], key_words[start:], strict=False):
        if _NAME_STOP.fullmatch(k.strip(",.;:")) or not re.search(r"[^\W\d_]", k):
            break
        out.append(w.strip(',.;:()"“”'))
        if w.endswith((",", ".", ";", ":", ")")) or len(out) >= max_words:
            break
    return " ".join(out).strip()


def _readings(text: str | None, weight: float, *, first_only: bool = False) -> list[_Reading]:
    if not text:
        return []
    key = search_key(text)
    out = []
    for m in _KIND_RX.finditer(key):
        name = _name_after(text, m)
        if name and name[:1].isupper():
            out.append(_Reading(_KIND_WORDS[m.group(1)], name, weight))
            if first_only:
                break
    return out


_TITLE_PLACE = re.compile(
    r"\b(?:tren dia ban|cua|tai)\s+(?=(?:thanh pho|dac khu|phuong|tinh|xa)\s)"
)


def _title_readings(title: str | None) -> list[_Reading]:
    if not title:
        return []
    key = search_key(title)
    out: list[_Reading] = []
    for m in _TITLE_PLACE.finditer(key):
        out += _readings(title[m.end() :], 2.0, first_only=True)
    return out


def _province_mentions(text: str) -> dict[int, int]:
    """How often each real province is named after "tỉnh"/"thành phố" in ``text``."""
    counts: dict[int, int] = {}
    key = search_key(text)
    firsts = {loose_key(p.place).split()[0] for p in provinces()}
    for m in re.finditer(r"\b(?:tinh|thanh pho)\s+", key):
        tail = " ".join(key[m.end() :].split()[:3])
        if not tail or loose_key(tail.split()[0]) not in firsts:
            continue  # "tỉnh ủy", "thành phố trực thuộc": no province's name
        for n in (2, 3, 1):
            head = " ".join(tail.split()[:n])
            p = find_province(head) if head else None
            if p is not None:
                counts[p.code] = counts.get(p.code, 0) + 1
                break
    return counts


def _restore(name: str, ocr: bool) -> str:
    if not ocr:
        return name
    try:
        from .diacritics import restore_diacritics

        return restore_diacritics(name)
    except Exception:  # noqa: BLE001 — a name kept as read is still a name
        return name


def _title_case(name: str) -> str:
    if name.isupper() or name.islower():
        return " ".join(w[:1].upper() + w[1:].lower() for w in name.split())
    return name


# an agency's own plan: "UBND TỈNH … SỞ Y TẾ", "… BAN QUẢN LÝ …"
_AGENCY_ISSUER = re.compile(r"\b(?:so|phong|trung tam|ban(?! nhan dan))\s+[a-z]")


def read_plan_unit(
    *,
    issuer: str | None,
    place: str | None,
    title: str | None,
    text: str = "",
    ocr: bool = False,
) -> PlanUnit | None:
    """The plan's unit from its header; ``text`` (the first pages) names its province."""
    readings = _readings(issuer, 3.0) + _title_readings(title)
    if place:
        readings.append(_Reading("", place, 1.5))
    issuer_is_agency = bool(_AGENCY_ISSUER.search(search_key(issuer or "")))
    if not readings:
        return None
    head = text[:20000]
    return _decide(
        readings, lambda: _province_mentions(head) if head else {}, ocr, issuer_is_agency
    )


def _decide(
    readings: list[_Reading], mentions, ocr: bool, issuer_is_agency: bool
) -> PlanUnit | None:
    # the commune level first: a commune's issuer block may name its province above it
    communal = [r for r in readings if r.kind in COMMUNE_KINDS]
    provincial = [r for r in readings if r.kind in PROVINCE_KINDS]
    bare = [r for r in readings if not r.kind]
    if communal:
        return _commune_unit(communal, bare, mentions, ocr, issuer_is_agency)
    if provincial:
        return _province_unit(provincial, bare, ocr, issuer_is_agency)
    return None


def _votes(readings: list[_Reading], find) -> dict:
    """Units named by the readings, with the weight of the readings naming them; a name
    read too far ("ĐÀ NẴNG SỞ") is tried shorter, word by word."""
    votes: dict = {}
    for r in readings:
        words = r.name.split()
        for n in range(len(words), 0, -1):
            found = find(_Reading(r.kind, " ".join(words[:n]), r.weight))
            if found:
                for u in found:
                    votes[u] = votes.get(u, 0.0) + r.weight
                break
    return votes


def _commune_unit(communal, bare, mentions, ocr, issuer_is_agency) -> PlanUnit:
    """``mentions()``: how often the text names each province (asked only when needed)."""
    kind = max(communal, key=lambda r: r.weight).kind
    votes = _votes(communal, lambda r: find_commune(r.name, r.kind))
    # the place line names the same commune (a vote), never another one
    for r in bare:
        for u in votes:
            if _similar(r.name, u.place) >= 90:
                votes[u] += r.weight
    if votes:
        best = max(votes.values())
        tied = [u for u, v in votes.items() if v >= best]
        prov = province_of(tied[0]) if len(tied) == 1 else None
        if len(tied) > 1:
            # a name several communes bear: the one of the province the text names
            named = mentions()
            tied.sort(key=lambda u: -named.get(u.province_code or -1, 0))
            if named.get(tied[0].province_code or -1):
                prov = province_of(tied[0])
        unit = tied[0]
        return PlanUnit(unit.place, unit.kind, "commune", True, unit, prov, None, issuer_is_agency)
    read = max(communal, key=lambda r: r.weight)
    named = mentions()
    prov = _provinces_by_code().get(max(named, key=named.get)) if named else None
    place = _restore(_title_case(read.name), ocr)
    return PlanUnit(place, kind, "commune", False, None, prov, None, issuer_is_agency)


def _province_unit(provincial, bare, ocr, issuer_is_agency) -> PlanUnit:
    votes = _votes(
        provincial,
        lambda r: [p] if (p := find_province(r.name, r.kind, historical=True)) else [],
    )
    for r in bare:
        for u in votes:
            if _similar(r.name, u.place) >= 90:
                votes[u] += r.weight
    if votes:
        unit = max(votes, key=votes.get)
        return PlanUnit(unit.place, unit.kind, "province", True, unit, unit, None, issuer_is_agency)
    read = max(provincial, key=lambda r: r.weight)
    place = _restore(_title_case(read.name), ocr)
    return PlanUnit(place, read.kind, "province", False, None, None, place, issuer_is_agency)
