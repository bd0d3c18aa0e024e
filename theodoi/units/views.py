from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from theodoi.accounts.permissions import user_agencies
from theodoi.core.views import ObjectListView
from theodoi.plans.selectors import agency_indicators, agency_tasks, plan_list
from theodoi.units import selectors
from theodoi.units.filtersets import AgencyFilterSet, UnitFilterSet
from theodoi.units.tables import AgencyTable, UnitTable

DUE_SOON_DAYS = 30


class AgencyListView(ObjectListView):
    filterset_class = AgencyFilterSet
    table_class = AgencyTable
    title = "Cơ quan, đơn vị"

    def get_queryset(self, request):
        return selectors.agency_list(user=request.user)


class UnitListView(ObjectListView):
    filterset_class = UnitFilterSet
    table_class = UnitTable
    title = "Đơn vị hành chính"

    def get_queryset(self, request):
        return selectors.unit_list(user=request.user)


def agency_work_context(agency, today: dt.date) -> dict:
    tasks = list(agency_tasks(agency=agency))
    for task in tasks:
        task.role_label = "Chủ trì" if task.lead_id == agency.pk else "Phối hợp"
        task.overdue = task.is_overdue(today)
        task.due_soon = (
            not task.overdue
            and task.due_date is not None
            and task.due_date <= today + dt.timedelta(days=DUE_SOON_DAYS)
        )
    from theodoi.reporting.models import Report, ReportingPeriod

    plan_ids = {t.plan_id for t in tasks if t.lead_id == agency.pk}
    periods = list(
        ReportingPeriod.objects.filter(plan_id__in=plan_ids, is_locked=False)
        .select_related("plan__unit")
        .order_by("-due")[:8]
    )
    reports = {r.period_id: r for r in Report.objects.filter(period__in=periods, agency=agency)}
    period_rows = [(p, reports.get(p.pk)) for p in periods]
    return {
        "agency": agency,
        "period_rows": period_rows,
        "tasks": tasks,
        "indicators": agency_indicators(agency=agency),
        "overdue_count": sum(t.overdue for t in tasks),
        "due_soon_count": sum(t.due_soon for t in tasks),
        "today": today,
    }


@login_required
def agency_detail(request, pk: int):
    agency = get_object_or_404(selectors.agency_list(user=request.user), pk=pk)
    return render(request, "units/agency_detail.html", agency_work_context(agency, dt.date.today()))


@login_required
def my_work(request):
    today = dt.date.today()
    agencies = list(user_agencies(request.user))
    return render(
        request,
        "units/my_work.html",
        {
            "works": [agency_work_context(agency, today) for agency in agencies],
            "today": today,
        },
    )


@login_required
def unit_detail(request, pk: int):
    unit = get_object_or_404(selectors.unit_list(user=request.user), pk=pk)
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "children": selectors.unit_list(user=request.user).filter(parent=unit),
            "agencies": unit.agencies.filter(is_active=True),
            "plans": plan_list(user=request.user).filter(unit=unit),
        },
    )
