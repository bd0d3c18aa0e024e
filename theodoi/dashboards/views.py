from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe

from theodoi.accounts.permissions import home_unit, visible_units
from theodoi.core.views import is_partial
from theodoi.dashboards import charts
from theodoi.dashboards.forms import AsOfForm
from theodoi.dashboards.reasons import with_reasons
from theodoi.dashboards.selectors import (
    CATEGORY_LABELS,
    TaskFilter,
    dashboard_task_rows,
    filter_leads,
    quarter_of,
    unit_dashboard,
)
from theodoi.plans.nq57 import nq57_groups, nq57_label


@login_required
def dashboard_home(request):
    top = home_unit(request.user)
    if top is None:
        return render(request, "dashboards/no_scope.html")
    return redirect("dashboards:unit", pk=top.pk)


@login_required
def unit_view(request, pk: int):
    unit = get_object_or_404(visible_units(request.user), pk=pk)
    form = AsOfForm(request.GET or None)
    as_of = form.as_of_date()
    board = unit_dashboard(unit=unit, as_of=as_of)
    context = {
        "board": board,
        "overdue_head": with_reasons(board.overdue[:10], as_of),
        "charts": [
            {"chart": chart, "svg": mark_safe(charts.svg(chart))}  # text escaped in charts.svg
            for chart in charts.board_charts(board, today=quarter_of(as_of))
        ],
        "unit": unit,
        "form": form,
        "as_of": as_of,
        "as_of_error": form.as_of_error(),
        "labels": CATEGORY_LABELS,
        "visible_children": set(
            visible_units(request.user).filter(parent=unit).values_list("pk", flat=True)
        ),
    }
    template = "dashboards/partials/board.html" if is_partial(request) else "dashboards/unit.html"
    return render(request, template, context)


def _task_filter(request, unit, form: AsOfForm) -> TaskFilter:
    """The list's filters from the query string; what is not valid is ignored."""

    def number(name: str) -> int | None:
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() and len(value) < 12 else None

    sub = number("unit")
    sub_unit = None
    if sub is not None and sub != unit.pk:
        sub_unit = visible_units(request.user).filter(pk=sub, path__startswith=unit.path).first()
    nq57 = number("nq57")
    return TaskFilter(
        category=form.cleaned_data.get("category", "") if form.is_valid() else "",
        lead=number("lead"),
        group=request.GET.get("group", "")[:500],
        nq57=nq57 if nq57 is not None and 0 <= nq57 <= 7 else None,
        sub_unit=sub_unit,
        plan=number("plan"),
    )


def _list_title(wanted: TaskFilter) -> str:
    title = dict(AsOfForm.base_fields["category"].choices).get(wanted.category, "Tất cả")
    if wanted.group:
        title += f" — {wanted.group}"
    if wanted.nq57 is not None:
        title += f" — nhóm {nq57_label(wanted.nq57 or None)}"
    if wanted.sub_unit is not None:
        title += f" — {wanted.sub_unit.name}"
    return title


@login_required
def unit_tasks(request, pk: int):
    """The records behind a dashboard figure: the unit's tasks in one evaluation category,
    narrowed by sub-unit, lead agency and task group (the overdue list shows each task's unit,
    lead, deadline and days overdue, and downloads as CSV or Excel)."""
    unit = get_object_or_404(visible_units(request.user), pk=pk)
    form = AsOfForm(request.GET or None)
    as_of = form.as_of_date()
    board = unit_dashboard(unit=unit, as_of=as_of)
    wanted = _task_filter(request, unit, form)
    rows = dashboard_task_rows(board=board, wanted=wanted)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    page.object_list = with_reasons(page.object_list, as_of)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "dashboards/unit_tasks.html",
        {
            "unit": unit,
            "page": page,
            "as_of": as_of,
            "as_of_error": form.as_of_error(),
            "category": wanted.category,
            "wanted": wanted,
            "query": query.urlencode(),
            "sub_units": visible_units(request.user).filter(parent=unit).order_by("name"),
            "leads": filter_leads(board),
            "nq57_groups": nq57_groups(),
            "title": _list_title(wanted),
            "labels": CATEGORY_LABELS,
            "count": len(rows),
        },
    )


EXPORT_NAMES = {"open_overdue": "qua-han", "due_soon": "sap-den-han", "at_risk": "nguy-co-tre-han"}


@login_required
def unit_tasks_export(request, pk: int, fmt: str):
    """The list of ``unit_tasks`` with the same filters, as CSV or .xlsx (overdue by default)."""
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    from theodoi.exchange.overdue import overdue_export

    unit = get_object_or_404(visible_units(request.user), pk=pk)
    data = request.GET.copy()
    data.setdefault("category", "open_overdue")
    form = AsOfForm(data)
    as_of = form.as_of_date()
    board = unit_dashboard(unit=unit, as_of=as_of)
    rows = dashboard_task_rows(board=board, wanted=_task_filter(request, unit, form))
    content = overdue_export(rows, as_of=as_of, fmt=fmt)
    types = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(content, content_type=types[fmt])
    category = form.cleaned_data.get("category", "") if form.is_valid() else ""
    what = EXPORT_NAMES.get(category, category.replace("_", "-") or "tat-ca")
    name = f"nhiem-vu-{what}-{unit.code}-{as_of}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def unit_ranking(request, pk: int):
    """The whole agency ranking of a dashboard (the dashboard shows its first 20)."""
    unit = get_object_or_404(visible_units(request.user), pk=pk)
    form = AsOfForm(request.GET or None)
    as_of = form.as_of_date()
    board = unit_dashboard(unit=unit, as_of=as_of)
    page = Paginator(board.agencies, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboards/unit_ranking.html",
        {
            "unit": unit,
            "as_of": as_of,
            "as_of_error": form.as_of_error(),
            "page": page,
            "count": len(board.agencies),
        },
    )


def scoring_method(request):
    """The scoring method, public so that every agency knows how it is ranked."""
    from dataclasses import asdict

    from theodoi.dashboards.selectors import scoring_method

    return render(request, "dashboards/method.html", {"method": asdict(scoring_method())})


def public_index(request):
    """The transparency page: what offices marked public, readable without login."""
    from theodoi.dashboards.selectors import public_plans

    plans = public_plans()
    return render(request, "dashboards/public_index.html", {"plans": plans})


def public_plan(request, pk: int):
    """One public plan's figures, counted as the dashboards count them, for today; the page
    says how they relate to the unit's dashboard (which adds the unit's other active plans
    and its sub-units')."""
    from django.utils import timezone

    from theodoi.dashboards.selectors import plan_summary, public_plans
    from theodoi.plans.choices import PlanStatus
    from theodoi.plans.models import Plan

    plan = get_object_or_404(public_plans(), pk=pk)
    as_of = timezone.localdate()
    summary = plan_summary(plan=plan, as_of=as_of)
    with_reasons(summary["rows"], as_of)
    others = (
        Plan.objects.filter(unit__path__startswith=plan.unit.path, status=PlanStatus.ACTIVE)
        .exclude(pk=plan.pk)
        .count()
    )
    return render(
        request,
        "dashboards/public_plan.html",
        {"plan": plan, "other_plans": others, "labels": CATEGORY_LABELS, **summary},
    )


VERDICT_LABELS = {"on_time": "Đúng hạn", "late": "Muộn", "missing": "Chưa gửi"}
ACHIEVEMENT_LABELS = {
    "achieved": "Đạt",
    "not_achieved": "Chưa đạt",
    "no_data": "Chưa có số liệu hoặc chưa đánh giá",
}


@login_required
def unit_reports(request, pk: int):
    """The records behind the report-completeness figures."""
    from theodoi.dashboards.selectors import reports_due
    from theodoi.units.models import Agency

    unit = get_object_or_404(visible_units(request.user), pk=pk)
    form = AsOfForm(request.GET or None)
    as_of = form.as_of_date()
    verdict = request.GET.get("verdict", "")
    rows = [r for r in reports_due(unit, as_of) if not verdict or r.verdict == verdict]
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    agencies = Agency.objects.in_bulk({r.agency_id for r in page})
    return render(
        request,
        "dashboards/unit_reports.html",
        {
            "unit": unit,
            "as_of": as_of,
            "as_of_error": form.as_of_error(),
            "verdict": verdict,
            "page": page,
            "count": len(rows),
            "agencies": agencies,
            "labels": VERDICT_LABELS,
            "title": VERDICT_LABELS.get(verdict, "Tất cả báo cáo đến hạn"),
        },
    )


@login_required
def unit_indicators(request, pk: int):
    """The records behind the indicator figures."""
    from theodoi.dashboards.selectors import evaluate_indicators

    unit = get_object_or_404(visible_units(request.user), pk=pk)
    form = AsOfForm(request.GET or None)
    as_of = form.as_of_date()
    wanted = request.GET.get("achieved", "")
    key = {"achieved": True, "not_achieved": False, "no_data": None}
    rows = [
        r
        for r in evaluate_indicators(unit, as_of)
        if wanted not in key or r.achieved is key[wanted]
    ]
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboards/unit_indicators.html",
        {
            "unit": unit,
            "as_of": as_of,
            "as_of_error": form.as_of_error(),
            "achieved": wanted,
            "page": page,
            "count": len(rows),
            "title": ACHIEVEMENT_LABELS.get(wanted, "Tất cả chỉ tiêu"),
        },
    )
