"""Filter pieces shared by every FilterSet (pages and API alike)."""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError

from theodoi.core.search import filter_by_search_key


class SearchFilter(django_filters.CharFilter):
    """`q`: words that must all appear in the object's diacritics-free search key."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Tìm kiếm")
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        return filter_by_search_key(qs, value) if value else qs


# A database id: larger numbers would overflow the integer column (a 500, not a 400).
ID_MAX = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """An object's id typed as such: a whole number from 1 to ID_MAX (else a 400)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        kwargs.setdefault("decimal_places", 0)
        super().__init__(**kwargs)


class ObjectChoiceField(forms.ModelChoiceField):
    """A choice among the objects the user may see. A value that is not an id is malformed
    ("invalid"); an id that names none of them is well formed but unknown ("does_not_exist"):
    the API answers the first with 400 and the second with 422."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not re.fullmatch(r"[0-9]{1,19}", str(value)) or not 1 <= int(value) <= ID_MAX:
            raise ValidationError("Mã số không hợp lệ: cần một số nguyên dương.", code="invalid")
        try:
            return self.queryset.get(pk=int(value))
        except self.queryset.model.DoesNotExist:
            raise ValidationError(
                "Không có mục nào mang mã số này trong phạm vi bạn được xem.",
                code="does_not_exist",
            ) from None


class ObjectFilter(django_filters.ModelChoiceFilter):
    field_class = ObjectChoiceField
