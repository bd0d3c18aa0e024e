"""What marks today's roll-ups as changed (dashboards.rollups): saving or deleting anything that
a dashboard figure is computed from."""

from __future__ import annotations

from django.core.signals import request_started
from django.db import connection
from django.db.models.signals import post_delete, post_save

from theodoi.dashboards.rollups import (
    rollup_flush,
    rollup_forget_places,
    rollup_mark_changed,
    rollup_note_place,
)


def _plan_item(sender, instance, **kwargs):
    rollup_mark_changed(plan_ids=[instance.plan_id])


def _plan(sender, instance, **kwargs):
    rollup_forget_places()  # a plan may have moved
    rollup_mark_changed(unit_ids=[instance.unit_id])


def _period(sender, instance, **kwargs):
    rollup_forget_places()
    rollup_mark_changed(plan_ids=[instance.plan_id])


def _target(sender, instance, **kwargs):
    rollup_mark_changed(indicator_ids=[instance.indicator_id])


def _report(sender, instance, **kwargs):
    # The report workflow reads the report with its period's plan and unit: use them.
    period = instance.period if type(instance).period.is_cached(instance) else None
    plan = period.plan if period and type(period).plan.is_cached(period) else None
    unit = plan.unit if plan and type(plan).unit.is_cached(plan) else None
    accepted = instance.status == "accepted" or kwargs.get("signal") is post_delete
    kind = "period" if accepted else "report"
    if unit is not None:
        rollup_note_place((kind, instance.period_id), unit.pk, unit.path)
    if accepted:  # its accepted updates count (the early warning's first point)
        rollup_mark_changed(period_ids=[instance.period_id])
    else:  # its timeliness only
        rollup_mark_changed(report_period_ids=[instance.period_id])


def _unit(sender, instance, **kwargs):
    rollup_forget_places()
    rollup_mark_changed(everything=True)


def _leftover_marks(sender, **kwargs):
    """Marks a rolled-back transaction left in this thread would make it compute those units
    live on every dashboard: store them (over-marking is harmless) before the next request."""
    if not connection.in_atomic_block:
        rollup_flush()


def connect() -> None:
    from theodoi.plans.models import Indicator, Plan, Target, Task, TaskGroup
    from theodoi.reporting.models import Report, ReportingPeriod
    from theodoi.units.models import Unit

    receivers = [
        (Task, _plan_item),
        (Indicator, _plan_item),
        (TaskGroup, _plan_item),
        (ReportingPeriod, _period),
        (Plan, _plan),
        (Target, _target),
        (Report, _report),
        (Unit, _unit),
    ]
    request_started.connect(_leftover_marks, dispatch_uid="rollup-leftover-marks")
    for model, receiver in receivers:
        uid = f"rollup-{model._meta.label}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(receiver, sender=model, dispatch_uid=uid + "-delete")
