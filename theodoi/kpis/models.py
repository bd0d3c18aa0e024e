"""National KPIs (the catalogue's copy), the mapping of plan indicators to them, and the
published annual evaluations."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from theodoi.kpis.catalogue import DIRECTION_LABELS, HIGHER, LOWER


class Kpi(models.Model):
    """A national target (``data/national_kpis.json``): loaded, never edited on a page."""

    code = models.CharField("mã", max_length=40, unique=True)
    name = models.TextField("tên chỉ tiêu quốc gia")
    unit_of_measure = models.CharField("đơn vị tính", max_length=100)
    direction = models.CharField(
        "chiều tốt",
        max_length=8,
        choices=[(HIGHER, DIRECTION_LABELS[HIGHER]), (LOWER, DIRECTION_LABELS[LOWER])],
    )
    targets = models.JSONField("mục tiêu theo năm", default=list)
    document = models.CharField("văn bản nguồn", max_length=40)
    document_title = models.TextField("tên văn bản nguồn")
    article = models.CharField("điều, mục", max_length=255)
    restated_in = models.CharField("kế hoạch trích lại", max_length=255, blank=True)
    keywords = models.JSONField("cụm từ thường gặp", default=list)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "chỉ tiêu quốc gia"
        verbose_name_plural = "chỉ tiêu quốc gia"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("kpis:kpi_detail", args=[self.code])


class IndicatorKpi(models.Model):
    """Which national KPI a plan indicator measures (at most one): suggested at import
    (``confirmed`` false, with the suggester's ``score``), confirmed or changed by the office."""

    indicator = models.OneToOneField(
        "plans.Indicator", on_delete=models.CASCADE, related_name="kpi_link"
    )
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="indicator_links")
    score = models.DecimalField("độ tương đồng", max_digits=5, decimal_places=1, null=True)
    confirmed = models.BooleanField("đã xác nhận", default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("xác nhận lúc", null=True, blank=True)

    class Meta:
        verbose_name = "chỉ tiêu tương ứng chỉ tiêu quốc gia"
        verbose_name_plural = "chỉ tiêu tương ứng chỉ tiêu quốc gia"

    def __str__(self) -> str:
        return f"{self.indicator_id} → {self.kpi_id}"


class AnnualEvaluation(models.Model):
    """The grades of a unit's agencies and sub-units for a year, as the office published them:
    a snapshot (``rows``), so that what was published does not change when reports do."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("năm")
    as_of = models.DateField("số liệu tính đến ngày")
    rows = models.JSONField("kết quả xếp loại", default=list)
    rule = models.JSONField("quy tắc xếp loại", default=dict)
    published_at = models.DateTimeField("công bố lúc")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "kết quả đánh giá, xếp loại hằng năm"
        verbose_name_plural = "kết quả đánh giá, xếp loại hằng năm"
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="annual_evaluation_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}"
