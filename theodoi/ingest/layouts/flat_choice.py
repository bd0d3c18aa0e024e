"""A table whose header row is printed across its columns (flat text) is read two ways:
as the segmenter cut it, and rebuilt as rows of cells (``flat_appendix``); the reading
whose items have more agencies and deadlines (tasks) or agencies and targets
(indicators) that the recognisers understand is kept.  The reading set aside leaves no
warnings behind."""

from __future__ import annotations

from collections.abc import Callable

from ..fields.namer import AgencyNamer
from ..model import Indicator, Task
from ..segment import Appendix
from .columns import Columns, table_columns
from .flat_appendix import rebuild_appendix

__all__ = ["read_flat_table", "reading_quality"]

Reader = Callable[[Appendix, Columns, bool, AgencyNamer], tuple[list[Indicator], list[Task] | None]]


def reading_quality(
    indicators: list[Indicator], tasks: list[Task] | None, namer: AgencyNamer
) -> int:
    """How many fields of the items read are understood: a lead that is an agency, a
    deadline parsed, each target of an indicator."""
    score = 0
    for t in tasks or []:
        score += bool(t.lead and namer.is_agency(t.lead)) + (t.deadline.kind != "unknown")
    for ind in indicators:
        score += bool(ind.lead and namer.is_agency(ind.lead)) + len(ind.targets)
    return score


def read_flat_table(
    app: Appendix, cols: Columns, flat: bool, namer: AgencyNamer, read: Reader
) -> tuple[list[Indicator], list[Task] | None, bool]:
    """(indicators, tasks or None, whether the table is OCR text whose rows the body's
    items may be linked to instead) of the better reading."""
    rebuilt = rebuild_appendix(app, namer.registry)
    with namer.held_warnings() as plain_warnings:
        plain = read(app, cols, flat, namer)
    if rebuilt is not None:
        with namer.held_warnings() as mine_warnings:
            mine = read(rebuilt, table_columns(rebuilt), False, namer)
        if reading_quality(*mine, namer) > reading_quality(*plain, namer):
            namer.keep(mine_warnings)
            return (*mine, flat)
    namer.keep(plain_warnings)
    return (*plain, flat)
