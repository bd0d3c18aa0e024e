"""What a person must check in an extracted plan, item by item.

The reader keeps what it could not be sure of beside each task and indicator (``flags`` in the
extraction, additive to the plan-extraction contract), so the review page can list every
uncertain item and the office can confirm or correct it before the plan is made public:

- ``ocr``: a text shown was repaired from OCR and its diacritics restored by the model;
- ``agency``: a lead or coordinator the catalogue of standard agencies lacks (kept as read);
- ``deadline``: a deadline printed but not understood (kept as printed).

Plain Python: no Django imports.
"""

from __future__ import annotations

from .fields.namer import AgencyNamer
from .model import ExtractedPlan, Indicator, Task

__all__ = ["FLAG_AGENCY", "FLAG_DEADLINE", "FLAG_OCR", "add_flag", "flag_items"]

FLAG_OCR = "ocr"
FLAG_AGENCY = "agency"
FLAG_DEADLINE = "deadline"


def add_flag(item: Task | Indicator, flag: str) -> None:
    if flag not in item.flags:
        item.flags.append(flag)


def _agency_unknown(name: str | None, namer: AgencyNamer) -> bool:
    return bool(name) and namer.resolve(name).kind == "unknown"


def flag_items(plan: ExtractedPlan, namer: AgencyNamer) -> ExtractedPlan:
    """Flag the items whose agencies the catalogue lacks and whose deadline was not read."""
    for item in (*plan.tasks, *plan.indicators):
        if any(_agency_unknown(n, namer) for n in (item.lead, *item.coordinators)):
            add_flag(item, FLAG_AGENCY)
    for task in plan.tasks:
        if task.deadline.raw and task.deadline.kind == "unknown":
            add_flag(task, FLAG_DEADLINE)
    return plan
