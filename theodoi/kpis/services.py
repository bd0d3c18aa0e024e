"""Writes of the kpis app: the catalogue's load, the KPI suggested for or chosen for a plan
indicator, and the publication of an annual evaluation."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from theodoi.kpis.catalogue import national_kpis, source_documents
from theodoi.kpis.models import AnnualEvaluation, IndicatorKpi, Kpi
from theodoi.kpis.suggest import suggest_kpi, units_compatible


def _targets_json(kpi) -> list[dict]:
    return [
        {
            "year": t.year,
            "op": t.op,
            "value": str(t.value),
            "value_max": None if t.value_max is None else str(t.value_max),
            "raw": t.raw,
        }
        for t in kpi.targets
    ]


def kpi_catalogue_load(*, kpi_model=Kpi) -> int:
    """Bring the KPI table in line with ``data/national_kpis.json``; idempotent (a second run
    writes nothing). A KPI the file no longer holds is kept (indicators may point at it).
    ``kpi_model``: the migration's historical model. Returns the rows written."""
    documents = source_documents()
    existing = {k.code: k for k in kpi_model.objects.all()}
    written = 0
    for order, kpi in enumerate(national_kpis()):
        values = {
            "name": kpi.name,
            "unit_of_measure": kpi.unit_of_measure,
            "direction": kpi.direction,
            "targets": _targets_json(kpi),
            "document": kpi.document,
            "document_title": documents[kpi.document],
            "article": kpi.article,
            "restated_in": kpi.restated_in,
            "keywords": list(kpi.keywords),
            "order": order,
        }
        row = existing.get(kpi.code)
        if row is None:
            kpi_model.objects.create(code=kpi.code, **values)
            written += 1
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
            written += 1
    return written


@dataclasses.dataclass(frozen=True)
class _Candidate:
    code: str
    name: str
    unit_of_measure: str
    keywords: tuple[str, ...]


def _candidates() -> list[_Candidate]:
    return [
        _Candidate(k.code, k.name, k.unit_of_measure, tuple(k.keywords))
        for k in Kpi.objects.only("code", "name", "unit_of_measure", "keywords")
    ]


@transaction.atomic
def indicator_kpi_suggest(*, indicator, candidates: list | None = None) -> IndicatorKpi | None:
    """Suggest the KPI the indicator measures (suggest.suggest_kpi). A mapping the office
    confirmed is kept as it is; an unconfirmed one is replaced by the new suggestion (or
    removed when there is none)."""
    link = IndicatorKpi.objects.filter(indicator=indicator).first()
    if link is not None and link.confirmed:
        return link
    found = suggest_kpi(
        name=indicator.name,
        unit_of_measure=indicator.unit_of_measure,
        kpis=_candidates() if candidates is None else candidates,
    )
    if found is None:
        if link is not None:
            link.delete()
        return None
    kpi = Kpi.objects.get(code=found.code)
    score = Decimal(str(found.score))
    if link is None:
        return IndicatorKpi.objects.create(indicator=indicator, kpi=kpi, score=score)
    if (link.kpi_id, link.score) != (kpi.pk, score):
        link.kpi, link.score = kpi, score
        link.save(update_fields=["kpi", "score"])
    return link


def plan_kpis_suggest(*, plan) -> int:
    """Suggest again for every indicator of the plan (on demand); returns the mappings held."""
    candidates = _candidates()
    return sum(
        1
        for indicator in plan.indicators.all()
        if indicator_kpi_suggest(indicator=indicator, candidates=candidates)
    )


def _check(indicator, kpi: Kpi) -> None:
    if not units_compatible(indicator.unit_of_measure, kpi.unit_of_measure):
        raise ValidationError(
            f"Chỉ tiêu «{indicator.name[:80]}» tính bằng «{indicator.unit_of_measure}», "
            f"không cùng đơn vị tính với chỉ tiêu quốc gia {kpi.code} ({kpi.unit_of_measure})."
        )


@transaction.atomic
def plan_kpis_map(*, plan, codes: dict[int, str], user) -> int:
    """The office's choice of national KPI for the plan's indicators (``codes``: indicator id
    → KPI code, "" for none); every indicator named is confirmed as chosen. All or nothing: an
    unknown code or an incompatible unit of measure refuses the whole choice. Returns how many
    indicators changed."""
    indicators = {i.pk: i for i in plan.indicators.filter(pk__in=codes)}
    kpis = Kpi.objects.in_bulk([c for c in codes.values() if c], field_name="code")
    unknown = sorted({c for c in codes.values() if c and c not in kpis})
    if unknown:
        raise ValidationError(f"Không có chỉ tiêu quốc gia mã {', '.join(unknown)}.")
    links = {
        link.indicator_id: link for link in IndicatorKpi.objects.filter(indicator__in=indicators)
    }
    now = timezone.now()
    changed = 0
    for pk, indicator in indicators.items():
        code, link = codes[pk], links.get(pk)
        if not code:
            if link is not None:
                link.delete()
                changed += 1
            continue
        kpi = kpis[code]
        _check(indicator, kpi)
        if link is not None and link.kpi_id == kpi.pk and link.confirmed:
            continue
        if link is None:
            link = IndicatorKpi(indicator=indicator)
        link.kpi, link.confirmed, link.confirmed_by, link.confirmed_at = kpi, True, user, now
        link.save()
        changed += 1
    return changed


@transaction.atomic
def plan_kpis_confirm_suggested(*, plan, user) -> int:
    """Confirm every KPI suggested for the plan's indicators as it stands (the demo's office
    accepting the suggestions). Returns how many were confirmed."""
    links = IndicatorKpi.objects.filter(indicator__plan=plan, confirmed=False).select_related("kpi")
    codes = {link.indicator_id: link.kpi.code for link in links}
    return plan_kpis_map(plan=plan, codes=codes, user=user) if codes else 0


@transaction.atomic
def annual_evaluation_publish(*, unit, year: int, user, evaluation) -> AnnualEvaluation:
    """Publish (or publish again, replacing the earlier snapshot) the grades ``evaluation``
    (``evaluation.annual.AnnualResult``) of a unit's year."""
    if evaluation.year != year:
        raise ValidationError("Kết quả xếp loại không đúng năm được công bố.")
    record, _ = AnnualEvaluation.objects.update_or_create(
        unit=unit,
        year=year,
        defaults={
            "as_of": evaluation.as_of,
            "rows": [row.as_json() for row in evaluation.rows],
            "rule": evaluation.rule_json(),
            "published_at": timezone.now(),
            "published_by": user,
        },
    )
    return record


@transaction.atomic
def annual_evaluation_unpublish(*, unit, year: int) -> int:
    deleted, _ = AnnualEvaluation.objects.filter(unit=unit, year=year).delete()
    return deleted
