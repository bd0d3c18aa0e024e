"""The pages' FilterSets, read as the API's schema describes them."""

from __future__ import annotations

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions

BOOLEAN_VALUES = ("true", "false")


class FilterBackend(DjangoFilterBackend):
    """One FilterSet per model for pages and API; the API also refuses what a page's form sends
    but the schema does not allow: an empty value (a page's form sends `?kind=` for "any"; an API
    client leaves the parameter out) and a boolean other than `true`/`false`."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        filterset_class = self.get_filterset_class(view, queryset)
        errors = {}
        for name, value in kwargs["data"].items():
            flt = filterset_class.base_filters.get(name) if filterset_class else None
            if flt is None or isinstance(flt, django_filters.CharFilter):
                continue
            if value == "":
                errors[name] = ["Giá trị lọc trống: bỏ tham số này nếu không lọc theo nó."]
            elif isinstance(flt, django_filters.BooleanFilter) and value not in BOOLEAN_VALUES:
                errors[name] = ["Chỉ nhận true hoặc false."]
        if errors:
            raise exceptions.ValidationError(errors, code="invalid")
        return kwargs
