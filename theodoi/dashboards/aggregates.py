"""Roll-ups in SQL for large scopes "as of today".

``theodoi.evaluation.rules.evaluate_task`` classifies one task in Python. For a province (6,000
tasks) or the nation (200,000 tasks) the dashboard instead asks the database: the same rules are
written as layered SQL (common table expressions, so that each intermediate value is computed
once) over the fields that accepting a report copies onto the task (``reported_status``,
``completed_on``, ``reported_progress``, ``reported_at``) and its deadline fields
(``deadline_kind``, ``due_date``, ``start_date``, ``end_date``, ``recurrence``). Counts come back
grouped by direct sub-unit (a prefix of ``Unit.path``), lead agency and task group in one
statement; lists are LIMITed queries over the same expressions.

The stored fields reflect the latest accepted report, so this path answers for *today* only; a
past date goes through the Python path (``selectors.evaluate_tasks``), which replays the reports.
tests/test_aggregates.py checks, task by task, that both agree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from theodoi.evaluation.rules import (
    CATEGORY_COUNT_KEY,
    COUNT_KEYS,
    cycle_bounds,
    indicator_achievement,
    pick_target,
)
from theodoi.plans.choices import PlanStatus
from theodoi.plans.models import Indicator, Plan, Target, Task, TaskGroup
from theodoi.reporting.models import Report, ReportingPeriod, TaskUpdate
from theodoi.units.models import Unit

DUE_SOON_DAYS = 30


def _pg() -> bool:
    return connection.vendor == "postgresql"


def _like(path: str) -> str:
    return path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _days(a: str, b: str) -> str:
    """Whole days ``a − b`` between two SQL dates."""
    if _pg():
        return f"(({a})::date - ({b})::date)"
    return f"CAST(julianday({a}) - julianday({b}) AS INTEGER)"


def _cycle(r: str, d: str, *, end: bool) -> str:
    """First or last day of the recurrence cycle containing date ``d`` (rules.cycle_bounds:
    ISO week, month, quarter, anything else a calendar year)."""
    if _pg():
        spans = [
            ("weekly", "week", "6 days"),
            ("monthly", "month", "1 month - 1 day"),
            ("quarterly", "quarter", "3 months - 1 day"),
            (None, "year", "1 year - 1 day"),
        ]
        whens = []
        for key, unit, span in spans:
            trunc = f"date_trunc('{unit}', ({d})::timestamp)"
            whens.append((key, f"({trunc} + interval '{span}')::date" if end else f"{trunc}::date"))
    else:
        week = f"date({d}, '-' || ((CAST(strftime('%%w', {d}) AS INTEGER) + 6) %% 7) || ' days')"
        quarter = (
            f"date({d}, 'start of month', '-' || "
            f"((CAST(strftime('%%m', {d}) AS INTEGER) - 1) %% 3) || ' months')"
        )
        if end:
            whens = [
                ("weekly", f"date({week}, '+6 days')"),
                ("monthly", f"date({d}, 'start of month', '+1 month', '-1 day')"),
                ("quarterly", f"date({quarter}, '+3 months', '-1 day')"),
                (None, f"date({d}, 'start of year', '+1 year', '-1 day')"),
            ]
        else:
            whens = [
                ("weekly", week),
                ("monthly", f"date({d}, 'start of month')"),
                ("quarterly", quarter),
                (None, f"date({d}, 'start of year')"),
            ]
    sql = "CASE"
    for key, expr in whens:
        sql += f" ELSE {expr} END" if key is None else f" WHEN {r} = '{key}' THEN {expr}"
    return sql


def _constant_cycle(as_of: dt.date, *, end: bool) -> str:
    """The cycle bound of ``as_of`` per recurrence, as SQL date literals (most recurring tasks
    run on the day, so their bounds are constants and the date arithmetic above is skipped)."""
    cast = "::date" if _pg() else ""
    sql = "CASE"
    for recurrence in ("weekly", "monthly", "quarterly"):
        bound = cycle_bounds(recurrence=recurrence, day=as_of)[1 if end else 0]
        sql += f" WHEN recurrence = '{recurrence}' THEN '{bound.isoformat()}'{cast}"
    bound = cycle_bounds(recurrence=None, day=as_of)[1 if end else 0]
    return sql + f" ELSE '{bound.isoformat()}'{cast} END"


def _scope_sql(unit: Unit, unit_ids: list[int] | None) -> str:
    """The plans' units in scope: the unit's subtree (a path prefix), or exactly ``unit_ids``."""
    if unit_ids is None:
        return "pu.path LIKE %(like)s ESCAPE '\\'"
    return f"pu.id IN ({', '.join(str(int(i)) for i in unit_ids) or 'NULL'})"


def _first_point_sql() -> str:
    """SQL (correlated with ``cat``): the task's first accepted progress point (lead rows, by
    local day then progress, as ``rules.early_warning`` sorts them) exists, lies before the
    last one and projects a late completion or shows no growth — the rate of the early warning
    when the plan has no issue date before the last report (evaluated only then)."""
    u, r = TaskUpdate._meta.db_table, Report._meta.db_table
    tz = timezone.get_current_timezone_name()
    day, tz_params = connection.ops.datetime_cast_date_sql("r.submitted_at", (), tz)
    for i in range(len(tz_params)):
        day = day.replace("%s", f"%(tz{i})s", 1)
    first = f"""SELECT {day} AS fday, u.progress AS fprog FROM {u} u
        JOIN {r} r ON r.id = u.report_id
        WHERE u.task_id = cat.id AND u.role = 'lead' AND r.status = 'accepted'
        ORDER BY fday, fprog LIMIT 1"""
    return f"""SELECT 1 FROM ({first}) f WHERE f.fday < last_day AND (f.fprog >= progress
        OR (100 - progress) * {_days("last_day", "f.fday")}
            > (progress - f.fprog) * {_days("due", "last_day")})"""


def evaluated_sql(
    unit: Unit, as_of: dt.date, *, unit_ids: list[int] | None = None
) -> tuple[str, dict]:
    """``WITH … `` defining ``ev``: one row per task of the unit's active plans (or of the plans
    of exactly ``unit_ids``) with
    ``category`` (rules.evaluate_task), ``due`` (effective due date), ``comp`` (completion date
    that counts), ``at_risk`` (rules.early_warning from the latest accepted progress), ``child``
    (code of the direct sub-unit, '' for the unit itself) and the task's keys."""
    pg = _pg()
    today = "CAST(%(today)s AS date)" if pg else "%(today)s"
    tz = timezone.get_current_timezone_name()
    last_day, tz_params = connection.ops.datetime_cast_date_sql("reported_at", (), tz)
    for i in range(len(tz_params)):
        last_day = last_day.replace("%s", f"%(tz{i})s", 1)
    n = len(unit.path) + 1
    if pg:
        child = f"split_part(substr(unit_path, {n}), '/', 1)"
    else:
        child = f"substr(substr(unit_path, {n}), 1, instr(substr(unit_path, {n}), '/') - 1)"
    t, p, u, g = (
        Task._meta.db_table,
        Plan._meta.db_table,
        Unit._meta.db_table,
        TaskGroup._meta.db_table,
    )
    done = "('done', 'done_late')"
    sql = f"""WITH base AS (
    SELECT t.id, t.plan_id, t.lead_id, t."order" AS ord, t.deadline_kind AS kind,
        t.due_date, t.start_date, t.end_date, COALESCE(t.recurrence, '') AS recurrence,
        COALESCE(t.reported_status, '') AS st0, t.completed_on AS comp0,
        t.reported_progress AS progress, t.reported_at, pl.issued_on,
        pu.path AS unit_path, pu.id AS unit_id, pu.parent_id AS unit_parent,
        g.code AS gcode, g.title AS gtitle, g.nq57_code AS nq,
        COALESCE(t.start_date, t.due_date) AS first_day
    FROM {t} t JOIN {p} pl ON pl.id = t.plan_id JOIN {u} pu ON pu.id = pl.unit_id
        LEFT JOIN {g} g ON g.id = t.group_id
    WHERE {_scope_sql(unit, unit_ids)} AND pl.status = %(active)s
), c1 AS (
    SELECT base.*, CASE WHEN first_day > {today} THEN first_day ELSE {today} END AS day1
    FROM base
), c2 AS (
    SELECT c1.*, CASE WHEN end_date < day1 THEN end_date ELSE day1 END AS cday FROM c1
), c3 AS (
    SELECT c2.*,
        CASE WHEN cday = {today} THEN {_constant_cycle(as_of, end=False)}
            ELSE {_cycle("recurrence", "cday", end=False)} END AS cstart,
        CASE WHEN cday = {today} THEN {_constant_cycle(as_of, end=True)}
            ELSE {_cycle("recurrence", "cday", end=True)} END AS cend
    FROM c2
), c4 AS (
    SELECT c3.*,
        CASE kind WHEN 'date' THEN due_date WHEN 'range' THEN COALESCE(end_date, due_date)
            WHEN 'conditional' THEN due_date WHEN 'recurring' THEN cend END AS due,
        CASE WHEN kind = 'recurring' AND comp0 < cstart THEN NULL ELSE comp0 END AS comp,
        CASE WHEN kind = 'recurring' AND comp0 < cstart AND st0 IN {done} THEN ''
            ELSE st0 END AS st
    FROM c3
), c5 AS (
    SELECT c4.*, (comp IS NOT NULL OR st IN {done}) AS done FROM c4
), cat AS (
    SELECT c5.*,
        CASE
            WHEN st = 'not_feasible' THEN 'not_feasible'
            WHEN st = 'paused' THEN 'paused'
            WHEN kind = 'continuous' THEN 'continuous'
            WHEN kind = 'conditional' AND NOT done THEN 'waiting_condition'
            WHEN done AND due IS NULL AND st = 'done_late' THEN 'done_late'
            WHEN done AND due IS NULL THEN 'done_on_time'
            WHEN comp IS NOT NULL AND comp > due THEN 'done_late'
            WHEN comp IS NOT NULL THEN 'done_on_time'
            WHEN done AND st = 'done_late' THEN 'done_late'
            WHEN done THEN 'done_on_time'
            WHEN due IS NULL AND st = 'overdue' THEN 'open_overdue'
            WHEN due IS NULL THEN 'open_within_deadline'
            WHEN due < {today} THEN 'open_overdue'
            ELSE 'open_within_deadline'
        END AS category,
        CASE WHEN unit_path = %(path)s THEN '' ELSE {child} END AS child,
        {last_day} AS last_day
    FROM c5
), ev AS (
    SELECT cat.*,
        CASE WHEN category = 'open_within_deadline' AND due IS NOT NULL AND progress < 100 AND (
            ((progress = 0 OR reported_at IS NULL) AND issued_on IS NOT NULL AND issued_on < due
                AND 4 * {_days("due", today)} < {_days("due", "issued_on")})
            OR ((progress = 0 OR reported_at IS NULL)
                AND NOT (issued_on IS NOT NULL AND issued_on < due)
                AND {_days("due", today)} <= 30)
            OR (progress > 0 AND reported_at IS NOT NULL AND issued_on IS NOT NULL
                AND issued_on < last_day
                AND (100 - progress) * {_days("last_day", "issued_on")}
                    > progress * {_days("due", "last_day")})
            OR (progress > 0 AND reported_at IS NOT NULL
                AND NOT (issued_on IS NOT NULL AND issued_on < last_day)
                AND EXISTS ({_first_point_sql()}))
        ) THEN 1 ELSE 0 END AS at_risk
    FROM cat
)
"""
    params = {
        "like": _like(unit.path),
        "active": PlanStatus.ACTIVE,
        "today": as_of if pg else as_of.isoformat(),
        "path": unit.path,
        **{f"tz{i}": value for i, value in enumerate(tz_params)},
    }
    return sql, params


def _run(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:  # on PostgreSQL without JIT (settings.DATABASES)
        cursor.execute(sql, params)
        return cursor.fetchall()


def _empty() -> dict[str, int]:
    return dict.fromkeys(COUNT_KEYS, 0)


def _add(counts: dict[str, int], category: str, n: int) -> None:
    counts[CATEGORY_COUNT_KEY[category]] += n
    counts["total"] += n


def quarter_number(d: str) -> str:
    """SQL: 20261 for a date in the first quarter of 2026, as an integer (NULL for NULL);
    ``quarter_label`` makes it the charts' key "2026-1"."""
    if _pg():
        return f"CAST(EXTRACT(YEAR FROM {d}) * 10 + EXTRACT(QUARTER FROM {d}) AS INTEGER)"
    return (
        f"(CAST(strftime('%%Y', {d}) AS INTEGER) * 10 "
        f"+ (CAST(strftime('%%m', {d}) AS INTEGER) + 2) / 3)"
    )


def quarter_label(number: int | str | None) -> str | None:
    """20261 → "2026-1"."""
    if number is None:
        return None
    number = int(number)
    return f"{number // 10}-{number % 10}"


def own_task_counts(
    unit: Unit, as_of: dt.date, *, unit_ids: list[int] | None = None
) -> list[tuple]:
    """Counts of the tasks of each plan-owning unit in scope, in one statement, two groupings:
    ``(unit_id, 'a', lead_id, None, category, n, filled, 0, 0, None, None)`` by lead agency and
    ``(unit_id, 'g', group code, group title, category, n, filled, at_risk, due_soon, nq57,
    quarter)`` by task group (with its NQ57 group code, None when not mapped) and, for the
    tasks done, the calendar quarter of their completion (``quarter_number``: 20261; None: not
    done, or no date). ``filled``: tasks with a reported status; ``due_soon``: open within the
    deadline and due in the next DUE_SOON_DAYS days."""
    sql, params = evaluated_sql(unit, as_of, unit_ids=unit_ids)
    soon = as_of + dt.timedelta(days=DUE_SOON_DAYS)
    params["soon"] = soon if _pg() else soon.isoformat()
    filled = "SUM(CASE WHEN st0 <> '' THEN 1 ELSE 0 END)"
    due_soon = (
        "SUM(CASE WHEN category = 'open_within_deadline' AND due IS NOT NULL "
        "AND due <= %(soon)s THEN 1 ELSE 0 END)"
    )
    done_q = (
        f"CASE WHEN category IN ('done_on_time', 'done_late') THEN {quarter_number('comp')} END"
    )
    if _pg():  # one scan of the tasks for both groupings
        sql += f"""
        SELECT unit_id, CASE WHEN GROUPING(lead_id) = 0 THEN 'a' ELSE 'g' END,
            CASE WHEN GROUPING(lead_id) = 0 THEN CAST(lead_id AS TEXT) ELSE gcode END,
            gtitle, category, COUNT(*), {filled}, SUM(at_risk), {due_soon}, nq, done_q
        FROM (SELECT ev.*, {done_q} AS done_q FROM ev) ev
        GROUP BY GROUPING SETS ((unit_id, lead_id, category),
            (unit_id, gcode, gtitle, nq, category, done_q))
        """
    else:
        sql += f"""
        SELECT unit_id, 'a', CAST(lead_id AS TEXT), NULL, category, COUNT(*), {filled}, 0, 0,
            NULL, NULL
        FROM ev GROUP BY unit_id, lead_id, category
        UNION ALL
        SELECT unit_id, 'g', gcode, gtitle, category, COUNT(*), {filled}, SUM(at_risk),
            {due_soon}, nq, done_q
        FROM (SELECT ev.*, {done_q} AS done_q FROM ev) ev
        GROUP BY unit_id, gcode, gtitle, nq, category, done_q
        """
    return _run(sql, params)


HEAD = 10  # rows of each list a dashboard shows

LISTS = {  # list name → (condition over ``ev``, order)
    "overdue": ("category = 'open_overdue'", "overdue"),
    "due_soon": (
        "category = 'open_within_deadline' AND due IS NOT NULL AND due <= %(soon)s",
        "due",
    ),
    "at_risk": ("at_risk = 1", "task"),
}


def own_list_heads(unit: Unit, as_of: dt.date, *, unit_ids: list[int] | None = None) -> list[tuple]:
    """The first HEAD tasks of each dashboard list (LISTS) for each plan-owning unit in scope:
    ``(list, unit_id, id, category, due, comp, at_risk, plan_id, ord)``. The first rows of a
    union of units are among the union of each unit's first rows, so a unit's list heads are
    merged from its sub-units' (rollups)."""
    sql, params = evaluated_sql(unit, as_of, unit_ids=unit_ids)
    soon = as_of + dt.timedelta(days=DUE_SOON_DAYS)
    params["soon"] = soon if _pg() else soon.isoformat()
    parts = [
        f"""SELECT '{name}' AS list, unit_id, id, category, due, comp, at_risk, plan_id, ord,
            ROW_NUMBER() OVER (PARTITION BY unit_id ORDER BY {ORDERS[order]}) AS rn
        FROM ev WHERE {where}"""
        for name, (where, order) in LISTS.items()
    ]
    sql += "SELECT list, unit_id, id, category, due, comp, at_risk, plan_id, ord FROM ("
    sql += " UNION ALL ".join(parts) + f") x WHERE rn <= {HEAD}"
    return _run(sql, params)


ORDERS = {
    "task": "plan_id, ord, id",
    "overdue": "due IS NULL, due, plan_id, ord, id",
    "due": "due, plan_id, ord, id",
}


def task_page(
    unit: Unit,
    as_of: dt.date,
    *,
    where: str = "",
    params: dict | None = None,
    order: str = "task",
    limit: int | None = None,
    offset: int = 0,
) -> list[tuple]:
    """(id, category, due, comp, at_risk) of the unit's tasks matching ``where`` (SQL over the
    columns of ``ev``), in ``order``, LIMITed."""
    sql, all_params = evaluated_sql(unit, as_of)
    all_params.update(params or {})
    due = (
        "CASE WHEN category IN ('not_feasible', 'paused', 'continuous', 'waiting_condition') "
        "THEN NULL ELSE due END"
    )
    sql += f"SELECT id, category, {due}, comp, at_risk FROM ev {'WHERE ' + where if where else ''}"
    sql += f" ORDER BY {ORDERS[order]}"
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    rows = _run(sql, all_params)
    if not _pg():
        rows = [
            (
                i,
                c,
                dt.date.fromisoformat(d) if d else None,
                dt.date.fromisoformat(m) if m else None,
                r,
            )
            for i, c, d, m, r in rows
        ]
    return rows


def task_count(unit: Unit, as_of: dt.date, *, where: str = "", params: dict | None = None) -> int:
    sql, all_params = evaluated_sql(unit, as_of)
    all_params.update(params or {})
    sql += f"SELECT COUNT(*) FROM ev {'WHERE ' + where if where else ''}"
    return _run(sql, all_params)[0][0]


# -- reports ------------------------------------------------------------------------------------


def own_report_counts(
    unit: Unit, as_of: dt.date, *, unit_ids: list[int] | None = None
) -> list[tuple]:
    """Report timeliness (rules.report_timeliness) for every period due by ``as_of`` and every
    agency obliged to report (lead of a task or indicator of the period's plan), in SQL, for
    the plans of each unit in scope: ``(plan's unit_id, 'a', agency_id, verdict, n)`` by agency
    and ``(plan's unit_id, 'q', period end, verdict, n)`` by the period's last day (the
    caller keys it by quarter)."""
    tz = timezone.get_current_timezone_name()
    submitted, sub_params = connection.ops.datetime_cast_date_sql("r.submitted_at", (), tz)
    for i in range(len(sub_params)):
        submitted = submitted.replace("%s", f"%(tz{i})s", 1)
    t, i, p, u = (
        Task._meta.db_table,
        Indicator._meta.db_table,
        Plan._meta.db_table,
        Unit._meta.db_table,
    )
    per, rep = ReportingPeriod._meta.db_table, Report._meta.db_table
    sql = f"""
    WITH scope AS (
        SELECT pl.id, pl.unit_id FROM {p} pl JOIN {u} pu ON pu.id = pl.unit_id
        WHERE {_scope_sql(unit, unit_ids)} AND pl.status = %(active)s
    ),
    ob AS (
        SELECT DISTINCT x.plan_id, x.lead_id FROM {t} x JOIN scope ON scope.id = x.plan_id
            WHERE x.lead_id IS NOT NULL
        UNION
        SELECT DISTINCT y.plan_id, y.lead_id FROM {i} y JOIN scope ON scope.id = y.plan_id
            WHERE y.lead_id IS NOT NULL
    ),
    verdicts AS (
        SELECT ob.lead_id AS agency_id, ob.plan_id AS plan_id, per."end" AS q,
            CASE
                WHEN r.id IS NOT NULL AND r.status <> 'draft' AND r.submitted_at IS NOT NULL
                     AND {submitted} <= %(today)s
                THEN CASE WHEN {submitted} <= per.due THEN 'on_time' ELSE 'late' END
                WHEN %(today)s > per.due THEN 'missing'
                ELSE 'not_yet_due'
            END AS verdict
        FROM ob
        JOIN {per} per ON per.plan_id = ob.plan_id AND per.due <= %(today)s
        LEFT JOIN {rep} r ON r.period_id = per.id AND r.agency_id = ob.lead_id
    )
    """
    if _pg():  # one pass over the verdicts for both groupings
        sql += """
    SELECT scope.unit_id, CASE WHEN GROUPING(v.agency_id) = 0 THEN 'a' ELSE 'q' END,
        CASE WHEN GROUPING(v.agency_id) = 0 THEN CAST(v.agency_id AS TEXT)
            ELSE CAST(v.q AS TEXT) END,
        v.verdict, COUNT(*)
    FROM verdicts v JOIN scope ON scope.id = v.plan_id
    GROUP BY GROUPING SETS ((scope.unit_id, v.agency_id, v.verdict),
        (scope.unit_id, v.q, v.verdict))
    """
    else:
        sql += """
    SELECT scope.unit_id, 'a', CAST(v.agency_id AS TEXT), v.verdict, COUNT(*)
    FROM verdicts v JOIN scope ON scope.id = v.plan_id
    GROUP BY scope.unit_id, v.agency_id, v.verdict
    UNION ALL
    SELECT scope.unit_id, 'q', v.q, v.verdict, COUNT(*)
    FROM verdicts v JOIN scope ON scope.id = v.plan_id
    GROUP BY scope.unit_id, v.q, v.verdict
    """
    params = {
        "like": _like(unit.path),
        "active": PlanStatus.ACTIVE,
        "today": as_of,
        **{f"tz{i}": value for i, value in enumerate(sub_params)},
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def completeness_figures(totals: Counter) -> dict[str, int | None]:
    expected = sum(totals[k] for k in ("on_time", "late", "missing"))
    received = totals["on_time"] + totals["late"]
    return {
        "expected": expected,
        "received": received,
        "on_time": totals["on_time"],
        "late": totals["late"],
        "missing": totals["missing"],
        "rate": round(100 * received / expected) if expected else None,
        "on_time_rate": round(100 * totals["on_time"] / expected) if expected else None,
    }


# -- indicators -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Target:
    pk: int
    period: str
    op: str
    value: object
    value_max: object


@dataclass(slots=True)
class IndicatorFigure:
    """What a roll-up needs of one indicator: its lead, its unit and whether it is achieved."""

    pk: int
    lead_id: int | None
    unit_id: int
    achieved: bool | None
    has_value: bool


def indicator_figures(
    unit: Unit, as_of: dt.date, *, unit_ids: list[int] | None = None
) -> list[IndicatorFigure]:
    """Indicators of the unit's active plans (or of exactly the plans of ``unit_ids``) judged
    against the target of the year from the latest accepted value kept on the indicator
    (``Indicator.reported_value``/``_text``): two lean queries, no scan of the reports'
    values."""
    scope = {"plan__unit__path__startswith": unit.path, "plan__status": PlanStatus.ACTIVE}
    if unit_ids is not None:
        scope = {"plan__unit_id__in": unit_ids, "plan__status": PlanStatus.ACTIVE}
    targets: dict[int, list[_Target]] = defaultdict(list)
    for indicator_id, *fields in (
        Target.objects.filter(**{f"indicator__{k}": v for k, v in scope.items()})
        .order_by("indicator", "period", "id")
        .values_list("indicator_id", "pk", "period", "op", "value", "value_max")
    ):
        targets[indicator_id].append(_Target(*fields))
    figures = []
    # Many indicators share the same targets and values: judge each combination once.
    chosen: dict[tuple, _Target | None] = {}
    judged: dict[tuple, bool | None] = {}
    for pk, lead_id, unit_id, value, text in (
        Indicator.objects.filter(**scope)
        .order_by()
        .values_list(
            "pk",
            "lead_id",
            "plan__unit_id",
            "reported_value",
            "reported_text",
        )
    ):
        has_value = value is not None or bool(text)
        mine = targets.get(pk, [])
        # pick_target depends on the periods, their order and the order of the pks
        ranks = sorted(range(len(mine)), key=lambda i: mine[i].pk)
        key = tuple(
            (t.period, t.op, t.value, t.value_max, ranks.index(i)) for i, t in enumerate(mine)
        )
        if key not in chosen:
            chosen[key] = pick_target(mine, as_of.year)
        target = chosen[key]
        if target is None:
            achieved = None
        else:
            actual = (value if value is not None else text) if has_value else None
            verdict = (target.op, target.value, target.value_max, actual)
            if verdict not in judged:
                judged[verdict] = indicator_achievement(
                    op=target.op,
                    target_value=target.value,
                    target_max=target.value_max,
                    actual=actual,
                ).achieved
            achieved = judged[verdict]
        figures.append(IndicatorFigure(pk, lead_id, unit_id, achieved, has_value))
    return figures
