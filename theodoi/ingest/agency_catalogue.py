"""The agencies a plan can name, built from the catalogue of standard agencies per level
(``theodoi/units/data/agency_catalogue.json``) and the plan's own unit — not from a
memory of the plans read before.

The catalogue names agencies generically: "Sở Y tế", "Phòng Văn hóa - Xã hội",
"Công an tỉnh", "Trạm Y tế xã".  For a plan of a real or read unit each entry is instantiated:

* the level word becomes the unit's own ("tỉnh" → "thành phố" for a centrally run city,
  "Tỉnh ủy" → "Thành ủy"; "xã" → "phường" / "đặc khu");
* an agency whose name ends with the level word bears the unit's name ("Công an xã" →
  "Công an xã Tà Xùa"), except the offices and standing bodies named after the level
  alone ("Văn phòng HĐND và UBND xã", "Thường trực Đảng ủy xã");
* the generic name stays an alias, so "Công an xã" and "Công an xã Tà Xùa" both match.

The result is an :class:`~theodoi.ingest.resolve.AgencyRegistry` (units: the nation,
the province, the commune; entries nearest unit first), so every matching rule of the
reader works on it unchanged.  Plain Python, no Django.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from theodoi.textnorm import search_key

from .model import ExtractedPlan
from .resolve import AgencyRegistry
from .units_of_vietnam import PlanUnit, read_plan_unit

__all__ = [
    "CATALOGUE_PATH",
    "CatalogueEntry",
    "catalogue_entries",
    "instantiate",
    "registry_for_plan",
    "registry_for_unit",
]

CATALOGUE_PATH = Path(__file__).resolve().parents[1] / "units" / "data" / "agency_catalogue.json"

_LEVELS = ("national", "province", "commune", "any")
_TYPE_CODES = {
    "tỉnh": "tinh",
    "thành phố": "thanh-pho",
    "xã": "xa",
    "phường": "phuong",
    "đặc khu": "dac-khu",
}
_NO_UNIT_NAME = re.compile(r"^(?:van phong|thuong truc|ban thuong truc|ban thuong vu)\b")


@dataclass(frozen=True)
class CatalogueEntry:
    key: str
    level: str  # national, province, commune
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    collective: bool = False
    standard: bool = True  # found in every unit of its level
    unit_name: str | None = None  # "Công an {unit}": the name an instance bears
    unit_types: tuple[str, ...] = ()  # xa, phuong, dac-khu, tinh, thanh-pho (empty: all)
    valid_until: str | None = None  # ISO date the agency ceased (merged, renamed)


def _entry(raw: dict[str, Any]) -> CatalogueEntry | None:
    name = str(raw.get("name") or "").strip()
    level = str(raw.get("level") or "").strip()
    if not name or level not in _LEVELS:
        return None
    forms = [raw.get("short_name"), *(raw.get("aliases") or [])]
    aliases = tuple(dict.fromkeys(str(a).strip() for a in forms if a and str(a).strip()))
    return CatalogueEntry(
        key=str(raw.get("key") or name),
        level=level,
        kind=str(raw.get("kind") or ""),
        name=name,
        aliases=aliases,
        collective=bool(raw.get("collective")),
        standard=raw.get("standard", True) is not False,
        unit_name=str(raw["unit_name"]) if raw.get("unit_name") else None,
        unit_types=tuple(str(t) for t in raw.get("unit_types") or ()),
        valid_until=str(raw["valid_until"]) if raw.get("valid_until") else None,
    )


@lru_cache(maxsize=4)
def catalogue_entries(path: str | None = None) -> tuple[CatalogueEntry, ...]:
    """The catalogue's entries (empty when the file is missing or unreadable)."""
    p = Path(path) if path else CATALOGUE_PATH
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    rows = data.get("entries", []) if isinstance(data, dict) else data
    out = [_entry(r) for r in rows if isinstance(r, dict)]
    return tuple(e for e in out if e is not None)


# -- instantiation ----------------------------------------------------------------


def _swap_level(name: str, level: str, kind: str) -> str:
    """The generic level word of ``name`` replaced by the unit's ``kind``."""
    if level == "province" and kind == "thành phố":
        name = re.sub(r"\btỉnh ủy\b", "thành ủy", name)
        name = re.sub(r"\bTỉnh (ủy|đoàn)\b", r"Thành \1", name)
        name = re.sub(r"\btỉnh\b", "thành phố", name)
    elif level == "commune" and kind in ("phường", "đặc khu"):
        name = re.sub(r"\bxã\b(?! hội)", kind, name)
    return name


def _level_word_at_end(name: str, kind: str) -> bool:
    return bool(kind) and search_key(name).endswith(" " + search_key(kind))


def instantiate(entry: CatalogueEntry, *, kind: str, place: str | None) -> tuple[str, list[str]]:
    """(name, aliases) of ``entry`` for a unit of ``kind`` named ``place``: the name its
    ``unit_name`` gives ("Công an {unit}" → "Công an xã Tà Xùa"), else the generic name
    with the unit's level word."""
    generic = [entry.name, *entry.aliases]
    names = [_swap_level(n, entry.level, kind) for n in generic]
    name = names[0]
    if entry.unit_name and place and kind:
        name = entry.unit_name.replace("{unit}", f"{kind} {place}")
    aliases = list(dict.fromkeys([*names, *generic]))
    if place and entry.level != "national":
        aliases += [f"{n} {place}" for n in names if _level_word_at_end(n, kind)]
    return name, [a for a in dict.fromkeys(aliases) if a != name]


def _usual(entry: CatalogueEntry, kind: str, on: date | None) -> bool:
    """Does every unit of ``kind`` have this agency at ``on``?  The others (an agency of
    some provinces only, one merged away before the plan) are matched after them."""
    if not entry.standard:
        return False
    if entry.unit_types and kind and _TYPE_CODES.get(kind) not in entry.unit_types:
        return False
    if entry.valid_until and on is not None:
        return on.isoformat() < entry.valid_until
    return True


def _unit_rows(unit: PlanUnit | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [{"code": "VN", "name": "Trung ương", "level": "national"}]
    if unit is None:
        return rows
    prov = unit.province_name
    rows.append(
        {
            "code": "province",
            "name": f"{unit.province_kind.capitalize()} {prov}" if prov else "",
            "level": "province",
            "parent": "VN",
        }
    )
    if unit.level == "commune":
        rows.append(
            {
                "code": "commune",
                "name": f"{unit.kind.capitalize()} {unit.place}",
                "level": "commune",
                "parent": "province",
            }
        )
    return rows


def _levels_of(unit: PlanUnit | None) -> list[str]:
    """The catalogue levels a plan of ``unit`` names, nearest first."""
    if unit is None or unit.level == "commune":
        return ["commune", "province", "national"]
    return ["province", "national"]


def _kind_and_place(unit: PlanUnit | None, level: str) -> tuple[str, str | None]:
    if level == "province":
        return (unit.province_kind, unit.province_name) if unit else ("tỉnh", None)
    if level == "commune":
        return (unit.kind, unit.place) if unit else ("xã", None)
    return "", None


def registry_for_unit(
    unit: PlanUnit | None,
    *,
    on: date | None = None,
    entries: tuple[CatalogueEntry, ...] | None = None,
) -> AgencyRegistry:
    """The agencies a plan of ``unit`` dated ``on`` may name (``unit`` None: generic
    names, all levels).  Per level, the usual agencies come first, then the others
    (unit code ``"<level>~"``), so a tie between a "Sở …" every province has and one of
    a few cities goes to the first."""
    entries = catalogue_entries() if entries is None else entries
    rows: list[dict[str, Any]] = []
    codes = {"national": "VN", "province": "province", "commune": "commune"}
    for level in _levels_of(unit):
        kind, place = _kind_and_place(unit, level)
        group: dict[bool, list[dict[str, Any]]] = {True: [], False: []}
        for e in entries:
            if e.level != level or e.collective:
                continue
            name, aliases = instantiate(e, kind=kind, place=place)
            if level == "province" and unit is not None and unit.province is None:
                # the province is not known for sure: a city's words match too
                other = "thành phố" if kind == "tỉnh" else "tỉnh"
                aliases.append(instantiate(e, kind=other, place=None)[0])
            code = codes[level] if unit is not None else "VN"
            usual = _usual(e, kind, on)
            group[usual].append(
                {
                    "unit": code if usual else f"{code}~",
                    "name": name,
                    "aliases": aliases,
                    "kind": e.kind,
                    "key": e.key,
                }
            )
        rows += group[True] + group[False]
    units = _unit_rows(unit)
    units += [{**u, "code": f"{u['code']}~"} for u in units]
    return AgencyRegistry(rows, units)


def registry_for_plan(plan: ExtractedPlan) -> AgencyRegistry:
    """The agencies of a plan already read (its unit read again from its header)."""
    doc = plan.document
    unit = read_plan_unit(
        issuer=doc.issuer,
        place=doc.place,
        title=doc.title,
        text=plan.normalized_text,
        ocr=plan.ocr,
    )
    return registry_for_unit(unit, on=doc.date)
