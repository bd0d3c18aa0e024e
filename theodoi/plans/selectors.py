"""Reads for plans, tasks and indicators, always within the user's scope."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from theodoi.accounts.permissions import manageable_units, visible_units
from theodoi.plans.choices import DeadlineKind, PlanStatus
from theodoi.plans.models import Indicator, Plan, Task
from theodoi.units.models import Agency


def plan_list(*, user) -> QuerySet[Plan]:
    """Plans of the units the user sees; drafts only for those who may manage them."""
    visible = Q(unit__in=visible_units(user)) & ~Q(status=PlanStatus.DRAFT)
    managed = Q(unit__in=manageable_units(user))
    return (
        Plan.objects.filter(visible | managed)
        .select_related("unit")
        .annotate(
            task_count=Count("tasks", distinct=True),
            indicator_count=Count("indicators", distinct=True),
        )
        .order_by("-issued_on", "number", "pk")
    )


def task_list(*, user) -> QuerySet[Task]:
    return Task.objects.filter(plan__in=plan_list(user=user).values("pk")).select_related(
        "plan__unit", "lead", "lead__unit", "group"
    )


def indicator_list(*, user) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(plan__in=plan_list(user=user).values("pk"))
        .select_related("plan__unit", "lead", "lead__unit")
        .prefetch_related("targets")
    )


def overdue_q(today: dt.date) -> Q:
    return Q(deadline_kind=DeadlineKind.DATE, due_date__lt=today) | Q(
        deadline_kind=DeadlineKind.RANGE, end_date__lt=today
    )


def agency_tasks(*, agency: Agency) -> QuerySet[Task]:
    """Tasks the agency leads or coordinates, in active plans, soonest deadline first."""
    return (
        # lead OR coordinator through two indexes (BitmapOr): an OR across the M2M join, or
        # with a subquery, would scan every task of the nation
        Task.objects.filter(
            Q(lead=agency)
            | Q(
                pk__in=list(
                    Task.coordinators.through.objects.filter(agency=agency).values_list(
                        "task_id", flat=True
                    )
                )
            ),
            plan__status=PlanStatus.ACTIVE,
        )
        .select_related("plan__unit", "lead", "group")
        .order_by("due_date", "plan_id", "order")
    )


def agency_indicators(*, agency: Agency) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(
            Q(lead=agency)
            | Q(
                pk__in=list(
                    Indicator.coordinators.through.objects.filter(agency=agency).values_list(
                        "indicator_id", flat=True
                    )
                )
            ),
            plan__status=PlanStatus.ACTIVE,
        )
        .select_related("plan__unit", "lead")
        .prefetch_related("targets")
        .order_by("plan_id", "order")
    )
