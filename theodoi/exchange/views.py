"""Downloads of a plan's lists and the report template; the template's upload page."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from theodoi.accounts.permissions import can_report_for
from theodoi.core.forms import StyledFormMixin
from theodoi.exchange import services, xlsx
from theodoi.plans.models import Plan
from theodoi.plans.selectors import plan_list
from theodoi.reporting import selectors as reporting_selectors
from theodoi.reporting.models import Report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {
    "xlsx": XLSX,
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}


def _download(content: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _plan(request: HttpRequest, plan_pk: int) -> Plan:
    return get_object_or_404(plan_list(user=request.user), pk=plan_pk)


def _plan_filename(plan: Plan, what: str, fmt: str) -> str:
    slug = slugify(plan.short_label)[:40].strip("-")
    return f"{what}-ke-hoach-{plan.pk}{'-' + slug if slug else ''}.{fmt}"


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


@login_required
@require_GET
def plan_exports(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = _plan(request, plan_pk)
    return render(request, "exchange/plan_exports.html", {"plan": plan})


@login_required
@require_GET
def plan_tasks(request: HttpRequest, plan_pk: int, fmt: str) -> HttpResponse:
    plan = _plan(request, plan_pk)
    if fmt == "xlsx":
        content = services.tasks_xlsx(plan=plan)
    elif fmt == "csv":
        content = xlsx.write_csv(*services.tasks_table(plan=plan))
    else:
        content = _json(services.tasks_json(plan=plan))
    return _download(content, _plan_filename(plan, "nhiem-vu", fmt), fmt)


@login_required
@require_GET
def plan_indicators(request: HttpRequest, plan_pk: int, fmt: str) -> HttpResponse:
    plan = _plan(request, plan_pk)
    if fmt == "xlsx":
        content = services.indicators_xlsx(plan=plan)
    elif fmt == "csv":
        content = xlsx.write_csv(*services.indicators_table(plan=plan))
    else:
        content = _json(services.indicators_json(plan=plan))
    return _download(content, _plan_filename(plan, "chi-tieu", fmt), fmt)


def _editable_report(request: HttpRequest, report_pk: int) -> Report:
    """The report, if the user sees it (else 404) and may edit it (else 403)."""
    report = get_object_or_404(reporting_selectors.report_list(user=request.user), pk=report_pk)
    if not can_report_for(request.user, report.agency):
        raise PermissionDenied("Chỉ cán bộ của cơ quan báo cáo mới dùng được mẫu Excel này.")
    if not report.is_editable:
        raise PermissionDenied("Báo cáo đã gửi hoặc kỳ báo cáo đã khóa: không sửa được.")
    return report


@login_required
@require_GET
def report_template(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = _editable_report(request, report_pk)
    content = services.report_template_xlsx(report=report)
    filename = f"bao-cao-{report.pk}-{slugify(report.period.label)[:30]}.xlsx".replace("-.", ".")
    return _download(content, filename, "xlsx")


class ReportUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label="Tệp Excel (.xlsx)",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX}),
        help_text="Tệp mẫu đã tải từ trang này, tối đa 5 MB.",
    )


@login_required
def report_import(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = _editable_report(request, report_pk)
    form = (
        ReportUploadForm(request.POST, request.FILES)
        if request.method == "POST"
        else ReportUploadForm()
    )
    errors: list[services.CellError] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > services.MAX_UPLOAD_BYTES:
            errors = [
                services.CellError(
                    "",
                    None,
                    None,
                    f"Tệp quá lớn ({upload.size / 1024 / 1024:.1f} MB); tối đa "
                    f"{services.MAX_UPLOAD_BYTES // 1024 // 1024} MB.",
                )
            ]
        else:
            result = services.report_import_xlsx(
                report=report, user=request.user, content=upload.read()
            )
            if result.ok:
                messages.success(
                    request,
                    f"Đã nạp dữ liệu từ Excel: {result.tasks_saved} nhiệm vụ, "
                    f"{result.indicators_saved} chỉ tiêu.",
                )
                return redirect(report.get_absolute_url())
            errors = result.errors
    return render(
        request,
        "exchange/report_import.html",
        {
            "report": report,
            "form": form,
            "errors": errors,
            "file_name": request.FILES["file"].name if "file" in request.FILES else "",
        },
        status=422 if request.method == "POST" else 200,
    )
