"""The official data the registry is built from, read as plain Python (no Django).

- the 34 provinces and 3,321 communes since 1/7/2025, from the `vietnam-provinces` package (its
  data ships inside the wheel: nothing is downloaded);
- the 63 provinces before 1/7/2025 and their successor (Nghị quyết 202/2025/QH15), from
  `data/historical_provinces.json` (the package has no list of the former provinces);
- the standard agencies of each level, from `data/agency_catalogue.json`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from theodoi.textnorm import nfc, strip_diacritics

DATA_DIR = Path(__file__).resolve().parent / "data"
CATALOGUE_PATH = DATA_DIR / "agency_catalogue.json"
HISTORICAL_PATH = DATA_DIR / "historical_provinces.json"

PROVINCE_TYPES = {"tỉnh": "tinh", "thành phố trung ương": "thanh-pho"}
COMMUNE_TYPES = {"xã": "xa", "phường": "phuong", "đặc khu": "dac-khu"}


def slug(text: str) -> str:
    """ "Bà Rịa - Vũng Tàu" -> "ba-ria-vung-tau"; "xa_ta_xua" -> "xa-ta-xua"."""
    return re.sub(r"[^a-z0-9]+", "-", strip_diacritics(text).lower()).strip("-")


@dataclass(frozen=True)
class CommuneRecord:
    official_code: str
    code: str
    name: str
    unit_type: str


@dataclass(frozen=True)
class ProvinceRecord:
    official_code: str
    code: str
    name: str
    unit_type: str
    communes: tuple[CommuneRecord, ...] = field(default=())


@dataclass(frozen=True)
class HistoricalRecord:
    official_code: str
    code: str
    name: str
    unit_type: str
    successor_code: str


@dataclass(frozen=True)
class Release:
    """One release of the official list: its label and its provinces with their communes."""

    label: str
    provinces: tuple[ProvinceRecord, ...]
    # False for a part of the list (tests, small scales): units outside it are then not retired.
    complete: bool = True

    @property
    def commune_count(self) -> int:
        return sum(len(p.communes) for p in self.provinces)


def _province_name(raw: dict) -> str:
    name = nfc(raw["name"])
    if raw["division_type"] == "tỉnh" and not name.startswith("Tỉnh "):
        return f"Tỉnh {name}"
    return name


def release_read(path: Path | None = None, *, label: str | None = None) -> Release:
    """The provinces and communes of a `nested-divisions.json` (default: the installed
    vietnam-provinces). A commune's code is its codename, with its province's when two
    communes of the nation share it ("xa-tan-thanh-dong-nai")."""
    import vietnam_provinces

    path = Path(path or vietnam_provinces.NESTED_DIVISIONS_JSON_PATH)
    raw = json.loads(path.read_text(encoding="utf-8"))
    shared = Counter(w["codename"] for p in raw for w in p["wards"])
    provinces = []
    for p in raw:
        communes = tuple(
            CommuneRecord(
                official_code=f"{int(w['code']):05d}",
                code=slug(
                    w["codename"]
                    if shared[w["codename"]] == 1
                    else f"{w['codename']}_{p['codename']}"
                ),
                name=nfc(w["name"]),
                unit_type=COMMUNE_TYPES[w["division_type"]],
            )
            for w in p["wards"]
        )
        provinces.append(
            ProvinceRecord(
                official_code=f"{int(p['code']):02d}",
                code=slug(p["codename"]),
                name=_province_name(p),
                unit_type=PROVINCE_TYPES[p["division_type"]],
                communes=communes,
            )
        )
    if label is None:
        label = f"vietnam-provinces {vietnam_provinces.__version__}"
    return Release(label=label, provinces=tuple(provinces))


def release_subset(release: Release, codes: set[str], communes: int | None = None) -> Release:
    """Some provinces of a release (and their first `communes` communes): for tests, the demo's
    and synth's small scales. The label is kept."""
    kept = tuple(
        ProvinceRecord(
            official_code=p.official_code,
            code=p.code,
            name=p.name,
            unit_type=p.unit_type,
            communes=p.communes if communes is None else p.communes[:communes],
        )
        for p in release.provinces
        if p.code in codes
    )
    return Release(label=release.label, provinces=kept, complete=False)


def historical_read(path: Path = HISTORICAL_PATH) -> tuple[str, list[HistoricalRecord]]:
    """The legal source and the former provinces that did not keep their name (29 of 63)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    records = [
        HistoricalRecord(
            official_code=row["official_code"],
            code=slug(row["name"].removeprefix("Tỉnh ").removeprefix("Thành phố ")),
            name=nfc(row["name"]),
            unit_type=row["unit_type"],
            successor_code=slug(row["successor"]),
        )
        for row in data["provinces"]
        if not row["continues"]
    ]
    return data["source"], records


def catalogue_read(path: Path = CATALOGUE_PATH) -> dict:
    """The agency catalogue as stored: {"version": …, "entries": […]}."""
    return json.loads(Path(path).read_text(encoding="utf-8"))
