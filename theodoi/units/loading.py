"""Bulk synchronisation of the units and their standard agencies with the official data.

Used by `services.nation_load` (which holds the transaction and switches the audit log off).
Rows are compared with what is stored and only those that differ are written, with
bulk_create / bulk_update, so a second load writes nothing. Nothing is ever deleted: a unit that
left the official list is marked `is_active=False` and keeps its plans.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from theodoi.textnorm import nfc, search_key
from theodoi.units.choices import UnitLevel
from theodoi.units.models import Agency, Unit

BATCH = 1000
UNIT_FIELDS = [
    "name",
    "level",
    "unit_type",
    "official_code",
    "is_historical",
    "successor",
    "parent",
    "path",
    "is_active",
    "source",
    "search_key",
    "updated_at",
]
AGENCY_FIELDS = ["name", "aliases", "catalogue_key", "search_key", "updated_at"]


def unit_label(unit: Unit) -> str:
    """What stands for {unit} in a catalogue name: "xã Tà Xùa", "thành phố Hải Phòng"."""
    return f"{unit.type_word} {unit.short_name}".strip()


class UnitSync:
    """Creates or updates units level by level; `flush` writes one level's changes."""

    def __init__(self, now: dt.datetime):
        self.now = now
        units = list(Unit.objects.all())
        self.by_code = {u.code: u for u in units}
        self.by_official = {(u.official_code, u.is_historical): u for u in units if u.official_code}
        self.seen: set[int] = set()
        self.moved: dict[str, Unit] = {}  # old path -> unit
        self.renamed: dict[int, str] = {}  # unit id -> its former unit_label
        self.created = self.updated = self.retired = 0
        self._create: list[Unit] = []
        self._update: list[Unit] = []

    def _find(self, code: str, official_code: str, historical: bool) -> tuple[Unit | None, str]:
        unit = self.by_official.get((official_code, historical)) if official_code else None
        if unit is not None:
            return unit, unit.code
        taken = self.by_code.get(code)
        if taken is None or (not taken.official_code and taken.is_historical == historical):
            return taken, code  # new, or a unit of an older registry file adopted by its code
        code = f"{code}-{official_code}"  # another unit holds the codename
        return self.by_code.get(code), code

    def ensure(
        self,
        *,
        code: str,
        official_code: str = "",
        historical: bool = False,
        parent: Unit | None,
        **values,
    ) -> Unit:
        unit, code = self._find(code, official_code, historical)
        values = {
            **values,
            "name": nfc(values["name"]),
            "official_code": official_code,
            "is_historical": historical,
            "is_active": True,
        }
        if unit is None:
            unit = Unit(code=code, parent=parent, **values)
            unit.path = unit.path_under(parent)
            unit.search_key = search_key(unit.search_text())
            self._create.append(unit)
            self.by_code[code] = unit
            self.by_official[(official_code, historical)] = unit
            return unit
        if unit.pk:
            self.seen.add(unit.pk)
        changed = unit.parent_id != (parent.pk if parent else None)
        if unit.name != values["name"] and unit.pk:
            self.renamed[unit.pk] = unit_label(unit)
        for name, value in values.items():
            if name == "successor":
                changed |= unit.successor_id != (value.pk if value else None)
            elif getattr(unit, name) != value:
                changed = True
            setattr(unit, name, value)
        unit.parent = parent
        path = unit.path_under(parent)
        if unit.path != path:
            self.moved[unit.path] = unit
            unit.path = path
        if changed:
            unit.search_key = search_key(unit.search_text())
            unit.updated_at = self.now
            self._update.append(unit)
        return unit

    def flush(self) -> None:
        Unit.objects.bulk_create(self._create, batch_size=BATCH)
        Unit.objects.bulk_update(self._update, UNIT_FIELDS, batch_size=BATCH)
        self.created += len(self._create)
        self.updated += len({u.pk for u in self._update})
        self.seen.update(u.pk for u in self._create)
        self._create, self._update = [], []

    def repath_others(self) -> None:
        """Units moved with their parent but not in the load (added by hand) follow it."""
        for old, unit in self.moved.items():
            below = Unit.objects.filter(path__startswith=old).exclude(pk__in=self.seen)
            rows = list(below)
            for row in rows:
                row.path = unit.path + row.path[len(old) :]
            Unit.objects.bulk_update(rows, ["path"], batch_size=BATCH)

    def retire_missing(self) -> None:
        """Units of the official list that the loaded release no longer has."""
        gone = list(
            Unit.objects.filter(
                is_active=True,
                is_historical=False,
                level__in=[UnitLevel.PROVINCE, UnitLevel.COMMUNE],
            )
            .exclude(official_code="")
            .exclude(pk__in=self.seen)
        )
        for unit in gone:
            unit.is_active, unit.updated_at = False, self.now
        Unit.objects.bulk_update(gone, ["is_active", "updated_at"], batch_size=BATCH)
        self.retired = len(gone)


class AgencySync:
    """Gives every unit the standard agencies of its level from the catalogue."""

    def __init__(self, catalogue: dict, now: dt.datetime, units: list[Unit] | None = None):
        self.now = now
        self.entries: dict[str, list[dict]] = defaultdict(list)
        for entry in catalogue["entries"]:
            if not entry["collective"] and (entry["standard"] or entry.get("valid_until")):
                self.entries[entry["level"]].append(entry)
        self.by_key: dict[tuple[int, str], Agency] = {}
        self.by_name: dict[tuple[int, str], Agency] = {}
        fields = ("id", "unit_id", "name", "short_name", "aliases", "catalogue_key")
        existing = Agency.objects.only(*fields)
        if units is not None:  # only these units will be ensured
            existing = existing.filter(unit__in=units)
        for agency in existing:
            self.by_name[(agency.unit_id, agency.name)] = agency
            if agency.catalogue_key:
                self.by_key[(agency.unit_id, agency.catalogue_key)] = agency
        self.created = self.updated = 0
        self._create: list[Agency] = []
        self._update: list[Agency] = []

    def entries_for(self, unit: Unit) -> Iterable[dict]:
        """Standard entries of the unit's level; a former province also gets the agencies of
        its time (those merged on 1/3/2025)."""
        for entry in self.entries[unit.level]:
            if entry.get("valid_until") and not unit.is_historical:
                continue
            if entry.get("unit_types") and unit.unit_type not in entry["unit_types"]:
                continue
            yield entry

    @staticmethod
    def name_for(entry: dict, label: str) -> str:
        template = entry.get("unit_name")
        return nfc(template.format(unit=label)) if template and label else nfc(entry["name"])

    def ensure_unit(self, unit: Unit, renamed_from: str | None = None) -> None:
        label = unit_label(unit)
        for entry in self.entries_for(unit):
            name = self.name_for(entry, label)
            aliases = [nfc(a) for a in entry["aliases"]]
            if name != entry["name"]:
                aliases.insert(0, nfc(entry["name"]))
            agency = self.by_key.get((unit.pk, entry["key"])) or self.by_name.get((unit.pk, name))
            if agency is None:
                agency = Agency(
                    unit=unit,
                    name=name,
                    short_name=entry.get("short_name", ""),
                    kind=entry["kind"],
                    aliases=aliases,
                    catalogue_key=entry["key"],
                )
                agency.search_key = search_key(agency.search_text())
                self._create.append(agency)
                self.by_name[(unit.pk, name)] = agency
                continue
            self._merge(agency, entry, aliases, renamed_from, name)

    def _merge(self, agency: Agency, entry: dict, aliases: list[str], renamed_from, name) -> None:
        changed = False
        if agency.catalogue_key != entry["key"]:
            agency.catalogue_key, changed = entry["key"], True
        missing = [a for a in aliases if a not in agency.aliases and a != agency.name]
        if missing:
            agency.aliases, changed = [*agency.aliases, *missing], True
        # The unit was renamed: an agency still named after its old name follows it (a name
        # the office chose is kept).
        if renamed_from and agency.name == self.name_for(entry, renamed_from) != name:
            agency.name, changed = name, True
        if changed:
            agency.search_key = search_key(agency.search_text())
            agency.updated_at = self.now
            self._update.append(agency)

    def flush(self) -> None:
        Agency.objects.bulk_create(self._create, batch_size=BATCH)
        Agency.objects.bulk_update(self._update, AGENCY_FIELDS, batch_size=BATCH)
        self.created += len(self._create)
        self.updated += len(self._update)
        self._create, self._update = [], []
