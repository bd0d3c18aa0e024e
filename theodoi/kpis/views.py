from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from theodoi.accounts.permissions import can_manage_unit, home_unit, visible_units
from theodoi.core.views import deny
from theodoi.dashboards.charts import svg
from theodoi.dashboards.forms import AsOfForm
from theodoi.evaluation.annual import BAND_LABELS, Band
from theodoi.kpis import exports, selectors, services
from theodoi.kpis.catalogue import DIRECTION_LABELS
from theodoi.kpis.charts import kpi_chart
from theodoi.plans import selectors as plan_selectors


def _scope(request):
    """The unit whose sub-units the page compares: ?unit=<id> within the viewer's scope, else
    the viewer's home unit."""
    wanted = request.GET.get("unit", "")
    if wanted.isdigit() and len(wanted) < 12:
        return get_object_or_404(visible_units(request.user), pk=int(wanted))
    unit = home_unit(request.user)
    if unit is None:
        raise Http404("Bạn chưa được giao phạm vi đơn vị nào.")
    return unit


def _board(request, code: str):
    kpi = selectors.kpi_get(code=code)
    if kpi is None:
        raise Http404("Không có chỉ tiêu quốc gia này.")
    unit = _scope(request)
    form = AsOfForm(request.GET or None)
    as_of = form.as_of_date()
    board = selectors.kpi_board(user=request.user, kpi=kpi, unit=unit, as_of=as_of)
    return board, form


@login_required
def kpi_list(request):
    return render(
        request,
        "kpis/kpi_list.html",
        {"kpis": selectors.kpi_list(user=request.user), "directions": DIRECTION_LABELS},
    )


@login_required
def kpi_detail(request, code: str):
    board, form = _board(request, code)
    chart = kpi_chart(board) if board.ranked else None
    return render(
        request,
        "kpis/kpi_detail.html",
        {
            "board": board,
            # the chart's text is escaped by dashboards.charts.svg
            "chart": chart,
            "chart_svg": mark_safe(svg(chart)) if chart else "",
            "kpi": board.kpi,
            "unit": board.unit,
            "as_of": board.as_of,
            "as_of_error": form.as_of_error(),
            "directions": DIRECTION_LABELS,
            "drillable": set(
                visible_units(request.user)
                .filter(parent__parent=board.unit)
                .values_list("parent_id", flat=True)
            ),
        },
    )


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def kpi_export(request, code: str, fmt: str):
    board, _form = _board(request, code)
    name = f"{board.kpi.code}-{board.unit.code}-{board.as_of}.{fmt}"
    if fmt == "csv":
        return _download(exports.kpi_csv(board), "text/csv; charset=utf-8", name)
    content = json.dumps(exports.kpi_json(board), ensure_ascii=False, indent=2).encode()
    return _download(content, "application/json", name)


def _managed_plan(request, pk: int):
    plan = get_object_or_404(plan_selectors.plan_list(user=request.user), pk=pk)
    if not can_manage_unit(request.user, plan.unit):
        deny()
    return plan


def _review_url(plan) -> str:
    return reverse("plans:plan_review", args=[plan.pk]) + "#chi-tieu-quoc-gia"


@login_required
@require_POST
def plan_kpis_map(request, pk: int):
    """The office's choice of national KPI for each indicator of a plan (review page)."""
    plan = _managed_plan(request, pk)
    codes: dict[int, str] = {}
    for key, value in request.POST.items():
        if key.startswith("kpi-") and key[4:].isdigit() and len(key) < 20:
            codes[int(key[4:])] = value.strip()[:40]
    try:
        changed = services.plan_kpis_map(plan=plan, codes=codes, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages) + " Chưa lưu thay đổi nào.")
    else:
        messages.success(
            request, f"Đã lưu chỉ tiêu quốc gia tương ứng ({changed} chỉ tiêu thay đổi)."
        )
    return redirect(_review_url(plan))


@login_required
@require_POST
def plan_kpis_suggest(request, pk: int):
    """Suggest again the KPI of each indicator not yet confirmed."""
    plan = _managed_plan(request, pk)
    held = services.plan_kpis_suggest(plan=plan)
    messages.success(request, f"Đã gợi ý lại: {held} chỉ tiêu có chỉ tiêu quốc gia tương ứng.")
    return redirect(_review_url(plan))


def _year(value: str) -> int:
    if not value.isdigit() or not 2000 <= int(value) <= timezone.localdate().year:
        raise Http404("Năm không hợp lệ.")
    return int(value)


def _managed_unit(request, pk: int):
    unit = get_object_or_404(visible_units(request.user), pk=pk)
    if not can_manage_unit(request.user, unit):
        raise Http404("Không tìm thấy trang này.")
    return unit


@login_required
def annual_home(request):
    unit = home_unit(request.user)
    if unit is None or not can_manage_unit(request.user, unit):
        raise Http404("Trang dành cho cơ quan thường trực.")
    return redirect("kpis:annual", pk=unit.pk, year=timezone.localdate().year)


@login_required
def annual_view(request, pk: int, year: str):
    unit = _managed_unit(request, pk)
    year = _year(year)
    result = selectors.annual_result(unit=unit, year=year)
    this_year = timezone.localdate().year
    return render(
        request,
        "kpis/annual.html",
        {
            "unit": unit,
            "year": year,
            "result": result,
            "agencies": result.by_kind("agency"),
            "sub_units": result.by_kind("unit"),
            "summary": [
                (BAND_LABELS[b], result.band_counts("agency")[b], result.band_counts("unit")[b])
                for b in Band
            ],
            "published": selectors.annual_published(unit=unit, year=year),
            "years": list(range(this_year, this_year - 4, -1)),
        },
    )


@login_required
def annual_export(request, pk: int, year: str, fmt: str):
    unit = _managed_unit(request, pk)
    year = _year(year)
    result = selectors.annual_result(unit=unit, year=year)
    types = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    content = exports.annual_export(result.rows, fmt=fmt, year=year)
    return _download(content, types[fmt], f"xep-loai-{unit.code}-{year}.{fmt}")


@login_required
@require_POST
def annual_publish(request, pk: int, year: str):
    unit = _managed_unit(request, pk)
    year = _year(year)
    if request.POST.get("action") == "unpublish":
        services.annual_evaluation_unpublish(unit=unit, year=year)
        messages.success(request, f"Đã thôi công khai kết quả xếp loại năm {year}.")
    else:
        result = selectors.annual_result(unit=unit, year=year)
        services.annual_evaluation_publish(
            unit=unit, year=year, user=request.user, evaluation=result
        )
        messages.success(request, f"Đã công khai kết quả xếp loại năm {year} của {unit.name}.")
    return redirect("kpis:annual", pk=unit.pk, year=year)


def public_annual_list(request):
    return render(
        request, "kpis/public_annual_list.html", {"records": selectors.published_evaluations()}
    )


def public_annual(request, pk: int):
    from theodoi.evaluation.annual import AnnualRow

    record = get_object_or_404(selectors.published_evaluations(), pk=pk)
    rows = [AnnualRow.from_json(r) for r in record.rows]
    return render(
        request,
        "kpis/public_annual.html",
        {
            "record": record,
            "agencies": [r for r in rows if r.kind == "agency"],
            "sub_units": [r for r in rows if r.kind == "unit"],
            "today": timezone.localdate(),
        },
    )
