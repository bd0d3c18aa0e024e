"""Reminders in stages, made into notifications (`theodoi.notifications`) by `theodoi remind`.

- a report not yet sent, 7, 3 and 1 days before its due date, and once from the day after it (to
  the reporters of each agency with a row in the report: leads, coordinators, members of a
  group the plan names; periods missed over 30 days ago are left);
- a submitted report waiting for acceptance more than 3 working days (to the plan's office);
- a draft (or a returned report) nobody has touched for 7 days (to its agency's reporters);
- a task of an active plan due within 7 days and not done (to the reporters of its lead, or of
  each member of a collective lead such as "UBND các xã, phường");
- a report returned by the office, with its comment (to its agency's reporters, once per
  version returned), and a recommendation answered (to the reporters of the agency that sent it),
  both for what happened in the last ``RECENT_DAYS`` days.

Each stage has its own key, so each is made and emailed once; a report submitted again, a draft
edited again or a task whose deadline moved is a new subject and is reminded again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from theodoi.accounts.choices import Role
from theodoi.accounts.models import RoleAssignment, User
from theodoi.notifications import stages
from theodoi.notifications.choices import NotificationKind
from theodoi.notifications.services import DeliveryResult, Reminder, notifications_deliver
from theodoi.plans.choices import DeadlineKind, PlanStatus
from theodoi.plans.models import Indicator, Task
from theodoi.reporting.choices import RecommendationStatus, ReportStatus, TaskStatus
from theodoi.reporting.models import Recommendation, Report, ReportingPeriod
from theodoi.reporting.selectors import plan_obligated_agencies
from theodoi.units.collectives import collective_members
from theodoi.units.models import Agency

DONE = (TaskStatus.DONE, TaskStatus.DONE_LATE)
SENT = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
RECENT_DAYS = 7  # a return or an answer older than this is not announced any more


def _reporters() -> dict[int, list[User]]:
    """Active reporters by agency id."""
    found: dict[int, list[User]] = defaultdict(list)
    roles = RoleAssignment.objects.filter(role=Role.REPORTER, user__is_active=True)
    for role in roles.select_related("user"):
        found[role.agency_id].append(role.user)
    return found


def _offices() -> dict[int, list[User]]:
    """Active office users by the unit they hold the role over."""
    found: dict[int, list[User]] = defaultdict(list)
    roles = RoleAssignment.objects.filter(role=Role.OFFICE, user__is_active=True)
    for role in roles.select_related("user"):
        found[role.unit_id].append(role.user)
    return found


def _reporting_agencies(plan) -> list:
    """Every agency with a row in a report on ``plan``: those that must report on it
    (``plan_obligated_agencies``: the leads), its coordinators, and the members of the groups the
    plan names as lead or coordinator ("UBND các xã, phường") under its unit."""
    found = {a.pk: a for a in plan_obligated_agencies(plan=plan)}
    found.update(
        (a.pk, a)
        for a in Agency.objects.filter(
            Q(coordinated_tasks__plan=plan) | Q(coordinated_indicators__plan=plan)
        ).distinct()
    )
    codes: set[str] = set()
    for model in (Task, Indicator):
        for lead, coordinators in (
            model.objects.filter(plan=plan)
            .filter(~Q(lead_collective="") | ~Q(coordinator_collectives=[]))
            .values_list("lead_collective", "coordinator_collectives")
        ):
            codes.update(c for c in [lead, *(coordinators or [])] if c)
    for code in sorted(codes):
        found.update((a.pk, a) for a in collective_members(unit=plan.unit, code=code))
    return sorted(found.values(), key=lambda a: a.name)


def _due_reminders(today: dt.date, reporters) -> list[Reminder]:
    periods = list(
        ReportingPeriod.objects.filter(
            plan__status=PlanStatus.ACTIVE,
            is_locked=False,
            due__lte=today + dt.timedelta(days=max(d for d, _ in stages.DUE_STAGES)),
            due__gte=today - dt.timedelta(days=stages.MISSED_WINDOW_DAYS),
        ).select_related("plan__unit")
    )
    sent = set(
        Report.objects.filter(period__in=periods, status__in=SENT).values_list(
            "period_id", "agency_id"
        )
    )
    obligated: dict[int, list] = {}
    found = []
    for period in periods:
        kind = stages.report_due_stage(due=period.due, today=today)
        if kind is None:
            continue
        if period.plan_id not in obligated:
            obligated[period.plan_id] = _reporting_agencies(period.plan)
        what = f"Báo cáo {period.label} ({period.plan.short_label})"
        if kind == NotificationKind.REPORT_MISSED:
            title = f"{what} đã quá hạn nộp ngày {period.due:%d/%m/%Y}"
        else:
            days = (period.due - today).days
            when = "hôm nay" if days == 0 else f"còn {days} ngày"
            title = f"{what} hạn nộp ngày {period.due:%d/%m/%Y} ({when})"
        for agency in obligated[period.plan_id]:
            if (period.pk, agency.pk) in sent:
                continue
            found += _to_each(
                reporters.get(agency.pk, ()),
                kind=kind,
                key=f"report:{period.pk}:{agency.pk}:{kind}",
                title=title,
                body=f"Cơ quan: {agency.name}.",
                url=reverse("my_work"),
            )
    return found


def _to_each(users, **reminder) -> list[Reminder]:
    """The same reminder for each of ``users``."""
    return [Reminder(user=user, **reminder) for user in users]


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _review_reminders(today: dt.date, offices) -> list[Reminder]:
    # more than 3 working days have passed only if at least 4 calendar days have
    reports = Report.objects.filter(
        status=ReportStatus.SUBMITTED,
        submitted_at__lt=_local_midnight(today - dt.timedelta(days=stages.REVIEW_WORKING_DAYS)),
    ).select_related("period__plan__unit", "agency")
    found = []
    for report in reports:
        submitted = timezone.localdate(report.submitted_at)
        waited = stages.working_days_between(submitted, today)
        if waited <= stages.REVIEW_WORKING_DAYS:
            continue
        plan = report.period.plan
        found += _to_each(
            offices.get(plan.unit_id, ()),
            kind=NotificationKind.REVIEW_WAITING,
            key=f"review:{report.pk}:v{report.version}",
            title=(
                f"Báo cáo {report.period.label} của {report.agency.name} chờ tiếp nhận "
                f"{waited} ngày làm việc"
            ),
            body=f"Gửi ngày {submitted:%d/%m/%Y} ({plan.short_label}).",
            url=report.get_absolute_url(),
        )
    return found


def _draft_reminders(today: dt.date, reporters) -> list[Reminder]:
    idle_since = today - dt.timedelta(days=stages.DRAFT_IDLE_DAYS)
    reports = Report.objects.filter(
        status__in=(ReportStatus.DRAFT, ReportStatus.RETURNED),
        period__is_locked=False,
        period__plan__status=PlanStatus.ACTIVE,
        updated_at__lt=_local_midnight(idle_since + dt.timedelta(days=1)),
    ).select_related("period__plan__unit", "agency")
    found = []
    for report in reports:
        touched = timezone.localdate(report.updated_at)
        if touched > idle_since:
            continue
        found += _to_each(
            reporters.get(report.agency_id, ()),
            kind=NotificationKind.DRAFT_STALE,
            key=f"draft:{report.pk}:{touched.isoformat()}",
            title=(
                f"{'Báo cáo bị trả lại' if report.status == ReportStatus.RETURNED else 'Báo cáo nháp'} "
                f"{report.period.label} ({report.period.plan.short_label}) "
                f"chưa cập nhật từ ngày {touched:%d/%m/%Y}"
            ),
            body=f"Hạn nộp: {report.period.due:%d/%m/%Y}.",
            url=report.get_absolute_url(),
        )
    return found


def _task_leads(task: Task, members: dict[tuple[int, str], list[int]]) -> list[int]:
    """The agencies leading a task: its lead, and each member of a collective lead ("UBND các
    xã, phường") under the plan's unit."""
    leads = [task.lead_id] if task.lead_id else []
    if task.lead_collective:
        key = (task.plan.unit_id, task.lead_collective)
        if key not in members:
            found = collective_members(unit=task.plan.unit, code=task.lead_collective)
            members[key] = list(found.values_list("pk", flat=True))
        leads += [pk for pk in members[key] if pk != task.lead_id]
    return leads


def _task_reminders(today: dt.date, reporters) -> list[Reminder]:
    tasks = (
        Task.objects.filter(
            Q(lead__isnull=False) | ~Q(lead_collective=""),
            plan__status=PlanStatus.ACTIVE,
            deadline_kind=DeadlineKind.DATE,
            due_date__gte=today,
            due_date__lte=today + dt.timedelta(days=stages.TASK_DUE_DAYS),
        )
        .exclude(reported_status__in=DONE)
        .select_related("plan__unit")
    )
    found = []
    members: dict[tuple[int, str], list[int]] = {}
    for task in tasks:
        users = [u for agency in _task_leads(task, members) for u in reporters.get(agency, ())]
        found += _to_each(
            users,
            kind=NotificationKind.TASK_DUE,
            key=f"task:{task.pk}:{task.due_date.isoformat()}",
            title=(
                f"Nhiệm vụ {task.code} ({task.plan.short_label}) hạn hoàn thành "
                f"{task.due_date:%d/%m/%Y}"
            ),
            body=task.title[:300],
            url=task.get_absolute_url(),
        )
    return found


def _recent(today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The last ``RECENT_DAYS`` days up to the end of ``today``."""
    return (
        _local_midnight(today - dt.timedelta(days=RECENT_DAYS)),
        _local_midnight(today + dt.timedelta(days=1)),
    )


def _returned_reminders(today: dt.date, reporters) -> list[Reminder]:
    since, until = _recent(today)
    reports = Report.objects.filter(
        status=ReportStatus.RETURNED, reviewed_at__gte=since, reviewed_at__lt=until
    ).select_related("period__plan", "reviewed_by")
    found = []
    for report in reports:
        returned = timezone.localdate(report.reviewed_at)
        found += _to_each(
            reporters.get(report.agency_id, ()),
            kind=NotificationKind.REPORT_RETURNED,
            key=f"returned:{report.pk}:v{report.version}",
            title=(
                f"Báo cáo {report.period.label} ({report.period.plan.short_label}) bị trả "
                f"lại ngày {returned:%d/%m/%Y}"
            ),
            body=(report.review_comment or "Xem ý kiến trên báo cáo.")[:300],
            url=report.get_absolute_url(),
        )
    return found


def _answered_reminders(today: dt.date, reporters) -> list[Reminder]:
    since, until = _recent(today)
    answered = Recommendation.objects.filter(
        status=RecommendationStatus.ANSWERED, answered_at__gte=since, answered_at__lt=until
    ).select_related("report__period", "addressed_unit")
    found = []
    for item in answered:
        report = item.report
        found += _to_each(
            reporters.get(report.agency_id, ()),
            kind=NotificationKind.RECOMMENDATION_ANSWERED,
            key=f"answered:{item.pk}",
            title=(
                f"Kiến nghị trong báo cáo {report.period.label} đã được "
                f"{item.addressed_unit.name} trả lời"
            ),
            body=item.answer[:300],
            url=report.get_absolute_url(),
        )
    return found


def staged_reminders(*, today: dt.date) -> list[Reminder]:
    """Every reminder due on ``today``, whether or not it was made before."""
    reporters, offices = _reporters(), _offices()
    return (
        _due_reminders(today, reporters)
        + _review_reminders(today, offices)
        + _draft_reminders(today, reporters)
        + _task_reminders(today, reporters)
        + _returned_reminders(today, reporters)
        + _answered_reminders(today, reporters)
    )


def remind(*, today: dt.date, dry_run: bool = False) -> DeliveryResult:
    """Makes and emails the reminders of ``today`` that their users have not had yet."""
    return notifications_deliver(reminders=staged_reminders(today=today), dry_run=dry_run)
