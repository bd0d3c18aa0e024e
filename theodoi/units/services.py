"""Writes for units and agencies."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from theodoi.textnorm import nfc, search_key
from theodoi.units.choices import AgencyKind, UnitLevel, UnitType
from theodoi.units.loading import AgencySync, UnitSync
from theodoi.units.models import Agency, Unit
from theodoi.units.sources import (
    CATALOGUE_PATH,
    HISTORICAL_PATH,
    Release,
    catalogue_read,
    historical_read,
    release_read,
)

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
            unit = Unit.objects.filter(code=entry["code"]).first()
            if unit is None or not (unit.official_code or unit.is_historical):
                # A unit of the official list keeps its official name and place.
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
        _registry_agency(units[entry["unit"]], entry)
        count += 1
    return RegistryLoadResult(units=len(units), agencies=count)


def _registry_agency(unit: Unit, entry: dict) -> Agency:
    """An agency named in a registry file. It may already be there under that name, or as a
    standard agency with that name among its aliases: it then takes the file's names as aliases
    (nothing is removed); otherwise it is created."""
    name = nfc(entry["name"])
    aliases = [nfc(a) for a in entry.get("aliases", [])]
    agency = unit.agencies.filter(name=name).first() or _standard_named(unit, name, aliases)
    if agency is None:
        return Agency.objects.create(
            unit=unit,
            name=name,
            short_name=nfc(entry.get("short_name") or ""),
            kind=entry.get("kind") or "other",
            aliases=aliases,
        )
    extra = [a for a in (name, *aliases) if a not in agency.aliases and a != agency.name]
    if extra:
        agency.aliases = [*agency.aliases, *extra]
        agency.save(update_fields=["aliases", "updated_at"])
    return agency


def _standard_named(unit: Unit, name: str, aliases: list[str]) -> Agency | None:
    keys = {search_key(n) for n in (name, *aliases)}
    for standard in unit.agencies.exclude(catalogue_key=""):
        if keys & {search_key(n) for n in (standard.name, *standard.aliases)}:
            return standard
    return None


NATION_CODE = "VN"
NATION_NAME = "Trung ương"


@dataclass(frozen=True)
class NationLoadResult:
    release: str
    provinces: int
    communes: int
    historical: int
    units_created: int
    units_updated: int
    units_retired: int
    agencies_created: int
    agencies_updated: int

    @property
    def changed(self) -> bool:
        return any(
            (
                self.units_created,
                self.units_updated,
                self.units_retired,
                self.agencies_created,
                self.agencies_updated,
            )
        )


def _provinces_and_communes(sync: UnitSync, nation: Unit, release: Release, progress: bool):
    provinces: dict[str, Unit] = {}
    for record in release.provinces:
        provinces[record.code] = sync.ensure(
            code=record.code,
            official_code=record.official_code,
            parent=nation,
            name=record.name,
            level=UnitLevel.PROVINCE,
            unit_type=record.unit_type,
            successor=None,
            source=release.label,
        )
    sync.flush()
    bar = tqdm(release.provinces, desc="Xã, phường, đặc khu", unit=" tỉnh", disable=not progress)
    for record in bar:
        for commune in record.communes:
            sync.ensure(
                code=commune.code,
                official_code=commune.official_code,
                parent=provinces[record.code],
                name=commune.name,
                level=UnitLevel.COMMUNE,
                unit_type=commune.unit_type,
                successor=None,
                source=release.label,
            )
    sync.flush()
    return provinces


def _historical_provinces(sync: UnitSync, provinces: dict[str, Unit], historical_path: Path):
    source, records = historical_read(historical_path)
    count = 0
    for record in records:
        successor = provinces.get(record.successor_code)
        if successor is None:  # a partial release (tests, small scales)
            continue
        sync.ensure(
            code=record.code,
            official_code=record.official_code,
            historical=True,
            parent=successor,
            name=record.name,
            level=UnitLevel.PROVINCE,
            unit_type=record.unit_type,
            successor=successor,
            source=source,
        )
        count += 1
    sync.flush()
    return count


def _analyze_registry() -> None:
    """Fresh statistics after a bulk load, on PostgreSQL: without them the planner takes the
    50,000 agencies for a handful, and a lookup by id ordered by unit (what the audit log does on
    every later save of an agency) walks every unit (38 s a save, measured)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE units_unit, units_agency")


def nation_load(
    *,
    release: Release | None = None,
    catalogue_path: Path = CATALOGUE_PATH,
    historical_path: Path = HISTORICAL_PATH,
    progress: bool = False,
) -> NationLoadResult:
    """Create or update the nation, its provinces and communes from vietnam-provinces, the former
    provinces under their successor, and every unit's standard agencies from the catalogue.

    Idempotent (a second load writes nothing); a unit missing from a complete `release` is
    marked inactive, never deleted (a partial one, `release_subset`, retires nothing); a renamed unit's agencies named after it follow the new name."""
    from auditlog.context import disable_auditlog

    release = release or release_read()
    catalogue = catalogue_read(catalogue_path)
    now = timezone.now()
    with disable_auditlog(), transaction.atomic():
        sync = UnitSync(now)
        nation = sync.ensure(
            code=NATION_CODE,
            parent=None,
            name=NATION_NAME,
            level=UnitLevel.NATIONAL,
            unit_type=UnitType.NATION,
            successor=None,
            source=release.label,
        )
        sync.flush()
        provinces = _provinces_and_communes(sync, nation, release, progress)
        historical = _historical_provinces(sync, provinces, historical_path)
        sync.repath_others()
        if release.complete:
            sync.retire_missing()
        agencies = AgencySync(catalogue, now)
        units = Unit.objects.filter(pk__in=sync.seen).order_by("path")
        for unit in tqdm(units, desc="Cơ quan", unit=" đơn vị", disable=not progress):
            agencies.ensure_unit(unit, sync.renamed.get(unit.pk))
        agencies.flush()
        _analyze_registry()
    return NationLoadResult(
        release=release.label,
        provinces=len(provinces),
        communes=release.commune_count,
        historical=historical,
        units_created=sync.created,
        units_updated=sync.updated,
        units_retired=sync.retired,
        agencies_created=agencies.created,
        agencies_updated=agencies.updated,
    )


def _require_unit_office(user, unit: Unit) -> None:
    from theodoi.accounts.permissions import can_manage_unit

    if not can_manage_unit(user, unit):
        raise PermissionDenied("Chỉ cơ quan thường trực của đơn vị mới thêm, sửa được cơ quan.")


def _clean_agency_fields(*, unit: Unit, name: str, aliases: list[str], exclude_pk=None):
    name = nfc(" ".join((name or "").split()))
    if not name:
        raise ValidationError("Nhập tên cơ quan.")
    if len(name) > 255:
        raise ValidationError("Tên cơ quan quá dài: tối đa 255 ký tự.")
    same = [
        a.name
        for a in unit.agencies.exclude(pk=exclude_pk)
        if search_key(a.name) == search_key(name)
    ]
    if same:
        raise ValidationError(f"Đơn vị đã có cơ quan “{same[0]}”.")
    cleaned = []
    for alias in aliases:
        alias = nfc(" ".join(alias.split()))
        if alias and alias != name and alias not in cleaned:
            cleaned.append(alias[:255])
    return name, cleaned


@transaction.atomic
def agency_create(
    *, unit: Unit, user, name: str, short_name: str = "", kind: str, aliases: list[str] = ()
) -> Agency:
    """An office adds an agency of its own unit (a public-service unit, a school …)."""
    _require_unit_office(user, unit)
    if kind not in AgencyKind.values:
        raise ValidationError("Loại cơ quan không hợp lệ.")
    name, aliases = _clean_agency_fields(unit=unit, name=name, aliases=list(aliases))
    agency = Agency(
        unit=unit, name=name, short_name=nfc(short_name.strip())[:100], kind=kind, aliases=aliases
    )
    agency.save()
    return agency


@transaction.atomic
def agency_update(
    *,
    agency: Agency,
    user,
    name: str,
    short_name: str,
    kind: str,
    aliases: list[str],
    is_active: bool,
) -> Agency:
    """An office renames or edits an agency of its unit. The unit and the catalogue entry stay;
    a former name is kept among the aliases, so that plans naming it still find the agency."""
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    _require_unit_office(user, agency.unit)
    if kind not in AgencyKind.values:
        raise ValidationError("Loại cơ quan không hợp lệ.")
    new_name, aliases = _clean_agency_fields(
        unit=agency.unit, name=name, aliases=list(aliases), exclude_pk=agency.pk
    )
    if new_name != agency.name and agency.name not in aliases:
        aliases.append(agency.name)
    agency.name, agency.aliases, agency.kind = new_name, aliases, kind
    agency.short_name = nfc(short_name.strip())[:100]
    agency.is_active = is_active
    agency.save()
    return agency


@transaction.atomic
def unit_agencies_ensure(*, unit: Unit, catalogue_path: Path = CATALOGUE_PATH) -> int:
    """Give a unit set up by hand the standard agencies of its level (and type) from the
    catalogue; those it has already are kept. Returns how many were created."""
    agencies = AgencySync(catalogue_read(catalogue_path), timezone.now(), units=[unit])
    agencies.ensure_unit(unit)
    agencies.flush()
    return agencies.created
