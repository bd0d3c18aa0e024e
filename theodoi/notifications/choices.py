from django.db import models


class NotificationKind(models.TextChoices):
    """The stages of a reminder; each user chooses which kinds it receives, and how."""

    REPORT_DUE_7 = "report_due_7", "Báo cáo còn 7 ngày đến hạn"
    REPORT_DUE_3 = "report_due_3", "Báo cáo còn 3 ngày đến hạn"
    REPORT_DUE_1 = "report_due_1", "Báo cáo còn 1 ngày đến hạn"
    REPORT_MISSED = "report_missed", "Báo cáo đã quá hạn chưa gửi"
    REVIEW_WAITING = "review_waiting", "Báo cáo chờ tiếp nhận quá 3 ngày làm việc"
    DRAFT_STALE = "draft_stale", "Báo cáo nháp 7 ngày chưa cập nhật"
    TASK_DUE = "task_due", "Nhiệm vụ đến hạn trong 7 ngày"
    REPORT_RETURNED = "report_returned", "Báo cáo bị trả lại"
    RECOMMENDATION_ANSWERED = "recommendation_answered", "Kiến nghị đã được trả lời"
