"""Reads for the user and role page, scoped by accounts.permissions."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from theodoi.accounts.choices import Role
from theodoi.accounts.models import RoleAssignment, User
from theodoi.accounts.permissions import WRITE_ROLES, manageable_units
from theodoi.units.models import Agency, Unit


def grantable_roles(*, user) -> list[tuple[str, str]]:
    """The roles `user` may give: an office gives office, reporter and leader roles; only an
    administrator gives the administrator role."""
    is_admin = user.is_superuser or any(r.role == Role.ADMIN for r in user.roles.all())
    return [(value, label) for value, label in Role.choices if is_admin or value != Role.ADMIN]


def assignable_units(*, user) -> QuerySet[Unit]:
    return manageable_units(user).order_by("path")


def assignable_agencies(*, user) -> QuerySet[Agency]:
    return (
        Agency.objects.filter(unit__in=manageable_units(user), is_active=True)
        .select_related("unit")
        .order_by("unit__path", "name")
    )


def _scoped_roles(*, user) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(unit__in=manageable_units(user))


def user_list(*, user) -> QuerySet[User]:
    """The users holding a role over a unit `user` manages (its unit and those below), with
    those roles; empty for anyone who manages no unit."""
    if not (user.is_superuser or any(r.role in WRITE_ROLES for r in user.roles.all())):
        return User.objects.none()
    roles = _scoped_roles(user=user).select_related("unit", "agency").order_by("unit__path", "id")
    return (
        User.objects.filter(roles__in=roles)
        .distinct()
        .prefetch_related(Prefetch("roles", queryset=roles, to_attr="scoped_roles"))
        .order_by("username")
    )


def user_role_in_scope(*, user, target: User) -> RoleAssignment | None:
    """The first of `target`'s roles over a unit `user` manages: the one its page edits."""
    return (
        _scoped_roles(user=user)
        .filter(user=target)
        .select_related("unit", "agency")
        .order_by("unit__path", "id")
        .first()
    )
