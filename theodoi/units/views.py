from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from theodoi.accounts.permissions import can_manage_unit, user_agencies
from theodoi.core.views import ObjectListView
from theodoi.plans.selectors import agency_indicators, plan_list
from theodoi.reporting.selectors import agency_work_tasks
from theodoi.units import selectors, services
from theodoi.units.filtersets import AgencyFilterSet, UnitFilterSet
from theodoi.units.forms import AgencyForm
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
    """The agency's tasks (those it leads or coordinates, and those the plans of its unit and of
    the units above give it through a collective: reporting.selectors.agency_work_tasks), its
    indicators and the periods it reports in (those of every plan it has a task in)."""
    tasks = agency_work_tasks(agency=agency)
    for task in tasks:
        task.overdue = task.is_overdue(today)
        task.due_soon = (
            not task.overdue
            and task.due_date is not None
            and task.due_date <= today + dt.timedelta(days=DUE_SOON_DAYS)
        )
    from theodoi.reporting.models import Report, ReportingPeriod

    plan_ids = {t.plan_id for t in tasks}
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
    context = agency_work_context(agency, timezone.localdate())
    context["can_manage"] = can_manage_unit(request.user, agency.unit)
    return render(request, "units/agency_detail.html", context)


@login_required
def my_work(request):
    today = timezone.localdate()
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
            "predecessors": unit.predecessors.all(),
            "can_manage": can_manage_unit(request.user, unit),
        },
    )


def _deny_unless_office(user, unit) -> None:
    if not can_manage_unit(user, unit):
        raise PermissionDenied("Chỉ cơ quan thường trực của đơn vị mới thêm, sửa được cơ quan.")


def _agency_form_page(request, form, *, title: str, obj, status: int):
    return render(
        request,
        "core/object_edit.html",
        {"form": form, "object": obj, "title": title},
        status=status,
    )


@login_required
def agency_create(request, pk: int):
    unit = get_object_or_404(selectors.unit_list(user=request.user), pk=pk)
    _deny_unless_office(request.user, unit)
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_create(unit=unit, user=request.user, **_agency_data(form))
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, f"Đã thêm {agency.name}.")
            return redirect(agency.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    return _agency_form_page(
        request, form, title=f"Thêm cơ quan của {unit}", obj=unit, status=status
    )


def _agency_data(form, *, with_active: bool = False) -> dict:
    data = {k: form.cleaned_data[k] for k in ("name", "short_name", "kind", "aliases")}
    if with_active:
        data["is_active"] = form.cleaned_data["is_active"]
    return data


@login_required
def agency_edit(request, pk: int):
    agency = get_object_or_404(selectors.agency_list(user=request.user), pk=pk)
    _deny_unless_office(request.user, agency.unit)
    initial = {
        "name": agency.name,
        "short_name": agency.short_name,
        "kind": agency.kind,
        "aliases": "\n".join(agency.aliases),
        "is_active": agency.is_active,
    }
    form = AgencyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_update(
                agency=agency, user=request.user, **_agency_data(form, with_active=True)
            )
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, "Đã lưu cơ quan.")
            return redirect(agency.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    return _agency_form_page(request, form, title="Sửa cơ quan", obj=agency, status=status)
