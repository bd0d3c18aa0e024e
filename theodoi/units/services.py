"""Writes for units and agencies."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from theodoi.textnorm import nfc
from theodoi.units.models import Agency, Unit

REGISTRY_PATH = Path(__file__).resolve().parent / "data" / "registry.json"


@dataclass(frozen=True)
class RegistryLoadResult:
    units: int
    agencies: int


@transaction.atomic
def registry_load(*, path: Path = REGISTRY_PATH) -> RegistryLoadResult:
    """Create or update the units and agencies of a registry file; idempotent."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    units: dict[str, Unit] = {}
    pending = list(data["units"])
    while pending:  # parents before children, whatever the file's order
        progressed = False
        for entry in list(pending):
            parent_code = entry.get("parent")
            if parent_code and parent_code not in units:
                continue
            unit, _ = Unit.objects.update_or_create(
                code=entry["code"],
                defaults={
                    "name": nfc(entry["name"]),
                    "level": entry["level"],
                    "parent": units.get(parent_code) if parent_code else None,
                },
            )
            units[unit.code] = unit
            pending.remove(entry)
            progressed = True
        if not progressed:
            codes = ", ".join(e["code"] for e in pending)
            raise ValueError(f"Đơn vị cấp trên không tồn tại cho: {codes}")
    count = 0
    for entry in data.get("agencies", []):
        Agency.objects.update_or_create(
            unit=units[entry["unit"]],
            name=nfc(entry["name"]),
            defaults={
                "short_name": nfc(entry.get("short_name") or ""),
                "kind": entry.get("kind") or "other",
                "aliases": [nfc(a) for a in entry.get("aliases", [])],
            },
        )
        count += 1
    return RegistryLoadResult(units=len(units), agencies=count)
