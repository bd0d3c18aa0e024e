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

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from theodoi.evaluation.rules import CATEGORY_COUNT_KEY, COUNT_KEYS, cycle_bounds
from theodoi.plans.choices import PlanStatus
from theodoi.plans.models import Indicator, Plan, Task, TaskGroup
from theodoi.reporting.models import Report, ReportingPeriod
from theodoi.units.models import Agency, Unit


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


def evaluated_sql(unit: Unit, as_of: dt.date) -> tuple[str, list]:
    """``WITH … `` defining ``ev``: one row per task of the unit's active plans with
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
        g.code AS gcode, g.title AS gtitle,
        COALESCE(t.start_date, t.due_date) AS first_day
    FROM {t} t JOIN {p} pl ON pl.id = t.plan_id JOIN {u} pu ON pu.id = pl.unit_id
        LEFT JOIN {g} g ON g.id = t.group_id
    WHERE pu.path LIKE %(like)s ESCAPE '\\' AND pl.status = %(active)s
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
    with connection.cursor() as cursor:
        if _pg():
            # JIT compiling these CASE expressions costs more than it saves (≈1 s on the nation)
            cursor.execute("SET jit = off")
        cursor.execute(sql, params)
        return cursor.fetchall()


def _empty() -> dict[str, int]:
    return dict.fromkeys(COUNT_KEYS, 0)


def _add(counts: dict[str, int], category: str, n: int) -> None:
    counts[CATEGORY_COUNT_KEY[category]] += n
    counts["total"] += n


def task_counts(unit: Unit, as_of: dt.date, *, agencies_near: bool = False) -> dict[str, object]:
    """Government Office counts of the unit's tasks in one statement: in total, by direct
    sub-unit (code → counts), by lead agency (pk → counts; with ``agencies_near`` only the tasks
    of the unit's and its direct sub-units' plans), by task group label, and the number of
    at-risk tasks and of tasks with a reported status (overall, by sub-unit, by agency)."""
    sql, params = evaluated_sql(unit, as_of)
    near = "AND (unit_id = %(unit)s OR unit_parent = %(unit)s)" if agencies_near else ""
    filled = "SUM(CASE WHEN st0 <> '' THEN 1 ELSE 0 END)"
    if _pg():  # one scan of the tasks for the three groupings
        sql += f"""
        SELECT CASE WHEN GROUPING(child) = 0 THEN 'c' WHEN GROUPING(ag) = 0 THEN 'a' ELSE 'g' END,
            COALESCE(child, ag, gcode), gtitle, category, COUNT(*), {filled}, SUM(at_risk)
        FROM (SELECT ev.*, CASE WHEN lead_id IS NOT NULL {near} THEN CAST(lead_id AS TEXT)
            END AS ag FROM ev) x
        GROUP BY GROUPING SETS ((child, category), (ag, category), (gcode, gtitle, category))
        """
    else:
        sql += f"""
        SELECT 'c', child, NULL, category, COUNT(*), {filled}, SUM(at_risk)
        FROM ev GROUP BY child, category
        UNION ALL
        SELECT 'a', CAST(lead_id AS TEXT), NULL, category, COUNT(*), {filled}, 0
        FROM ev WHERE lead_id IS NOT NULL {near} GROUP BY lead_id, category
        UNION ALL
        SELECT 'g', gcode, gtitle, category, COUNT(*), 0, 0 FROM ev GROUP BY gcode, gtitle, category
        """
    params["unit"] = unit.pk
    total = _empty()
    by_child: dict[str, dict[str, int]] = defaultdict(_empty)
    by_agency: dict[int, dict[str, int]] = defaultdict(_empty)
    by_group: dict[str, Counter] = defaultdict(Counter)
    filled_child: Counter = Counter()
    filled_agency: Counter = Counter()
    filled = at_risk = 0
    for kind, k1, k2, category, count, filled_n, risk in _run(sql, params):
        if kind == "c":
            _add(total, category, count)
            _add(by_child[k1], category, count)
            filled += filled_n
            filled_child[k1] += filled_n
            at_risk += risk
        elif kind == "a":
            if k1 is None:
                continue  # tasks without a lead, or outside agencies_near
            _add(by_agency[int(k1)], category, count)
            filled_agency[int(k1)] += filled_n
        else:
            if k2 is None:
                label = "Khác"
            elif k1:
                label = f"{k1}. {k2}"
            else:
                label = k2
            by_group[label][category] += count
    return {
        "total": total,
        "by_child": dict(by_child),
        "by_agency": dict(by_agency),
        "by_group": dict(by_group),
        "filled": filled,
        "filled_child": filled_child,
        "filled_agency": filled_agency,
        "at_risk": at_risk,
    }


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


def report_counts(
    unit: Unit, as_of: dt.date, *, agency_plans: Q | None = None
) -> dict[str, object]:
    """Report timeliness (rules.report_timeliness) for every period due by ``as_of`` and every
    agency obliged to report (lead of a task or indicator of the period's plan), in SQL:
    totals, by direct sub-unit of the agency, and by agency (for plans matching
    ``agency_plans``, or all)."""
    tz = timezone.get_current_timezone_name()
    submitted, sub_params = connection.ops.datetime_cast_date_sql("r.submitted_at", (), tz)
    t, i, p, u, a = (
        Task._meta.db_table,
        Indicator._meta.db_table,
        Plan._meta.db_table,
        Unit._meta.db_table,
        Agency._meta.db_table,
    )
    per, rep = ReportingPeriod._meta.db_table, Report._meta.db_table
    like = unit.path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    plan_filter = f"""SELECT pl.id FROM {p} pl JOIN {u} pu ON pu.id = pl.unit_id
        WHERE pu.path LIKE %s ESCAPE '\\' AND pl.status = %s"""
    sql = f"""
    WITH scope AS ({plan_filter}),
    ob AS (
        SELECT DISTINCT x.plan_id, x.lead_id FROM {t} x JOIN scope ON scope.id = x.plan_id
            WHERE x.lead_id IS NOT NULL
        UNION
        SELECT DISTINCT y.plan_id, y.lead_id FROM {i} y JOIN scope ON scope.id = y.plan_id
            WHERE y.lead_id IS NOT NULL
    ),
    verdicts AS (
        SELECT ob.lead_id AS agency_id, ob.plan_id AS plan_id,
            CASE
                WHEN r.id IS NOT NULL AND r.status <> 'draft' AND r.submitted_at IS NOT NULL
                     AND {submitted} <= %s
                THEN CASE WHEN {submitted} <= per.due THEN 'on_time' ELSE 'late' END
                WHEN %s > per.due THEN 'missing'
                ELSE 'not_yet_due'
            END AS verdict
        FROM ob
        JOIN {per} per ON per.plan_id = ob.plan_id AND per.due <= %s
        LEFT JOIN {rep} r ON r.period_id = per.id AND r.agency_id = ob.lead_id
    )
    SELECT v.agency_id, v.plan_id, au.path, v.verdict, COUNT(*)
    FROM verdicts v JOIN {a} ag ON ag.id = v.agency_id JOIN {u} au ON au.id = ag.unit_id
    GROUP BY v.agency_id, v.plan_id, au.path, v.verdict
    """
    params = [
        like,
        PlanStatus.ACTIVE,
        *sub_params,
        as_of,
        *sub_params,
        as_of,
        as_of,
    ]
    totals: Counter = Counter()
    by_child: dict[str, Counter] = defaultdict(Counter)
    by_agency: dict[int, Counter] = defaultdict(Counter)
    allowed = None
    if agency_plans is not None:
        allowed = set(
            Plan.objects.filter(agency_plans, unit__path__startswith=unit.path).values_list(
                "pk", flat=True
            )
        )
    depth = len(unit.path)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for agency_id, plan_id, path, verdict, n in cursor.fetchall():
            totals[verdict] += n
            if path.startswith(unit.path):
                rest = path[depth:]
                by_child[rest.split("/", 1)[0] if rest else ""][verdict] += n
            if allowed is None or plan_id in allowed:
                by_agency[agency_id][verdict] += n
    return {"totals": totals, "by_child": dict(by_child), "by_agency": dict(by_agency)}


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
