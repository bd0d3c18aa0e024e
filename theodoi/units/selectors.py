"""Reads for units and agencies."""

from __future__ import annotations

from django.db.models import QuerySet

from theodoi.accounts.permissions import visible_agencies, visible_units
from theodoi.units.models import Agency, Unit


def unit_list(*, user) -> QuerySet[Unit]:
    return visible_units(user).select_related("parent")


def agency_list(*, user) -> QuerySet[Agency]:
    return visible_agencies(user)


def agencies_for_unit(*, unit: Unit) -> QuerySet[Agency]:
    """Agencies a plan of `unit` may assign work to: its own and those of the units above it."""
    ids = [unit.pk, *(u.pk for u in unit.ancestors())]
    return Agency.objects.filter(unit_id__in=ids, is_active=True).select_related("unit")
