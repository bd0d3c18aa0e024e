"""Demo data: the whole nation (theodoi load_registry), the corpus plans read through the
ingestion pipeline under their real units, a national plan, copies of a commune's plan in real
communes of the same city, users, and several periods of reports in every state.

Reports are written through the reporting services (open, save, submit, return, accept) as users'
reports are. Everything simulated is named as such ("mô phỏng"); the corpus plans are imported
as read.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from auditlog.context import disable_auditlog
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from theodoi.accounts.choices import Role
from theodoi.accounts.models import RoleAssignment, User
from theodoi.plans.cascade import task_link_decide, task_link_suggest
from theodoi.plans.choices import DeadlineKind, PlanKind
from theodoi.plans.models import Plan, Task, TaskLink
from theodoi.plans.services import plan_activate, plan_import_extraction
from theodoi.plans.validators import is_percentage
from theodoi.reporting.choices import ReportStatus, TaskStatus
from theodoi.reporting.models import ReportingPeriod
from theodoi.reporting.services import (
    periods_generate,
    report_accept,
    report_open,
    report_return,
    report_save,
    report_submit,
)
from theodoi.units.models import Agency, Unit
from theodoi.units.services import REGISTRY_PATH, nation_load, registry_load

DEMO_PASSWORD = "theodoi-demo-2025"

# Which unit issued each corpus plan (demo data, not an ingestion rule): Xã Vĩnh Lại of
# Thành phố Hải Phòng, Xã Xuân Thành of Tỉnh Đồng Nai, and the former Tỉnh Bình Phước (merged
# into Đồng Nai on 1/7/2025, kept under it as a historical unit).
CORPUS_UNITS = {
    "tinh-binh-phuoc-2025-ocr.txt": "binh-phuoc",
    "xa-vinh-lai-2025.txt": "xa-vinh-lai",
    "xa-xuan-thanh-2026-ocr.txt": "xa-xuan-thanh",
}
# Real communes of the same city as Vĩnh Lại get a copy of its plan (labelled "mô phỏng").
SIMULATED_COMMUNES = 3
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
    """The corpus plans read as an office's upload is: the reader knows no corpus registry,
    only the standard agencies of the unit each plan's header names."""
    from theodoi.ingest.pipeline import ingest_file

    extractions = {}
    for file_name, unit_code in CORPUS_UNITS.items():
        path = corpus_dir / file_name
        if not path.is_file():
            result.skipped.append(file_name)
            continue
        progress(f"Đọc kế hoạch {file_name}…")
        extracted = ingest_file(path)
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


def _simulated_units(source: Unit) -> list[Unit]:
    """The first communes (by official code) of the template's city, of the same type."""
    return list(
        Unit.objects.filter(parent=source.parent, unit_type=source.unit_type, is_active=True)
        .exclude(pk=source.pk)
        .order_by("official_code")[:SIMULATED_COMMUNES]
    )


def _simulated_communes(template: dict, result: DemoResult) -> list[Plan]:
    source = Unit.objects.get(code=TEMPLATE_COMMUNE)
    old = source.short_name
    plans = []
    for unit in _simulated_units(source):
        new = unit.short_name
        # The agencies the plan names beyond the standard ones (its centre, its school …).
        for agency in source.agencies.filter(catalogue_key=""):
            Agency.objects.get_or_create(
                unit=unit,
                name=agency.name.replace(old, new),
                defaults={
                    "short_name": agency.short_name,
                    "kind": agency.kind,
                    "aliases": [a.replace(old, new) for a in agency.aliases],
                },
            )
        title = template["document"]["title"].replace(old, new)
        extraction = {
            **template,
            "document": {
                **template["document"],
                "issuer": f"UBND {unit.name.lower()}",
                "title": f"{title} (mô phỏng, sao từ kế hoạch của {source.name.lower()})",
            },
        }
        plans.append(_publish(plan_import_extraction(unit=unit, extraction=extraction).plan))
    result.plans.extend(plans)
    return plans


# The city's own plan (simulated): work given to "UBND các xã, phường" and to the departments
# as a group, which the communes and departments report as their share or their part.
CITY_TASKS = [
    (
        "1",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        "UBND các xã, phường",
        ["Sở Khoa học và Công nghệ"],
        {"raw": "Năm 2026", "kind": "date", "due": "2026-12-31"},
    ),
    (
        "2",
        "Phổ cập kỹ năng số cho người dân qua tổ công nghệ số cộng đồng",
        "Sở Khoa học và Công nghệ",
        ["UBND các xã, phường"],
        {"raw": "Thường xuyên", "kind": "continuous"},
    ),
    (
        "3",
        "Rà soát, tái cấu trúc quy trình nội bộ trên môi trường số",
        "Sở Nội vụ",
        ["Các sở, ban, ngành"],
        {"raw": "Quý IV/2026", "kind": "date", "due": "2026-12-31"},
    ),
]


def _city_plan(city: Unit, result: DemoResult) -> Plan:
    extraction = {
        "document": {
            "number": "57/KH-UBND",
            "issuer": f"UBND {city.name.lower()}",
            "level": "province",
            "date": "2025-09-01",
            "title": f"Kế hoạch chuyển đổi số của {city.name.lower()} giao các xã, phường và "
            "các sở, ban, ngành (dữ liệu trình diễn)",
            "references": [{"symbol": "57-NQ/TW", "date": "2024-12-22"}],
        },
        "indicators": [],
        "tasks": [
            {"code": c, "title": t, "lead": lead, "coordinators": co, "deadline": d}
            for c, t, lead, co, d in CITY_TASKS
        ],
    }
    plan = _publish(plan_import_extraction(unit=city, extraction=extraction).plan)
    result.plans.append(plan)
    return plan


def _demo_share_reports(plan: Plan, communes: list[Unit], today, office, rng, result) -> int:
    """The communes' People's Committees report their share of the city's plan."""
    count = 0
    for unit in communes:
        committee = unit.agencies.filter(catalogue_key="uy-ban-nhan-dan-xa").first()
        if committee is None:
            continue
        reporter = _user(f"cb.{unit.code.replace('-', '')}.ubnd", f"Cán bộ {committee.name}")
        _grant(reporter, Role.REPORTER, unit, committee)
        if unit.code == TEMPLATE_COMMUNE:
            result.logins.append(DemoLogin(reporter.username, "Cán bộ báo cáo", committee.name))
        for period in _periods(plan, today, office):
            if period.due <= today:
                status = _status(period, today, rng)
                at = min(period.due, today)
                _demo_report(plan, period, committee, reporter, office, status, at, rng)
                count += 1
    return count


def _link_to_national(plans: list[Plan], national: Plan, admin: User) -> None:
    for plan in plans:
        plan.parent = national
        plan.save(update_fields=["parent", "updated_at"])
        task_link_suggest(plan=plan, user=admin)
        for link in TaskLink.objects.filter(task__plan=plan, score=100, status="suggested"):
            task_link_decide(link=link, user=admin, confirm=True)


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _periods(plan: Plan, today: dt.date, office: User) -> list[ReportingPeriod]:
    # Quarterly, as the city asks of its communes, and whatever the plan's own regime says.
    regimes = [("quarterly", None)] + [
        (r["frequency"], r.get("due"))
        for r in plan.reporting_regime
        if r.get("frequency") in ("semiannual", "annual")
    ]
    for year in (today.year - 1, today.year):
        for frequency, due_rule in regimes:
            try:
                periods_generate(
                    plan=plan, user=office, year=year, frequency=frequency, due_rule=due_rule
                )
            except ValueError:
                periods_generate(plan=plan, user=office, year=year, frequency=frequency)
    # Reports for the last eighteen months or so: enough history for every page.
    since = dt.date(today.year - 1, 7, 1)
    periods = plan.periods.filter(start__lte=today, end__gte=since)
    return list(periods.order_by("due", "start", "kind"))


def _task_state(task: Task, period: ReportingPeriod, rng: random.Random) -> tuple[str, int]:
    due = task.due_date if task.deadline_kind == DeadlineKind.DATE else None
    if due and due <= period.end:
        return (TaskStatus.DONE, 100) if rng.random() < 0.7 else (TaskStatus.IN_PROGRESS, 70)
    if task.deadline_kind == DeadlineKind.CONTINUOUS:
        return TaskStatus.IN_PROGRESS, rng.choice([40, 60, 80])
    return rng.choice(
        [(TaskStatus.NOT_STARTED, 0), (TaskStatus.IN_PROGRESS, 30), (TaskStatus.IN_PROGRESS, 50)]
    )


def _reporters(plan: Plan, agencies: list[Agency], main: User | None) -> dict[int, User]:
    """A reporter for each agency that leads work in the plan: the main one's printed login,
    the others "cb.<unit>.<n>"."""
    slug = plan.unit.code.replace("-", "")
    reporters = {}
    for n, agency in enumerate(agencies, 1):
        if main is not None and any(r.agency_id == agency.pk for r in main.roles.all()):
            reporters[agency.pk] = main
            continue
        user = _user(f"cb.{slug}.{n}", f"Cán bộ {agency.name}")
        _grant(user, Role.REPORTER, agency.unit, agency)
        reporters[agency.pk] = user
    return reporters


def _status(period: ReportingPeriod, today: dt.date, rng: random.Random) -> str:
    if period.due >= today - dt.timedelta(days=80):  # the latest periods: every state
        return rng.choice(
            [
                ReportStatus.SUBMITTED,
                ReportStatus.RETURNED,
                ReportStatus.DRAFT,
                ReportStatus.ACCEPTED,
            ]
        )
    return ReportStatus.ACCEPTED


def _demo_report(plan, period, agency, reporter, office, status, submitted, rng) -> None:
    """One agency's report for a period, written as its reporter and the office would."""
    report = report_open(period=period, agency=agency, user=reporter)
    updates = []
    for update in report.task_updates.select_related("task"):
        state, progress = _task_state(update.task, period, rng)
        updates.append(
            {
                "id": update.pk,
                "status": state,
                "progress": progress,
                "result": "Đã triển khai theo kế hoạch." if progress else "",
                "obstacles": "Thiếu kinh phí và nhân lực chuyên trách."
                if 0 < progress < 60
                else "",
            }
        )
    values = []
    for value in report.indicator_values.select_related("indicator"):
        target = next((t.value for t in value.indicator.targets.all() if t.value), None)
        number = None if target is None else round(float(target) * rng.uniform(0.7, 1.1))
        if number is not None and is_percentage(value.indicator):
            number = min(number, 100)  # a share cannot pass 100 % (the service refuses it)
        number = None if number is None else Decimal(number)
        values.append({"id": value.pk, "value": number, "source": "Số liệu của cơ quan"})
    report_save(
        report=report,
        user=reporter,
        summary=f"Báo cáo kết quả thực hiện {period.label} của {agency.name} (mô phỏng).",
        task_updates=updates,
        indicator_values=values,
    )
    if status == ReportStatus.DRAFT:
        return
    report_submit(report=report, user=reporter, now=_at(submitted))
    if status == ReportStatus.ACCEPTED:
        report_accept(report=report, user=office)
    elif status == ReportStatus.RETURNED:
        report_return(report=report, user=office, comment="Đề nghị bổ sung số liệu minh chứng.")


def _demo_reports(
    plan: Plan, today: dt.date, office: User, main: User | None, rng: random.Random
) -> int:
    """Reports for every past period: accepted on time or late, returned, submitted, draft,
    or missing, so that every page has something to show."""
    agencies = list(Agency.objects.filter(led_tasks__plan=plan).distinct().order_by("name"))
    reporters = _reporters(plan, agencies, main)
    count = 0
    for period in _periods(plan, today, office):
        for agency in agencies:
            roll = rng.random()
            if period.due > today or roll < 0.1:
                continue  # not yet due, or missing
            status = _status(period, today, rng)
            late = roll > 0.8
            submitted = (
                period.due + dt.timedelta(days=rng.randint(1, 9))
                if late
                else period.due - dt.timedelta(days=rng.randint(0, 10))
            )
            submitted = min(submitted, today)
            reporter = reporters[agency.pk]
            # The field-level audit log is kept for the latest periods only (the older ones'
            # history is in their report events): it was half of the demo's time.
            recent = period.due >= today - dt.timedelta(days=80)
            with nullcontext() if recent else disable_auditlog():
                _demo_report(plan, period, agency, reporter, office, status, submitted, rng)
            count += 1
    return count


def _office_and_reporter(plan: Plan, result: DemoResult) -> tuple[User, User | None]:
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
    reporter = None
    if lead:
        reporter = _user(f"cb.{slug}", f"Cán bộ {lead.name}")
        _grant(reporter, Role.REPORTER, unit, lead)
        result.logins.append(
            DemoLogin(reporter.username, "Cán bộ báo cáo", f"{lead.name}, {unit.name}")
        )
    return office, reporter


def _map_kpis(plans: list[Plan], office: User) -> None:
    """Each plan's indicators mapped to the national KPIs: suggested (as at import), then
    confirmed as the office would on the review page."""
    from theodoi.kpis.services import (
        kpi_catalogue_load,
        plan_kpis_confirm_suggested,
        plan_kpis_suggest,
    )

    kpi_catalogue_load()
    for plan in plans:
        plan_kpis_suggest(plan=plan)
        plan_kpis_confirm_suggested(plan=plan, user=office)


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
    progress("Nạp danh mục đơn vị hành chính cả nước và cơ quan chuẩn của mỗi cấp…")
    nation_load()
    registry_load(path=REGISTRY_PATH)  # the agencies the corpus plans name beyond the standard
    extractions = _import_corpus(corpus_dir, result, progress)

    nation = Unit.objects.get(code="VN")
    admin = _user("admin", "Quản trị hệ thống", superuser=True)
    _grant(admin, Role.ADMIN, nation)
    result.logins.append(DemoLogin("admin", "Quản trị hệ thống", "toàn quốc"))
    leader = _user("lanhdao", "Lãnh đạo (xem toàn quốc)")
    _grant(leader, Role.LEADER, nation)
    result.logins.append(DemoLogin("lanhdao", "Lãnh đạo", "toàn quốc"))

    if TEMPLATE_COMMUNE in extractions:
        progress("Sao kế hoạch của xã Vĩnh Lại cho một số xã cùng thành phố (mô phỏng)…")
        _simulated_communes(extractions[TEMPLATE_COMMUNE], result)
        city = Unit.objects.get(code=TEMPLATE_COMMUNE).parent
        city_office = _user(f"vp.{city.code.replace('-', '')}", f"Cơ quan thường trực {city}")
        _grant(city_office, Role.OFFICE, city)
        result.logins.append(DemoLogin(city_office.username, "Cơ quan thường trực", city.name))
        _city_plan(city, result)

    progress("Liên kết nhiệm vụ với Chương trình hành động của Chính phủ…")
    national = _national_plan(result)
    if national:
        _link_to_national([p for p in result.plans if p != national], national, admin)

    progress("Gắn chỉ tiêu của kế hoạch với chỉ tiêu quốc gia (gợi ý, xác nhận)…")
    _map_kpis(result.plans, admin)

    progress("Tạo kỳ báo cáo và báo cáo mẫu…")
    for plan in result.plans:
        if plan == national:
            continue
        office, reporter = _office_and_reporter(plan, result)
        result.reports += _demo_reports(plan, today, office, reporter, rng)
        if plan.unit.level == "province" and plan.tasks.exclude(lead_collective="").exists():
            communes = [p.unit for p in result.plans if p.unit.parent_id == plan.unit_id]
            result.reports += _demo_share_reports(plan, communes, today, office, rng, result)
    return result
