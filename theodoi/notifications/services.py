"""Writes: making notifications (once per user and key), emailing them, reading them, and the
user's choices of what to receive."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.notifications.choices import NotificationKind
from theodoi.notifications.models import Notification, NotificationPreference
from theodoi.notifications.selectors import user_preferences

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reminder:
    """A notification to make: ``key`` names its subject and stage."""

    user: User
    kind: NotificationKind
    key: str
    title: str
    body: str = ""
    url: str = ""


@dataclass
class DeliveryResult:
    notifications: int = 0  # new rows made
    in_app: int = 0  # of which shown in the app
    emails: int = 0  # emails sent (one per user)
    emailed_items: int = 0  # reminders those emails carried
    users_without_email: int = 0  # wanted an email but have no address
    failed_users: list[str] = field(default_factory=list)  # the email failed: retried next run
    by_kind: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _email_text(user: User, reminders: list[Reminder]) -> tuple[str, str]:
    base = getattr(settings, "THEODOI_SITE_URL", "").rstrip("/")
    lines = []
    for reminder in reminders:
        link = f"\n  {base}{reminder.url}" if reminder.url and base else ""
        lines.append(f"- {reminder.title}{': ' + reminder.body if reminder.body else ''}{link}")
    subject = f"[theodoi] {len(reminders)} việc cần chú ý"
    message = (
        f"Kính gửi {user},\n\nHệ thống theodoi nhắc các việc sau:\n"
        + "\n".join(lines)
        + "\n\nCó thể chọn loại thông báo muốn nhận ở trang “Nhận thông báo” của theodoi.\n"
        "Trân trọng."
    )
    return subject, message


def _deliver_to_user(
    *, user: User, reminders: list[Reminder], dry_run: bool, result: DeliveryResult
) -> None:
    """Makes the user's new notifications and sends them in one email, in one transaction: if
    the email fails nothing is kept, so the next run tries again."""
    prefs = user_preferences(user=user)
    with transaction.atomic():
        known = set(
            Notification.objects.filter(user=user, key__in=[r.key for r in reminders]).values_list(
                "key", flat=True
            )
        )
        new = [r for r in dict((r.key, r) for r in reminders).values() if r.key not in known]
        if not new:
            return
        to_email = [r for r in new if prefs[r.kind].email]
        emailed = bool(to_email and user.email)
        now = timezone.now()
        rows = [
            Notification(
                user=user,
                kind=r.kind,
                key=r.key,
                title=r.title[:255],
                body=r.body,
                url=r.url[:500],
                in_app=prefs[r.kind].in_app,
                emailed_at=now if emailed and prefs[r.kind].email else None,
            )
            for r in new
        ]
        if not dry_run:
            Notification.objects.bulk_create(rows)
            if emailed:
                subject, message = _email_text(user, to_email)
                send_mail(
                    subject=subject,
                    message=message,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[user.email],
                )
    result.notifications += len(rows)
    result.in_app += sum(row.in_app for row in rows)
    for row in rows:
        result.by_kind[row.kind] += 1
    if emailed:
        result.emails += 1
        result.emailed_items += len(to_email)
    elif to_email:
        result.users_without_email += 1


def notifications_deliver(
    *, reminders: Iterable[Reminder], dry_run: bool = False
) -> DeliveryResult:
    """Makes each reminder a user has not had yet (by key) and emails each user its new ones in
    one message, as the user's preferences say. A second run with the same reminders makes and
    sends nothing. With ``dry_run`` nothing is written or sent; the counts say what would be."""
    per_user: dict[int, list[Reminder]] = defaultdict(list)
    users: dict[int, User] = {}
    for reminder in reminders:
        if reminder.user.is_active:
            per_user[reminder.user.pk].append(reminder)
            users[reminder.user.pk] = reminder.user
    result = DeliveryResult()
    for user_id, user_reminders in per_user.items():
        user = users[user_id]
        try:
            _deliver_to_user(user=user, reminders=user_reminders, dry_run=dry_run, result=result)
        except OSError as exc:  # SMTP refused or unreachable: nothing kept for this user
            logger.warning("Không gửi được email nhắc việc cho %s: %s", user.username, exc)
            result.failed_users.append(user.username)
    return result


def notification_mark_read(*, user: User, notification: Notification) -> Notification:
    """Marks one of the user's notifications read (a second time changes nothing)."""
    if notification.user_id != user.pk:
        raise PermissionError("not the user's notification")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user: User) -> int:
    """Marks every unread notification of the user read; returns how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def preferences_save(*, user: User, choices: Mapping[str, tuple[bool, bool]]) -> None:
    """Stores the user's choice, per kind, of (email, in_app). Kinds left out keep theirs."""
    current = user_preferences(user=user)
    for kind, (email, in_app) in choices.items():
        kind = NotificationKind(kind)
        if (current[kind].email, current[kind].in_app) == (email, in_app):
            continue
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"email": email, "in_app": in_app}
        )
