"""Template tags for the parts of a task reported by several agencies: the other agencies' rows
beside a lead's row, and which units answered a task given to a collective."""

from __future__ import annotations

from django import template

from theodoi.reporting import selectors
from theodoi.units.collectives import collective_label

register = template.Library()


@register.inclusion_tag("reporting/_row_parts_list.html", takes_context=True)
def row_parts(context, row):
    """The other agencies' latest sent rows for ``row``'s task (attached for the whole form by
    ``selectors.attach_row_parts``; read here for a row answered alone)."""
    if row is None or row.pk is None:
        return {"row": row, "parts": []}
    if not hasattr(row, "parts"):
        request = context.get("request")
        report = context.get("report") or row.report  # the page's report, already read
        selectors.attach_row_parts(report=report, updates=[row], user=request.user)
    return {"row": row, "parts": row.parts}


@register.inclusion_tag("reporting/_task_answers.html", takes_context=True)
def period_answers(context, period):
    """Per task given to a collective, who answered in ``period`` (the plan's office only)."""
    request = context.get("request")
    return {"answers": selectors.period_task_answers(period=period, user=request.user)}


@register.inclusion_tag("reporting/_task_answers.html", takes_context=True)
def unit_answers(context, unit):
    """On a unit's dashboard: who answered the collective tasks of its own plans this period."""
    request = context.get("request")
    return {
        "answers": selectors.unit_task_answers(unit=unit, user=request.user),
        "with_period": True,
    }


@register.filter
def collective_labels(codes) -> str:
    """ "UBND các xã, phường, đặc khu; Các trường học" for a list of collective codes."""
    return "; ".join(collective_label(code) for code in codes or ())
