"""Who may see and change what: the one place where scope is decided.

Roles are held over a unit (and everything below it) or over one agency:
- administrator: everything below the unit, read and write;
- office (cơ quan thường trực): plans, tasks and indicators of its unit and below, read and write;
- leader: read everything below its unit;
- reporter: read the plans of its agency's unit and above it, and its agency's own work.
Objects outside a user's scope answer 404, as if they did not exist.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from theodoi.accounts.choices import Role
from theodoi.units.models import Agency, Unit

WRITE_ROLES = (Role.OFFICE, Role.ADMIN)


def _roles(user):
    if not user.is_authenticated:
        return []
    cache = getattr(user, "_theodoi_roles", None)
    if cache is None:
        cache = list(user.roles.select_related("unit", "agency"))
        user._theodoi_roles = cache
    return cache


def _path_q(prefixes: list[str], field: str = "path") -> Q:
    if not prefixes:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__startswith": p}) for p in prefixes))


def visible_units(user) -> QuerySet[Unit]:
    """Units whose plans the user may read."""
    if not user.is_authenticated:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    below = [r.unit.path for r in _roles(user)]
    above = [a.pk for r in _roles(user) if r.role == Role.REPORTER for a in r.unit.ancestors()]
    return Unit.objects.filter(_path_q(below) | Q(pk__in=above))


def home_unit(user) -> Unit | None:
    """Where the user's dashboard opens: the highest unit the user holds a role over (a
    commune's reporter starts at the commune, not at the nation above it that it may read)."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Unit.objects.order_by("path").first()
    held = [r.unit for r in _roles(user)]
    return min(held, key=lambda unit: (unit.path.count("/"), unit.path)) if held else None


def manageable_units(user) -> QuerySet[Unit]:
    """Units whose plans, tasks and indicators the user may change."""
    if not user.is_authenticated:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    return Unit.objects.filter(
        _path_q([r.unit.path for r in _roles(user) if r.role in WRITE_ROLES])
    )


def can_manage_unit(user, unit: Unit) -> bool:
    if user.is_superuser:
        return True
    return any(r.role in WRITE_ROLES and unit.path.startswith(r.unit.path) for r in _roles(user))


def is_office_of(user, unit: Unit) -> bool:
    """Whether the user holds the office (or administrator) role over ``unit`` itself — the one
    that answers what is addressed to that level (a recommendation), not an office above it."""
    if user.is_superuser:
        return True
    return any(r.role in WRITE_ROLES and r.unit_id == unit.pk for r in _roles(user))


def office_units(user) -> QuerySet[Unit]:
    """The units the user is the office of, themselves (see ``is_office_of``)."""
    if not user.is_authenticated:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=[r.unit_id for r in _roles(user) if r.role in WRITE_ROLES])


def user_agencies(user) -> QuerySet[Agency]:
    """The agencies the user reports for."""
    ids = [r.agency_id for r in _roles(user) if r.agency_id]
    return Agency.objects.filter(pk__in=ids).select_related("unit")


def visible_agencies(user) -> QuerySet[Agency]:
    return Agency.objects.filter(unit__in=visible_units(user)).select_related("unit")


def is_office(user) -> bool:
    return user.is_superuser or any(r.role in WRITE_ROLES for r in _roles(user))


def can_report_for(user, agency: Agency) -> bool:
    """Reporters write their own agency's reports; nobody else does."""
    return any(r.role == Role.REPORTER and r.agency_id == agency.pk for r in _roles(user))


def visible_reports_q(user) -> Q:
    """Reports a user may read: its agencies' own (drafts included), and, for offices and
    leaders, the non-draft reports of plans in their scope."""
    from theodoi.reporting.choices import ReportStatus

    own = Q(agency__in=[r.agency_id for r in _roles(user) if r.agency_id])
    if user.is_superuser:
        return Q()
    readers = [r.unit.path for r in _roles(user) if r.role in (*WRITE_ROLES, Role.LEADER)]
    in_scope = _path_q(readers, "period__plan__unit__path") & ~Q(status=ReportStatus.DRAFT)
    return own | in_scope
