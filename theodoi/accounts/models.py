"""Users and their roles, each scoped to an administrative unit or to one agency."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from theodoi.accounts.choices import Role


class User(AbstractUser):
    full_name = models.CharField("họ và tên", max_length=150, blank=True)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleAssignment(models.Model):
    """A role held by a user over a unit (and everything below it) or over one agency."""

    user = models.ForeignKey(
        User, verbose_name="người dùng", on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField("vai trò", max_length=16, choices=Role.choices)
    unit = models.ForeignKey(
        "units.Unit", verbose_name="đơn vị hành chính", on_delete=models.CASCADE
    )
    agency = models.ForeignKey(
        "units.Agency",
        verbose_name="cơ quan",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text="Bắt buộc với vai trò cán bộ báo cáo.",
    )

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit", "agency"], name="role_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        scope = self.agency or self.unit
        return f"{self.user} — {self.get_role_display()} — {scope}"

    def clean(self) -> None:
        if self.role == Role.REPORTER and self.agency_id is None:
            raise ValidationError({"agency": "Cán bộ báo cáo phải thuộc một cơ quan."})
        if self.agency_id and self.unit_id and self.agency.unit_id != self.unit_id:
            raise ValidationError({"agency": "Cơ quan không thuộc đơn vị hành chính đã chọn."})
