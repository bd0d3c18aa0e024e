"""In-app notifications (the reminders `theodoi remind` makes) and who wants which."""

from __future__ import annotations

from django.db import models

from theodoi.notifications.choices import NotificationKind


class Notification(models.Model):
    """One reminder for one user. ``key`` names what it is about and its stage (e.g.
    ``report:12:34:report_due_3``): unique per user, so the same reminder is never made twice.
    ``in_app`` and ``emailed_at`` record how it was delivered, by the user's preferences when it
    was made; a row is kept even when neither was wanted, so that it is not made again."""

    user = models.ForeignKey(
        "accounts.User",
        verbose_name="người nhận",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("loại", max_length=32, choices=NotificationKind.choices)
    title = models.CharField("tiêu đề", max_length=255)
    body = models.TextField("nội dung", blank=True)
    url = models.CharField("liên kết", max_length=500, blank=True)
    key = models.CharField("mã nhắc việc", max_length=160)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)
    in_app = models.BooleanField("hiện trong ứng dụng", default=True)
    emailed_at = models.DateTimeField("gửi email lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_user")
        ]
        indexes = [models.Index(fields=["user", "in_app", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.user} — {self.title}"


class NotificationPreference(models.Model):
    """How a user receives one kind of notification; without a row, both ways are on."""

    user = models.ForeignKey(
        "accounts.User",
        verbose_name="người dùng",
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField("loại", max_length=32, choices=NotificationKind.choices)
    email = models.BooleanField("nhận email", default=True)
    in_app = models.BooleanField("nhận trong ứng dụng", default=True)

    class Meta:
        verbose_name = "lựa chọn nhận thông báo"
        verbose_name_plural = "lựa chọn nhận thông báo"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()}"
