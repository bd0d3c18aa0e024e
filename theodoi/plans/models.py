"""Plans, their task groups, tasks, indicators and targets."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from theodoi.core.models import SearchableModel, TimeStampedModel
from theodoi.plans.choices import (
    Collective,
    DeadlineKind,
    PlanKind,
    PlanLevel,
    PlanStatus,
    Recurrence,
    TargetOp,
)
from theodoi.plans.validators import (
    YEAR_VALIDATORS,
    check_dates_within_plan,
    validate_date_in_range,
    validate_document_number,
)


class Plan(SearchableModel, TimeStampedModel):
    unit = models.ForeignKey(
        "units.Unit", verbose_name="đơn vị ban hành", on_delete=models.PROTECT, related_name="plans"
    )
    kind = models.CharField(
        "loại văn bản", max_length=16, choices=PlanKind.choices, default=PlanKind.PLAN
    )
    number = models.CharField(
        "số, ký hiệu", max_length=64, blank=True, validators=[validate_document_number]
    )
    issuer = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    issued_on = models.DateField(
        "ngày ban hành", null=True, blank=True, validators=[validate_date_in_range]
    )
    title = models.TextField("trích yếu")
    level = models.CharField("cấp", max_length=16, choices=PlanLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="kế hoạch cấp trên",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    period_start = models.PositiveSmallIntegerField(
        "từ năm", null=True, blank=True, validators=YEAR_VALIDATORS
    )
    period_end = models.PositiveSmallIntegerField(
        "đến năm", null=True, blank=True, validators=YEAR_VALIDATORS
    )
    status = models.CharField(
        "trạng thái", max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    is_public = models.BooleanField("công khai", default=False)
    reporting_regime = models.JSONField(
        "chế độ báo cáo",
        default=list,
        blank=True,
        help_text="Các nghĩa vụ báo cáo đọc từ văn bản: tần suất, hạn, nơi nhận.",
    )

    class Meta:
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        ordering = ["-issued_on", "number"]
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self) -> str:
        title = Truncator(self.title)  # cut at a word, with "…" to show that it was
        return f"{self.number} — {title.words(14)}" if self.number else title.words(18)

    def search_text(self) -> str:
        return f"{self.number} {self.issuer} {self.title}"

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "Năm kết thúc phải không sớm hơn năm bắt đầu."})

    @property
    def short_label(self) -> str:
        """The plan's number, or for a plan printed without one, "KH <issuing unit>"."""
        return self.number or f"KH {self.unit.name}"

    def get_absolute_url(self) -> str:
        return reverse("plans:plan_detail", args=[self.pk])


class PlanReference(models.Model):
    """A document the plan implements or cites (57-NQ/TW, 71/NQ-CP, 03-TB/BCĐTW…)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="references")
    symbol = models.CharField("số, ký hiệu", max_length=64)
    issued_on = models.DateField("ngày", null=True, blank=True)
    implements = models.BooleanField("là văn bản được triển khai", default=False)

    class Meta:
        verbose_name = "văn bản liên quan"
        verbose_name_plural = "văn bản liên quan"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.symbol


class SourceDocument(TimeStampedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sources")
    file = models.FileField("tệp", upload_to="plans/%Y/%m/")
    original_name = models.CharField("tên tệp", max_length=255)
    sha256 = models.CharField("mã băm SHA-256", max_length=64, unique=True)
    size = models.PositiveBigIntegerField("kích thước (byte)", default=0)
    text = models.TextField(
        "văn bản đã chuẩn hóa",
        blank=True,
        help_text="Các số dòng của nhiệm vụ, chỉ tiêu chỉ vào văn bản này.",
    )
    warnings = models.JSONField("cảnh báo khi đọc", default=list, blank=True)

    class Meta:
        verbose_name = "văn bản gốc"
        verbose_name_plural = "văn bản gốc"

    def __str__(self) -> str:
        return self.original_name

    def lines(self, start: int | None, end: int | None, context: int = 0) -> list[tuple[int, str]]:
        """Numbered lines start..end (1-based, inclusive) of the normalised text."""
        if not start or not self.text:
            return []
        all_lines = self.text.splitlines()
        first = max(1, start - context)
        last = min(len(all_lines), (end or start) + context)
        return [(n, all_lines[n - 1]) for n in range(first, last + 1)]


class TaskGroup(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField("số thứ tự", max_length=16, blank=True)
    title = models.TextField("tên nhóm")
    order = models.PositiveIntegerField("thứ tự", default=0)
    # The group of Resolution 57-NQ/TW (part III, codes 1–7: plans/data/nq57_groups.json) the
    # plan's heading belongs to: suggested at import (plans.nq57), confirmed by the office.
    nq57_code = models.PositiveSmallIntegerField(
        "nhóm nhiệm vụ theo Nghị quyết 57",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
    )
    nq57_confirmed = models.BooleanField("đã xác nhận nhóm theo Nghị quyết 57", default=False)

    class Meta:
        verbose_name = "nhóm nhiệm vụ"
        verbose_name_plural = "nhóm nhiệm vụ"
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}" if self.code else self.title


class AssignedWork(models.Model):
    """What tasks and indicators share: the agency that leads and those that coordinate, as
    matched in the registry and as printed, and where in the source text the item was read."""

    lead = models.ForeignKey(
        "units.Agency",
        verbose_name="cơ quan chủ trì",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_%(class)ss",
    )
    lead_raw = models.CharField("cơ quan chủ trì (như văn bản)", max_length=500, blank=True)
    coordinators = models.ManyToManyField(
        "units.Agency",
        verbose_name="cơ quan phối hợp",
        blank=True,
        related_name="coordinated_%(class)ss",
    )
    coordinators_raw = models.TextField("cơ quan phối hợp (như văn bản)", blank=True)
    # A lead or coordinators named as a group ("UBND các xã, phường"): every member of the group
    # under the plan's unit reports its share (plans.choices.Collective).
    lead_collective = models.CharField(
        "chủ trì chung", max_length=32, choices=Collective.choices, blank=True
    )
    coordinator_collectives = models.JSONField("phối hợp chung", default=list, blank=True)
    line_start = models.PositiveIntegerField("từ dòng", null=True, blank=True)
    line_end = models.PositiveIntegerField("đến dòng", null=True, blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)
    # What the reader was not sure of (plans.review.FLAGS: "ocr", "agency", "deadline"), until
    # the office confirms or corrects the item on the review page; a plan is not made public
    # while an item stays uncertain.
    review_flags = models.JSONField("điểm chưa chắc chắn khi đọc", default=list, blank=True)
    review_confirmed = models.BooleanField("đã rà soát", default=False)

    class Meta:
        abstract = True


class Task(AssignedWork, SearchableModel, TimeStampedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    group = models.ForeignKey(
        TaskGroup,
        verbose_name="nhóm",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    code = models.CharField("số thứ tự", max_length=32, blank=True)
    title = models.TextField("nội dung nhiệm vụ")
    output = models.TextField("sản phẩm, kết quả cần đạt", blank=True)
    deadline_raw = models.CharField("thời hạn (như văn bản)", max_length=255, blank=True)
    deadline_kind = models.CharField(
        "loại thời hạn", max_length=16, choices=DeadlineKind.choices, default=DeadlineKind.UNKNOWN
    )
    due_date = models.DateField(
        "hạn hoàn thành",
        null=True,
        blank=True,
        db_index=True,
        validators=[validate_date_in_range],
    )
    start_date = models.DateField(
        "từ ngày", null=True, blank=True, validators=[validate_date_in_range]
    )
    end_date = models.DateField(
        "đến ngày", null=True, blank=True, validators=[validate_date_in_range]
    )
    recurrence = models.CharField("chu kỳ", max_length=16, choices=Recurrence.choices, blank=True)
    condition = models.CharField("điều kiện", max_length=500, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="nhiệm vụ cấp trên",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    parent_ref = models.CharField("tham chiếu nhiệm vụ cấp trên", max_length=64, blank=True)
    source_ref = models.CharField("nguồn", max_length=255, blank=True)
    # Kept with the task from the latest accepted report, so lists and dashboards need no join.
    reported_status = models.CharField("tình trạng đã báo cáo", max_length=16, blank=True)
    reported_progress = models.PositiveSmallIntegerField("tiến độ đã báo cáo (%)", default=0)
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    reported_at = models.DateTimeField("báo cáo lúc", null=True, blank=True)

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        ordering = ["plan", "order", "id"]
        indexes = [
            models.Index(fields=["lead", "due_date"]),
            # who must report for a plan (report completeness): an index-only scan per plan
            models.Index(fields=["plan", "lead"], name="task_plan_lead"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {Truncator(self.title).words(18)}".strip()

    def get_absolute_url(self) -> str:
        return reverse("plans:task_detail", args=[self.pk])

    def clean(self) -> None:
        if self.plan_id is not None:
            check_dates_within_plan(
                self.plan,
                {
                    "due_date": self.due_date,
                    "start_date": self.start_date,
                    "end_date": self.end_date,
                },
            )

    def search_text(self) -> str:
        return f"{self.code} {self.title} {self.output} {self.lead_raw}"

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Past its due date. Reporting (issue 4) refines this with the task's reported status."""
        today = today or timezone.localdate()
        due = self.due_date if self.deadline_kind == DeadlineKind.DATE else None
        if self.deadline_kind == DeadlineKind.RANGE:
            due = self.end_date
        return due is not None and due < today


class Indicator(AssignedWork, SearchableModel, TimeStampedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    group = models.CharField("nhóm", max_length=500, blank=True)
    code = models.CharField("số thứ tự", max_length=32, blank=True)
    name = models.TextField("tên chỉ tiêu")
    unit_of_measure = models.CharField("đơn vị tính", max_length=100, blank=True)
    output = models.TextField("sản phẩm đầu ra", blank=True)
    # The latest accepted non-empty value, kept by report_accept (as Task.reported_status), so
    # that large dashboards need not scan every report's values.
    reported_value = models.DecimalField(
        "số liệu đã báo cáo", max_digits=14, decimal_places=4, null=True, blank=True
    )
    reported_text = models.CharField("số liệu định tính đã báo cáo", max_length=255, blank=True)
    reported_at = models.DateTimeField("báo cáo lúc", null=True, blank=True)

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["plan", "order", "id"]
        indexes = [models.Index(fields=["plan", "lead"], name="indicator_plan_lead")]

    def __str__(self) -> str:
        return f"{self.code} {self.name[:100]}".strip()

    def get_absolute_url(self) -> str:
        return reverse("plans:indicator_detail", args=[self.pk])

    def search_text(self) -> str:
        return f"{self.code} {self.name} {self.group} {self.lead_raw}"


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.CharField("năm, giai đoạn", max_length=32, blank=True)
    op = models.CharField(
        "phép so sánh", max_length=8, choices=TargetOp.choices, default=TargetOp.TEXT
    )
    value = models.DecimalField("giá trị", max_digits=14, decimal_places=4, null=True, blank=True)
    value_max = models.DecimalField(
        "giá trị tối đa", max_digits=14, decimal_places=4, null=True, blank=True
    )
    raw = models.CharField("như văn bản", max_length=500)

    class Meta:
        verbose_name = "mục tiêu"
        verbose_name_plural = "mục tiêu"
        ordering = ["indicator", "period", "id"]

    def __str__(self) -> str:
        return f"{self.period}: {self.raw}" if self.period else self.raw


class TaskLink(TimeStampedModel):
    """A suggested or confirmed link from a task to the higher-level task it implements."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Đề xuất"
        CONFIRMED = "confirmed", "Đã xác nhận"
        REJECTED = "rejected", "Đã loại"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="parent_links")
    candidate = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="child_links")
    score = models.PositiveSmallIntegerField("độ tin cậy (%)", default=0)
    reason = models.CharField("căn cứ", max_length=255)
    status = models.CharField(
        "trạng thái", max_length=16, choices=Status.choices, default=Status.SUGGESTED
    )
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "liên kết nhiệm vụ cấp trên"
        verbose_name_plural = "liên kết nhiệm vụ cấp trên"
        ordering = ["task__order", "-score"]
        constraints = [
            models.UniqueConstraint(fields=["task", "candidate"], name="task_link_unique")
        ]

    def __str__(self) -> str:
        return f"{self.task} → {self.candidate}"
