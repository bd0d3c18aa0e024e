"""One FilterSet per model, shared by the pages and the API."""

import django_filters

from theodoi.accounts.permissions import visible_agencies, visible_units
from theodoi.core.filters import SearchFilter
from theodoi.plans.choices import DeadlineKind, PlanLevel, PlanStatus
from theodoi.plans.models import Indicator, Plan, Task


def _units(request):
    return visible_units(request.user) if request else visible_units(None).none()


def _agencies(request):
    return visible_agencies(request.user) if request else visible_agencies(None).none()


# A database id: larger numbers would overflow the integer column (a 500, not a 400).
ID_MAX = 2**63 - 1


class PlanFilterSet(django_filters.FilterSet):
    q = SearchFilter()
    unit = django_filters.ModelChoiceFilter(queryset=_units, label="Đơn vị ban hành")
    level = django_filters.ChoiceFilter(choices=PlanLevel.choices, label="Cấp")
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, label="Trạng thái")

    class Meta:
        model = Plan
        fields = ["q", "unit", "level", "status"]


class TaskFilterSet(django_filters.FilterSet):
    q = SearchFilter()
    plan = django_filters.NumberFilter(
        field_name="plan_id", label="Kế hoạch", min_value=1, max_value=ID_MAX, decimal_places=0
    )
    lead = django_filters.ModelChoiceFilter(queryset=_agencies, label="Cơ quan chủ trì")
    deadline_kind = django_filters.ChoiceFilter(choices=DeadlineKind.choices, label="Loại thời hạn")
    due_before = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label="Hạn đến ngày"
    )

    class Meta:
        model = Task
        fields = ["q", "plan", "lead", "deadline_kind", "due_before"]


class IndicatorFilterSet(django_filters.FilterSet):
    q = SearchFilter()
    plan = django_filters.NumberFilter(
        field_name="plan_id", label="Kế hoạch", min_value=1, max_value=ID_MAX, decimal_places=0
    )
    lead = django_filters.ModelChoiceFilter(queryset=_agencies, label="Cơ quan chủ trì")

    class Meta:
        model = Indicator
        fields = ["q", "plan", "lead"]
