"""Writes for users and their roles: an office creates the users of its units and changes
their roles, never beyond its own scope."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from theodoi.accounts.models import RoleAssignment, User
from theodoi.accounts.permissions import can_manage_unit
from theodoi.accounts.selectors import grantable_roles
from theodoi.units.models import Agency, Unit

USERNAME_TAKEN = "Tên đăng nhập này đã có người dùng."


def _require_grant(*, actor, role: str, unit: Unit) -> None:
    if not can_manage_unit(actor, unit):
        raise PermissionDenied("Bạn chỉ quản lý người dùng của đơn vị mình và các đơn vị cấp dưới.")
    if role not in dict(grantable_roles(user=actor)):
        raise PermissionDenied("Bạn không được giao vai trò này.")


def _checked_role(role: RoleAssignment) -> RoleAssignment:
    role.full_clean(exclude=["user"], validate_unique=False)
    duplicate = RoleAssignment.objects.filter(
        user_id=role.user_id, role=role.role, unit=role.unit, agency=role.agency
    ).exclude(pk=role.pk)
    if role.user_id and duplicate.exists():
        raise ValidationError({"role": "Người dùng đã có vai trò này ở đơn vị này."})
    return role


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    password: str,
    role: str,
    unit: Unit,
    agency: Agency | None = None,
    full_name: str = "",
    email: str = "",
) -> User:
    """A new user holding one role over `unit` (or `agency`), with an initial password."""
    _require_grant(actor=actor, role=role, unit=unit)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": USERNAME_TAKEN})
    user = User(username=username, full_name=full_name.strip(), email=email.strip())
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    assignment = _checked_role(RoleAssignment(role=role, unit=unit, agency=agency))
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    assignment.user = user
    assignment.save()
    return user


USER_FIELDS = ("full_name", "email", "is_active")
ROLE_FIELDS = ("role", "unit", "agency")


@transaction.atomic
def user_update(*, actor, user: User, assignment: RoleAssignment, data: dict) -> User:
    """Change a user's name, e-mail, whether it may log in, and its role in `actor`'s scope.
    Only what differs is written, so saving an unchanged page leaves no trace."""
    if user.pk == actor.pk:
        raise PermissionDenied("Bạn không tự đổi vai trò hay thông tin của mình ở trang này.")
    _require_grant(actor=actor, role=assignment.role, unit=assignment.unit)
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk, user=user)
    user = User.objects.select_for_update().get(pk=user.pk)
    changed_user = [f for f in USER_FIELDS if f in data and getattr(user, f) != data[f]]
    changed_role = [f for f in ROLE_FIELDS if f in data and getattr(assignment, f) != data[f]]
    if changed_role:
        for name in changed_role:
            setattr(assignment, name, data[name])
        _require_grant(actor=actor, role=assignment.role, unit=assignment.unit)
        _checked_role(assignment).save(update_fields=changed_role)
    if changed_user:
        for name in changed_user:
            setattr(user, name, data[name].strip() if isinstance(data[name], str) else data[name])
        user.full_clean(exclude=["password"])
        user.save(update_fields=changed_user)
    return user
