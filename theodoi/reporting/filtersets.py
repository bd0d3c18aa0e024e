"""One FilterSet per model, shared by the pages and the API."""

import django_filters

from theodoi.core.filters import IdFilter
from theodoi.reporting.choices import PeriodKind, RecommendationStatus, ReportStatus
from theodoi.reporting.models import Recommendation, Report, ReportingPeriod


class ReportingPeriodFilterSet(django_filters.FilterSet):
    plan = IdFilter(field_name="plan_id", label="Kế hoạch")
    kind = django_filters.ChoiceFilter(choices=PeriodKind.choices, label="Loại kỳ")

    class Meta:
        model = ReportingPeriod
        fields = ["plan", "kind"]


class ReportFilterSet(django_filters.FilterSet):
    period = IdFilter(field_name="period_id", label="Kỳ báo cáo")
    agency = IdFilter(field_name="agency_id", label="Cơ quan báo cáo")
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label="Trạng thái")

    class Meta:
        model = Report
        fields = ["period", "agency", "status"]


class RecommendationFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=RecommendationStatus.choices, label="Trạng thái")

    class Meta:
        model = Recommendation
        fields = ["status"]
