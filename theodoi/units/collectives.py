"""Collectives: a group of agencies a plan names as one ("UBND các xã, phường", "Các sở, ban,
ngành"). Every member of the group under the plan's unit has a share of the task and reports it.

Two questions are answered here, and nowhere else:
- which agencies a collective code means under a unit (``collective_members``), and, the other
  way round, which collectives of which units an agency belongs to (``agency_collectives``);
- which collective a lead or coordinator text names (``collective_of``), read with the ingest
  pipeline's own collective phrases (``ingest.fields.agencies.COLLECTIVE_PHRASES``) plus the
  names the agency catalogue and ``plans.choices.Collective`` give the same groups.

Membership is decided by the agency's kind (and, for a commune's People's Committee, its
catalogue entry) and the units' paths, never by the names of places.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.db.models import Q, QuerySet

from theodoi.ingest.fields.agencies import collective_run, ocr_word, phrase_of
from theodoi.plans.choices import Collective
from theodoi.units.choices import AgencyKind, UnitLevel
from theodoi.units.models import Agency, Unit

CATALOGUE_PATH = Path(__file__).resolve().parent / "data" / "agency_catalogue.json"

# The People's Committee of a commune, as the catalogue (and so every loaded unit) names it.
COMMUNE_COMMITTEE_KEY = "uy-ban-nhan-dan-xa"


@dataclass(frozen=True)
class Rule:
    """The members of a collective under a unit: agencies of ``kind`` in the unit itself
    (``below=False``) or in the active units of ``level`` strictly below it (``below=True``)."""

    kind: str
    below: bool = False
    level: str = ""
    catalogue_key: str = ""


RULES: dict[str, Rule] = {
    Collective.COMMUNE_COMMITTEES: Rule(
        AgencyKind.PEOPLE_COMMITTEE,
        below=True,
        level=UnitLevel.COMMUNE,
        catalogue_key=COMMUNE_COMMITTEE_KEY,
    ),
    Collective.DEPARTMENTS: Rule(AgencyKind.DEPARTMENT),
    Collective.COMMUNE_DIVISIONS: Rule(AgencyKind.COMMUNE_DIVISION),
    Collective.MASS_ORGANISATIONS: Rule(AgencyKind.MASS_ORGANISATION),
    Collective.PUBLIC_SERVICES: Rule(AgencyKind.PUBLIC_SERVICE),
    Collective.SCHOOLS: Rule(AgencyKind.SCHOOL),
}


def collective_label(code: str) -> str:
    return Collective(code).label if code in Collective.values else code


def collective_members(*, unit: Unit, code: str) -> QuerySet[Agency]:
    """The active agencies that collective ``code`` means under ``unit``."""
    rule = RULES.get(code)
    if rule is None:
        return Agency.objects.none()
    qs = Agency.objects.filter(is_active=True, kind=rule.kind)
    if rule.catalogue_key:
        qs = qs.filter(catalogue_key=rule.catalogue_key)
    if rule.below:
        qs = qs.filter(
            unit__path__startswith=unit.path, unit__is_active=True, unit__level=rule.level
        ).exclude(unit=unit)
    else:
        qs = qs.filter(unit=unit)
    return qs.select_related("unit").order_by("unit__path", "name")


def agency_collectives(agency: Agency) -> list[tuple[str, list[int]]]:
    """The collectives ``agency`` belongs to: (code, ids of the units under which it is a
    member). A commune's People's Committee is in "UBND các xã, phường" of every unit above its
    commune; a department in "Các sở, ban, ngành" of its own province."""
    if not agency.is_active:
        return []
    found = []
    for code, rule in RULES.items():
        if agency.kind != rule.kind or (
            rule.catalogue_key and agency.catalogue_key != rule.catalogue_key
        ):
            continue
        if rule.below:
            unit = agency.unit
            if unit.level != rule.level or not unit.is_active:
                continue
            ids = [u.pk for u in unit.ancestors()]
        else:
            ids = [agency.unit_id]
        if ids:
            found.append((str(code), ids))
    return found


def collective_codes(*, agency: Agency, unit: Unit) -> set[str]:
    """The collectives of ``unit`` that ``agency`` is a member of."""
    return {code for code, ids in agency_collectives(agency) if unit.pk in ids}


def coordinator_collective_q(code: str, prefix: str = "") -> Q:
    """Tasks or indicators naming ``code`` among their coordinator collectives (the JSON list
    read as text: the same lookup on SQLite and PostgreSQL; codes never contain one another)."""
    return Q(**{f"{prefix}coordinator_collectives__icontains": f'"{code}"'})


def collective_work_q(agency: Agency, prefix: str = "") -> tuple[Q, Q]:
    """(lead through a collective, coordination through a collective) of ``agency`` as filters
    on Task or Indicator (``prefix`` for a relation: "task__")."""
    lead, coord = Q(pk__in=[]), Q(pk__in=[])
    for code, unit_ids in agency_collectives(agency):
        in_units = Q(**{f"{prefix}plan__unit__in": unit_ids})
        lead |= in_units & Q(**{f"{prefix}lead_collective": code})
        coord |= in_units & coordinator_collective_q(code, prefix)
    return lead, coord


# --- recognising a collective in a lead or coordinator text ---------------------------------


def _keys(text: str) -> list[str]:
    """The words of ``text`` as the ingest pipeline folds them, "ủy ban nhân dân" as "ubnd"."""
    words = [k for k in (ocr_word(w) for w in text.replace("-", " ").split()) if k]
    out: list[str] = []
    i = 0
    while i < len(words):
        if words[i : i + 4] == ["uy", "ban", "nhan", "dan"]:
            out.append("ubnd")
            i += 4
        else:
            out.append(words[i])
            i += 1
    return out


# The ingest pipeline's phrases (COLLECTIVE_PHRASES) say that a text is a collective; which
# group it is follows from the phrase's head words. "Các cơ quan, đơn vị", "các đơn vị", "các
# địa phương" name no group of members: they are collectives of the pipeline, not of ours.
_PIPELINE_HEADS: dict[tuple[str, ...], str] = {
    ("cac", "so", "ban", "nganh"): Collective.DEPARTMENTS,
    ("cac", "so", "nganh"): Collective.DEPARTMENTS,
    ("ubnd", "cac", "xa"): Collective.COMMUNE_COMMITTEES,
}

# The catalogue's collective entries (agency_catalogue.json, "collective": true) that are
# groups of members, by catalogue key.
_CATALOGUE_GROUPS: dict[str, str] = {
    "cac-so-ban-nganh": Collective.DEPARTMENTS,
    "ubnd-cac-xa-phuong": Collective.COMMUNE_COMMITTEES,
    "cac-phong-ban-don-vi": Collective.COMMUNE_DIVISIONS,
    "cac-to-chuc-chinh-tri-xa-hoi-tinh": Collective.MASS_ORGANISATIONS,
    "cac-to-chuc-chinh-tri-xa-hoi-xa": Collective.MASS_ORGANISATIONS,
    "cac-truong-hoc": Collective.SCHOOLS,
}

# Words after a group that narrow it to some of its members: "các sở, ngành liên quan".
_NARROWING = (("lien", "quan"), ("co", "lien", "quan"), ("du", "dieu", "kien"))


@lru_cache(maxsize=1)
def _named_groups() -> tuple[tuple[tuple[str, ...], str], ...]:
    """Word keys of the names catalogue and choices give the groups, longest first."""
    names: list[tuple[str, str]] = [(str(c.label), str(c.value)) for c in Collective]
    entries = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))["entries"]
    for entry in entries:
        code = _CATALOGUE_GROUPS.get(entry["key"])
        if code:
            names += [(n, code) for n in [entry["name"], *entry.get("aliases", [])]]
    keyed = {tuple(_keys(name)): code for name, code in names}
    return tuple(sorted(keyed.items(), key=lambda kv: -len(kv[0])))


def _narrowed(keys: list[str], end: int) -> bool:
    return any(tuple(keys[end : end + len(w)]) == w for w in _NARROWING)


def _pipeline_groups(keys: list[str], i: int) -> tuple[list[str], int] | None:
    """The groups a pipeline phrase from word ``i`` names (a joined phrase, "Các sở, ban, ngành,
    UBND các xã, phường", names two) and where it ends; None when no phrase starts there."""
    n, real, states = collective_run(keys, i, None)
    if real < 2:
        return None
    phrase = phrase_of(states)
    if any(tuple(phrase[k : k + len(w)]) == w for w in _NARROWING for k in range(len(phrase))):
        return [], i + n
    codes = [
        str(code)
        for k in range(len(phrase))
        for head, code in _PIPELINE_HEADS.items()
        if tuple(phrase[k : k + len(head)]) == head
    ]
    return codes, i + n


def collectives_in(text: str) -> list[str]:
    """The collective groups ``text`` names, in order, each once: "UBND các xã, phường" →
    commune_committees; "Các sở, ban, ngành; UBND các xã, phường" → departments and
    commune_committees; "các cơ quan, đơn vị liên quan" → none (no group of members)."""
    keys = _keys(text or "")
    found: list[str] = []
    i = 0
    while i < len(keys):
        hit = _pipeline_groups(keys, i)
        if not hit or not hit[0]:
            for words, code in _named_groups():
                if tuple(keys[i : i + len(words)]) == words:
                    hit = ([str(code)], i + len(words))
                    break
        if hit is None:
            i += 1
            continue
        codes, end = hit
        if not _narrowed(keys, end):
            found += [c for c in codes if c not in found]
        i = max(end, i + 1)
    return found


def collective_of(text: str) -> str:
    """The first collective group ``text`` names, or ""."""
    found = collectives_in(text)
    return found[0] if found else ""


def assignment_collectives(lead: str | None, coordinators: list[str]) -> tuple[str, list[str]]:
    """(lead_collective, coordinator_collectives) of an item as printed: a lead text naming a
    group leads through it (a second group it names coordinates); each coordinator text may
    name groups."""
    lead_codes = collectives_in(lead or "")
    coords = [c for text in coordinators for c in collectives_in(text)]
    coords = list(dict.fromkeys([*lead_codes[1:], *coords]))
    lead_code = lead_codes[0] if lead_codes else ""
    return lead_code, [c for c in coords if c != lead_code]
