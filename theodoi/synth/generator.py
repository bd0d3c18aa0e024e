"""A synthetic nation for scale tests and benchmarks: on the real units (the 34 provinces and
3,321 communes loaded by `units.services.nation_load`, with their standard agencies), the
national programme and each unit's plan linked upward, users and eight quarters of reports in
every state.

Everything is generated from pure functions of ``(seed, unit code, index)`` so that two runs with
the same seed and the same ``today`` produce the same data, and so that a stage can recompute what
an earlier stage decided (a task's reported status is known when the task is inserted, before the
reports that carry it exist). Rows are inserted with ``bulk_create``; the audit log is switched off.

The units and agencies are real; what is synthetic is labelled: every plan title ends with
"(dữ liệu mô phỏng)" and every synthetic user's full name with "(mô phỏng)". ``--force`` deletes
those plans (with their reports) and users, never a unit or an agency.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from tqdm import tqdm

from theodoi.accounts.choices import Role
from theodoi.accounts.models import RoleAssignment, User
from theodoi.dashboards.models import UnitRollup
from theodoi.dashboards.rollups import rollup_mark_changed
from theodoi.evaluation.periods import PeriodSpec, generate_periods
from theodoi.plans.choices import DeadlineKind, PlanKind, PlanLevel, PlanStatus, Recurrence
from theodoi.plans.models import Indicator, Plan, Target, Task, TaskGroup
from theodoi.reporting.choices import PeriodKind, ReportAction, ReportStatus, TaskStatus
from theodoi.reporting.models import (
    IndicatorValue,
    Report,
    ReportEvent,
    ReportingPeriod,
    TaskUpdate,
)
from theodoi.synth import names
from theodoi.textnorm import search_key
from theodoi.units.choices import UnitLevel
from theodoi.units.models import Agency, Unit
from theodoi.units.services import nation_load
from theodoi.units.sources import Release, release_read, release_subset

NATION_CODE = "VN"
PLAN_MARK = "(dữ liệu mô phỏng)"
USER_MARK = "(mô phỏng)"
SYNTH_PASSWORD = "theodoi-synth-2025"
BATCH = 2000
DONE = (TaskStatus.DONE, TaskStatus.DONE_LATE)


class SynthError(RuntimeError):
    """A stage failed; the message says which one and what to do."""


@dataclass(frozen=True)
class SynthConfig:
    provinces: int = 34
    communes_per_province: int | None = None  # None: 3,321 communes spread over the provinces
    national_tasks: int = 180
    tasks: int = 60
    indicators: int = 35
    quarters: int = 8
    seed: int = 57
    today: dt.date = field(default_factory=timezone.localdate)
    events: bool = True

    @classmethod
    def for_scale(cls, scale: str, **overrides) -> SynthConfig:
        presets = {
            "tiny": dict(
                provinces=2, communes_per_province=3, national_tasks=14, tasks=10, indicators=5
            ),
            "small": dict(provinces=4, communes_per_province=12),
            "medium": dict(provinces=8, communes_per_province=40),
            "full": {},
        }
        if scale not in presets:
            raise SynthError(f"Quy mô không hợp lệ: {scale} (tiny, small, medium, full).")
        values = {**presets[scale], **{k: v for k, v in overrides.items() if v is not None}}
        return cls(**values)


@dataclass
class SynthStats:
    seconds: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, count: int) -> None:
        self.rows[name] = self.rows.get(name, 0) + count


def _rng(*parts) -> random.Random:
    return random.Random(":".join(str(p) for p in parts))


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@functools.lru_cache(maxsize=64)
def quarters(today: dt.date, count: int) -> list[PeriodSpec]:
    """The ``count`` quarters ending with the one containing ``today``."""
    specs: list[PeriodSpec] = []
    year = today.year
    while len(specs) < count + 4:
        specs = list(generate_periods(frequency="quarterly", year=year)) + specs
        year -= 1
    current = next(i for i, s in enumerate(specs) if s.start <= today <= s.end)
    return specs[current - count + 1 : current + 1]


def exists() -> bool:
    return Plan.objects.filter(title__endswith=PLAN_MARK).exists()


def _bulk(model, objs: list, stats: SynthStats, name: str) -> list:
    created = model.objects.bulk_create(objs, batch_size=BATCH)
    stats.add(name, len(objs))
    return created


# -- deterministic specifications ------------------------------------------------------------


@dataclass(frozen=True)
class TaskSpec:
    group: int
    title_index: int
    lead: int  # index in the unit's lead agencies
    kind: str
    due: dt.date | None
    start: dt.date | None
    end: dt.date | None
    recurrence: str
    raw: str
    complete_at: int | None  # period index of completion
    stop: tuple[int, str] | None  # (period index, not_feasible/paused)
    pace: int


def task_spec(cfg: SynthConfig, unit_code: str, index: int, leads: int) -> TaskSpec:
    rng = _rng(cfg.seed, "t", unit_code, index)
    group = min(6, index * 7 // max(1, _task_count(cfg, unit_code)))
    title_index = rng.randrange(len(names.TASKS[group]))
    periods = quarters(cfg.today, cfg.quarters)
    first, last = periods[0].start, periods[-1].end
    roll = rng.random()
    due = start = end = None
    recurrence = ""
    if roll < 0.55:
        kind = DeadlineKind.DATE
        due = first + dt.timedelta(days=rng.randrange(90, (last - first).days + 400))
        raw = f"Trước ngày {due:%d/%m/%Y}"
    elif roll < 0.75:
        kind, raw = DeadlineKind.CONTINUOUS, "Thường xuyên"
    elif roll < 0.85:
        kind = DeadlineKind.RECURRING
        recurrence = rng.choice([Recurrence.ANNUAL, Recurrence.ANNUAL, Recurrence.QUARTERLY])
        start, end = dt.date(first.year, 1, 1), dt.date(2030, 12, 31)
        raw = "Hằng năm" if recurrence == Recurrence.ANNUAL else "Hằng quý"
    elif roll < 0.93:
        kind = DeadlineKind.RANGE
        y1 = first.year + rng.randrange(0, 2)
        y2 = y1 + rng.randrange(0, 3)
        start, end = dt.date(y1, 1, 1), dt.date(y2, 12, 31)
        raw = f"{y1}-{y2}" if y2 > y1 else f"Năm {y1}"
    elif roll < 0.97:
        kind, raw = DeadlineKind.CONDITIONAL, "Sau khi có hướng dẫn của cấp trên"
        if rng.random() < 0.5:
            due = first + dt.timedelta(days=rng.randrange(180, 700))
    else:
        kind, raw = DeadlineKind.UNKNOWN, ""
    effective = end if kind == DeadlineKind.RANGE else due
    complete_at = None
    if kind in (DeadlineKind.DATE, DeadlineKind.RANGE, DeadlineKind.CONDITIONAL):
        if kind == DeadlineKind.CONDITIONAL and rng.random() < 0.6:
            complete_at = None
        elif rng.random() < 0.6:
            target = len(periods) - 1
            if effective is not None:
                target = next(
                    (i for i, p in enumerate(periods) if p.end >= effective), len(periods)
                )
            complete_at = target + rng.choice([-2, -1, 0, 0, 0, 1, 2])
            if complete_at < 0 or complete_at >= len(periods):
                complete_at = None
    stop = None
    if kind not in (DeadlineKind.CONTINUOUS,) and rng.random() < 0.03:
        stop = (
            rng.randrange(len(periods)),
            rng.choice([TaskStatus.NOT_FEASIBLE, TaskStatus.PAUSED]),
        )
    return TaskSpec(
        group=group,
        title_index=title_index,
        lead=rng.randrange(leads),
        kind=kind,
        due=due,
        start=start,
        end=end,
        recurrence=recurrence,
        raw=raw,
        complete_at=complete_at,
        stop=stop,
        pace=rng.randrange(6, 16),
    )


def _task_count(cfg: SynthConfig, unit_code: str) -> int:
    return cfg.national_tasks if unit_code == NATION_CODE else cfg.tasks


def task_state(spec: TaskSpec, k: int, period: PeriodSpec) -> tuple[str, int]:
    """Status and progress reported for period ``k`` (monotonic: once done, done)."""
    if spec.stop and k >= spec.stop[0] and (spec.complete_at is None or spec.complete_at > k):
        return spec.stop[1], min(90, spec.pace * spec.stop[0])
    if spec.complete_at is not None and k >= spec.complete_at:
        due = spec.end if spec.kind == DeadlineKind.RANGE else spec.due
        late = due is not None and period.end > due
        return (TaskStatus.DONE_LATE if late else TaskStatus.DONE), 100
    if spec.kind == DeadlineKind.CONTINUOUS:
        return TaskStatus.IN_PROGRESS, min(90, 40 + spec.pace * 2)
    progress = min(95, spec.pace * k)
    if progress == 0:
        return TaskStatus.NOT_STARTED, 0
    due = spec.end if spec.kind == DeadlineKind.RANGE else spec.due
    if due is not None and period.end > due and spec.pace % 3 == 0:
        return TaskStatus.OVERDUE, progress
    return TaskStatus.IN_PROGRESS, progress


@dataclass(frozen=True)
class ReportFate:
    status: str
    submitted: dt.date | None
    reviewed: dt.date | None


@functools.cache
def report_fate(cfg: SynthConfig, unit_code: str, agency: int, k: int) -> ReportFate | None:
    """What happened to one agency's report for period ``k``: None when there is none."""
    periods = quarters(cfg.today, cfg.quarters)
    period = periods[k]
    rng = _rng(cfg.seed, "r", unit_code, agency, k)
    if period.due > cfg.today:  # not yet due: some agencies have started a draft
        return ReportFate(ReportStatus.DRAFT, None, None) if rng.random() < 0.4 else None
    if rng.random() < 0.07:
        return None  # missing
    last_due = max(i for i, p in enumerate(periods) if p.due <= cfg.today)
    roll = rng.random()
    if k == last_due:
        status = (
            ReportStatus.SUBMITTED
            if roll < 0.3
            else ReportStatus.RETURNED
            if roll < 0.4
            else ReportStatus.DRAFT
            if roll < 0.55
            else ReportStatus.ACCEPTED
        )
    else:
        status = (
            ReportStatus.ACCEPTED
            if roll < 0.9
            else ReportStatus.RETURNED
            if roll < 0.94
            else ReportStatus.SUBMITTED
            if roll < 0.97
            else ReportStatus.DRAFT
        )
    if status == ReportStatus.DRAFT:
        return ReportFate(status, None, None)
    if rng.random() < 0.15:
        submitted = period.due + dt.timedelta(days=rng.randint(1, 20))
    else:
        submitted = period.due - dt.timedelta(days=rng.randint(0, 12))
    submitted = min(submitted, cfg.today)
    reviewed = None
    if status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED):
        reviewed = min(submitted + dt.timedelta(days=rng.randint(1, 7)), cfg.today)
    return ReportFate(status, submitted, reviewed)


def indicator_value(
    cfg: SynthConfig, unit_code: str, order: int, k: int
) -> tuple[Decimal | None, str]:
    """The value an indicator's report gives for period ``k`` (value, text)."""
    _n, measure, op, target = names.INDICATORS[(order - 1) % len(names.INDICATORS)]
    rng = _rng(cfg.seed, "v", unit_code, order, k)
    if op == "text":
        return None, ("Đạt" if rng.random() < 0.7 else "Chưa đạt")
    if rng.random() < 0.08:
        return None, ""
    base = Decimal(target or 1)
    if op == ">=":
        share = Decimal(rng.randint(55, 100) + 4 * k) / 100
        value = (base * share).quantize(Decimal(1))
    else:
        value = base + rng.randint(0, 2)
    # a share in per cent never exceeds the whole (plans.validators.is_percentage)
    return (min(value, Decimal(100)) if measure == "%" else value), ""


def indicator_reported(
    cfg: SynthConfig, unit_code: str, order: int, lead: int, periods: list[PeriodSpec]
) -> dict:
    """The latest accepted non-empty value, as report_accept keeps it on the indicator."""
    values: dict = {"reported_value": None, "reported_text": "", "reported_at": None}
    for k in range(len(periods)):
        fate = report_fate(cfg, unit_code, lead, k)
        if fate is None or fate.status != ReportStatus.ACCEPTED:
            continue
        value, text = indicator_value(cfg, unit_code, order, k)
        if value is None and not text:
            continue
        values.update(reported_value=value, reported_text=text, reported_at=_at(fate.submitted))
    return values


def reported_fields(
    cfg: SynthConfig, unit_code: str, spec: TaskSpec, periods: list[PeriodSpec]
) -> dict:
    """What accepting the reports copies onto the task (reporting.services.report_accept)."""
    values: dict = {
        "reported_status": "",
        "reported_progress": 0,
        "completed_on": None,
        "reported_at": None,
    }
    for k, period in enumerate(periods):
        fate = report_fate(cfg, unit_code, spec.lead, k)
        if fate is None or fate.status != ReportStatus.ACCEPTED:
            continue
        status, progress = task_state(spec, k, period)
        values["reported_status"], values["reported_progress"] = status, progress
        values["reported_at"] = _at(fate.submitted)
        if status in DONE:
            if values["completed_on"] is None:
                values["completed_on"] = min(fate.submitted, period.end)
        else:
            values["completed_on"] = None
    return values


# -- the stages ---------------------------------------------------------------------------------


@dataclass
class Nation:
    nation: Unit
    provinces: list[Unit]
    communes: dict[int, list[Unit]]  # province pk → communes
    agencies: dict[int, list[Agency]]  # unit pk → lead agencies in order


def _release(cfg: SynthConfig) -> Release:
    """The real provinces (by official code) and communes the configuration asks for."""
    release = release_read()
    if cfg.provinces >= len(release.provinces) and cfg.communes_per_province is None:
        return release
    chosen = sorted(release.provinces, key=lambda p: p.official_code)[: cfg.provinces]
    return release_subset(release, {p.code for p in chosen}, cfg.communes_per_province)


def stage_units(cfg: SynthConfig, stats: SynthStats, bar) -> Nation:
    """The real units: loaded (or found already loaded) with their standard agencies."""
    release = _release(cfg)
    result = nation_load(release=release)
    stats.add("units", result.units_created)
    stats.add("agencies", result.agencies_created)
    current = Unit.objects.filter(is_historical=False)
    nation = Unit.objects.get(code=NATION_CODE)
    by_code = {u.official_code: u for u in current.filter(level=UnitLevel.PROVINCE)}
    provinces, communes = [], {}
    for record in release.provinces:
        province = by_code[record.official_code]
        provinces.append(province)
        codes = [c.official_code for c in record.communes]
        found = {u.official_code: u for u in current.filter(official_code__in=codes)}
        communes[province.pk] = [found[code] for code in codes]
        bar.update(1)
    return Nation(nation, provinces, communes, {})


def _leads(unit: Unit, agencies: dict[tuple[int, str], Agency]) -> list[Agency]:
    keys = {
        UnitLevel.NATIONAL: names.NATIONAL_AGENCY_KEYS,
        UnitLevel.PROVINCE: names.PROVINCE_AGENCY_KEYS,
        UnitLevel.COMMUNE: names.COMMUNE_AGENCY_KEYS,
    }[unit.level]
    leads = []
    for key in keys:
        agency = agencies.get((unit.pk, key)) or agencies.get((unit.pk, names.WARD_KEYS.get(key)))
        if agency is not None:
            agency.unit = unit
            leads.append(agency)
    return leads


def stage_agencies(cfg: SynthConfig, nation: Nation, stats: SynthStats, bar) -> None:
    """Each unit's leads among its standard agencies, in the order of names.*_AGENCY_KEYS."""
    for batch in [[nation.nation], *([p, *nation.communes[p.pk]] for p in nation.provinces)]:
        agencies = {
            (a.unit_id, a.catalogue_key): a
            for a in Agency.objects.filter(unit__in=batch).exclude(catalogue_key="")
        }
        for unit in batch:
            nation.agencies[unit.pk] = _leads(unit, agencies)
            if not nation.agencies[unit.pk]:
                raise SynthError(f"{unit} không có cơ quan chuẩn nào (chạy theodoi load_registry).")
        if batch[0] is not nation.nation:
            bar.update(1)


def _city(unit: Unit) -> bool:
    return unit.name.startswith("Thành phố")


def office_username(unit: Unit) -> str:
    return f"office-{unit.code}"


def reporter_username(agency: Agency, index: int) -> str:
    return f"rep-{agency.unit.code}-{index}"


def stage_users(cfg: SynthConfig, nation: Nation, stats: SynthStats, bar) -> None:
    """An office user per unit; a reporter for every national and provincial agency and for the
    first two agencies of each commune. All share one password (synthetic data only)."""
    password = make_password(SYNTH_PASSWORD)
    units = [nation.nation, *nation.provinces]
    for province in nation.provinces:
        units.extend(nation.communes[province.pk])
    users, roles = [], []
    for unit in units:
        users.append(
            User(
                username=office_username(unit),
                full_name=f"Văn phòng {unit.name} {USER_MARK}",
                password=password,
            )
        )
        roles.append((len(users) - 1, Role.OFFICE, unit, None))
        agencies = nation.agencies[unit.pk]
        count = 2 if unit.level == UnitLevel.COMMUNE else len(agencies)
        for index, agency in enumerate(agencies[:count]):
            agency.unit = unit
            users.append(
                User(
                    username=reporter_username(agency, index),
                    full_name=f"Cán bộ {agency.name} — {unit.name} {USER_MARK}",
                    password=password,
                )
            )
            roles.append((len(users) - 1, Role.REPORTER, unit, agency))
        if len(users) >= BATCH * 5:
            _flush_users(users, roles, stats)
            users, roles = [], []
        bar.update(1)
    _flush_users(users, roles, stats)


def _flush_users(users, roles, stats) -> None:
    created = _bulk(User, users, stats, "users")
    _bulk(
        RoleAssignment,
        [RoleAssignment(user=created[i], role=r, unit=u, agency=a) for i, r, u, a in roles],
        stats,
        "roles",
    )


def _plan(unit: Unit, level: str, parent: Plan | None, cfg: SynthConfig, number: str) -> Plan:
    if level == PlanLevel.NATIONAL:
        title = (
            "Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW về đột phá "
            "phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia "
            f"{PLAN_MARK}"
        )
        issuer, kind, issued = "Chính phủ", PlanKind.PROGRAMME, dt.date(2025, 4, 1)
    else:
        place = unit.name.replace(" (mô phỏng)", "")
        title = (
            f"Kế hoạch thực hiện Nghị quyết số 57-NQ/TW và Chương trình hành động của cấp trên "
            f"trên địa bàn {place} {PLAN_MARK}"
        )
        issuer = f"Ủy ban nhân dân {place}"
        kind = PlanKind.PLAN
        issued = dt.date(2025, 5, 15) if level == PlanLevel.PROVINCE else dt.date(2025, 6, 20)
    first = quarters(cfg.today, cfg.quarters)[0]
    plan = Plan(
        unit=unit,
        kind=kind,
        number=number,
        issuer=issuer,
        issued_on=min(issued, first.start + dt.timedelta(days=30)),
        title=title,
        level=level,
        parent=parent,
        period_start=2025,
        period_end=2030,
        status=PlanStatus.ACTIVE,
        is_public=level != PlanLevel.COMMUNE,
    )
    plan.search_key = search_key(plan.search_text())
    return plan


def _place(unit: Unit) -> str:
    name = unit.name.replace(" (mô phỏng)", "")
    if unit.level == UnitLevel.NATIONAL:
        return "trên phạm vi toàn quốc"
    return f"trên địa bàn {name[0].lower()}{name[1:]}"


def _plan_content(
    cfg: SynthConfig,
    plans: list[Plan],
    parents: dict[int, list[Task]],
    nation: Nation,
    stats: SynthStats,
) -> dict[int, list[Task]]:
    """Groups, tasks, indicators and targets of ``plans`` (already saved); returns each plan's
    tasks in order, for the level below to link to."""
    periods = quarters(cfg.today, cfg.quarters)
    groups = []
    for plan in plans:
        for i, title in enumerate(names.GROUPS):
            groups.append(
                TaskGroup(plan=plan, code=names.ROMAN[i], title=title, order=i, nq57_code=i + 1)
            )
    groups = _bulk(TaskGroup, groups, stats, "groups")
    by_plan_group = {(g.plan_id, g.order): g for g in groups}
    tasks, indicators = [], []
    for plan in plans:
        unit = plan.unit
        leads = nation.agencies[unit.pk]
        count = _task_count(cfg, unit.code)
        upper = parents.get(plan.pk, [])
        place = _place(unit)
        for i in range(count):
            spec = task_spec(cfg, unit.code, i, len(leads))
            lead = leads[spec.lead]
            parent = None
            if upper:
                same_group = [t for t in upper if t.group_id and t._group_order == spec.group]
                pool = same_group or upper
                parent = pool[(i * 7 + len(unit.code)) % len(pool)]
            task = Task(
                plan=plan,
                group=by_plan_group[(plan.pk, spec.group)],
                code=str(i + 1),
                title=names.TASKS[spec.group][spec.title_index].format(noi=place),
                lead=lead,
                lead_raw=lead.name,
                output=names.OUTPUTS[(i + spec.title_index) % len(names.OUTPUTS)],
                deadline_raw=spec.raw,
                deadline_kind=spec.kind,
                due_date=spec.due,
                start_date=spec.start,
                end_date=spec.end,
                recurrence=spec.recurrence,
                condition="Có hướng dẫn của cấp trên"
                if spec.kind == DeadlineKind.CONDITIONAL
                else "",
                parent=parent,
                parent_ref=f"{parent.plan.number}:{parent.code}" if parent else "",
                source_ref="dữ liệu mô phỏng",
                order=i + 1,
                **reported_fields(cfg, unit.code, spec, periods),
            )
            task._group_order = spec.group
            task.search_key = search_key(task.search_text())
            tasks.append(task)
        rng = _rng(cfg.seed, "i", unit.code)
        for j in range(cfg.indicators):
            name, measure, _op, _value = names.INDICATORS[j % len(names.INDICATORS)]
            suffix = (
                f" (nhóm {j // len(names.INDICATORS) + 1})" if j >= len(names.INDICATORS) else ""
            )
            lead_index = rng.randrange(len(leads))
            lead = leads[lead_index]
            indicator = Indicator(
                plan=plan,
                group="Chỉ tiêu chuyển đổi số",
                code=str(j + 1),
                name=f"{name}{suffix}",
                unit_of_measure=measure,
                lead=lead,
                lead_raw=lead.name,
                order=j + 1,
                **indicator_reported(cfg, unit.code, j + 1, lead_index, periods),
            )
            indicator.search_key = search_key(indicator.search_text())
            indicators.append(indicator)
    created = _bulk(Task, tasks, stats, "tasks")
    for task, original in zip(created, tasks, strict=True):
        task._group_order = original._group_order
    indicators = _bulk(Indicator, indicators, stats, "indicators")
    targets = []
    for indicator in indicators:
        _name, _measure, op, value = names.INDICATORS[(indicator.order - 1) % len(names.INDICATORS)]
        if op == "text":
            raw = "Đạt"
            targets.append(Target(indicator=indicator, period="2030", op="text", raw=raw))
            continue
        sign = "≥" if op == ">=" else "≤"
        for year, share in ((2026, Decimal("0.8")), (2030, Decimal(1))):
            target = (Decimal(value) * share).quantize(Decimal(1)) if op == ">=" else Decimal(value)
            targets.append(
                Target(
                    indicator=indicator,
                    period=str(year),
                    op=op,
                    value=target,
                    raw=f"{sign} {target} {indicator.unit_of_measure}".strip(),
                )
            )
    _bulk(Target, targets, stats, "targets")
    out: dict[int, list[Task]] = {}
    for task in created:
        out.setdefault(task.plan_id, []).append(task)
    for plan in plans:
        for task in out.get(plan.pk, []):
            task.plan = plan
    return out


def stage_plans(cfg: SynthConfig, nation: Nation, stats: SynthStats, bar) -> list[Plan]:
    national = _bulk(
        Plan, [_plan(nation.nation, PlanLevel.NATIONAL, None, cfg, "71/NQ-CP")], stats, "plans"
    )[0]
    national.unit = nation.nation
    national_tasks = _plan_content(cfg, [national], {}, nation, stats)[national.pk]
    all_plans = [national]
    for index, province in enumerate(nation.provinces):
        pplan = _bulk(
            Plan,
            [_plan(province, PlanLevel.PROVINCE, national, cfg, f"{100 + index}/KH-UBND")],
            stats,
            "plans",
        )[0]
        pplan.unit = province
        ptasks = _plan_content(cfg, [pplan], {pplan.pk: national_tasks}, nation, stats)[pplan.pk]
        communes = nation.communes[province.pk]
        cplans = _bulk(
            Plan,
            [
                _plan(c, PlanLevel.COMMUNE, pplan, cfg, f"{(i % 90) + 10}/KH-UBND")
                for i, c in enumerate(communes)
            ],
            stats,
            "plans",
        )
        for plan, commune in zip(cplans, communes, strict=True):
            plan.unit = commune
        for start in range(0, len(cplans), 10):
            chunk = cplans[start : start + 10]
            _plan_content(cfg, chunk, {p.pk: ptasks for p in chunk}, nation, stats)
        all_plans.extend([pplan, *cplans])
        bar.update(1)
    return all_plans


def _reports_for(
    cfg: SynthConfig, plans: list[Plan], nation: Nation, stats: SynthStats, office: dict
) -> None:
    specs = quarters(cfg.today, cfg.quarters)
    periods = []
    for plan in plans:
        recipient = nation.agencies[plan.unit_id][0]
        for spec in specs:
            periods.append(
                ReportingPeriod(
                    plan=plan,
                    kind=PeriodKind.QUARTERLY,
                    label=spec.label,
                    start=spec.start,
                    end=spec.end,
                    due=spec.due,
                    recipient=recipient,
                    is_locked=spec.due < cfg.today - dt.timedelta(days=200),
                )
            )
    periods = _bulk(ReportingPeriod, periods, stats, "periods")
    by_plan = {}
    for period in periods:
        by_plan.setdefault(period.plan_id, []).append(period)
    plan_ids = [p.pk for p in plans]
    tasks_by: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for pk, plan_id, lead_id, order in Task.objects.filter(plan_id__in=plan_ids).values_list(
        "pk", "plan_id", "lead_id", "order"
    ):
        tasks_by.setdefault((plan_id, lead_id), []).append((pk, order))
    ind_by: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for pk, plan_id, lead_id, order in Indicator.objects.filter(plan_id__in=plan_ids).values_list(
        "pk", "plan_id", "lead_id", "order"
    ):
        ind_by.setdefault((plan_id, lead_id), []).append((pk, order))

    reports, contents = [], []
    for plan in plans:
        unit = plan.unit
        leads = nation.agencies[unit.pk]
        reporter = office.get(unit.pk)
        for k, period in enumerate(by_plan[plan.pk]):
            for a, agency in enumerate(leads):
                if (plan.pk, agency.pk) not in tasks_by and (plan.pk, agency.pk) not in ind_by:
                    continue
                fate = report_fate(cfg, unit.code, a, k)
                if fate is None:
                    continue
                version = 0 if fate.status == ReportStatus.DRAFT else 1
                reports.append(
                    Report(
                        period=period,
                        agency=agency,
                        status=fate.status,
                        summary=f"Báo cáo kết quả thực hiện {period.label} của {agency.name}.",
                        submitted_at=_at(fate.submitted) if fate.submitted else None,
                        reviewed_at=_at(fate.reviewed, 15) if fate.reviewed else None,
                        reviewed_by_id=reporter if fate.reviewed else None,
                        review_comment="Đề nghị bổ sung số liệu minh chứng."
                        if fate.status == ReportStatus.RETURNED
                        else "",
                        version=version,
                    )
                )
                contents.append((plan, unit, agency, a, k, fate))
    reports = _bulk(Report, reports, stats, "reports")
    updates, values, events = [], [], []
    for report, (plan, unit, agency, _a, k, fate) in zip(reports, contents, strict=True):
        spec_period = specs[k]
        leads = len(nation.agencies[unit.pk])
        for pk, order in tasks_by.get((plan.pk, agency.pk), []):
            spec = task_spec(cfg, unit.code, order - 1, leads)
            status, progress = task_state(spec, k, spec_period)
            updates.append(
                TaskUpdate(
                    report=report,
                    task_id=pk,
                    status=status,
                    progress=progress,
                    result="Đã triển khai theo kế hoạch." if progress else "",
                    obstacles="Thiếu kinh phí và nhân lực chuyên trách."
                    if 0 < progress < 50
                    else "",
                )
            )
        for pk, order in ind_by.get((plan.pk, agency.pk), []):
            value, text = indicator_value(cfg, unit.code, order, k)
            values.append(
                IndicatorValue(
                    report=report,
                    indicator_id=pk,
                    value=value,
                    text_value=text,
                    source="Số liệu của cơ quan",
                )
            )
        if cfg.events and fate.submitted:
            events.append(ReportEvent(report=report, action=ReportAction.SUBMIT, version=1))
            if fate.reviewed:
                action = (
                    ReportAction.ACCEPT
                    if fate.status == ReportStatus.ACCEPTED
                    else ReportAction.RETURN
                )
                events.append(
                    ReportEvent(
                        report=report,
                        action=action,
                        actor_id=report.reviewed_by_id,
                        version=1,
                        comment=report.review_comment,
                    )
                )
        if len(updates) > 20 * BATCH:
            _bulk(TaskUpdate, updates, stats, "task_updates")
            updates = []
    _bulk(TaskUpdate, updates, stats, "task_updates")
    _bulk(IndicatorValue, values, stats, "indicator_values")
    if events:
        _bulk(ReportEvent, events, stats, "report_events")


def stage_reports(cfg: SynthConfig, plans: list[Plan], nation: Nation, stats: SynthStats, bar):
    office = dict(
        RoleAssignment.objects.filter(
            role=Role.OFFICE, unit__path__startswith=nation.nation.path
        ).values_list("unit_id", "user_id")
    )
    by_province: dict[int, list[Plan]] = {}
    for plan in plans:
        key = plan.unit_id if plan.level != PlanLevel.COMMUNE else plan.unit.parent_id
        by_province.setdefault(key, []).append(plan)
    for key, group in by_province.items():
        for start in range(0, len(group), 25):
            _reports_for(cfg, group[start : start + 25], nation, stats, office)
        del key
        bar.update(1)


def _analyze() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def delete_synthetic(log: Callable[[str], None] = lambda s: None) -> None:
    """Remove the synthetic plans, their reports and the synthetic users with raw deletes (no
    per-row signals; fast). The real units and their agencies stay."""
    with transaction.atomic():
        plans = Plan.objects.filter(title__endswith=PLAN_MARK)
        users = User.objects.filter(full_name__endswith=USER_MARK).filter(
            Q(username__startswith="office-") | Q(username__startswith="rep-")
        )
        querysets = [
            ReportEvent.objects.filter(report__period__plan__in=plans),
            TaskUpdate.objects.filter(report__period__plan__in=plans),
            IndicatorValue.objects.filter(report__period__plan__in=plans),
            Report.objects.filter(period__plan__in=plans),
            ReportingPeriod.objects.filter(plan__in=plans),
            Target.objects.filter(indicator__plan__in=plans),
            Indicator.objects.filter(plan__in=plans),
            Task.objects.filter(plan__in=plans),
            TaskGroup.objects.filter(plan__in=plans),
            plans,
            RoleAssignment.objects.filter(user__in=users),
            users,
            UnitRollup.objects.all(),  # every unit's figures change; none may stay behind
        ]
        for qs in querysets:
            model = qs.model
            # related rows the raw delete would orphan (tokens, sessions of synthetic users…)
            if model is User:
                from rest_framework.authtoken.models import Token

                Token.objects.filter(user__in=qs)._raw_delete(qs.db)
                from auditlog.models import LogEntry

                LogEntry.objects.filter(actor__in=qs).update(actor=None)
            if model is Task:
                Task.coordinators.through.objects.filter(task__in=qs)._raw_delete(qs.db)
                from theodoi.plans.models import TaskLink
                from theodoi.reporting.models import DeadlineExtension

                TaskLink.objects.filter(task__in=qs)._raw_delete(qs.db)
                TaskLink.objects.filter(candidate__in=qs)._raw_delete(qs.db)
                DeadlineExtension.objects.filter(task__in=qs)._raw_delete(qs.db)
                Task.objects.filter(parent__in=qs).exclude(pk__in=qs).update(parent=None)
            if model is Indicator:
                Indicator.coordinators.through.objects.filter(indicator__in=qs)._raw_delete(qs.db)
            if model is Plan:
                from theodoi.plans.models import PlanReference, SourceDocument

                PlanReference.objects.filter(plan__in=qs)._raw_delete(qs.db)
                SourceDocument.objects.filter(plan__in=qs)._raw_delete(qs.db)
                Plan.objects.filter(parent__in=qs).exclude(pk__in=qs).update(parent=None)
            count = qs._raw_delete(qs.db)
            log(f"xóa {count} {model._meta.verbose_name_plural}")


STAGES = ("units", "agencies", "users", "plans", "reports")


def synth_run(
    cfg: SynthConfig, *, progress: bool = True, log: Callable[[str], None] | None = None
) -> SynthStats:
    """Generate the synthetic nation. Raises SynthError naming the failed stage."""
    log = log or (lambda s: print(s, file=sys.stderr))
    if exists():
        raise SynthError(
            'Đã có dữ liệu mô phỏng (kế hoạch "(dữ liệu mô phỏng)"). Dùng --force để xóa và '
            "tạo lại."
        )
    stats = SynthStats()
    release = _release(cfg)
    provinces = len(release.provinces)
    communes = release.commune_count
    totals = {
        "units": provinces,
        "agencies": provinces,
        "users": 1 + provinces + communes,
        "plans": provinces,
        "reports": 1 + provinces,
    }
    state: dict = {}

    try:
        from auditlog.context import disable_auditlog
    except ImportError:  # pragma: no cover - older django-auditlog
        from contextlib import nullcontext as disable_auditlog

    with disable_auditlog():
        for stage in STAGES:
            started = time.perf_counter()
            bar = tqdm(
                total=totals[stage],
                desc=f"synth {stage}",
                unit="đv",
                disable=not progress,
                file=sys.stderr,
                leave=True,
            )
            try:
                with transaction.atomic():
                    _run_stage(stage, cfg, stats, bar, state)
            except Exception as exc:
                bar.close()
                raise SynthError(
                    f"Giai đoạn '{stage}' thất bại: {type(exc).__name__}: {exc}. Các giai đoạn "
                    "trước đã được ghi vào cơ sở dữ liệu; chạy lại với --force để xóa dữ liệu "
                    "mô phỏng dở dang và tạo lại từ đầu."
                ) from exc
            bar.close()
            stats.seconds[stage] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    _analyze()
    rollup_mark_changed(everything=True)  # bulk loading sends no signals
    stats.seconds["analyze"] = round(time.perf_counter() - started, 2)
    return stats


def _run_stage(stage: str, cfg: SynthConfig, stats: SynthStats, bar, state: dict) -> None:
    if stage == "units":
        state["nation"] = stage_units(cfg, stats, bar)
    elif stage == "agencies":
        stage_agencies(cfg, state["nation"], stats, bar)
    elif stage == "users":
        stage_users(cfg, state["nation"], stats, bar)
    elif stage == "plans":
        state["plans"] = stage_plans(cfg, state["nation"], stats, bar)
    elif stage == "reports":
        stage_reports(cfg, state["plans"], state["nation"], stats, bar)


def iter_units(nation: Nation) -> Iterable[Unit]:
    yield nation.nation
    for province in nation.provinces:
        yield province
        yield from nation.communes[province.pk]
