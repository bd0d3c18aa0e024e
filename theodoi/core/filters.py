"""Filter pieces shared by every FilterSet (pages and API alike)."""

from __future__ import annotations

import django_filters

from theodoi.core.search import filter_by_search_key


class SearchFilter(django_filters.CharFilter):
    """`q`: words that must all appear in the object's diacritics-free search key."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Tìm kiếm")
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        return filter_by_search_key(qs, value) if value else qs
