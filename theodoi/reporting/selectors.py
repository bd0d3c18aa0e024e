"""Reads for reporting periods, reports and obligations."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from theodoi.accounts.permissions import visible_reports_q
from theodoi.plans.models import Plan
from theodoi.plans.selectors import plan_list
from theodoi.reporting.models import DeadlineExtension, Report, ReportingPeriod
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
