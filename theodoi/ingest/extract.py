"""Turn segmented parts into indicators, tasks and reporting obligations.

Each layout a plan may use is read by its own module in ``layouts`` (annex task and
indicator tables from cells or from OCR text, body items, labelled lines, duties in
"TỔ CHỨC THỰC HIỆN", the reporting regime); the fields of an item (agencies, deadlines,
targets) by the recognisers in ``fields``.  A task listed both in the body and in an
annex is merged (ordered fuzzy alignment).
"""

from __future__ import annotations

from .fields.agencies import complete_collectives
from .fields.namer import AgencyNamer
from .fields.targets import targets_from_objectives
from .layouts.annex_indicators import indicator_table
from .layouts.annex_tasks import annex_tasks
from .layouts.body_items import LEAD_IN_TEXT, body_items, in_order
from .layouts.columns import table_columns
from .layouts.duties import leads_from_duties
from .layouts.duty_refs import leads_from_references
from .layouts.flat_choice import read_flat_table
from .layouts.labelled_lines import absorb_labelled_lines, labelled_fields
from .layouts.leads_in_text import (
    coordinators_in_text,
    lead_given,
    lead_in_clause,
    lead_in_parenthesis,
)
from .layouts.merge import merge_restated
from .layouts.objective_bullets import objective_bullets
from .layouts.ocr_indicators import ocr_indicator_table
from .layouts.ocr_tasks import link_ocr_rows
from .layouts.reporting import reporting_duties
from .model import Indicator, ReportingObligation, Task
from .segment import Appendix, Segmented

__all__ = ["extract_all", "AgencyNamer"]


def _read_table(
    app: Appendix, cols, flat: bool, namer: AgencyNamer
) -> tuple[list[Indicator], list[Task] | None]:
    """An annex table's indicators, or its tasks (None when it lists no rows)."""
    if cols.indicator and flat:
        return ocr_indicator_table(app, namer), None
    if cols.indicator:
        return indicator_table(app, cols, namer), None
    if not app.rows:
        return [], None
    found = annex_tasks(app, cols, namer, flat)
    if not cols.order:  # an annex of items with labelled lines, not a table
        for t in found:
            labelled_fields(t, namer)
    return [], found


def extract_all(
    seg: Segmented, namer: AgencyNamer
) -> tuple[list[Indicator], list[Task], list[ReportingObligation]]:
    indicators: list[Indicator] = []
    # each task annex's tasks, and whether its rows run across all the columns (OCR)
    tables: list[tuple[list[Task], bool]] = []
    flat_apps: list[Appendix] = []
    for app in seg.appendices:
        cols = table_columns(app)
        # OCR text whose rows run across all the columns; one cell per line otherwise
        flat = seg.ocr and not cols.one_per_line
        if cols.one_per_line:
            found_ind, found = _read_table(app, cols, flat, namer)
        else:  # a header printed across the columns: the table rebuilt as cells, if better
            found_ind, found, flat = read_flat_table(app, cols, flat, namer, _read_table)
        indicators.extend(found_ind)
        if found is not None:
            tables.append((found, flat))
            if flat:
                flat_apps.append(app)
    if not indicators:
        # no indicator table: the objectives may list them, each with its lead
        indicators = objective_bullets(seg.root, namer, seg.header.title or "")
    targets_from_objectives(indicators, seg.root, seg.ocr)
    absorb_labelled_lines(seg.root)
    body_tasks = body_items(seg.root)
    if body_tasks and flat_apps:
        # OCR interleaves the columns and loses row numbers: find each body task's row
        # by its opening words, in order, and read the row's agency and deadline cells
        linked = link_ocr_rows(body_tasks, flat_apps, namer)
        if linked >= 0.6 * len(body_tasks):
            tables = [(ts, flat) for ts, flat in tables if not flat]
            complete_collectives(body_tasks)
    labelled = {id(t) for t in body_tasks if labelled_fields(t, namer)}
    for t in body_tasks:
        if id(t) in labelled:
            continue
        m = LEAD_IN_TEXT.match(t.title)
        if m and namer.is_agency(m.group(1)):
            t.lead = namer.name(m.group(1))
        elif m is None or not namer.is_agency(m.group(1)):
            lead_given(t, namer)
    for t in body_tasks:
        if t.lead is None and id(t) not in labelled:
            lead_in_parenthesis(t, namer)
        if t.lead is None:  # labels may give the deadline and leave who to a clause
            lead_in_clause(t, namer)
        if t.lead is not None and id(t) not in labelled:
            coordinators_in_text(t, namer)
    # the implementation section names tasks by number ("chủ trì các nhiệm vụ 2.1, 2.2")
    leads_from_references(body_tasks, seg.root, namer, seg.ocr)
    if not tables:
        # no appendix assigns the tasks: the implementation section says who does what
        leads_from_duties(body_tasks, seg.root, namer, seg.ocr, seg.header.title or "")
    remaining = body_tasks
    merged: list[Task] = []
    for table, _flat in tables:
        remaining, done = merge_restated(remaining, table, seg.ocr)
        merged.extend(done)
    tasks = in_order(remaining + merged)
    for t in tasks:
        if t.lead is None:
            namer.warnings.append(
                f"Nhiệm vụ {t.code or ''} (dòng {t.lines[0]}) chưa có cơ quan chủ trì"
            )
    paragraphs = [ln.text for ln in seg.body_lines]
    reporting = reporting_duties(paragraphs)
    return indicators, tasks, reporting
