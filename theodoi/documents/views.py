"""Downloads of official documents: the consolidated report of a unit as DOCX or PDF."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from theodoi.accounts.permissions import visible_units
from theodoi.documents.builders import build_consolidated_docx
from theodoi.documents.selectors import consolidated_report_data, report_filename
from theodoi.documents.services import ConversionFailed, OfficeUnavailable, docx_to_pdf
from theodoi.reporting.models import ReportingPeriod
from theodoi.textnorm import strip_diacritics
from theodoi.units.models import Unit

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def _as_of(request) -> dt.date:
    raw = request.GET.get("as_of", "").strip()
    if not raw:
        return timezone.localdate()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise BadRequest("Ngày không hợp lệ (dùng dạng YYYY-MM-DD).")


def _period(request, unit):
    """?ky=<pk of a reporting period of a plan of the unit or below>, or ?ky=<label>."""
    raw = request.GET.get("ky", "").strip()
    if not raw:
        return None
    if raw.isdigit():
        return get_object_or_404(
            ReportingPeriod.objects.filter(plan__unit__path__startswith=unit.path), pk=int(raw)
        )
    return raw[:100]


def content_disposition(filename: str) -> str:
    """attachment; with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987)."""
    fallback = strip_diacritics(filename)
    fallback = "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\' else "_" for ch in fallback)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _report(request, unit_pk: int) -> tuple[bytes, Unit, dt.date]:
    unit = get_object_or_404(visible_units(request.user), pk=unit_pk)
    as_of = _as_of(request)
    data = consolidated_report_data(
        unit=unit,
        as_of=as_of,
        period=_period(request, unit),
        signer_name=request.GET.get("nguoi_ky", "").strip()[:100],
    )
    return build_consolidated_docx(data), unit, as_of


@login_required
@require_GET
def consolidated_docx(request, unit_pk: int):
    docx_bytes, unit, as_of = _report(request, unit_pk)
    response = HttpResponse(docx_bytes, content_type=DOCX)
    response["Content-Disposition"] = content_disposition(report_filename(unit, as_of, "docx"))
    return response


@login_required
@require_GET
def consolidated_pdf(request, unit_pk: int):
    docx_bytes, unit, as_of = _report(request, unit_pk)
    try:
        pdf = docx_to_pdf(docx_bytes)
    except (OfficeUnavailable, ConversionFailed) as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type=PDF)
    response["Content-Disposition"] = content_disposition(report_filename(unit, as_of, "pdf"))
    return response
