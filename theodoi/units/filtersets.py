import django_filters

from theodoi.core.filters import SearchFilter
from theodoi.units.choices import AgencyKind, UnitLevel
from theodoi.units.models import Agency, Unit


class UnitFilterSet(django_filters.FilterSet):
    q = SearchFilter()
    level = django_filters.ChoiceFilter(choices=UnitLevel.choices, label="Cấp")

    class Meta:
        model = Unit
        fields = ["q", "level", "parent"]


class AgencyFilterSet(django_filters.FilterSet):
    q = SearchFilter()
    kind = django_filters.ChoiceFilter(choices=AgencyKind.choices, label="Loại")
    unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all(), label="Đơn vị")

    class Meta:
        model = Agency
        fields = ["q", "unit", "kind"]
