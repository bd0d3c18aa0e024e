"""Display stage for OCR'd documents: text restored with Vietnamese diacritics.

Structure is read from the text as OCR gave it; only what a person reads (titles, groups,
outputs, the document's title) is restored, by the OCR fixes and the syllable-bigram model.
Each item's line range still points to the text as read, shown beside it in the review page.
"""

from __future__ import annotations

from .diacritics import restore_diacritics
from .flags import FLAG_OCR, add_flag
from .model import ExtractedPlan
from .ocr_fix import fix_ocr_line


def restore(text: str | None) -> str | None:
    if not text:
        return text
    try:
        return restore_diacritics(fix_ocr_line(text))
    except Exception:  # noqa: BLE001 — display only: keep the text as read
        return text


def restore_plan_text(plan: ExtractedPlan) -> ExtractedPlan:
    """Restore what a person reads; an item whose text the restoration changed is flagged
    ``ocr`` (the review page asks for it to be confirmed or corrected)."""
    plan.document.title = restore(plan.document.title) or plan.document.title
    for task in plan.tasks:
        before = (task.title, task.output, task.group)
        task.title = restore(task.title) or task.title
        task.output = restore(task.output)
        task.group = restore(task.group)
        if (task.title, task.output, task.group) != before:
            add_flag(task, FLAG_OCR)
    for indicator in plan.indicators:
        before = (indicator.name, indicator.group, indicator.output)
        indicator.name = restore(indicator.name) or indicator.name
        indicator.group = restore(indicator.group)
        indicator.output = restore(indicator.output)
        if (indicator.name, indicator.group, indicator.output) != before:
            add_flag(indicator, FLAG_OCR)
    for obligation in plan.reporting:
        obligation.recipient = restore(obligation.recipient)
    return plan
