"""Reads of the kpis app, always within the viewer's scope (accounts.permissions).

The value of a unit for a national KPI (docs/evaluation.md, "Chỉ tiêu quốc gia"):

1. the latest accepted value of an indicator of the unit's own active plans mapped to the KPI
   (``Indicator.reported_value`` for today; for an earlier date the latest value of a report
   accepted by then). A former unit merged into it (``is_historical``, placed under it) counts
   as its own. When several indicators map, the most recently accepted value counts (ties: the
   first indicator of the plan);
2. else the mean of its sub-units' values (each by this same rule), marked as such with the
   number of sub-units it is taken from (no population weights: the registry holds none);
3. else none: the unit is listed among those that have not reported — "chưa báo cáo" when one
   of its indicators maps to the KPI, "chưa có chỉ tiêu tương ứng" when none does.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils import timezone

from theodoi.accounts.permissions import visible_units
from theodoi.evaluation.annual import AnnualResult, Subject, annual_as_of, annual_evaluation
from theodoi.evaluation.rules import indicator_achievement, pick_target
from theodoi.kpis.catalogue import LOWER, KpiTarget, target_for
from theodoi.kpis.models import AnnualEvaluation, IndicatorKpi, Kpi
from theodoi.plans.choices import PlanStatus
from theodoi.plans.models import Indicator, Target
from theodoi.reporting.choices import ReportStatus
from theodoi.reporting.models import IndicatorValue
from theodoi.units.models import Unit

OWN, MERGED, SUB_UNITS = "own", "merged", "sub_units"
BASIS_LABELS = {
    OWN: "chỉ tiêu của đơn vị",
    MERGED: "chỉ tiêu của đơn vị cũ đã hợp nhất",
    SUB_UNITS: "trung bình các đơn vị cấp dưới",
}
NOT_REPORTED, NOT_MAPPED = "not_reported", "not_mapped"
MISSING_LABELS = {NOT_REPORTED: "Chưa báo cáo", NOT_MAPPED: "Chưa có chỉ tiêu tương ứng"}
_PLACES = Decimal("0.01")


def kpi_list(*, user):
    """Every national KPI, with how many indicators in the user's scope map to each."""
    scoped = Q(indicator_links__indicator__plan__status=PlanStatus.ACTIVE)
    if not user.is_superuser:
        scoped &= Q(indicator_links__indicator__plan__unit__in=visible_units(user))
    return Kpi.objects.annotate(mapped=Count("indicator_links", filter=scoped))


def kpi_get(*, code: str) -> Kpi | None:
    return Kpi.objects.filter(code=code).first()


def kpi_national_target(kpi: Kpi, year: int) -> KpiTarget | None:
    targets = [
        KpiTarget(
            year=t["year"],
            op=t["op"],
            value=Decimal(t["value"]),
            value_max=None if t.get("value_max") is None else Decimal(t["value_max"]),
            raw=t["raw"],
        )
        for t in kpi.targets
    ]
    return target_for(targets, year)


@dataclass
class _Entry:
    indicator: Indicator
    value: Decimal | None
    at: dt.datetime | None


@dataclass
class KpiUnitRow:
    unit: Unit
    value: Decimal | None = None
    basis: str = ""
    basis_count: int = 0
    indicator: Indicator | None = None
    unit_target: Target | None = None
    reported_at: dt.datetime | None = None
    achieved: bool | None = None
    position: int = 0
    missing: str = ""  # NOT_REPORTED or NOT_MAPPED when there is no value

    @property
    def basis_label(self) -> str:
        label = BASIS_LABELS.get(self.basis, "")
        return f"{label} ({self.basis_count})" if self.basis == SUB_UNITS else label

    @property
    def missing_label(self) -> str:
        return MISSING_LABELS.get(self.missing, "")


@dataclass
class KpiBoard:
    kpi: Kpi
    unit: Unit
    as_of: dt.date
    national_target: KpiTarget | None
    ranked: list[KpiUnitRow] = field(default_factory=list)
    missing: list[KpiUnitRow] = field(default_factory=list)
    own: KpiUnitRow | None = None  # the unit itself, by the same rule

    @property
    def rows(self) -> list[KpiUnitRow]:
        return [*self.ranked, *self.missing]


def _values(indicators: list[Indicator], as_of: dt.date) -> dict[int, tuple]:
    """Indicator id → (value, accepted at) as of the date (today: the value report_accept
    keeps on the indicator)."""
    if as_of >= timezone.localdate():
        return {
            i.pk: (i.reported_value, i.reported_at)
            for i in indicators
            if i.reported_value is not None
        }
    end = timezone.make_aware(dt.datetime.combine(as_of, dt.time.max))
    values = (
        IndicatorValue.objects.filter(
            indicator__in=[i.pk for i in indicators],
            report__status=ReportStatus.ACCEPTED,
            report__reviewed_at__lte=end,
            value__isnull=False,
        )
        .order_by("report__submitted_at", "id")
        .values_list("indicator_id", "value", "report__reviewed_at")
    )
    return {indicator_id: (value, at) for indicator_id, value, at in values}


def _entries(kpi: Kpi, scope: Unit, as_of: dt.date) -> list[_Entry]:
    indicators = list(
        Indicator.objects.filter(
            kpi_link__kpi=kpi,
            plan__status=PlanStatus.ACTIVE,
            plan__unit__path__startswith=scope.path,
        )
        .select_related("plan__unit__parent")
        .prefetch_related("targets")
        .order_by("plan_id", "order", "id")
    )
    values = _values(indicators, as_of)
    return [_Entry(i, *values.get(i.pk, (None, None))) for i in indicators]


def _latest(entries: list[_Entry]) -> _Entry | None:
    reported = [e for e in entries if e.value is not None]
    if not reported:
        return None
    at_least = dt.datetime.min.replace(tzinfo=dt.UTC)
    return max(reported, key=lambda e: (e.at or at_least, -e.indicator.pk))


def _is_own(entry: _Entry, unit_path: str) -> tuple[bool, bool]:
    """(own, through a merged former unit)."""
    plan_unit = entry.indicator.plan.unit
    if plan_unit.path == unit_path:
        return True, False
    parent = plan_unit.parent
    merged = plan_unit.is_historical and parent is not None and parent.path == unit_path
    return merged, merged


def _unit_value(unit_path: str, entries: list[_Entry]) -> tuple:
    """(value, basis, count, entry) of the unit at ``unit_path`` from the entries under it."""
    own = [e for e in entries if _is_own(e, unit_path)[0]]
    chosen = _latest(own)
    if chosen is not None:
        basis = MERGED if _is_own(chosen, unit_path)[1] else OWN
        return chosen.value, basis, 1, chosen
    below: dict[str, list[_Entry]] = defaultdict(list)
    for entry in entries:
        if entry in own:
            continue
        rest = entry.indicator.plan.unit.path[len(unit_path) :]
        below[unit_path + rest.split("/", 1)[0] + "/"].append(entry)
    values = [v for path, part in below.items() if (v := _unit_value(path, part)[0]) is not None]
    if not values:
        return None, "", 0, None
    mean = (sum(values) / len(values)).quantize(_PLACES, rounding=ROUND_HALF_UP)
    return mean, SUB_UNITS, len(values), None


def _rank(rows: list[KpiUnitRow], lower_is_better: bool) -> list[KpiUnitRow]:
    rows.sort(key=lambda r: (r.value if lower_is_better else -r.value, r.unit.name))
    for index, row in enumerate(rows):
        tied = index and rows[index - 1].value == row.value
        row.position = rows[index - 1].position if tied else index + 1
    return rows


def _fill(row: KpiUnitRow, found: tuple, board: KpiBoard, has_link: bool) -> None:
    row.value, row.basis, row.basis_count, entry = found
    if entry is not None:
        row.indicator, row.reported_at = entry.indicator, entry.at
        row.unit_target = pick_target(list(entry.indicator.targets.all()), board.as_of.year)
    if row.value is None:
        row.missing = NOT_REPORTED if has_link else NOT_MAPPED
        return
    target = board.national_target
    if target is not None:
        row.achieved = indicator_achievement(
            op=target.op, target_value=target.value, target_max=target.value_max, actual=row.value
        ).achieved


def kpi_board(*, user, kpi: Kpi, unit: Unit, as_of: dt.date) -> KpiBoard:
    """The KPI in every sub-unit of ``unit`` the user may see (provinces under the nation,
    communes under a province), ranked best first, then the sub-units without a value."""
    board = KpiBoard(kpi, unit, as_of, kpi_national_target(kpi, as_of.year))
    entries = _entries(kpi, unit, as_of)
    children = (
        visible_units(user)
        .filter(parent=unit, is_historical=False, is_active=True)
        .order_by("name")
    )
    ranked = []
    for child in children:
        under = [e for e in entries if e.indicator.plan.unit.path.startswith(child.path)]
        row = KpiUnitRow(child)
        _fill(row, _unit_value(child.path, under), board, bool(under))
        (ranked if row.value is not None else board.missing).append(row)
    board.ranked = _rank(ranked, kpi.direction == LOWER)
    board.own = KpiUnitRow(unit)
    _fill(board.own, _unit_value(unit.path, entries), board, bool(entries))
    return board


def indicator_kpi_links(*, plan) -> dict[int, IndicatorKpi]:
    return {
        link.indicator_id: link
        for link in IndicatorKpi.objects.filter(indicator__plan=plan).select_related("kpi")
    }


def published_evaluations():
    """What offices published, readable by anyone (the public pages)."""
    return AnnualEvaluation.objects.select_related("unit", "published_by").order_by(
        "-year", "unit__path"
    )


def annual_result(*, unit: Unit, year: int, today: dt.date | None = None) -> AnnualResult:
    """The grades of the unit's agencies (those its dashboard ranks) and of its sub-units for a
    year, from the dashboard's own counts and scores at the year's end (or today while the year
    runs). The caller checks that the viewer may see ``unit``."""
    from theodoi.dashboards.selectors import scoring_method, unit_dashboard

    as_of, interim = annual_as_of(year, today or timezone.localdate())
    board = unit_dashboard(unit=unit, as_of=as_of)
    agencies = [
        Subject(
            kind="agency",
            key=row.agency.pk,
            code="",
            name=row.agency.name,
            parent_name=row.agency.unit.name,
            counts=row.task_counts,
            score=row.score,
            indicators=dict(row.indicators),
        )
        for row in board.agencies
    ]
    units = [
        Subject("unit", child.pk, child.code, child.name, unit.name, counts, child_score)
        for child, counts, child_score in board.children
    ]
    return annual_evaluation(
        year=year,
        as_of=as_of,
        interim=interim,
        agencies=agencies,
        units=units,
        method=scoring_method(),
    )


def annual_published(*, unit: Unit, year: int) -> AnnualEvaluation | None:
    return (
        AnnualEvaluation.objects.filter(unit=unit, year=year).select_related("published_by").first()
    )
