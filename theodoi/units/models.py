"""Administrative units (nation → province → commune) and the agencies that belong to them."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from theodoi.core.models import SearchableModel, TimeStampedModel
from theodoi.units.choices import AgencyKind, UnitLevel


class Unit(SearchableModel, TimeStampedModel):
    code = models.SlugField("mã", max_length=64, unique=True)
    name = models.CharField("tên", max_length=200)
    level = models.CharField("cấp", max_length=16, choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path "VN/binh-phuoc/xa-x/": descendants are one indexed prefix query.
    path = models.CharField(max_length=700, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def search_text(self) -> str:
        return f"{self.name} {self.code}"

    def save(self, *args, **kwargs):
        self.path = f"{self.parent.path if self.parent else ''}{self.code}/"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("units:unit_detail", args=[self.pk])

    def ancestors(self) -> list[Unit]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def descendants_and_self(self) -> models.QuerySet[Unit]:
        return Unit.objects.filter(path__startswith=self.path)


class Agency(SearchableModel, TimeStampedModel):
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị hành chính", on_delete=models.PROTECT, related_name="agencies"
    )
    name = models.CharField("tên cơ quan", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=100, blank=True)
    kind = models.CharField(
        "loại", max_length=32, choices=AgencyKind.choices, default=AgencyKind.OTHER
    )
    aliases = models.JSONField("tên gọi khác", default=list, blank=True)
    is_active = models.BooleanField("đang hoạt động", default=True)

    class Meta:
        verbose_name = "cơ quan, đơn vị"
        verbose_name_plural = "cơ quan, đơn vị"
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="agency_unique_name_per_unit")
        ]

    def __str__(self) -> str:
        return self.name

    def search_text(self) -> str:
        return " ".join([self.name, self.short_name, *self.aliases])

    def get_absolute_url(self) -> str:
        return reverse("units:agency_detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        return self.name if self.unit.level == UnitLevel.NATIONAL else f"{self.name} ({self.unit})"
