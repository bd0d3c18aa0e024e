"""The shape of a unit's roll-up payloads (dashboards.rollups) and how they are computed and
added up: ``own`` from the SQL of dashboards.aggregates, ``tree`` as ``own`` plus the sub-units'
trees, a sub-unit's summary, the agencies of several units merged.

Everything in a payload adds up except the list heads, which merge (the first rows of a union
are among the first rows of its parts); dashboards.deltas applies a change's difference with
the same functions."""

from __future__ import annotations

import datetime as dt
import functools
import json

from theodoi.dashboards import aggregates
from theodoi.dashboards.types import achievement_key, quarter_of
from theodoi.units.models import Unit

LIST_NAMES = tuple(aggregates.LISTS)

# The shape of the payloads: a row stored by an earlier shape is not read (it is recomputed).
PAYLOAD_VERSION = 4


def _figures() -> dict:
    return {
        "version": PAYLOAD_VERSION,
        "tasks": {},
        "filled": 0,
        "at_risk": 0,
        "soon": 0,
        "groups": {},
        "nq57": {},
        "below": 0,
        "done_q": {},
        "reports_q": {},
        "ind": {},
        "ind_filled": 0,
        "reports": {},
        "lists": {name: [] for name in LIST_NAMES},
    }


def _agency() -> dict:
    return {"tasks": {}, "filled": 0, "ind": {}, "ind_filled": 0, "reports": {}}


def _bump(counts: dict, key: str, n: int) -> None:
    counts[key] = counts.get(key, 0) + n


def _iso(value) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)[:10]


def _list_key(name: str):
    if name == "overdue":
        return lambda e: (e[2] is None, e[2] or "", e[5], e[6], e[0])
    if name == "due_soon":
        return lambda e: (e[2] or "", e[5], e[6], e[0])
    return lambda e: (e[5], e[6], e[0])


def _own_tasks(own: dict[int, dict], rows: list[tuple]) -> None:
    """Task counts (aggregates.own_task_counts) into the units' ``own`` payloads."""
    for unit_id, kind, key, title, category, n, filled, at_risk, soon, nq, done_q in rows:
        mine = own.get(unit_id)
        if mine is None:
            continue
        if kind == "a":
            if key is not None:
                agency = mine["agencies"].setdefault(str(key), _agency())
                _bump(agency["tasks"], category, n)
                agency["filled"] += filled
            continue
        _bump(mine["tasks"], category, n)
        mine["filled"] += filled
        mine["at_risk"] += at_risk
        mine["soon"] += soon
        label = "Khác" if title is None else (f"{key}. {title}" if key else title)
        _bump(mine["groups"].setdefault(label, {}), category, n)
        _bump(mine["nq57"].setdefault(str(nq or 0), {}), category, n)
        if done_q is not None:
            _bump(mine["done_q"], aggregates.quarter_label(done_q), n)


def _own_indicators(own: dict[int, dict], figures: list) -> None:
    for figure in figures:
        mine = own.get(figure.unit_id)
        if mine is None:
            continue
        key = achievement_key(figure.achieved)
        _bump(mine["ind"], key, 1)
        mine["ind_filled"] += figure.has_value
        if figure.lead_id:
            agency = mine["agencies"].setdefault(str(figure.lead_id), _agency())
            _bump(agency["ind"], key, 1)
            agency["ind_filled"] += figure.has_value


@functools.cache
def _quarter_of_day(day: str) -> str:
    return quarter_of(dt.date.fromisoformat(day))


def _own_reports(own: dict[int, dict], rows: list[tuple]) -> None:
    for unit_id, kind, key, verdict, n in rows:
        mine = own.get(unit_id)
        if mine is None:
            continue
        if kind == "q":
            quarter = _quarter_of_day(str(key)[:10])
            _bump(mine["reports_q"].setdefault(quarter, {}), verdict, n)
            continue
        _bump(mine["reports"], verdict, n)
        _bump(mine["agencies"].setdefault(str(key), _agency())["reports"], verdict, n)


def _compute_own(
    root: Unit, unit_ids: list[int], as_of: dt.date, *, scan: bool = True
) -> dict[int, dict]:
    """``own`` payloads of the units, from four statements over their plans (the root's whole
    subtree when many units are wanted and ``scan``: one scan beats a long IN list)."""
    wanted = set(unit_ids)
    scope = None if scan and len(wanted) > 200 else sorted(wanted)
    own = {pk: {**_figures(), "agencies": {}} for pk in wanted}
    _own_tasks(own, aggregates.own_task_counts(root, as_of, unit_ids=scope))
    for (
        name,
        unit_id,
        pk,
        category,
        due,
        comp,
        at_risk,
        plan_id,
        order,
    ) in aggregates.own_list_heads(root, as_of, unit_ids=scope):
        if unit_id in own:
            own[unit_id]["lists"][name].append(
                [pk, category, _iso(due), _iso(comp), int(at_risk), plan_id, order]
            )
    _own_indicators(own, aggregates.indicator_figures(root, as_of, unit_ids=scope))
    _own_reports(own, aggregates.own_report_counts(root, as_of, unit_ids=scope))
    for mine in own.values():  # in their order, whatever the scope of the statement
        for name, rows in mine["lists"].items():
            rows.sort(key=_list_key(name))
    return own


def _with_reports(own: dict, unit_id: int, rows: list[tuple]) -> dict:
    """``own`` with its report timeliness replaced by ``rows`` (aggregates.own_report_counts
    of the unit): what a change of reports only recomputes."""
    own = json.loads(json.dumps(own))  # a deep copy
    own["reports"], own["reports_q"] = {}, {}
    for agency in own["agencies"].values():
        agency["reports"] = {}
    _own_reports({unit_id: own}, rows)
    own["agencies"] = {
        key: part
        for key, part in own["agencies"].items()
        if part["tasks"] or part["ind"] or part["reports"]
    }
    return own


def _add_counts(total: dict, part: dict, numbers: tuple[str, ...]) -> None:
    """Add ``part``'s numbers and its tallies (tasks, indicators, reports) to ``total``."""
    for key in numbers:
        total[key] += part[key]
    for key in ("tasks", "ind", "reports"):
        for k, n in part[key].items():
            _bump(total[key], k, n)


def _add_figures(total: dict, part: dict) -> None:
    _add_counts(total, part, ("filled", "at_risk", "soon", "ind_filled"))
    for name in ("nq57", "reports_q"):
        for key, counts in part[name].items():
            mine = total[name].setdefault(key, {})
            for k, n in counts.items():
                _bump(mine, k, n)
    for key, n in part["done_q"].items():
        _bump(total["done_q"], key, n)
    for name in LIST_NAMES:
        total["lists"][name].extend(part["lists"][name])


def _tree(own: dict, children: list[dict]) -> dict:
    """The unit's figures with its subtree's: counts add up, task groups by NQ57 group; the
    plans' own headings are kept for the unit's own plans only (a dashboard above the plans
    shows the seven NQ57 groups); ``below`` counts the tasks of the sub-units' plans."""
    tree = _figures()
    for part in (own, *children):
        _add_figures(tree, part)
    tree["groups"] = {label: dict(counts) for label, counts in own["groups"].items()}
    tree["below"] = sum(sum(child["tasks"].values()) for child in children)
    for name in LIST_NAMES:
        tree["lists"][name] = sorted(tree["lists"][name], key=_list_key(name))[: aggregates.HEAD]
    return tree


def _summary(tree: dict) -> dict:
    """What a parent's dashboard shows of a sub-unit: its counts and what scores it."""
    return {k: tree[k] for k in ("tasks", "filled", "ind", "ind_filled", "reports")}


def _merged_agencies(owns: list[dict]) -> dict[str, dict]:
    """The agency parts of several units' ``own`` figures, added up by agency."""
    total: dict[str, dict] = {}
    for own in owns:
        for key, part in own["agencies"].items():
            _add_counts(total.setdefault(key, _agency()), part, ("filled", "ind_filled"))
    return total
