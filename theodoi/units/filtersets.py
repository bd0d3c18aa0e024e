import django_filters
from django import forms
from django.db.models import Case, Value, When
from django.db.models.functions import Length

from theodoi.core.filters import IdFilter, SearchFilter
from theodoi.core.search import filter_by_search_key
from theodoi.textnorm import search_key
from theodoi.units.choices import AgencyKind, UnitLevel, UnitType
from theodoi.units.models import Agency, Unit


class PhraseFirstSearchFilter(SearchFilter):
    """Every word must appear (as in SearchFilter); those holding the whole phrase come first,
    the closest (shortest) first: "ta xua" lists Xã Tà Xùa before Xã Tam Xuân, "phuong hoi an"
    Phường Hội An before Phường Hội An Đông."""

    def filter(self, qs, value):
        if not value:
            return qs
        phrase = search_key(value)
        first = Case(When(search_key__contains=phrase, then=Value(0)), default=Value(1))
        ordering = [*qs.query.order_by] or list(qs.model._meta.ordering)
        return super().filter(qs, value).order_by(first, Length("search_key"), *ordering)


class UnitFilterSet(django_filters.FilterSet):
    q = PhraseFirstSearchFilter()
    level = django_filters.ChoiceFilter(choices=UnitLevel.choices, label="Cấp")
    unit_type = django_filters.ChoiceFilter(choices=UnitType.choices, label="Loại")
    # An id, not a list of 3,385 units in the page.
    parent = IdFilter(field_name="parent_id", widget=forms.HiddenInput)
    is_historical = django_filters.BooleanFilter(label="Đơn vị trước sắp xếp")
    is_active = django_filters.BooleanFilter(label="Còn trong danh mục")

    class Meta:
        model = Unit
        fields = ["q", "level", "unit_type", "parent", "is_historical", "is_active"]


class AgencyFilterSet(django_filters.FilterSet):
    q = PhraseFirstSearchFilter()
    kind = django_filters.ChoiceFilter(choices=AgencyKind.choices, label="Loại")
    unit = IdFilter(field_name="unit_id", widget=forms.HiddenInput)
    unit_q = django_filters.CharFilter(
        label="Đơn vị hành chính", max_length=200, method="filter_unit_q"
    )

    class Meta:
        model = Agency
        fields = ["q", "unit", "unit_q", "kind"]

    def filter_unit_q(self, queryset, name, value):
        units = filter_by_search_key(Unit.objects.all(), value)
        return queryset.filter(unit__in=units.values("pk"))
