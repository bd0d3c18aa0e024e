"""Reads: a user's own notifications and preferences (nobody reads another user's)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from theodoi.notifications.choices import NotificationKind
from theodoi.notifications.models import Notification, NotificationPreference


@dataclass(frozen=True)
class Choice:
    email: bool = True
    in_app: bool = True


def notification_list(*, user) -> QuerySet[Notification]:
    """The notifications shown to the user in the app, newest first."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user, in_app=True).order_by("-created_at", "-id")


def unread_count(*, user) -> int:
    return notification_list(user=user).filter(read_at__isnull=True).count()


def user_preferences(*, user) -> dict[NotificationKind, Choice]:
    """Every kind with the user's choice; both ways on where the user chose nothing."""
    stored = {
        p.kind: Choice(email=p.email, in_app=p.in_app)
        for p in NotificationPreference.objects.filter(user=user)
    }
    return {kind: stored.get(kind, Choice()) for kind in NotificationKind}
