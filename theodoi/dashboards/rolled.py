"""The roll-up path: today's dashboard of a unit, from its roll-up (dashboards.rollups, computed
with the SQL of dashboards.aggregates).

Same figures as the live path (dashboards.live, the reference); lists (overdue, due soon, at
risk, all tasks) are lazy sequences: their first rows come with the roll-up, further pages run a
LIMITed query, never reading the 200,000 tasks of the nation.

One difference by design: at a scope with sub-units of sub-units (the nation), the agency ranking
lists the agencies of the unit and of its direct sub-units (ministries and provincial
departments); the commune agencies are ranked on their province's dashboard.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Sequence

from theodoi.dashboards import aggregates, rollups
from theodoi.dashboards.aggregates import DUE_SOON_DAYS, _like
from theodoi.dashboards.live import evaluate_indicators
from theodoi.dashboards.types import (
    AgencyRow,
    Dashboard,
    TaskFilter,
    TaskRow,
    group_rows,
    scoring_method,
)
from theodoi.evaluation.rules import TaskEvaluation
from theodoi.evaluation.scoring import AgencyCounts, Score, rank, score
from theodoi.plans.models import Task
from theodoi.units.models import Agency, Unit


class LazyRows:
    """A read-only sequence of TaskRow over the unit's evaluated tasks (aggregates.task_page)
    matching ``where``: ``len`` is a COUNT, a slice one LIMIT/OFFSET query plus one query for
    the tasks themselves."""

    def __init__(
        self,
        unit: Unit,
        as_of: dt.date,
        *,
        where: list[str] | None = None,
        params: dict | None = None,
        order: str = "task",
        count: int | None = None,
        head: list[list] | None = None,
    ):
        self.unit, self.as_of = unit, as_of
        self.where, self.params, self.order = list(where or []), dict(params or {}), order
        self._count = count
        # The first rows, known already (a roll-up's list head: id, category, due, comp,
        # at_risk, …): slices within them need no query over the tasks' evaluation.
        self.head = head

    def filter(self, where: str, **params) -> LazyRows:
        return LazyRows(
            self.unit,
            self.as_of,
            where=[*self.where, where],
            params={**self.params, **params},
            order=self.order,
        )

    def _where(self) -> str:
        return " AND ".join(f"({w})" for w in self.where)

    def count(self) -> int:
        if self._count is None:
            self._count = aggregates.task_count(
                self.unit, self.as_of, where=self._where(), params=self.params
            )
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __bool__(self) -> bool:
        return self.count() > 0

    def _rows(self, limit: int | None, offset: int) -> list[TaskRow]:
        if limit is not None and limit <= 0:
            return []
        head = self.head
        if head is not None and (
            len(head) >= self.count() or (limit is not None and offset + limit <= len(head))
        ):
            found = [
                (
                    e[0],
                    e[1],
                    dt.date.fromisoformat(e[2]) if e[2] else None,
                    dt.date.fromisoformat(e[3]) if e[3] else None,
                    e[4],
                )
                for e in head[offset : None if limit is None else offset + limit]
            ]
        else:
            found = aggregates.task_page(
                self.unit,
                self.as_of,
                where=self._where(),
                params=self.params,
                order=self.order,
                limit=limit,
                offset=offset,
            )
        tasks = Task.objects.select_related("plan__unit", "lead", "group").in_bulk(
            [r[0] for r in found]
        )
        rows = []
        for pk, category, due, comp, at_risk in found:
            days = 0
            if category == "open_overdue" and due is not None:
                days = (self.as_of - due).days
            elif category == "done_late" and due is not None and comp is not None:
                days = (comp - due).days
            task = tasks[pk]
            rows.append(
                TaskRow(
                    task,
                    TaskEvaluation(category, due, days),
                    task.reported_status or None,
                    task.reported_progress,
                    bool(at_risk),
                )
            )
        return rows

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self.count())
            if step != 1:
                return self._rows(None, 0)[index]
            return self._rows(stop - start, start)
        if index < 0:
            index += self.count()
        rows = self._rows(1, index)
        if not rows:
            raise IndexError(index)
        return rows[0]

    def __iter__(self) -> Iterator[TaskRow]:
        total, size = self.count(), 2000
        for offset in range(0, total, size):
            yield from self._rows(size, offset)


class RankedAgencies(Sequence):
    """The ranking's rows; each slice or iteration reads the Agency objects it lacks in one
    query (a province ranks 500 agencies, its dashboard shows 20)."""

    def __init__(self, rows: list[AgencyRow]):
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    def _filled(self, rows: list[AgencyRow]) -> list[AgencyRow]:
        wanted = [r.agency_id for r in rows if r.agency is None]
        if wanted:
            agencies = Agency.objects.select_related("unit").in_bulk(wanted)
            for row in rows:
                if row.agency is None:
                    row.agency = agencies[row.agency_id]
        return rows

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._filled(self._rows[index])
        return self._filled([self._rows[index]])[0]

    def __iter__(self):
        return iter(self._filled(self._rows))


class LazyIndicators:
    """``len`` without the rows; iterating evaluates them fully (consolidated reports)."""

    def __init__(self, unit: Unit, as_of: dt.date, count: int):
        self.unit, self.as_of, self._count = unit, as_of, count
        self._rows = None

    def __len__(self) -> int:
        return self._count

    def _evaluated(self) -> list:
        if self._rows is None:
            self._rows = evaluate_indicators(self.unit, self.as_of)
        return self._rows

    def __iter__(self):
        return iter(self._evaluated())

    def __getitem__(self, index):
        return self._evaluated()[index]


def _score(part: dict, method) -> Score:
    """The scoring of one part of a roll-up (a unit's tree, or an agency's own figures)."""
    counts = rollups.office_counts(part["tasks"])
    indicators = sum(part["ind"].values())
    return score(
        counts=AgencyCounts.from_counts(
            task_counts=counts,
            report_timeliness=Counter(part["reports"]),
            items_expected=counts["total"] + indicators,
            items_filled=part["filled"] + part["ind_filled"],
            indicators=Counter(part["ind"]),
        ),
        method=method,
    )


def fast_dashboard(*, unit: Unit, as_of: dt.date) -> Dashboard:
    """Today's dashboard from the roll-ups of the unit and its direct sub-units
    (dashboards.rollups): the agencies ranked are those of the unit's and its sub-units' own
    plans; the lists show their first rows from the roll-up and page with SQL beyond."""
    rollup = rollups.unit_rollup(unit, as_of)
    tree, board = rollup.tree, rollup.board
    method = scoring_method()
    # The agencies come in their own order (unit, name), which breaks ties in the ranking; the
    # Agency objects themselves are read only for the rows shown (RankedAgencies).
    agency_rows = {}
    for key, part in rollup.agencies:
        agency_rows[int(key)] = AgencyRow(
            None,
            rollups.office_counts(part["tasks"]),
            Counter(part["reports"]),
            Counter(part["ind"]),
            _score(part, method),
        )
    ranked = []
    for agency_id, position, _score_value in rank({k: v.score for k, v in agency_rows.items()}):
        agency_rows[agency_id].position = position
        agency_rows[agency_id].agency_id = agency_id
        ranked.append(agency_rows[agency_id])

    children = []
    child_units = list(unit.children.order_by("name"))
    if child_units:
        scores, counts_of = {}, {}
        for child in child_units:
            part = board["children"][str(child.pk)]
            counts_of[child.pk] = rollups.office_counts(part["tasks"])
            scores[child.pk] = _score(part, method)
        by_pk = {c.pk: c for c in child_units}
        for child_pk, _position, child_score in rank(scores):
            children.append((by_pk[child_pk], counts_of[child_pk], child_score))

    total = rollups.office_counts(tree["tasks"])
    soon = as_of + dt.timedelta(days=DUE_SOON_DAYS)
    lists = tree["lists"]
    groups = group_rows(
        headings=tree["groups"],
        nq57={int(code): counts for code, counts in tree["nq57"].items()},
        above_plans=tree["below"] > 0,
    )
    return Dashboard(
        unit=unit,
        as_of=as_of,
        tasks=LazyRows(unit, as_of, count=total["total"]),
        indicators=LazyIndicators(unit, as_of, sum(tree["ind"].values())),
        indicator_summary=Counter(tree["ind"]),
        counts=total,
        by_group=[(g.label, g.counts) for g in groups],
        groups=groups,
        done_by_quarter=dict(tree["done_q"]),
        reports_by_quarter={q: Counter(c) for q, c in tree["reports_q"].items()},
        overdue=LazyRows(
            unit,
            as_of,
            where=["category = 'open_overdue'"],
            order="overdue",
            count=total["open_overdue"],
            head=lists["overdue"],
        ),
        due_soon=LazyRows(
            unit,
            as_of,
            where=["category = 'open_within_deadline' AND due IS NOT NULL AND due <= %(soon)s"],
            params={"soon": soon if aggregates._pg() else soon.isoformat()},
            order="due",
            count=tree["soon"],
            head=lists["due_soon"],
        ),
        at_risk=LazyRows(
            unit, as_of, where=["at_risk = 1"], count=tree["at_risk"], head=lists["at_risk"]
        ),
        completeness=aggregates.completeness_figures(Counter(tree["reports"])),
        agencies=RankedAgencies(ranked),
        children=children,
        fast=True,
    )


def rolled_task_rows(*, board: Dashboard, wanted: TaskFilter) -> LazyRows:
    """The roll-up board's tasks narrowed by ``wanted``: a lazy, LIMIT-paged sequence, each
    filter one more SQL condition (dashboards.selectors.dashboard_task_rows)."""
    category = wanted.category
    rows = {"due_soon": board.due_soon, "at_risk": board.at_risk}.get(category)
    if rows is None:
        rows = board.tasks
        if category:
            rows = rows.filter("category = %(category)s", category=category)
    if wanted.lead is not None:
        rows = rows.filter("lead_id = %(lead)s", lead=wanted.lead)
    if wanted.group:
        rows = rows.filter(
            "(CASE WHEN gtitle IS NULL THEN 'Khác' WHEN gcode <> '' "
            "THEN gcode || '. ' || gtitle ELSE gtitle END) = %(group)s",
            group=wanted.group,
        )
    if wanted.nq57 is not None:
        rows = rows.filter("COALESCE(nq, 0) = %(nq57)s", nq57=wanted.nq57)
    if wanted.sub_unit is not None:
        rows = rows.filter("unit_path LIKE %(sub)s ESCAPE '\\'", sub=_like(wanted.sub_unit.path))
    if wanted.plan is not None:
        rows = rows.filter("plan_id = %(plan)s", plan=wanted.plan)
    return rows
