from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from theodoi.accounts.permissions import home_unit, visible_units
from theodoi.core.views import is_partial
from theodoi.dashboards.forms import AsOfForm
from theodoi.dashboards.selectors import CATEGORY_LABELS, unit_dashboard


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


@login_required
def unit_tasks(request, pk: int):
    """The records behind a dashboard figure: the unit's tasks in one evaluation category."""
    unit = get_object_or_404(visible_units(request.user), pk=pk)
    form = AsOfForm(request.GET or None)
    as_of = form.as_of_date()
    board = unit_dashboard(unit=unit, as_of=as_of)
    category = form.cleaned_data.get("category") if form.is_valid() else ""
    lead = request.GET.get("lead")
    lead = int(lead) if lead and lead.isdigit() and len(lead) < 12 else None
    group = request.GET.get("group", "")[:500]
    if board.fast:  # lazy rows: filter the query, page with LIMIT/OFFSET
        rows = {"due_soon": board.due_soon, "at_risk": board.at_risk}.get(category)
        if rows is None:
            rows = board.tasks
            if category:
                rows = rows.filter("category = %(category)s", category=category)
        if lead is not None:
            rows = rows.filter("lead_id = %(lead)s", lead=lead)
        if group:
            rows = rows.filter(
                "(CASE WHEN gtitle IS NULL THEN 'Khác' WHEN gcode <> '' "
                "THEN gcode || '. ' || gtitle ELSE gtitle END) = %(group)s",
                group=group,
            )
    else:
        rows = {
            "due_soon": board.due_soon,
            "at_risk": board.at_risk,
        }.get(category) or [
            r for r in board.tasks if not category or r.evaluation.category == category
        ]
        if lead is not None:
            rows = [r for r in rows if r.task.lead_id == lead]
        if group:
            rows = [r for r in rows if (str(r.task.group) if r.task.group else "Khác") == group]
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    title = dict(AsOfForm.base_fields["category"].choices).get(category, "Tất cả")
    return render(
        request,
        "dashboards/unit_tasks.html",
        {
            "unit": unit,
            "page": page,
            "as_of": as_of,
            "as_of_error": form.as_of_error(),
            "category": category,
            "lead": lead or "",
            "group": group,
            "title": f"{title} — {group}" if group else title,
            "labels": CATEGORY_LABELS,
            "count": len(rows),
        },
    )


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
    import datetime as dt

    from theodoi.dashboards.selectors import plan_summary, public_plans

    plan = get_object_or_404(public_plans(), pk=pk)
    return render(
        request,
        "dashboards/public_plan.html",
        {"plan": plan, **plan_summary(plan=plan, as_of=dt.date.today())},
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
