"""Abstract bases shared by the domain apps."""

from __future__ import annotations

from django.db import models

from theodoi.textnorm import search_key


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        abstract = True


class SearchableModel(models.Model):
    """Keeps a diacritics-free `search_key` so that "chuyen doi so" finds "chuyển đổi số"."""

    search_key = models.TextField(editable=False, default="", db_index=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_key = search_key(self.search_text())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)

    def search_text(self) -> str:  # pragma: no cover - every subclass overrides
        raise NotImplementedError
