"""Reads for reporting periods, reports and obligations."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from theodoi.accounts.permissions import can_manage_unit, visible_reports_q
from theodoi.plans.models import Plan
from theodoi.plans.selectors import plan_list
from theodoi.reporting.choices import ReportAction
from theodoi.reporting.models import DeadlineExtension, Report, ReportEvent, ReportingPeriod
from theodoi.units.models import Agency


def period_list(*, user) -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.filter(
        plan__in=plan_list(user=user).values("pk")
    ).select_related("plan__unit")


def report_list(*, user) -> QuerySet[Report]:
    return Report.objects.filter(visible_reports_q(user)).select_related(
        "period__plan__unit", "agency", "submitted_by", "reviewed_by"
    )


def plan_obligated_agencies(*, plan: Plan) -> QuerySet[Agency]:
    """Agencies that must report on a plan: those leading any of its tasks or indicators."""
    return (
        Agency.objects.filter(Q(led_tasks__plan=plan) | Q(led_indicators__plan=plan))
        .distinct()
        .select_related("unit")
        .order_by("name")
    )


def extension_list(*, user) -> QuerySet[DeadlineExtension]:
    return DeadlineExtension.objects.filter(
        task__plan__in=plan_list(user=user).values("pk")
    ).select_related("task__plan", "agency", "requested_by", "decided_by")


def period_office_requests(*, period: ReportingPeriod, user) -> QuerySet[ReportEvent]:
    """The requests agencies sent the office about their reports of ``period`` (the text they
    could not save once the period was locked): for the plan's office only."""
    if not can_manage_unit(user, period.plan.unit):
        return ReportEvent.objects.none()
    return (
        ReportEvent.objects.filter(report__period=period, action=ReportAction.REQUEST)
        .select_related("report__agency", "actor")
        .order_by("-at")
    )
