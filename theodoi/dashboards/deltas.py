"""A change applied to today's roll-ups (dashboards.rollups) where it happened, so that no
dashboard recomputes a subtree after it.

When a transaction that changed a unit's plans commits, ``apply_changes`` recomputes that unit's
``own`` figures (the four statements of dashboards.aggregates over its own plans: a commune's
60 tasks) and applies their difference to its row and to the row of every unit above:

- the counts of ``tree`` (and a parent's summary of the child in ``board``) add the difference;
- the agencies of ``board`` (the unit's and its parent's) add the agencies' difference;
- the list heads merge: the first rows of a unit are those of its own plans and of its
  sub-units' trees, so a part's new rows merge into the head, and only when a row of the part
  leaves a full head is the head refilled from every part (the sub-units' stored rows).

Rows are locked in path order, root first (two writers never wait for each other in a circle),
and the ``own`` is applied only when the stored one was computed before this computation began
(``computed_at``): a later computation has seen this change already. Chains whose rows are not
all valid today are returned: the caller marks them stale and the next dashboard computes them.
"""

from __future__ import annotations

import copy
import datetime as dt

from django.db import transaction
from django.utils import timezone

from theodoi.dashboards import aggregates
from theodoi.dashboards.models import UnitRollup
from theodoi.dashboards.payloads import (
    LIST_NAMES,
    PAYLOAD_VERSION,
    _agency,
    _compute_own,
    _list_key,
    _summary,
    _with_reports,
)
from theodoi.units.models import Agency, Unit

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


def _shift_agencies(board: dict, new: dict, old: dict) -> None:
    """The board's agencies += the agencies of an ``own`` after − before."""
    agencies = dict(board["agencies"])
    added = False
    for key in set(new) | set(old):
        if key not in agencies:
            agencies[key], added = _agency(), True
        part = agencies[key]
        empty = _agency()
        mine_new, mine_old = new.get(key, empty), old.get(key, empty)
        for number in ("filled", "ind_filled"):
            part[number] += mine_new[number] - mine_old[number]
        for tally in ("tasks", "ind", "reports"):
            _shift_tally(part[tally], mine_new[tally], mine_old[tally])
        if not (part["tasks"] or part["ind"] or part["reports"] or part["filled"]):
            del agencies[key]
    items = list(agencies.items())
    if added:  # in the agencies' own order, as a full computation lists them
        order = {
            str(pk): i
            for i, pk in enumerate(
                Agency.objects.filter(pk__in=[int(k) for k in agencies]).values_list(
                    "pk", flat=True
                )
            )
        }
        items.sort(key=lambda item: order.get(item[0], len(order)))
    board["agencies"] = [list(item) for item in items]


class _Chain:
    """The locked rows of the units a change touches (``state``: unit → [own, tree, board])."""

    def __init__(self, state: dict[int, list], today: dt.date):
        self.state, self.today, self.touched = state, today, set()
        self._lists: dict[int, dict[int, dict | None]] = {}  # parent → child → stored lists

    def parts(self, unit_id: int, name: str) -> list[list] | None:
        """Every part of the unit's list ``name``: its own rows and its sub-units' trees'
        (None when a sub-unit has no valid row). The sub-units outside the chains do not
        change during the application: read once per parent."""
        if unit_id not in self._lists:
            children = Unit.objects.filter(parent_id=unit_id).values_list("pk", flat=True)
            stored = dict.fromkeys(children)
            stored.update(
                UnitRollup.objects.filter(
                    unit__parent_id=unit_id, as_of=self.today, valid=True
                ).values_list("unit_id", "tree__lists")
            )
            self._lists[unit_id] = stored
        rows = list(self.state[unit_id][0]["lists"][name])
        for pk, stored in self._lists[unit_id].items():
            lists = self.state[pk][1]["lists"] if pk in self.state else stored
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
                rows = kept + after
            tree["lists"][name] = sorted(rows, key=_list_key(name))[: aggregates.HEAD]
        return True

    def apply(self, chain: tuple[int, ...], own: dict) -> bool:
        """Apply the unit's (``chain[-1]``) new ``own`` to it and every unit above."""
        unit_id = chain[-1]
        old_own, old_tree, board = self.state[unit_id]
        tree = copy.deepcopy(old_tree)
        _shift(tree, own, old_own)
        tree["groups"] = copy.deepcopy(own["groups"])
        self.state[unit_id][0] = own  # the own lists are read by a refill of the tree
        if not self.relist(unit_id, tree, old_own["lists"], own["lists"]):
            return False
        _shift_agencies(board, own["agencies"], old_own["agencies"])
        self.state[unit_id] = [own, tree, board]
        self.touched.add(unit_id)
        child, before, after = unit_id, old_tree, tree
        for above in reversed(chain[:-1]):
            mine, old_tree, board = self.state[above]
            tree = copy.deepcopy(old_tree)
            _shift(tree, after, before)
            tree["below"] += sum(after["tasks"].values()) - sum(before["tasks"].values())
            if not self.relist(above, tree, before["lists"], after["lists"]):
                return False
            board["children"][str(child)] = _summary(after)
            if child == unit_id:
                _shift_agencies(board, own["agencies"], old_own["agencies"])
            self.state[above] = [mine, tree, board]
            self.touched.add(above)
            child, before, after = above, old_tree, tree
        return True


def _current(row: tuple) -> bool:
    own, tree, board = row[1:4]
    return None not in (own, tree, board) and tree.get("version") == PAYLOAD_VERSION


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
    that could not be applied (a row missing or not valid)."""
    started = timezone.now()
    origins = sorted({chain[-1] for chain in chains})
    chain_of = {chain[-1]: chain for chain in chains}
    own, reports = _recompute(chains, path_of, today)
    units = sorted({pk for chain in chains for pk in chain}, key=lambda pk: path_of[pk])
    failed: set[tuple[int, ...]] = set()
    with transaction.atomic():
        rows = list(
            UnitRollup.objects.select_for_update(of=("self",))
            .filter(unit_id__in=units, as_of=today, valid=True)
            .order_by("unit__path")
            .values_list("unit_id", "own", "tree", "board", "computed_at")
        )
        state = {row[0]: list(row[1:4]) for row in rows if _current(row)}
        computed = {row[0]: row[4] for row in rows}
        work, applied = _Chain(state, today), set()
        for origin in origins:
            chain = chain_of[origin]
            if any(pk not in state for pk in chain):
                failed.add(chain)
            elif computed[origin] is not None and computed[origin] >= started:
                continue  # computed after this change committed: it has it already
            elif origin in reports and origin not in own:
                new = _with_reports(state[origin][0], origin, reports[origin])
                if work.apply(chain, new):
                    applied.add(origin)
                else:
                    failed.add(chain)
            elif work.apply(chain, own[origin]):
                applied.add(origin)
            else:
                failed.add(chain)
        _write(work, started, applied)
    return failed


def _write(work: _Chain, started: dt.datetime, applied: set[int]) -> None:
    now = timezone.now()
    for pk in sorted(work.touched):
        own, tree, board = work.state[pk]
        fields = {"tree": tree, "board": board, "changed_at": now}
        if pk in applied:
            fields.update(own=own, computed_at=started)
        UnitRollup.objects.filter(unit_id=pk, as_of=work.today).update(**fields)
