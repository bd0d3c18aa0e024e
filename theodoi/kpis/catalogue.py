"""The catalogue of national KPIs as data (``data/national_kpis.json``, with their sources).

Plain Python (no Django): what a national target is, which target holds in a year, and the
catalogue as read from the file. The database keeps a copy (``kpis.Kpi``, loaded by the
migration and by ``services.kpi_catalogue_load``) so that plan indicators can point at it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "national_kpis.json"
HIGHER, LOWER = "higher", "lower"
DIRECTION_LABELS = {HIGHER: "càng cao càng tốt", LOWER: "càng thấp càng tốt"}


@dataclass(frozen=True)
class KpiTarget:
    year: int
    op: str  # a plans.choices.TargetOp value: >=, >, <=, <, =, range
    value: Decimal
    value_max: Decimal | None
    raw: str


@dataclass(frozen=True)
class NationalKpi:
    code: str
    name: str
    unit_of_measure: str
    direction: str
    targets: tuple[KpiTarget, ...]
    document: str  # the document's symbol: "57-NQ/TW", "71/NQ-CP"
    article: str
    restated_in: str
    keywords: tuple[str, ...]


def target_for(targets, year: int):
    """The target that holds in ``year``: the year's own, else the nearest later one, else the
    latest (a target "by 2030" holds for 2026 too; after 2045 the 2045 one still holds)."""
    ordered = sorted(targets, key=lambda t: t.year)
    later = [t for t in ordered if t.year >= year]
    if later:
        return later[0]
    return ordered[-1] if ordered else None


def _target(data: dict) -> KpiTarget:
    high = data.get("value_max")
    return KpiTarget(
        year=int(data["year"]),
        op=data["op"],
        value=Decimal(str(data["value"])),
        value_max=None if high is None else Decimal(str(high)),
        raw=data["raw"],
    )


def parse_catalogue(data: dict) -> tuple[NationalKpi, ...]:
    """The KPIs of a catalogue file's content; a code given twice or an unknown direction is
    refused (ValueError)."""
    kpis = []
    seen = set()
    for item in data["kpis"]:
        if item["code"] in seen:
            raise ValueError(f"KPI code given twice: {item['code']}")
        if item["direction"] not in (HIGHER, LOWER):
            raise ValueError(f"unknown direction for {item['code']}: {item['direction']}")
        if item["document"] not in data["source"]["documents"]:
            raise ValueError(f"unknown source document for {item['code']}: {item['document']}")
        seen.add(item["code"])
        kpis.append(
            NationalKpi(
                code=item["code"],
                name=item["name"],
                unit_of_measure=item["unit_of_measure"],
                direction=item["direction"],
                targets=tuple(_target(t) for t in item["targets"]),
                document=item["document"],
                article=item["article"],
                restated_in=item.get("restated_in", ""),
                keywords=tuple(item.get("keywords", ())),
            )
        )
    return tuple(kpis)


@cache
def _data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def national_kpis() -> tuple[NationalKpi, ...]:
    return parse_catalogue(_data())


def source_documents() -> dict[str, str]:
    """Symbol → full title of each source document."""
    return dict(_data()["source"]["documents"])
