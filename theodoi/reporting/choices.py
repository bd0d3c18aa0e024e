from django.db import models


class PeriodKind(models.TextChoices):
    MONTHLY = "monthly", "Tháng"
    QUARTERLY = "quarterly", "Quý"
    SEMIANNUAL = "semiannual", "6 tháng"
    ANNUAL = "annual", "Năm"
    ADHOC = "adhoc", "Đột xuất"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Đã gửi"
    RETURNED = "returned", "Bị trả lại"
    ACCEPTED = "accepted", "Đã tiếp nhận"


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa triển khai"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Hoàn thành"
    DONE_LATE = "done_late", "Hoàn thành quá hạn"
    OVERDUE = "overdue", "Quá hạn"
    NOT_FEASIBLE = "not_feasible", "Không thực hiện được"
    PAUSED = "paused", "Tạm dừng"


class ReportAction(models.TextChoices):
    SAVE = "save", "Lưu nháp"
    SUBMIT = "submit", "Gửi báo cáo"
    RETURN = "return", "Trả lại"
    ACCEPT = "accept", "Tiếp nhận"
    REQUEST = "request", "Đề nghị gửi cơ quan thường trực"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", "Chờ xem xét"
    APPROVED = "approved", "Đồng ý gia hạn"
    REFUSED = "refused", "Không đồng ý"


class RowRole(models.TextChoices):
    """Why an agency has a row for a task in its report. The task's status is the lead's; a
    share (a member of a collective lead) and a coordinator report their part of it."""

    LEAD = "lead", "Chủ trì"
    SHARE = "share", "Chủ trì chung (phần được giao)"
    COORDINATOR = "coordinator", "Phối hợp"


class RecommendationStatus(models.TextChoices):
    OPEN = "open", "Chờ trả lời"
    ANSWERED = "answered", "Đã trả lời"
