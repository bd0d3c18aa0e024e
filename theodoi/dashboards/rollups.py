"""Today's dashboard figures kept per unit (``UnitRollup``) and kept correct as data changes.

Evaluating the 200,000 tasks of the nation on every request takes seconds; most of them have
not changed since the last request. So for each unit and day we keep two payloads:

- ``own``: the figures of the unit's own active plans — task counts by evaluation category, by
  task group and by lead agency (with the agency's indicators and report timeliness), report
  timeliness, indicator achievement, and the first rows of the three dashboard lists (overdue,
  due soon, at risk);
- ``tree``: the same without the agencies for the unit and everything below it: ``own`` plus
  the ``tree`` of each direct sub-unit. The lists merge: the first rows of a union are among
  the first rows of its parts.

A dashboard reads its unit's row (``tree``, and ``board``: each sub-unit's summary) and the
agency parts of its and its sub-units' ``own`` (35 rows for the nation, one query). Rows that
are missing or not valid are recomputed bottom-up in a few statements for all of them together:
on the first request of a day (or ``theodoi rollup``) the whole subtree.

Changes. Saving or deleting a plan, task, indicator, target, period or report marks its unit
changed (signals in dashboards/signals.py; code that bypasses signals calls
``rollup_mark_changed``). When the transaction commits, the unit's ``own`` is recomputed and
its difference applied to its row and every row above (dashboards.deltas), ``changed_at`` =
now; only what cannot be applied (no valid row today, or everything changed) becomes "not
valid". A reader notes the time before it reads anything and stores its result only where no
change was written after that time, so a computation that raced with a commit never overwrites
it. Until its commit, the writing thread itself sees its marks and computes those units live
without storing them.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from theodoi.dashboards import aggregates, deltas
from theodoi.dashboards.models import UnitRollup
from theodoi.dashboards.payloads import (
    PAYLOAD_VERSION,
    _compute_own,
    _merged_agencies,
    _summary,
    _tree,
)
from theodoi.units.models import Unit

__all__ = ["PAYLOAD_VERSION", "Rollup", "office_counts", "rollup_flush", "unit_rollup"]

ALL = ("all", 0)
_local = threading.local()


def _pending() -> set[tuple[str, int]]:
    if not hasattr(_local, "pending"):
        _local.pending = set()
    return _local.pending


# -- marking changes ----------------------------------------------------------------------------


def rollup_mark_changed(
    *,
    plan_ids: tuple[int, ...] | list[int] = (),
    unit_ids: tuple[int, ...] | list[int] = (),
    period_ids: tuple[int, ...] | list[int] = (),
    indicator_ids: tuple[int, ...] | list[int] = (),
    report_period_ids: tuple[int, ...] | list[int] = (),
    everything: bool = False,
) -> None:
    """Mark figures as changed; the mark is stored when the current transaction commits (at
    once outside a transaction). ``report_period_ids``: periods where a report that is not
    accepted changed — only report timeliness is recomputed for them (an accepted report
    changes its tasks, which mark their plan)."""
    pending = _pending()
    pending.update(("report", int(i)) for i in report_period_ids if i)
    pending.update(("plan", int(i)) for i in plan_ids if i)
    pending.update(("unit", int(i)) for i in unit_ids if i)
    pending.update(("period", int(i)) for i in period_ids if i)
    pending.update(("indicator", int(i)) for i in indicator_ids if i)
    if everything:
        pending.add(ALL)
    transaction.on_commit(rollup_flush)


def rollup_forget_pending() -> None:
    """Drop this thread's unstored marks (test isolation: the test database rolls back)."""
    _pending().clear()
    rollup_forget_places()


# (kind, pk) → the units it changes, root first (its own unit last). A period, indicator or plan
# stays in its plan and unit, so this is kept per process; saving a unit, plan or period clears
# it (signals), as does a test.
_UNITS_OF: dict[tuple[str, int], tuple[int, ...]] = {}
_UNIT_ID_OF_PATH: dict[str, int] = {}


def rollup_forget_places() -> None:
    _UNITS_OF.clear()
    _UNIT_ID_OF_PATH.clear()


def _prefixes(path: str) -> list[str]:
    parts = path.rstrip("/").split("/")
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _chain(path: str) -> tuple[int, ...]:
    return tuple(_UNIT_ID_OF_PATH[p] for p in _prefixes(path) if p in _UNIT_ID_OF_PATH)


def rollup_note_place(item: tuple[str, int], unit_id: int, path: str) -> None:
    """Remember the unit (and its path) an item belongs to when the caller already has them
    (a report read with its period's plan and unit), sparing the mark its lookup queries."""
    if item in _UNITS_OF:
        return
    _UNIT_ID_OF_PATH[path] = unit_id
    wanted = [p for p in _prefixes(path) if p not in _UNIT_ID_OF_PATH]
    if wanted:
        _UNIT_ID_OF_PATH.update(Unit.objects.filter(path__in=wanted).values_list("path", "pk"))
    _UNITS_OF[item] = _chain(path)


def _chains(items: set[tuple[str, int]]) -> dict[tuple[int, ...], set[str]] | None:
    """For each item, its unit and every unit above, root first, with the kinds of the items
    that changed in that unit; None when everything changed."""
    from theodoi.plans.models import Indicator, Plan
    from theodoi.reporting.models import ReportingPeriod

    if ALL in items:
        return None
    chains: dict[tuple[int, ...], set[str]] = defaultdict(set)
    ids = defaultdict(set)
    for item in items:
        known = _UNITS_OF.get(item)
        if known is None:
            ids[item[0]].add(item[1])
        else:
            chains[known].add(item[0])
    path_of = {
        "unit": (Unit, "path"),
        "plan": (Plan, "unit__path"),
        "period": (ReportingPeriod, "plan__unit__path"),
        "report": (ReportingPeriod, "plan__unit__path"),
        "indicator": (Indicator, "plan__unit__path"),
    }
    found: list[tuple[str, int, str]] = []
    for kind, pks in ids.items():  # only the kinds marked: no query for the others
        model, field = path_of[kind]
        found += [
            (kind, pk, path)
            for pk, path in model.objects.filter(pk__in=pks).values_list("pk", field)
        ]
    wanted = {p for _kind, _pk, path in found for p in _prefixes(path)} - set(_UNIT_ID_OF_PATH)
    if wanted:
        _UNIT_ID_OF_PATH.update(Unit.objects.filter(path__in=wanted).values_list("path", "pk"))
    for kind, pk, path in found:
        _UNITS_OF[(kind, pk)] = _chain(path)
        chains[_UNITS_OF[(kind, pk)]].add(kind)
    return {c: kinds for c, kinds in chains.items() if c}


def _resolve(items: set[tuple[str, int]]) -> set[int] | None:
    """Unit ids whose figures the items change (their units and every unit above); None when
    everything changed."""
    chains = _chains(items) if items else {}
    return None if chains is None else {pk for chain in chains for pk in chain}


def rollup_flush() -> None:
    """Store this thread's marks: each changed unit's figures are recomputed and their
    difference applied to its row and the rows above (dashboards.deltas); what cannot be
    applied (no valid row today, or everything changed) becomes not valid."""
    pending = _pending()
    if not pending:
        return
    items = set(pending)
    pending.clear()
    chains = _chains(items)
    if chains is not None and not chains:
        return
    if chains is not None:
        path_of = {pk: path for path, pk in _UNIT_ID_OF_PATH.items()}
        failed = deltas.apply_changes(chains, path_of, timezone.localdate())
        if not failed:
            return
        _mark_stale({pk for chain in failed for pk in chain})
        return
    _mark_stale(None)


def _mark_stale(units: set[int] | None) -> None:
    """Today's rows of the units (None: of every unit) become not valid."""
    table = UnitRollup._meta.db_table
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    today = connection.ops.adapt_datefield_value(timezone.localdate())
    if units is None:  # "WHERE": SQLite would read ON CONFLICT as a join's ON
        select = f"SELECT id, %s, NULL, NULL, %s, %s FROM {Unit._meta.db_table} WHERE 1 = 1"
        params: list = [today, False, now]
    else:
        ids = sorted(units)
        select = "VALUES " + ", ".join(["(%s, %s, NULL, NULL, %s, %s)"] * len(ids))
        params = [x for pk in ids for x in (pk, today, False, now)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {table} (unit_id, as_of, own, tree, valid, changed_at) {select}
            ON CONFLICT (unit_id, as_of) DO UPDATE SET valid = EXCLUDED.valid,
                changed_at = EXCLUDED.changed_at""",
            params,
        )


def _dirty_here() -> set[int] | None:
    """Units this thread changed and has not committed yet (None: everything)."""
    return _resolve(_pending())


# -- reading ------------------------------------------------------------------------------------


@dataclass
class Rollup:
    unit_id: int
    own: dict | None = None
    tree: dict | None = None
    board: dict | None = None
    agencies: list | None = None  # (agency id, figures) in ranking tie order


def _valid_rows(unit_ids, as_of: dt.date, fields: tuple[str, ...]) -> dict[int, Rollup]:
    rows = UnitRollup.objects.filter(unit_id__in=unit_ids, as_of=as_of, valid=True).values_list(
        "unit_id", *fields
    )
    found = {row[0]: Rollup(row[0], **dict(zip(fields, row[1:], strict=True))) for row in rows}
    return {pk: r for pk, r in found.items() if r.tree is None or _current(r.tree)}


def _current(tree: dict) -> bool:
    return tree.get("version") == PAYLOAD_VERSION


def _valid_parts(unit_ids, as_of: dt.date) -> dict[int, Rollup]:
    """What a stale parent needs of its valid sub-units: their trees and the agency part of their
    own figures (the rest of ``own`` is in the tree; reading it would double the JSON)."""
    rows = UnitRollup.objects.filter(unit_id__in=unit_ids, as_of=as_of, valid=True).values_list(
        "unit_id", "own__agencies", "tree"
    )
    return {
        pk: Rollup(pk, {"agencies": agencies}, tree)
        for pk, agencies, tree in rows
        if _current(tree)
    }


def unit_rollup(unit: Unit, as_of: dt.date) -> Rollup:
    """The unit's roll-up for ``as_of`` with its ``board`` (each sub-unit's summary) and its
    ``agencies`` (those of its and its sub-units' own plans, in ranking tie order), computing
    and storing what is missing or no longer valid below it."""
    started = timezone.now()
    dirty = _dirty_here()
    if dirty is not None and unit.pk not in dirty:
        row = _valid_rows([unit.pk], as_of, ("tree", "board")).get(unit.pk)
        if row is not None:
            parts = _stored_agencies(unit, row.board, as_of)
            if parts is not None:
                row.agencies = _ranked(parts)
                return row
    # Every unit under a stale one is needed for its tree: read the valid ones, compute the
    # rest, level by level.
    to_compute, frontier = {unit.pk}, {unit.pk}
    known: dict[int, Rollup] = {}
    children_of: dict[int, list[int]] = defaultdict(list)
    while frontier:
        below = list(Unit.objects.filter(parent_id__in=frontier).values_list("pk", "parent_id"))
        for pk, parent in below:
            children_of[parent].append(pk)
        kids = [pk for pk, _parent in below]
        found = {} if dirty is None else _valid_parts(kids, as_of)
        if dirty:
            found = {pk: r for pk, r in found.items() if pk not in dirty}
        known.update(found)
        frontier = {pk for pk in kids if pk not in found}
        to_compute |= frontier
    own = _compute_own(unit, sorted(to_compute), as_of)
    paths = dict(Unit.objects.filter(pk__in=to_compute).values_list("pk", "path"))
    computed: dict[int, Rollup] = {}
    for pk in sorted(to_compute, key=lambda k: -paths[k].count("/")):
        kids = [computed.get(c) or known[c] for c in children_of.get(pk, [])]
        tree = _tree(own[pk], [k.tree for k in kids])
        board = {"children": {str(k.unit_id): _summary(k.tree) for k in kids}}
        computed[pk] = Rollup(pk, own[pk], tree, board)
    if as_of == timezone.localdate() and dirty is not None:
        _store([r for pk, r in computed.items() if pk not in dirty], as_of, started)
    mine = computed[unit.pk]
    kids = [computed.get(c) or known[c] for c in children_of.get(unit.pk, [])]
    mine.agencies = _ranked([own[unit.pk]["agencies"], *(k.own["agencies"] for k in kids)])
    return mine


def _stored_agencies(unit: Unit, board: dict, as_of: dt.date) -> list[dict] | None:
    """The agencies of the unit's and its sub-units' own figures, from their stored rows (one
    query; None when one of them is not valid). They are kept on each unit's own row, not on
    the board above: a change rewrites one small row, not a province's 500 agencies."""
    wanted = {unit.pk, *(int(k) for k in board["children"])}
    rows = dict(
        UnitRollup.objects.filter(unit_id__in=wanted, as_of=as_of, valid=True).values_list(
            "unit_id", "own__agencies"
        )
    )
    if set(rows) != wanted or None in rows.values():
        return None
    return [rows[unit.pk], *(rows[pk] for pk in sorted(wanted - {unit.pk}))]


def _ranked(parts: list[dict]) -> list[tuple[str, dict]]:
    """Agencies' figures added up by agency, in the agencies' own order (ranking ties)."""
    from theodoi.units.models import Agency

    merged = _merged_agencies([{"agencies": part} for part in parts])
    order = {
        str(pk): i
        for i, pk in enumerate(
            Agency.objects.filter(pk__in=[int(a) for a in merged]).values_list("pk", flat=True)
        )
    }
    return sorted(merged.items(), key=lambda item: order.get(item[0], len(order)))


def _store(rows: list[Rollup], as_of: dt.date, started: dt.datetime) -> None:
    """Insert or refresh the rows, except where a change was marked after ``started``."""
    if not rows:
        return
    table = UnitRollup._meta.db_table
    cast = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    day = connection.ops.adapt_datefield_value(as_of)
    started = connection.ops.adapt_datetimefield_value(started)
    values, params = [], []
    for row in rows:
        values.append(f"(%s, %s, {cast}, {cast}, {cast}, %s, %s)")
        params += [
            row.unit_id,
            day,
            json.dumps(row.own),
            json.dumps(row.tree),
            json.dumps(row.board),
            True,
            started,
        ]
    with transaction.atomic():
        with connection.cursor() as cursor:
            for start in range(0, len(values), 500):
                chunk = values[start : start + 500]
                cursor.execute(
                    f"""INSERT INTO {table} (unit_id, as_of, own, tree, board, valid, computed_at)
                    VALUES {", ".join(chunk)}
                    ON CONFLICT (unit_id, as_of) DO UPDATE SET own = EXCLUDED.own,
                        tree = EXCLUDED.tree, board = EXCLUDED.board, valid = EXCLUDED.valid,
                        computed_at = EXCLUDED.computed_at
                    WHERE {table}.changed_at IS NULL OR {table}.changed_at < EXCLUDED.computed_at
                    """,
                    params[start * 7 : (start + len(chunk)) * 7],
                )
        UnitRollup.objects.filter(as_of__lt=as_of).delete()


def office_counts(categories: dict[str, int]) -> dict[str, int]:
    """Government Office counts (rules.COUNT_KEYS) from counts by evaluation category."""
    counts = aggregates._empty()
    for category, n in categories.items():
        aggregates._add(counts, category, n)
    return counts
