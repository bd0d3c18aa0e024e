"""Resolve agency names as written in a plan ("Sở KH&CN", "Phòng VH-XH", "TTPVHCC",
"S¢ Khoa hoc va Cong nghé") to the names of an agency registry — by default the one
:mod:`~theodoi.ingest.agency_catalogue` builds from the catalogue for the plan's unit.

Matching is diacritics-insensitive and abbreviation-aware: both the query and the
registry names are turned into a *canonical key* in which the usual administrative
abbreviations are spelled out (UBND → ủy ban nhân dân, KH&CN → khoa học công nghệ,
VH-XH → văn hóa xã hội …), then compared with rapidfuzz.

Collective phrases ("Các phòng, đơn vị có liên quan", "các sở, ban, ngành")
are recognised and kept as read; they are not unknown agencies.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from theodoi.textnorm import nfc, search_key

from .units_of_vietnam import loose_key

__all__ = [
    "AGENCY_HEAD_WORDS",
    "AgencyRegistry",
    "Resolution",
    "agency_key",
    "is_collective",
    "load_registry",
    "split_agencies",
]

MATCH_THRESHOLD = 86.0

# (pattern on a diacritics-free lower-case key, expansion); applied in order.
_ABBREVIATIONS: list[tuple[str, str]] = [
    (r"\bvpubnd\b|\bvpub\b", "van phong uy ban nhan dan"),
    (r"\bubmttqvn\b|\bubmttq\b", "uy ban mat tran to quoc viet nam"),
    (r"\bubnd\b|\bubnd\w*", "uy ban nhan dan"),
    (r"\bhdnd\b", "hoi dong nhan dan"),
    (r"\bttpvhcc\b", "trung tam phuc vu hanh chinh cong"),
    (r"\bpvhcc\b", "phuc vu hanh chinh cong"),
    (r"\bvhtttt\b", "van hoa thong tin the thao"),
    (r"\bvan hoa tttt\b", "van hoa thong tin the thao"),
    (r"\bvhttdl\b|\bvh\s*,?\s*tt\s*(?:&|va)\s*dl\b", "van hoa the thao du lich"),
    (r"\bkh\s*&\s*cn\b|\bkhcn\b|\bkh-cn\b", "khoa hoc cong nghe"),
    (r"\bkh\s*&\s*dt\b|\bkhdt\b", "ke hoach dau tu"),
    (r"\bgd\s*&\s*dt\b|\bgddt\b", "giao duc dao tao"),
    (r"\btt\s*&\s*tt\b|\btttt\b", "thong tin truyen thong"),
    (r"\btn\s*&\s*mt\b|\btnmt\b", "tai nguyen moi truong"),
    (r"\bnn\s*&\s*ptnt\b|\bnnptnt\b", "nong nghiep phat trien nong thon"),
    (r"\bldtb\s*&\s*xh\b|\bldtbxh\b", "lao dong thuong binh xa hoi"),
    (r"\bvh\s*[-–]\s*xh\b|\bvhxh\b", "van hoa xa hoi"),
    (r"\bbchqs\b|\bban chqs\b", "ban chi huy quan su"),
    (r"\bchqs\b", "chi huy quan su"),
    (r"\bbhxh\b", "bao hiem xa hoi"),
    (r"\bnhnn\b", "ngan hang nha nuoc"),
    (r"\bqlda\b", "quan ly du an"),
    (r"\bdtxd\b", "dau tu xay dung"),
    (r"\bkttv\b", "khi tuong thuy van"),
    (r"\bpt\s*-\s*th\b", "phat thanh truyen hinh"),
    (r"\bcntt\b", "cong nghe thong tin"),
    (r"\bttu\b|\btttu\b", "thuong truc tinh uy"),
    (r"^tt\s+(?=hoi dong|dang uy|tinh uy|thanh uy)", "thuong truc "),
    (r"\btp\b", "thanh pho"),
    (r"\bvp\b", "van phong"),
    (r"\bca\b(?= (?:xa|tinh|huyen|phuong|thanh pho))", "cong an"),
    (r"\bs(?:kh|k)?\b(?= khoa hoc)", "so"),
]
_ABBR_RX = [(re.compile(p), r) for p, r in _ABBREVIATIONS]

# OCR shapes of "Sở" / "Các" at the start of a name
_OCR_TOKENS = [
    (re.compile(r"^(?:s[¢&6e0dgoôóòé]?|8[¢&])$"), "so"),
    (re.compile(r"^c[a4e@d][cé]$"), "cac"),
    # the level words with their marked vowel misread: "xd", "x4", "x&" for "xã"
    (re.compile(r"^x[d34&@¢€]$"), "xa"),
    (re.compile(r"^phu[d6¢&@]ng$"), "phuong"),
]

_LEVEL_WORDS = {"xa", "tinh", "huyen", "phuong", "thi", "tran", "thanh", "pho", "dac", "khu"}
_STOP = {"va", "cua", "thuoc", "truc"}

_COLLECTIVE = re.compile(
    r"(\blien quan\b|^cac\b|^nhung\b|^(?:cac\s+)?(?:co quan|don vi|phong, ban|so, ban|so, nganh)\b"
    r"|\bcac (?:co quan|don vi|so|phong|ban|nganh|dia phuong|truong|to chuc|doanh nghiep|xa|huyen)\b"
    r"|^uy ban nhan dan cac\b|^ubnd cac\b|^dia phuong\b|^toan\b)"
)

_HEAD_WORDS = {
    "so",
    "phong",
    "ban",
    "uy",
    "ubnd",
    "van",
    "trung",
    "cong",
    "chi",
    "bao",
    "dai",
    "tram",
    "cac",
    "truong",
    "ngan",
    "bo",
    "hoi",
    "thuong",
    "tinh",
    "thanh",
    "doan",
    "mat",
    "ho",
    "quan",
    "benh",
    "ubmttq",
    "vp",
    "vpub",
    "ttpvhcc",
    "bhxh",
    "nhnn",
    "to",
    "hop",
    "cuc",
    "tong",
    "vien",
    "hoc",
    "kho",
    "hai",
    "tap",
    "buu",
    "hdnd",
    "htx",
}

AGENCY_HEAD_WORDS = frozenset(_HEAD_WORDS)  # first words of agency names (folded)


def _ocr_fold(key: str) -> str:
    words = key.split()
    out = []
    for w in words:
        for rx, rep in _OCR_TOKENS:
            if rx.match(w):
                w = rep
                break
        out.append(w)
    return " ".join(out).replace("¢", "e").replace("€", "e")


@lru_cache(maxsize=8192)
def agency_key(text: str) -> str:
    """Canonical comparison key: no diacritics, lower case, abbreviations spelled out."""
    key = search_key(text).replace("–", "-").replace("—", "-")
    key = _ocr_fold(key)
    for rx, rep in _ABBR_RX:
        key = rx.sub(rep, key)
    key = re.sub(r"[^a-z0-9]+", " ", key)
    words = [w for w in key.split() if w not in _STOP]
    return " ".join(words)


def _core(key: str, places: Iterable[str] = ()) -> str:
    for place in places:
        if place and key.endswith(" " + place):
            key = key[: -len(place) - 1]
    words = key.split()
    while len(words) > 1 and words[-1] in _LEVEL_WORDS:
        words.pop()
    return " ".join(words)


def is_collective(raw: str) -> bool:
    """True for phrases naming a set of agencies rather than one agency."""
    key = search_key(raw).replace("–", "-")
    key = _ocr_fold(key)
    return bool(_COLLECTIVE.search(key))


@dataclass(frozen=True)
class Resolution:
    """``name`` is the registry name when found; ``kind`` is agency, collective or unknown."""

    name: str | None
    raw: str
    score: float
    kind: str = "unknown"

    @property
    def display(self) -> str:
        return self.name or self.raw


def clean_agency_text(raw: str) -> str:
    text = nfc(raw).replace("–", "-").replace("—", "-")
    text = re.sub(r"\s+", " ", text).strip(" .;,:-|")
    text = re.sub(r"\s*-\s*", " - ", text)
    text = re.sub(r"\s*&\s*", "&", text)
    return text


class AgencyRegistry:
    """Agencies that may lead or coordinate tasks; built from registry entries
    ``{"name", "short_name", "aliases", "unit"}``."""

    def __init__(
        self,
        entries: Iterable[Mapping[str, Any]],
        units: Iterable[Mapping[str, Any]] | None = None,
    ) -> None:
        self.entries: list[dict[str, Any]] = [dict(e) for e in entries]
        self.units: list[dict[str, Any]] = [dict(u) for u in (units or [])]
        self._places = sorted(
            {_core_place(u.get("name", "")) for u in self.units} - {""}, key=len, reverse=True
        )
        self._keys: list[str] = []
        self._owner: list[int] = []
        self._compact: list[str] = []  # the name's letters, stop words kept
        # the layouts ask for the same names many times (each row, each duty, each title)
        self._resolved: dict[str, Resolution] = {}
        self._prefix_owners: dict[str, set[int]] = {}
        self._near: dict[int, tuple[list[str], list[int]]] = {}  # by a name's length
        self._cut: dict[int, tuple[list[int], list[str]]] = {}
        self._sorted: list[tuple[str, int]] | None = None
        self._wholes: list[str] | None = None  # each key without its spaces
        self._lengths: np.ndarray | None = None  # each key's length
        # names long enough to hold a task's words (a steering committee named after
        # its whole subject) are matched whole, never by a piece of them
        self._whole_only = {
            i for i, e in enumerate(self.entries) if len(str(e.get("name", "")).split()) > 12
        }
        # the words of the longest name matched in running text ("Đoàn Thanh niên Cộng sản
        # Hồ Chí Minh xã …" has 11 or more): how far a mention is looked for
        self.longest = max(
            [9]
            + [
                len(str(n).split())
                for i, e in enumerate(self.entries)
                if i not in self._whole_only
                for n in [e.get("name"), *(e.get("aliases") or [])]
                if n
            ]
        )
        for idx, entry in enumerate(self.entries):
            names = [entry.get("name"), entry.get("short_name"), *(entry.get("aliases") or [])]
            for n in names:
                if not n:
                    continue
                full = agency_key(n)
                core = _core(full, self._places)
                # a core of one word ("Báo tỉnh" → "bao") names nothing by itself
                for k in {full, core if " " in core or core == full else ""}:
                    if k:
                        self._keys.append(k)
                        self._owner.append(idx)
                        self._compact.append(re.sub(r"[^a-z0-9]", "", search_key(n)))

    # -- construction -------------------------------------------------
    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> AgencyRegistry:
        return cls(data.get("agencies", []), data.get("units", []))

    def scoped(self, unit_code: str | None) -> AgencyRegistry:
        """The agencies of ``unit_code`` and of its ancestors (nearest first)."""
        if not unit_code or not self.units:
            return self
        by_code = {u.get("code"): u for u in self.units}
        chain: list[str] = []
        code: str | None = unit_code
        while code and code in by_code and code not in chain:
            chain.append(code)
            code = by_code[code].get("parent")
        if not chain:
            return self
        rank = {c: i for i, c in enumerate(chain)}
        entries = sorted(
            (e for e in self.entries if e.get("unit") in rank), key=lambda e: rank[e["unit"]]
        )
        return AgencyRegistry(entries, self.units)

    def national(self) -> AgencyRegistry:
        """The agencies of the top unit(s) only: what a plan of a unit the registry
        does not know can name (another commune's "Trạm Y tế xã …" is not its own)."""
        if not self.units:
            return self
        top = {u.get("code") for u in self.units if not u.get("parent")}
        return AgencyRegistry([e for e in self.entries if e.get("unit") in top], self.units)

    def find_unit(self, text: str | None) -> dict[str, Any] | None:
        """The unit whose name best matches ``text`` (e.g. an issuer "UBND xã Tà Xùa")."""
        if not text or not self.units:
            return None
        key = search_key(text)
        best, best_score = None, 0.0
        for unit in self.units:
            name = search_key(unit.get("name", ""))
            place = _core_place(unit.get("name", ""))
            if not place:
                continue
            score = fuzz.partial_ratio(place, key) if len(place) >= 4 else 0
            if name and name in key:
                score += 5
            if score > best_score:
                best, best_score = unit, score
        return best if best_score >= 85 else None

    # -- resolution ---------------------------------------------------
    def resolve(self, raw: str) -> Resolution:
        known = self._resolved.get(raw)
        if known is None:
            known = self._resolved[raw] = self._resolve(raw)
        return known

    def _resolve(self, raw: str) -> Resolution:
        text = clean_agency_text(raw)
        if not text:
            return Resolution(None, raw, 0.0, "unknown")
        score, idx = self._best(text)
        # "UBND các xã, phường" names every commune's committee, however close it reads to
        # the province's own "UBND tỉnh …": a group is never one agency unless named exactly
        collective = is_collective(text)
        if idx is not None and score >= MATCH_THRESHOLD and not (collective and score < 97):
            return Resolution(self.entries[idx]["name"], text, score, "agency")
        if collective:
            return Resolution(None, text, 0.0, "collective")
        return Resolution(None, text, score, "unknown")

    def _best(self, text: str) -> tuple[float, int | None]:
        if not self._keys:
            return 0.0, None
        key = agency_key(text)
        if not key:
            return 0.0, None
        # the name as read first: "UBND tỉnh" is the province's, though its core
        # ("uy ban nhan dan") is the commune's too
        candidates = dict.fromkeys([key, _core(key, self._places)])
        best_score, best_idx = 0.0, None
        for cand in candidates:
            # a name under the threshold names no agency: its score is not looked for,
            # nor are the names too long or too short to reach it
            keys, where = self._keys_near(len(cand))
            hit = process.extractOne(cand, keys, scorer=fuzz.ratio, score_cutoff=MATCH_THRESHOLD)
            if hit and hit[1] > best_score and _close_enough(cand, hit[0], hit[1]):
                best_score, best_idx = hit[1], self._owner[where[hit[2]]]
        return best_score, best_idx

    def _keys_near(self, length: int) -> tuple[list[str], list[int]]:
        """The keys whose length lets ``fuzz.ratio`` with a name of ``length`` letters reach
        :data:`MATCH_THRESHOLD` (the ratio is at most 2·min/(sum) of the two lengths), in
        their order, with their indices: the same best match, found among fewer names."""
        near = self._near.get(length)
        if near is None:
            lens = self._key_lengths()
            fits = 200 * np.minimum(length, lens) >= (MATCH_THRESHOLD - 0.01) * (length + lens)
            where = np.flatnonzero(fits).tolist()
            near = self._near[length] = ([self._keys[i] for i in where], where)
        return near

    def unique_prefix(self, text: str) -> Resolution | None:
        """The agency whose name begins with ``text`` when only one does (a cell cut
        across lines: "Phòng Văn hóa -" → Phòng Văn hóa - Xã hội).  Needs 3+ words."""
        key = agency_key(text)
        if len(key.split()) < 3 or len(key) < 10:
            return None
        owners = self._prefix_owners.get(key)
        if owners is None:
            # the names beginning with the key and a space stand together in sorted order
            if self._sorted is None:
                self._sorted = sorted(zip(self._keys, self._owner, strict=True))
            at = bisect.bisect_left(self._sorted, (key + " ",))
            owners = set()
            for k, owner in self._sorted[at:]:
                if not k.startswith(key + " "):
                    break
                owners.add(owner)
            self._prefix_owners[key] = owners
        if len(owners) != 1:
            return None
        (idx,) = owners
        return Resolution(self.entries[idx]["name"], clean_agency_text(text), 90.0, "agency")

    def fuzzy_prefix(self, text: str, *, min_score: float = 80.0) -> Resolution | None:
        """The agency whose name *begins* like ``text`` read with OCR slips ("S& ThQng tin
        va" → Sở Thông tin và Truyền thông): the best agency when it alone comes close.
        Needs 3+ words."""
        key = agency_key(text)
        if len(key.split()) < 3 or len(key) < 10 or not self._keys:
            return None
        best: dict[int, float] = {}
        # compare with each longer name cut at the query's length, all in one C call
        where, cuts = self._cuts(len(key))
        scores = process.cdist([key], cuts, scorer=fuzz.ratio, dtype=np.float64)[0] if cuts else []
        for i, sc in zip(where, scores.tolist() if cuts else [], strict=True):
            owner = self._owner[i]
            if sc > best.get(owner, 0.0):
                best[owner] = sc
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < min_score:
            return None
        close = [o for o, sc in ranked if sc >= ranked[0][1] - 8]
        if ranked[0][1] >= 98 and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]):
            close = close[:1]  # read as printed: "Bộ Khoa học và Công"
        if len(close) > 1:
            # "Sở Khoa học và" / "Bộ Khoa học và": the plan's own unit's agency, when
            # only one of the close ones is of the nearest unit
            units = [self.entries[o].get("unit") for o in close]
            nearest = min(units, key=self._unit_rank)
            close = [o for o, u in zip(close, units, strict=True) if u == nearest]
            if len(close) > 1:
                return None
        idx = close[0]
        return Resolution(self.entries[idx]["name"], clean_agency_text(text), best[idx], "agency")

    def _key_lengths(self) -> np.ndarray:
        if self._lengths is None:
            self._lengths = np.array([len(k) for k in self._keys], dtype=np.int64)
        return self._lengths

    def _cuts(self, length: int) -> tuple[list[int], list[str]]:
        """The names longer than ``length`` letters cut at that length, with their indices."""
        cut = self._cut.get(length)
        if cut is None:
            where = np.flatnonzero(self._key_lengths() > length).tolist()
            cut = self._cut[length] = (where, [self._keys[i][:length] for i in where])
        return cut

    def _unit_rank(self, unit: str | None) -> int:
        """Entries are ordered nearest unit first (see :meth:`scoped`)."""
        for i, e in enumerate(self.entries):
            if e.get("unit") == unit:
                return i
        return len(self.entries)

    def fragment(self, text: str, *, min_score: float = 85.0) -> Resolution | None:
        """The agency an OCR'd piece of a table cell belongs to: the cell's middle or end
        line ("tin va Truyén thong", "vu hanh chinh") or its whole name glued together
        ("SoYte", "S¢Y te").  Agencies of the plan's own unit come before those of the
        units above it (a province table's "tin và Truyền thông" is its Sở, not the
        Bộ); the best must stand clear of the next one."""
        key = agency_key(text)
        if not self._keys or len(key.replace(" ", "")) < 5:
            return None
        words = len(key.split())
        # words run together show as a capital inside a word ("SoYte", "S¢Y te") or as
        # a word longer than any Vietnamese syllable ("Thongtinva")
        run_together = re.search(r"[a-zà-ỹ¢&0-9][A-ZĐ]", text) or re.search(
            r"[a-z]{9,}", search_key(text)
        )
        glued = key.replace(" ", "") if run_together else None
        best: dict[int, float] = {}
        for i, sc in enumerate(self._fragment_scores(key, glued, words)):
            owner = self._owner[i]
            if owner not in self._whole_only and sc > best.get(owner, 0.0):
                best[owner] = sc
        units = [e.get("unit") for e in self.entries]
        for level in dict.fromkeys(units):
            ranked = sorted(
                ((o, sc) for o, sc in best.items() if units[o] == level), key=lambda kv: -kv[1]
            )
            if not ranked or ranked[0][1] < min_score:
                continue
            if len(ranked) > 1 and ranked[1][1] >= ranked[0][1] - 8:
                return None
            idx, sc = ranked[0]
            return Resolution(self.entries[idx]["name"], clean_agency_text(text), sc, "agency")
        return None

    def _fragment_scores(self, key: str, glued: str | None, words: int) -> list[float]:
        """Each name's score for :meth:`fragment`, every comparison of a kind in one C call:
        the glued piece against the whole name (a slip forgiven), its start and any part
        of it; the piece of three words or more against any part of a longer name."""

        def scores(query: str, choices: list[str], scorer) -> np.ndarray:
            return process.cdist([query], choices, scorer=scorer, dtype=np.float64)[0]

        sc = np.zeros(len(self._keys), dtype=np.float64)
        if glued:
            if self._wholes is None:
                self._wholes = [k.replace(" ", "") for k in self._keys]
            sc = scores(glued, self._wholes, fuzz.ratio) + 5  # one slip in a short name
            if len(glued) >= 8:  # the glued start of a cut cell
                where = [i for i, w in enumerate(self._wholes) if len(w) > len(glued)]
                if where:
                    cuts = [self._wholes[i][: len(glued)] for i in where]
                    sc[where] = np.maximum(sc[where], scores(glued, cuts, fuzz.ratio) + 5)
            if len(glued) >= 9:  # a glued piece of the name, "và" and all
                sc = np.maximum(sc, scores(glued, self._compact, fuzz.partial_ratio))
        if words >= 3 and len(key) >= 10:
            where = self._cuts(len(key))[0]  # the longer names
            if where:
                longer = [self._keys[i] for i in where]
                sc[where] = np.maximum(sc[where], scores(key, longer, fuzz.partial_ratio))
        return sc.tolist()

    def prefix_score(self, text: str) -> float:
        """How well ``text`` matches the *beginning* of some agency name (for cells cut
        across lines, e.g. "Sở Khoa học và")."""
        key = agency_key(text)
        if len(key) < 6 or not self._keys:
            return 0.0
        best = 0.0
        for k in self._keys:
            if len(k) > len(key):
                best = max(best, fuzz.ratio(key, k[: len(key)]))
        return best

    def find_mentions(self, text: str, *, min_start: int = 0) -> list[tuple[int, int, Resolution]]:
        """Agency names inside running text, as (first word, end word, resolution),
        word-indexed on ``text.split()``; left to right, longest first."""
        words = text.split()
        found: list[tuple[int, int, Resolution]] = []
        i = min_start
        while i < len(words):
            head = agency_key(words[i]).split()
            if not head or head[0] not in _HEAD_WORDS:
                i += 1
                continue
            hit = None
            for length in range(min(self.longest, len(words) - i), 0, -1):
                window = " ".join(words[i : i + length])
                res = self.resolve(window)
                # the longest window that reads as well as any shorter one: a name of
                # 9 words is not taken with the next word ("… xã Các phòng")
                if (
                    res.kind == "agency"
                    and res.score >= 90
                    and (hit is None or res.score > hit[2].score)
                ):
                    hit = (i, i + length, res)
                if hit is not None and hit[2].score >= 100:
                    break
            if hit:
                found.append(hit)
                i = hit[1]
            else:
                i += 1
        return found


def _close_enough(read: str, key: str, score: float) -> bool:
    """A slip in a short name makes another name ("thanh toan" is not "thanh doan"):
    under 12 letters, the two must agree on the loose key, where only OCR's vowel
    misreadings ("s6 n6i vu" for "so noi vu") are forgiven."""
    if score >= 100 or min(len(read), len(key)) >= 12:
        return True
    return loose_key(read) == loose_key(key)


def _core_place(unit_name: str) -> str:
    key = search_key(unit_name)
    key = re.sub(r"^(?:tinh|thanh pho|xa|phuong|dac khu|huyen|thi xa|trung uong)\s*", "", key)
    return key.strip()


# -- splitting cells ------------------------------------------------------

_HEAD_KEY = re.compile(
    r"^(?:so|phong|ban|uy ban|ubnd|van phong|vp|trung tam|cong an|chi nhanh|bao hiem|bhxh|dai|bao|"
    r"tram|truong|ngan hang|bo|hoi|thuong truc|tinh uy|dang uy|mat tran|hop tac xa|htx|to|"
    r"chi cuc|cuc|tong cuc|vien|hoc vien|benh vien|kho bac|hai quan|cong ty|tong cong ty|"
    r"tap doan|vien thong|buu dien|hdnd)\b"
)


def _starts_agency(part: str) -> bool:
    """Does ``part`` begin a new agency name?  Capitalised head words ("Sở", "Phòng",
    "UBND", "Trung tâm" …) or a lower-case collective "các …"; "đơn vị liên quan",
    "ban, ngành" continue the previous phrase."""
    part = part.strip()
    if not part:
        return False
    key = search_key(part)
    if re.match(r"^c[a4e]c\s", key):
        return True
    return part[:1].isupper() and bool(_HEAD_KEY.match(key))


def split_agencies(cell: str | None) -> list[str]:
    """Split a coordinators cell into agency phrases.

    ";" always separates.  "," and " và các " separate only when what follows starts
    like an agency ("Sở …", "UBND …", "các đơn vị …"), so "Các phòng chuyên môn, đơn vị
    có liên quan" and "Văn phòng HĐND và UBND" stay whole.
    """
    if not cell:
        return []
    text = re.sub(r"\s+", " ", nfc(cell)).strip(" .;,")
    parts: list[str] = []
    for chunk in re.split(r"\s*;\s*", text):
        if not chunk.strip(" .,"):
            continue
        pieces = re.split(r"\s*,\s*|\s+(?=và\s+các\b)|\s+(?=va\s+c[a4é]c\b)", chunk)
        current = ""
        for piece in pieces:
            piece = piece.strip()
            stripped = re.sub(r"^(?:và|va)\s+", "", piece)
            if current and _starts_agency(stripped):
                parts.append(current)
                current = stripped
            else:
                if current:
                    sep = " " if piece.startswith(("và ", "va ")) else ", "
                    current = f"{current}{sep}{piece}"
                else:
                    current = stripped
        if current:
            parts.append(current)
    return [p.strip(" .;,") for p in parts if p.strip(" .;,")]


def load_registry(path: str | Path) -> AgencyRegistry:
    """Read a registry JSON file ``{"units": [...], "agencies": [...]}``."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if isinstance(data, list):
        return AgencyRegistry(data)
    return AgencyRegistry.from_data(data)
