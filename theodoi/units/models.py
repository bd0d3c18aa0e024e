"""Administrative units (nation → province → commune) and the agencies that belong to them."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from theodoi.core.models import SearchableModel, TimeStampedModel
from theodoi.units.choices import AgencyKind, UnitLevel, UnitType


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
    unit_type = models.CharField("loại", max_length=16, choices=UnitType.choices, blank=True)
    # The official (GSO) code: "75" for a province, "26434" for a commune; blank for the nation
    # and for a unit added by hand. Historical provinces keep their pre-2025 code here.
    official_code = models.CharField("mã hành chính", max_length=16, blank=True, db_index=True)
    # A province before 1/7/2025, merged into `successor` (Nghị quyết 202/2025/QH15). It sits in
    # the tree under its successor so that its plans roll up there.
    is_historical = models.BooleanField("đơn vị trước sắp xếp", default=False)
    successor = models.ForeignKey(
        "self",
        verbose_name="đơn vị kế thừa",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    # False when the unit left the official list (a newer data release): kept with its plans.
    is_active = models.BooleanField("còn trong danh mục", default=True)
    source = models.CharField("nguồn", max_length=255, blank=True)

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["official_code"],
                condition=models.Q(is_historical=False) & ~models.Q(official_code=""),
                name="unit_unique_official_code",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def search_text(self) -> str:
        return f"{self.name} {self.code}"

    def save(self, *args, **kwargs):
        self.path = self.path_under(self.parent)
        super().save(*args, **kwargs)

    def path_under(self, parent: Unit | None) -> str:
        """The materialised path this unit has below `parent` (bulk loads set it themselves)."""
        return f"{parent.path if parent else ''}{self.code}/"

    @property
    def type_word(self) -> str:
        """ "tỉnh", "thành phố", "xã", "phường", "đặc khu" as in "Công an xã Tà Xùa"."""
        if self.name and self.unit_type and self.unit_type != UnitType.NATION:
            words = {UnitType.CITY: 2, UnitType.SPECIAL_ZONE: 2}.get(self.unit_type, 1)
            return " ".join(self.name.split()[:words]).lower()
        return ""

    @property
    def short_name(self) -> str:
        """ "Tà Xùa" for "Xã Tà Xùa"."""
        word = self.type_word
        return self.name[len(word) :].strip() if word else self.name

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
    # The agency_catalogue.json entry it was created from; blank for an office's own agency.
    catalogue_key = models.CharField("mã danh mục", max_length=100, blank=True, editable=False)

    class Meta:
        verbose_name = "cơ quan, đơn vị"
        verbose_name_plural = "cơ quan, đơn vị"
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="agency_unique_name_per_unit"),
            models.UniqueConstraint(
                fields=["unit", "catalogue_key"],
                condition=~models.Q(catalogue_key=""),
                name="agency_unique_catalogue_key_per_unit",
            ),
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
