"""Diacritics-insensitive search over models that keep a `search_key`."""

from __future__ import annotations

from django.db.models import QuerySet

from theodoi.textnorm import search_key


def filter_by_search_key(queryset: QuerySet, query: str | None) -> QuerySet:
    """Every word of the query must appear in the object's search key, accents ignored."""
    for word in search_key(query or "").split():
        queryset = queryset.filter(search_key__contains=word)
    return queryset
