"""A change applied to today's roll-ups (dashboards.rollups) where it happened, so that no
dashboard recomputes a subtree after it.

When a transaction that changed a unit's plans commits, ``apply_changes`` recomputes that unit's
``own`` figures (the four statements of dashboards.aggregates over its own plans: a commune's
60 tasks) and applies their difference to its row and to the row of every unit above:

- the counts of ``tree`` add the difference, and the parent's summary of the child in
  ``board`` is replaced (merged in the database: a row above is read and written light);
- the agencies stay in the unit's ``own`` (a dashboard adds up its own and its sub-units'
  agencies when it reads them), so a change never rewrites a province's 500 agencies;
- the list heads merge: the first rows of a unit are those of its own plans and of its
  sub-units' trees, so a part's new rows merge into the head, and only when a row of the part
  leaves a full head is the head refilled from every part (the sub-units' stored rows).

Rows are locked level by level from the deepest, in path order within a level (one order for
every writer: two never wait for each other in a circle), each level stored before the next is
locked, so the nation's row, which every change reaches, is held only for its own small update
and the commit. A report that is not accepted changes report timeliness only: one statement,
the rest of the unit's ``own`` kept (payloads._with_reports). The ``own`` is applied only when the stored one was computed before this computation began
(``computed_at``): a later computation has seen this change already. Chains whose rows are not
all valid today are returned: the caller marks them stale and the next dashboard computes them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from theodoi.dashboards import aggregates
from theodoi.dashboards.models import UnitRollup
from theodoi.dashboards.payloads import (
    LIST_NAMES,
    PAYLOAD_VERSION,
    _compute_own,
    _list_key,
    _summary,
    _with_reports,
)
from theodoi.units.models import Unit

NUMBERS = ("filled", "at_risk", "soon", "ind_filled")
TALLIES = ("tasks", "ind", "reports", "done_q")
NESTED = ("nq57", "reports_q")
CHUNK = 500  # units recomputed per statement


def _shift_tally(total: dict, new: dict, old: dict) -> None:
    for key in set(new) | set(old):
        n = total.get(key, 0) + new.get(key, 0) - old.get(key, 0)
        if n:
            total[key] = n
        else:
            total.pop(key, None)


def _shift(total: dict, new: dict, old: dict) -> None:
    """``total`` += ``new`` − ``old`` over the counts of a payload (no zero kept: a full
    computation keeps none)."""
    for key in NUMBERS:
        total[key] += new[key] - old[key]
    for key in TALLIES:
        _shift_tally(total[key], new[key], old[key])
    for key in NESTED:
        mine = total[key]
        for sub in set(new[key]) | set(old[key]):
            part = mine.setdefault(sub, {})
            _shift_tally(part, new[key].get(sub, {}), old[key].get(sub, {}))
            if not part:
                del mine[sub]


def _loaded(value):
    """JSON read by a raw statement (text on both databases through Django's connections)."""
    return json.loads(value) if isinstance(value, str) else value


def _moment(value) -> dt.datetime | None:
    """A datetime read by a raw statement (SQLite gives it naive, or as text, in UTC)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value


def _copied(value):
    """A deep copy of JSON data (several times faster than copy.deepcopy)."""
    return json.loads(json.dumps(value))


@dataclass
class _Row:
    """A locked row. A changed unit's row is read whole; a row above it light: its tree and
    its own list heads (its board's sub-unit summaries are merged in the database)."""

    own_lists: dict
    tree: dict
    own: dict | None = None
    board: dict | None = None
    computed_at: dt.datetime | None = None
    summaries: dict = field(default_factory=dict)  # sub-unit → its new summary


@dataclass
class _Change:
    """What a unit's tree did, for its parent to apply."""

    unit_id: int
    before: dict
    after: dict


class _Chains:
    """The rows of the units the changes touch, locked level by level from the deepest."""

    def __init__(self, today: dt.date):
        self.today, self.rows, self.written = today, {}, set()
        self._lists: dict[int, dict[int, dict | None]] = {}  # parent → child → stored lists

    def lock(self, ids: list[int], full: set[int]) -> None:
        """Lock and read the rows of one level in path order, in one statement (the hot path
        of every submission: no ORM compilation): whole for the changed units, light above."""
        if not ids:
            return
        table, units = UnitRollup._meta.db_table, Unit._meta.db_table
        pg = connection.vendor == "postgresql"
        heavy = ", ".join(str(int(pk)) for pk in ids if pk in full) or "NULL"
        lists = "r.own -> 'lists'" if pg else "json_extract(r.own, '$.lists')"
        sql = f"""SELECT r.unit_id, CASE WHEN r.unit_id IN ({heavy}) THEN r.own END, {lists},
                r.tree, CASE WHEN r.unit_id IN ({heavy}) THEN r.board END, r.computed_at
            FROM {table} r JOIN {units} u ON u.id = r.unit_id
            WHERE r.unit_id IN ({", ".join(str(int(pk)) for pk in ids)}) AND r.as_of = %s
                AND r.valid ORDER BY u.path{" FOR UPDATE OF r" if pg else ""}"""
        with connection.cursor() as cursor:
            cursor.execute(sql, [connection.ops.adapt_datefield_value(self.today)])
            found = cursor.fetchall()
        for pk, own, lists, tree, board, computed_at in found:
            own, lists, tree, board = (_loaded(v) for v in (own, lists, tree, board))
            if lists is None or tree is None or tree.get("version") != PAYLOAD_VERSION:
                continue
            if pk in full and (own is None or board is None):
                continue
            self.rows[pk] = _Row(lists, tree, own, board, _moment(computed_at))

    def parts(self, unit_id: int, name: str) -> list[list] | None:
        """Every part of the unit's list ``name``: its own rows and its sub-units' trees'
        (None when a sub-unit has no valid row). The sub-units outside the changes do not
        change meanwhile (their writers would lock this row first): read once per parent."""
        if unit_id not in self._lists:
            children = Unit.objects.filter(parent_id=unit_id).values_list("pk", flat=True)
            stored = dict.fromkeys(children)
            stored.update(
                UnitRollup.objects.filter(
                    unit__parent_id=unit_id, as_of=self.today, valid=True
                ).values_list("unit_id", "tree__lists")
            )
            self._lists[unit_id] = stored
        rows = list(self.rows[unit_id].own_lists[name])
        for pk, stored in self._lists[unit_id].items():
            lists = self.rows[pk].tree["lists"] if pk in self.written else stored
            if lists is None:
                return None
            rows += lists[name]
        return rows

    def relist(self, unit_id: int, tree: dict, old: dict, new: dict) -> bool:
        """Merge a part's lists (``old`` → ``new``) into the unit's ``tree``; False when a
        sub-unit's row was missing for a refill."""
        for name in LIST_NAMES:
            before, after = old[name], new[name]
            if before == after:
                continue
            head = tree["lists"][name]
            leaving = {row[0] for row in before}
            kept = [row for row in head if row[0] not in leaving]
            if len(head) >= aggregates.HEAD and len(kept) < len(head):
                rows = self.parts(unit_id, name)  # a row left a full head: refill
                if rows is None:
                    return False
            else:
                # a row of ``after`` may be in the head already: a refill for another sub-unit
                # of this unit read this sub-unit's new lists
                arriving = {row[0] for row in after}
                rows = [row for row in kept if row[0] not in arriving] + after
            tree["lists"][name] = sorted(rows, key=_list_key(name))[: aggregates.HEAD]
        return True

    def update(self, unit_id: int, own: dict | None, children: list[_Change]) -> _Change | None:
        """Apply the unit's new ``own`` (None: unchanged) and its sub-units' changes to its
        row; what its tree did (None: a refill lacked a row)."""
        row = self.rows[unit_id]
        before = row.tree
        tree = _copied(before)
        if own is not None:
            _shift(tree, own, row.own)
            tree["groups"] = _copied(own["groups"])
            row.own_lists = own["lists"]  # a refill of the tree reads them
            if not self.relist(unit_id, tree, row.own["lists"], own["lists"]):
                return None
            row.own = own
        for change in children:
            _shift(tree, change.after, change.before)
            tree["below"] += sum(change.after["tasks"].values()) - sum(
                change.before["tasks"].values()
            )
            if not self.relist(unit_id, tree, change.before["lists"], change.after["lists"]):
                return None
            row.summaries[str(change.unit_id)] = _summary(change.after)
        row.tree = tree
        self.written.add(unit_id)
        return _Change(unit_id, before, tree)


def _recompute(
    chains: dict[tuple[int, ...], set[str]], path_of: dict[int, str], today: dt.date
) -> tuple[dict[int, dict], dict[int, list]]:
    """The new own figures of the units where the change is more than reports (whole), and the
    report timeliness rows of those where reports only changed (the rest of their figures is
    kept: dashboards.payloads._with_reports)."""
    own: dict[int, dict] = {}
    reports: dict[int, list] = {}
    for root in {chain[0] for chain in chains}:
        unit = Unit(pk=root, path=path_of[root])
        mine = [chain for chain in chains if chain[0] == root]
        whole = sorted(c[-1] for c in mine if chains[c] != {"report"})
        for start in range(0, len(whole), CHUNK):  # the units themselves, never a subtree
            own.update(_compute_own(unit, whole[start : start + CHUNK], today, scan=False))
        only = sorted(c[-1] for c in mine if chains[c] == {"report"})
        reports.update({pk: [] for pk in only})
        for start in range(0, len(only), CHUNK):
            scope = only[start : start + CHUNK]
            for row in aggregates.own_report_counts(unit, today, unit_ids=scope):
                reports[row[0]].append(row)
    return own, reports


def apply_changes(
    chains: dict[tuple[int, ...], set[str]], path_of: dict[int, str], today: dt.date
) -> set[tuple[int, ...]]:
    """Recompute the own figures of each chain's last unit and apply their difference up its
    chain (``chains``: each with the kinds of what changed in its unit); returns the chains
    that could not be applied (a row missing or not valid). Rows are locked level by level
    from the deepest (one order for every writer: none waits in a circle) and each level is
    stored before the next is locked, so the root's row, which every change reaches, is held
    only for its own small update and the commit."""
    started = timezone.now()
    own, reports = _recompute(chains, path_of, today)
    origins = {chain[-1] for chain in chains}
    parent_of = {c[i]: c[i - 1] for c in chains for i in range(1, len(c))}
    units = {pk for chain in chains for pk in chain}
    depth = {pk: path_of[pk].count("/") for pk in units}
    failed: set[int] = set()  # units whose change could not be applied (with all above)
    applied: set[int] = set()
    work = _Chains(today)
    with transaction.atomic():
        pending: dict[int, list[_Change]] = {}
        for level in sorted(set(depth.values()), reverse=True):
            ids = sorted((pk for pk in units if depth[pk] == level), key=path_of.get)
            work.lock(ids, origins)
            for pk in ids:
                change = _one(work, pk, pending, failed, own, reports, started, origins, applied)
                if pk in failed and pk in parent_of:
                    failed.add(parent_of[pk])
                elif change is not None and pk in parent_of:
                    pending.setdefault(parent_of[pk], []).append(change)
            done = [pk for pk in ids if pk in work.written and pk not in failed]
            _write(work, done, applied, started)
    return {chain for chain in chains if set(chain) & failed}


def _one(work, pk, pending, failed, own, reports, started, origins, applied) -> _Change | None:
    """Apply what changed at one unit: its own figures and its sub-units' changes."""
    row = work.rows.get(pk)
    if pk in failed or row is None:
        failed.add(pk)
        return None
    new = None
    if pk in origins and (row.computed_at is None or row.computed_at < started):
        new = own.get(pk) or _with_reports(row.own, pk, reports[pk])
    if new is None and not pending.get(pk):
        return None  # computed after this change committed: it has it already
    change = work.update(pk, new, pending.get(pk, []))
    if change is None:
        failed.add(pk)
    elif new is not None:
        applied.add(pk)
    return change


def _write(work: _Chains, ids: list[int], applied: set[int], started: dt.datetime) -> None:
    """Store one level's rows: a whole one as read, a light one its tree, with its sub-units'
    summaries merged into its board in the database."""
    now = timezone.now()
    for pk in ids:
        row = work.rows[pk]
        if row.board is not None:
            row.board["children"].update(row.summaries)
            _write_whole(work.today, pk, row, now, started if pk in applied else None)
        else:
            _write_light(work.today, pk, row, now)


def _write_whole(
    today: dt.date, pk: int, row: _Row, now: dt.datetime, computed: dt.datetime | None
) -> None:
    """A changed unit's row: its own (with ``computed``, the time its computation began),
    tree and board."""
    table = UnitRollup._meta.db_table
    cast = "%s::jsonb" if connection.vendor == "postgresql" else "json(%s)"
    sets = [f"tree = {cast}", f"board = {cast}", "changed_at = %s"]
    params = [json.dumps(row.tree), json.dumps(row.board), _at(now)]
    if computed is not None:
        sets += [f"own = {cast}", "computed_at = %s"]
        params += [json.dumps(row.own), _at(computed)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {', '.join(sets)} WHERE unit_id = %s AND as_of = %s",
            [*params, pk, connection.ops.adapt_datefield_value(today)],
        )


def _at(moment: dt.datetime):
    return connection.ops.adapt_datetimefield_value(moment)


def _write_light(today: dt.date, pk: int, row: _Row, now: dt.datetime) -> None:
    table = UnitRollup._meta.db_table
    if connection.vendor == "postgresql":  # || replaces the entries (a shallow merge)
        board = "jsonb_set(board, '{children}', (board -> 'children') || %s::jsonb)"
        params = [json.dumps(row.summaries)]
        tree = "%s::jsonb"
    else:  # json_patch would merge deep: set each entry
        keys = sorted(row.summaries)
        pairs = ", ".join(f"'$.children.\"{int(key)}\"', json(%s)" for key in keys)
        board = f"json_set(board, {pairs})" if keys else "board"
        params = [json.dumps(row.summaries[key]) for key in keys]
        tree = "json(%s)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET tree = {tree}, board = {board}, changed_at = %s "
            "WHERE unit_id = %s AND as_of = %s",
            [
                json.dumps(row.tree),
                *params,
                connection.ops.adapt_datetimefield_value(now),
                pk,
                connection.ops.adapt_datefield_value(today),
            ],
        )
