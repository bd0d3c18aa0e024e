"""One FilterSet per model, shared by the pages and the API."""

import django_filters

from theodoi.accounts.permissions import visible_agencies, visible_units
from theodoi.core.filters import ID_MAX, IdFilter, ObjectFilter, SearchFilter
from theodoi.plans.choices import DeadlineKind, PlanLevel, PlanStatus
from theodoi.plans.models import Indicator, Plan, Task


def _units(request):
    return visible_units(request.user) if request else visible_units(None).none()


def _agencies(request):
    return visible_agencies(request.user) if request else visible_agencies(None).none()


__all__ = ["ID_MAX", "IndicatorFilterSet", "PlanFilterSet", "TaskFilterSet"]


class PlanFilterSet(django_filters.FilterSet):
    q = SearchFilter()
    unit = ObjectFilter(queryset=_units, label="Đơn vị ban hành")
    level = django_filters.ChoiceFilter(choices=PlanLevel.choices, label="Cấp")
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, label="Trạng thái")

    class Meta:
        model = Plan
        fields = ["q", "unit", "level", "status"]


class TaskFilterSet(django_filters.FilterSet):
    q = SearchFilter()
    plan = IdFilter(field_name="plan_id", label="Kế hoạch")
    lead = ObjectFilter(queryset=_agencies, label="Cơ quan chủ trì")
    deadline_kind = django_filters.ChoiceFilter(choices=DeadlineKind.choices, label="Loại thời hạn")
    due_before = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label="Hạn đến ngày"
    )

    class Meta:
        model = Task
        fields = ["q", "plan", "lead", "deadline_kind", "due_before"]


class IndicatorFilterSet(django_filters.FilterSet):
    q = SearchFilter()
    plan = IdFilter(field_name="plan_id", label="Kế hoạch")
    lead = ObjectFilter(queryset=_agencies, label="Cơ quan chủ trì")

    class Meta:
        model = Indicator
        fields = ["q", "plan", "lead"]
