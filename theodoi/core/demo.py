"""Demo data: the registry, the corpus plans read through the ingestion pipeline, a national
plan and simulated communes linked to them, users, and several periods of reports in every state.

Everything simulated is named as such ("mô phỏng"); the corpus plans are imported as read.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from theodoi.accounts.choices import Role
from theodoi.accounts.models import RoleAssignment, User
from theodoi.plans.cascade import task_link_decide, task_link_suggest
from theodoi.plans.choices import DeadlineKind, PlanKind
from theodoi.plans.models import Plan, Task, TaskLink
from theodoi.plans.services import plan_activate, plan_import_extraction
from theodoi.reporting.choices import ReportAction, ReportStatus, TaskStatus
from theodoi.reporting.models import (
    IndicatorValue,
    Report,
    ReportEvent,
    ReportingPeriod,
    TaskUpdate,
)
from theodoi.units.models import Agency, Unit
from theodoi.units.services import REGISTRY_PATH, registry_load

DEMO_PASSWORD = "theodoi-demo-2025"

# Which unit issued each corpus plan (demo data, not an ingestion rule).
CORPUS_UNITS = {
    "tinh-binh-phuoc-2025-ocr.txt": "binh-phuoc",
    "xa-vinh-lai-2025.txt": "xa-vinh-lai",
    "xa-xuan-thanh-2026-ocr.txt": "xa-xuan-thanh",
}
# Simulated communes of the same city as Vĩnh Lại, each with a copy of its plan.
SIMULATED_COMMUNES = [
    ("xa-mo-phong-1", "Xã Mô Phỏng 1"),
    ("xa-mo-phong-2", "Xã Mô Phỏng 2"),
    ("xa-mo-phong-3", "Xã Mô Phỏng 3"),
]
TEMPLATE_COMMUNE = "xa-vinh-lai"


@dataclass
class DemoLogin:
    username: str
    role: str
    scope: str


@dataclass
class DemoResult:
    plans: list[Plan] = field(default_factory=list)
    logins: list[DemoLogin] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    reports: int = 0


def _user(username: str, full_name: str, *, superuser: bool = False) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"full_name": full_name, "is_staff": superuser, "is_superuser": superuser},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _grant(user: User, role: str, unit: Unit, agency: Agency | None = None) -> None:
    RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit, agency=agency)


def _import_corpus(
    corpus_dir: Path, result: DemoResult, progress: Callable[[str], None]
) -> dict[str, dict]:
    from theodoi.ingest.pipeline import ingest_file
    from theodoi.ingest.resolve import load_registry

    registry = load_registry(REGISTRY_PATH)
    extractions = {}
    for file_name, unit_code in CORPUS_UNITS.items():
        path = corpus_dir / file_name
        if not path.is_file():
            result.skipped.append(file_name)
            continue
        progress(f"Đọc kế hoạch {file_name}…")
        extracted = ingest_file(path, registry=registry)
        extraction = extracted.to_dict()
        extractions[unit_code] = extraction
        imported = plan_import_extraction(
            unit=Unit.objects.get(code=unit_code),
            extraction=extraction,
            file_name=file_name,
            content=path.read_bytes(),
            source_text=extracted.normalized_text,
        )
        result.plans.append(_publish(imported.plan))
    return extractions


def _publish(plan: Plan) -> Plan:
    if plan.status == "draft":
        plan_activate(plan=plan)
    plan.is_public = True
    plan.save(update_fields=["is_public", "updated_at"])
    return plan


def _national_plan(result: DemoResult) -> Plan | None:
    """The Government's programme (71/NQ-CP), with the tasks the lower plans cite by number,
    their content as the lower plans quote it."""
    quoted: dict[str, str] = {}
    for task in Task.objects.filter(parent_ref__startswith="NQ71:").order_by("plan_id", "order"):
        quoted.setdefault(task.parent_ref.split(":", 1)[1], task.title)
    if not quoted:
        return None
    nation = Unit.objects.get(code="VN")
    extraction = {
        "document": {
            "number": "71/NQ-CP",
            "issuer": "Chính phủ",
            "level": "national",
            "date": "2025-04-01",
            "title": "Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW "
            "(sửa đổi, bổ sung, cập nhật) — các nhiệm vụ được kế hoạch cấp dưới dẫn "
            "chiếu (dữ liệu trình diễn)",
            "references": [{"symbol": "57-NQ/TW", "date": "2024-12-22"}],
        },
        "indicators": [],
        "tasks": [
            {
                "code": code,
                "title": title,
                "lead": None,
                "deadline": {"raw": "Thường xuyên", "kind": "continuous"},
            }
            for code, title in sorted(
                quoted.items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else 10**6
            )
        ],
    }
    plan = plan_import_extraction(unit=nation, extraction=extraction).plan
    plan.kind = PlanKind.PROGRAMME
    plan.save(update_fields=["kind", "updated_at"])
    plan = _publish(plan)
    result.plans.insert(0, plan)
    return plan


def _simulated_communes(template: dict, result: DemoResult) -> list[Plan]:
    source = Unit.objects.get(code=TEMPLATE_COMMUNE)
    plans = []
    for code, name in SIMULATED_COMMUNES:
        unit, _ = Unit.objects.get_or_create(
            code=code, defaults={"name": name, "level": "commune", "parent": source.parent}
        )
        for agency in source.agencies.all():
            Agency.objects.get_or_create(
                unit=unit,
                name=agency.name.replace(source.name[3:], name[3:]),
                defaults={
                    "short_name": agency.short_name,
                    "kind": agency.kind,
                    "aliases": agency.aliases,
                },
            )
        extraction = {
            **template,
            "document": {
                **template["document"],
                "issuer": f"UBND {name.lower()}",
                "title": template["document"]["title"].replace(source.name[3:], name[3:]),
            },
        }
        plans.append(_publish(plan_import_extraction(unit=unit, extraction=extraction).plan))
    result.plans.extend(plans)
    return plans


def _link_to_national(plans: list[Plan], national: Plan, admin: User) -> None:
    for plan in plans:
        plan.parent = national
        plan.save(update_fields=["parent", "updated_at"])
        task_link_suggest(plan=plan, user=admin)
        for link in TaskLink.objects.filter(task__plan=plan, score=100, status="suggested"):
            task_link_decide(link=link, user=admin, confirm=True)


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _periods(plan: Plan, today: dt.date) -> list[ReportingPeriod]:
    from theodoi.evaluation.periods import generate_periods

    periods = []
    # Quarterly, as the city asks of its communes, and whatever the plan's own regime says.
    regimes = [("quarterly", None)] + [
        (r["frequency"], r.get("due"))
        for r in plan.reporting_regime
        if r.get("frequency") in ("semiannual", "annual")
    ]
    specs = []
    for year in (today.year - 1, today.year):
        for frequency, due_rule in regimes:
            try:
                specs += generate_periods(frequency=frequency, year=year, due_rule=due_rule)
            except ValueError:
                specs += generate_periods(frequency=frequency, year=year)
    for spec in specs:
        if spec.start > today:
            continue
        period, _ = ReportingPeriod.objects.get_or_create(
            plan=plan,
            kind=spec.kind,
            start=spec.start,
            defaults={"label": spec.label, "end": spec.end, "due": spec.due},
        )
        periods.append(period)
    return periods


def _task_state(task: Task, period: ReportingPeriod, rng: random.Random) -> tuple[str, int]:
    due = task.due_date if task.deadline_kind == DeadlineKind.DATE else None
    if due and due <= period.end:
        return (TaskStatus.DONE, 100) if rng.random() < 0.7 else (TaskStatus.IN_PROGRESS, 70)
    if task.deadline_kind == DeadlineKind.CONTINUOUS:
        return TaskStatus.IN_PROGRESS, rng.choice([40, 60, 80])
    return rng.choice(
        [(TaskStatus.NOT_STARTED, 0), (TaskStatus.IN_PROGRESS, 30), (TaskStatus.IN_PROGRESS, 50)]
    )


def _demo_reports(plan: Plan, today: dt.date, office: User, rng: random.Random) -> int:
    """Reports for every past period: accepted on time or late, returned, submitted, draft,
    or missing, so that every page has something to show."""
    agencies = list(Agency.objects.filter(led_tasks__plan=plan).distinct().order_by("name"))
    count = 0
    for period in _periods(plan, today):
        is_last = period.due >= today - dt.timedelta(days=80)
        for agency in agencies:
            roll = rng.random()
            if period.due > today or roll < 0.1:
                continue  # not yet due, or missing
            if is_last:
                status = rng.choice(
                    [
                        ReportStatus.SUBMITTED,
                        ReportStatus.RETURNED,
                        ReportStatus.DRAFT,
                        ReportStatus.ACCEPTED,
                    ]
                )
            else:
                status = ReportStatus.ACCEPTED
            late = roll > 0.8
            submitted = (
                period.due + dt.timedelta(days=rng.randint(1, 9))
                if late
                else period.due - dt.timedelta(days=rng.randint(0, 10))
            )
            submitted = min(submitted, today)
            report = Report.objects.create(
                period=period,
                agency=agency,
                status=status,
                summary=f"Báo cáo kết quả thực hiện {period.label} của {agency.name}.",
                submitted_at=None if status == ReportStatus.DRAFT else _at(submitted),
                version=0 if status == ReportStatus.DRAFT else 1,
            )
            for task in plan.tasks.filter(lead=agency):
                state, progress = _task_state(task, period, rng)
                TaskUpdate.objects.create(
                    report=report,
                    task=task,
                    status=state,
                    progress=progress,
                    result="Đã triển khai theo kế hoạch." if progress else "",
                    obstacles="Thiếu kinh phí và nhân lực chuyên trách."
                    if 0 < progress < 60
                    else "",
                )
            for indicator in plan.indicators.filter(lead=agency).prefetch_related("targets"):
                target = next((t.value for t in indicator.targets.all() if t.value), None)
                value = None if target is None else round(float(target) * rng.uniform(0.7, 1.1))
                IndicatorValue.objects.create(
                    report=report, indicator=indicator, value=value, source="Số liệu của cơ quan"
                )
            if status != ReportStatus.DRAFT:
                ReportEvent.objects.create(
                    report=report, action=ReportAction.SUBMIT, version=1, actor=None
                )
            if status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED):
                report.reviewed_by = office
                report.reviewed_at = _at(min(submitted + dt.timedelta(days=2), today), 15)
                if status == ReportStatus.RETURNED:
                    report.review_comment = "Đề nghị bổ sung số liệu minh chứng."
                report.save()
                action = (
                    ReportAction.ACCEPT if status == ReportStatus.ACCEPTED else ReportAction.RETURN
                )
                ReportEvent.objects.create(
                    report=report,
                    action=action,
                    actor=office,
                    version=1,
                    comment=report.review_comment,
                )
            count += 1
    _cache_task_status(plan)
    _cache_indicator_values(plan)
    return count


def _cache_task_status(plan: Plan) -> None:
    """Copy each task's latest accepted status onto the task, as accepting a report does."""
    for task in plan.tasks.all():
        update = (
            TaskUpdate.objects.filter(task=task, report__status=ReportStatus.ACCEPTED)
            .select_related("report__period")
            .order_by("-report__submitted_at")
            .first()
        )
        if update is None:
            continue
        task.reported_status, task.reported_progress = update.status, update.progress
        task.reported_at = update.report.submitted_at
        if update.status in (TaskStatus.DONE, TaskStatus.DONE_LATE):
            task.completed_on = min(
                timezone.localdate(update.report.submitted_at), update.report.period.end
            )
        task.save()


def _cache_indicator_values(plan: Plan) -> None:
    """Copy each indicator's latest accepted value onto it, as accepting a report does."""
    for indicator in plan.indicators.all():
        value = (
            IndicatorValue.objects.filter(indicator=indicator, report__status=ReportStatus.ACCEPTED)
            .exclude(value__isnull=True, text_value="")
            .select_related("report")
            .order_by("-report__submitted_at", "-id")
            .first()
        )
        if value is None:
            continue
        indicator.reported_value, indicator.reported_text = value.value, value.text_value
        indicator.reported_at = value.report.submitted_at
        indicator.save(update_fields=["reported_value", "reported_text", "reported_at"])


def _office_and_reporter(plan: Plan, result: DemoResult) -> User:
    unit = plan.unit
    slug = unit.code.replace("-", "")
    office = _user(f"vp.{slug}", f"Cơ quan thường trực {unit.name}")
    _grant(office, Role.OFFICE, unit)
    result.logins.append(DemoLogin(office.username, "Cơ quan thường trực", unit.name))
    lead = (
        Agency.objects.filter(unit=unit, led_tasks__plan=plan)
        .annotate(n=Count("led_tasks"))
        .order_by("-n", "name")
        .first()
    )
    if lead:
        reporter = _user(f"cb.{slug}", f"Cán bộ {lead.name}")
        _grant(reporter, Role.REPORTER, unit, lead)
        result.logins.append(
            DemoLogin(reporter.username, "Cán bộ báo cáo", f"{lead.name}, {unit.name}")
        )
    return office


@transaction.atomic
def demo_load(
    *,
    corpus_dir: Path,
    progress: Callable[[str], None] = lambda _m: None,
    today: dt.date | None = None,
) -> DemoResult:
    today = today or timezone.localdate()
    rng = random.Random(57)
    result = DemoResult()
    progress("Nạp danh mục đơn vị và cơ quan…")
    registry_load(path=REGISTRY_PATH)
    extractions = _import_corpus(corpus_dir, result, progress)

    nation = Unit.objects.get(code="VN")
    admin = _user("admin", "Quản trị hệ thống", superuser=True)
    _grant(admin, Role.ADMIN, nation)
    result.logins.append(DemoLogin("admin", "Quản trị hệ thống", "toàn quốc"))
    leader = _user("lanhdao", "Lãnh đạo (xem toàn quốc)")
    _grant(leader, Role.LEADER, nation)
    result.logins.append(DemoLogin("lanhdao", "Lãnh đạo", "toàn quốc"))

    if TEMPLATE_COMMUNE in extractions:
        progress("Tạo các xã mô phỏng cùng thành phố…")
        _simulated_communes(extractions[TEMPLATE_COMMUNE], result)
        city = Unit.objects.get(code=TEMPLATE_COMMUNE).parent
        city_office = _user(f"vp.{city.code.replace('-', '')}", f"Cơ quan thường trực {city}")
        _grant(city_office, Role.OFFICE, city)
        result.logins.append(DemoLogin(city_office.username, "Cơ quan thường trực", city.name))

    progress("Liên kết nhiệm vụ với Chương trình hành động của Chính phủ…")
    national = _national_plan(result)
    if national:
        _link_to_national([p for p in result.plans if p != national], national, admin)

    progress("Tạo kỳ báo cáo và báo cáo mẫu…")
    for plan in result.plans:
        if plan == national:
            continue
        office = _office_and_reporter(plan, result)
        result.reports += _demo_reports(plan, today, office, rng)
    return result
