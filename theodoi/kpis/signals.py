"""A new plan indicator (an import, a page) gets its national KPI suggested at once."""

from __future__ import annotations

from django.db.models.signals import post_save


def _indicator_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from theodoi.kpis.services import indicator_kpi_suggest

        indicator_kpi_suggest(indicator=instance)


def connect() -> None:
    from theodoi.plans.models import Indicator

    post_save.connect(_indicator_created, sender=Indicator, dispatch_uid="kpis_suggest")
