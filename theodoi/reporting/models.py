"""Reporting periods and agencies' reports. The workflow on top of them is its own issue."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models

from theodoi.core.models import TimeStampedModel
from theodoi.reporting.choices import PeriodKind, ReportStatus, TaskStatus


class ReportingPeriod(TimeStampedModel):
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField("loại kỳ", max_length=16, choices=PeriodKind.choices)
    label = models.CharField("tên kỳ", max_length=100)
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày")
    due = models.DateField("hạn nộp báo cáo")
    recipient = models.ForeignKey(
        "units.Agency",
        verbose_name="nơi nhận báo cáo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    is_locked = models.BooleanField("đã khóa", default=False)

    class Meta:
        verbose_name = "kỳ báo cáo"
        verbose_name_plural = "kỳ báo cáo"
        ordering = ["plan", "start", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "start"], name="period_unique"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="period_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Report(TimeStampedModel):
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reports")
    agency = models.ForeignKey("units.Agency", on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(
        "trạng thái", max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    summary = models.TextField("tóm tắt kết quả", blank=True)
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "báo cáo"
        verbose_name_plural = "báo cáo"
        constraints = [
            models.UniqueConstraint(fields=["period", "agency"], name="report_unique_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency} — {self.period}"


class TaskUpdate(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="task_updates")
    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(
        "tình trạng", max_length=16, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(
        "tiến độ (%)", default=0, validators=[MaxValueValidator(100)]
    )
    result = models.TextField("kết quả", blank=True)
    obstacles = models.TextField("khó khăn, vướng mắc", blank=True)
    proposals = models.TextField("kiến nghị, đề xuất", blank=True)
    evidence = models.TextField("văn bản, minh chứng", blank=True)

    class Meta:
        verbose_name = "tiến độ nhiệm vụ"
        verbose_name_plural = "tiến độ nhiệm vụ"
        constraints = [
            models.UniqueConstraint(fields=["report", "task"], name="task_update_unique"),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="task_update_progress_le_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} — {self.get_status_display()}"


class IndicatorValue(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="indicator_values")
    indicator = models.ForeignKey(
        "plans.Indicator", on_delete=models.CASCADE, related_name="values"
    )
    value = models.DecimalField("giá trị", max_digits=14, decimal_places=4, null=True, blank=True)
    text_value = models.CharField("giá trị định tính", max_length=255, blank=True)
    source = models.CharField("nguồn số liệu", max_length=255, blank=True)

    class Meta:
        verbose_name = "số liệu chỉ tiêu"
        verbose_name_plural = "số liệu chỉ tiêu"
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="indicator_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value if self.value is not None else self.text_value}"
