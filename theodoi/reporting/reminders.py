"""Reminders by email: reports and tasks due in N days, and overdue ones.

Each (user, item) is reminded once: a ReminderLog row is written with the email, so running the
command twice sends nothing new. A task whose deadline moves (an approved extension) is a new
item and is reminded again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from theodoi.accounts.choices import Role
from theodoi.accounts.models import RoleAssignment, User
from theodoi.plans.choices import DeadlineKind, PlanStatus
from theodoi.plans.models import Task
from theodoi.reporting.choices import ReportStatus, TaskStatus
from theodoi.reporting.models import ReminderLog, Report, ReportingPeriod
from theodoi.reporting.selectors import plan_obligated_agencies

DONE = (TaskStatus.DONE, TaskStatus.DONE_LATE)


@dataclass(frozen=True)
class Item:
    key: str
    agency_id: int
    text: str


@dataclass(frozen=True)
class RemindResult:
    emails: int
    items: int
    users_without_email: int


def _report_items(today: dt.date, days: int) -> list[Item]:
    items = []
    periods = ReportingPeriod.objects.filter(
        plan__status=PlanStatus.ACTIVE, is_locked=False, due__lte=today + dt.timedelta(days=days)
    ).select_related("plan")
    for period in periods:
        sent = set(
            Report.objects.filter(period=period)
            .exclude(status=ReportStatus.DRAFT)
            .values_list("agency_id", flat=True)
        )
        overdue = period.due < today
        for agency in plan_obligated_agencies(plan=period.plan):
            if agency.pk in sent:
                continue
            stage = "overdue" if overdue else "due"
            text = f"Báo cáo {period.label} ({period.plan.short_label}) " + (
                f"đã quá hạn nộp ngày {period.due:%d/%m/%Y}."
                if overdue
                else f"cần gửi trước ngày {period.due:%d/%m/%Y}."
            )
            items.append(Item(f"report:{period.pk}:{agency.pk}:{stage}", agency.pk, text))
    return items


def _task_items(today: dt.date, days: int) -> list[Item]:
    items = []
    tasks = (
        Task.objects.filter(
            plan__status=PlanStatus.ACTIVE,
            deadline_kind=DeadlineKind.DATE,
            due_date__lte=today + dt.timedelta(days=days),
            lead__isnull=False,
        )
        .exclude(reported_status__in=DONE)
        .select_related("plan")
    )
    for task in tasks:
        overdue = task.due_date < today
        stage = "overdue" if overdue else "due"
        text = f"Nhiệm vụ {task.code} ({task.plan.short_label}): {task.title[:120]} — " + (
            f"đã quá hạn từ {task.due_date:%d/%m/%Y}."
            if overdue
            else f"hạn hoàn thành {task.due_date:%d/%m/%Y}."
        )
        items.append(
            Item(f"task:{task.pk}:{task.due_date.isoformat()}:{stage}", task.lead_id, text)
        )
    return items


def remind(*, today: dt.date, days: int = 7) -> RemindResult:
    """Email each agency's reporters what is due within `days` days or overdue."""
    items = _report_items(today, days) + _task_items(today, days)
    reporters: dict[int, list[User]] = defaultdict(list)
    for role in RoleAssignment.objects.filter(role=Role.REPORTER).select_related("user"):
        if role.user.is_active:
            reporters[role.agency_id].append(role.user)
    per_user: dict[User, list[Item]] = defaultdict(list)
    for item in items:
        for user in reporters.get(item.agency_id, []):
            per_user[user].append(item)
    emails = without_email = sent_items = 0
    for user, user_items in per_user.items():
        if not user.email:
            without_email += 1
            continue
        new = []
        with transaction.atomic():
            for item in user_items:
                try:
                    with transaction.atomic():
                        ReminderLog.objects.create(user=user, key=item.key)
                except IntegrityError:
                    continue  # already reminded
                new.append(item)
            if not new:
                continue
            body = "\n".join(f"- {i.text}" for i in new)
            send_mail(
                subject=f"[theodoi] {len(new)} việc cần báo cáo hoặc sắp đến hạn",
                message=f"Kính gửi {user},\n\nHệ thống theodoi nhắc các việc sau:\n{body}\n\n"
                "Trân trọng.",
                from_email=getattr(settings, "DEFAULT_FROM_EMAIL", None),
                recipient_list=[user.email],
            )
        emails += 1
        sent_items += len(new)
    return RemindResult(emails=emails, items=sent_items, users_without_email=without_email)
