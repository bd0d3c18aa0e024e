"""Reporting periods and agencies' reports. The workflow on top of them is its own issue."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models

from theodoi.core.models import TimeStampedModel
from theodoi.plans.validators import (
    check_dates_within_plan,
    indicator_value_message,
    validate_date_in_range,
)
from theodoi.reporting.choices import (
    ExtensionStatus,
    PeriodKind,
    RecommendationStatus,
    ReportAction,
    ReportStatus,
    RowRole,
    TaskStatus,
)


class ReportingPeriod(TimeStampedModel):
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField("loại kỳ", max_length=16, choices=PeriodKind.choices)
    label = models.CharField("tên kỳ", max_length=100)
    start = models.DateField("từ ngày", validators=[validate_date_in_range])
    end = models.DateField("đến ngày", validators=[validate_date_in_range])
    due = models.DateField("hạn nộp báo cáo", validators=[validate_date_in_range])
    recipient = models.ForeignKey(
        "units.Agency",
        verbose_name="nơi nhận báo cáo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    is_locked = models.BooleanField("đã khóa", default=False)
    locked_at = models.DateTimeField("khóa lúc", null=True, blank=True)
    locked_by = models.ForeignKey(
        "accounts.User",
        verbose_name="người khóa",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

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

    def clean(self) -> None:
        if self.plan_id is not None:
            # a report on the plan's last quarter is due in the January after it
            check_dates_within_plan(
                self.plan, {"start": self.start, "end": self.end, "due": self.due}, slack_after=1
            )


class Report(TimeStampedModel):
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reports")
    agency = models.ForeignKey("units.Agency", on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(
        "trạng thái", max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    # The four parts of an official report (the fifth, recommendations, are Recommendation rows).
    summary = models.TextField("kết quả thực hiện", blank=True)
    difficulties = models.TextField("tồn tại, hạn chế, khó khăn, vướng mắc", blank=True)
    causes = models.TextField("nguyên nhân", blank=True)
    next_tasks = models.TextField("nhiệm vụ, giải pháp kỳ tới", blank=True)
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User",
        verbose_name="người gửi",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("xử lý lúc", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User",
        verbose_name="người xử lý",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_comment = models.TextField("ý kiến của cơ quan thường trực", blank=True)
    version = models.PositiveIntegerField("lần gửi", default=0)

    class Meta:
        verbose_name = "báo cáo"
        verbose_name_plural = "báo cáo"
        constraints = [
            models.UniqueConstraint(fields=["period", "agency"], name="report_unique_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency} — {self.period}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reporting:report_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED) and not (
            self.period.is_locked
        )


class ReportEvent(models.Model):
    """One step of a report's life, with a snapshot of its content at that moment."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("thao tác", max_length=16, choices=ReportAction.choices)
    actor = models.ForeignKey(
        "accounts.User",
        verbose_name="người thực hiện",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("lúc", auto_now_add=True)
    comment = models.TextField("ý kiến", blank=True)
    version = models.PositiveIntegerField("lần gửi", default=0)
    snapshot = models.JSONField("nội dung báo cáo lúc đó", default=dict)

    class Meta:
        verbose_name = "lịch sử báo cáo"
        verbose_name_plural = "lịch sử báo cáo"
        ordering = ["report", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.report}"


def _validate_row_constraints(row, exclude, item: str, also_excluded=frozenset()) -> None:
    """A report row's constraints, skipped where they cannot fail: a form that changes a row's
    figures leaves its report and its task or indicator as they are (so one row per report and
    item holds), and "progress ≤ 100" is the field's MaxValueValidator too. Checking them would
    cost a query per row of every report form."""
    exclude = {*(exclude or ()), *also_excluded}
    if {"report", item} <= exclude:
        return
    models.Model.validate_constraints(row, exclude=exclude)


class TaskUpdate(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="task_updates")
    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="updates")
    role = models.CharField("vai trò", max_length=16, choices=RowRole.choices, default=RowRole.LEAD)
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

    def validate_constraints(self, exclude=None):
        _validate_row_constraints(self, exclude, "task", also_excluded={"progress"})


class DeadlineExtension(TimeStampedModel):
    """An agency's request to move a task's deadline, decided by the office."""

    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="extensions")
    agency = models.ForeignKey("units.Agency", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    current_due = models.DateField("hạn hiện tại", null=True, blank=True)
    requested_due = models.DateField("đề nghị gia hạn đến", validators=[validate_date_in_range])
    reason = models.TextField("lý do")
    status = models.CharField(
        "kết quả", max_length=16, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("quyết định lúc", null=True, blank=True)
    decision_reason = models.TextField("ý kiến", blank=True)

    class Meta:
        verbose_name = "đề nghị gia hạn"
        verbose_name_plural = "đề nghị gia hạn"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.task} → {self.requested_due:%d/%m/%Y}"


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

    def clean(self) -> None:
        if self.indicator_id is not None:
            message = indicator_value_message(self.indicator, self.value)
            if message:
                raise ValidationError({"value": message})

    def validate_constraints(self, exclude=None):
        _validate_row_constraints(self, exclude, "indicator")


def evidence_path(instance: Evidence, filename: str) -> str:
    """Stored under the report and the file's hash, never under the name the sender gave."""
    return f"minh-chung/{instance.report_id}/{instance.sha256}"


class Evidence(models.Model):
    """A file attached to a report row (PDF, DOCX, XLSX, JPG, PNG), its type checked by content.
    Removing it from a draft sets ``removed_at``: the versions already sent keep it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence_files")
    task_update = models.ForeignKey(
        TaskUpdate, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    indicator_value = models.ForeignKey(
        IndicatorValue, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField("tệp", upload_to=evidence_path, max_length=255)
    name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField("loại tệp", max_length=100)
    size = models.PositiveBigIntegerField("dung lượng (byte)")
    sha256 = models.CharField("mã băm SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)
    first_version = models.PositiveIntegerField("gửi kèm từ lần gửi", null=True, blank=True)
    removed_at = models.DateTimeField("gỡ lúc", null=True, blank=True)
    removed_in_version = models.PositiveIntegerField("gỡ từ lần gửi", null=True, blank=True)

    class Meta:
        verbose_name = "tệp minh chứng"
        verbose_name_plural = "tệp minh chứng"
        ordering = ["report", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class Recommendation(TimeStampedModel):
    """A proposal (đề xuất, kiến nghị) of a report, addressed to a level and an agency that can
    answer it; the answer is shown to the sender."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="recommendations")
    task_update = models.ForeignKey(
        TaskUpdate,
        verbose_name="về nhiệm vụ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
    )
    text = models.TextField("nội dung đề xuất, kiến nghị")
    addressed_unit = models.ForeignKey(
        "units.Unit",
        verbose_name="gửi cấp",
        on_delete=models.PROTECT,
        related_name="recommendations_received",
    )
    addressed_agency = models.ForeignKey(
        "units.Agency",
        verbose_name="gửi cơ quan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations_received",
    )
    status = models.CharField(
        "trạng thái",
        max_length=16,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.OPEN,
    )
    answer = models.TextField("trả lời", blank=True)
    answered_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)

    class Meta:
        verbose_name = "đề xuất, kiến nghị"
        verbose_name_plural = "đề xuất, kiến nghị"
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return self.text[:80]
