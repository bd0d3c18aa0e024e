"""Demo data: the registry, the corpus plans read through the ingestion pipeline, users, reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Count

from theodoi.accounts.choices import Role
from theodoi.accounts.models import RoleAssignment, User
from theodoi.plans.models import Plan
from theodoi.plans.services import plan_activate, plan_import_extraction
from theodoi.reporting.choices import PeriodKind, ReportStatus, TaskStatus
from theodoi.reporting.models import IndicatorValue, Report, ReportingPeriod, TaskUpdate
from theodoi.units.models import Agency, Unit
from theodoi.units.services import REGISTRY_PATH, registry_load

DEMO_PASSWORD = "theodoi-demo-2025"

# Which unit issued each corpus plan (demo data, not an ingestion rule).
CORPUS_UNITS = {
    "tinh-binh-phuoc-2025-ocr.txt": "binh-phuoc",
    "xa-vinh-lai-2025.txt": "xa-vinh-lai",
    "xa-xuan-thanh-2026-ocr.txt": "xa-xuan-thanh",
}


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


def _import_corpus(corpus_dir: Path, result: DemoResult, progress: Callable[[str], None]) -> None:
    from theodoi.ingest.pipeline import ingest_file
    from theodoi.ingest.resolve import load_registry

    registry = load_registry(REGISTRY_PATH)
    for file_name, unit_code in CORPUS_UNITS.items():
        path = corpus_dir / file_name
        if not path.is_file():
            result.skipped.append(file_name)
            continue
        progress(f"Đọc kế hoạch {file_name}…")
        extraction = ingest_file(path, registry=registry).to_dict()
        imported = plan_import_extraction(
            unit=Unit.objects.get(code=unit_code),
            extraction=extraction,
            file_name=file_name,
            content=path.read_bytes(),
        )
        plan = imported.plan
        if plan.status == "draft":
            plan_activate(plan=plan)
        plan.is_public = True
        plan.save(update_fields=["is_public", "updated_at"])
        result.plans.append(plan)


def _demo_reports(plan: Plan, today: dt.date) -> None:
    """One quarterly period before today, with a few agencies' reports in different states."""
    quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = quarter_start - dt.timedelta(days=1)
    start = dt.date(end.year, end.month - 2, 1)
    period, _ = ReportingPeriod.objects.get_or_create(
        plan=plan,
        kind=PeriodKind.QUARTERLY,
        start=start,
        defaults={
            "label": f"Quý {(end.month - 1) // 3 + 1}/{end.year}",
            "end": end,
            "due": dt.date(end.year, end.month, 15),
        },
    )
    leads = list(Agency.objects.filter(led_tasks__plan=plan).distinct().order_by("name")[:3])
    states = [ReportStatus.ACCEPTED, ReportStatus.SUBMITTED, ReportStatus.DRAFT]
    for agency, state in zip(leads, states, strict=False):
        report, created = Report.objects.get_or_create(
            period=period,
            agency=agency,
            defaults={"status": state, "summary": "Báo cáo kết quả thực hiện trong kỳ."},
        )
        if not created:
            continue
        for i, task in enumerate(plan.tasks.filter(lead=agency)[:5]):
            TaskUpdate.objects.create(
                report=report,
                task=task,
                status=[TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED][i % 3],
                progress=[100, 60, 0][i % 3],
                result="Đã triển khai theo kế hoạch." if i % 3 != 2 else "",
                obstacles="Thiếu kinh phí và nhân lực chuyên trách." if i % 3 == 1 else "",
            )
        for indicator in plan.indicators.filter(lead=agency)[:3]:
            IndicatorValue.objects.create(
                report=report, indicator=indicator, value=75, source="Số liệu của cơ quan"
            )


@transaction.atomic
def demo_load(*, corpus_dir: Path, progress: Callable[[str], None] = lambda _m: None) -> DemoResult:
    result = DemoResult()
    progress("Nạp danh mục đơn vị và cơ quan…")
    registry_load(path=REGISTRY_PATH)
    _import_corpus(corpus_dir, result, progress)

    nation = Unit.objects.get(code="VN")
    admin = _user("admin", "Quản trị hệ thống", superuser=True)
    _grant(admin, Role.ADMIN, nation)
    result.logins.append(DemoLogin("admin", "Quản trị hệ thống", "toàn quốc"))
    leader = _user("lanhdao", "Lãnh đạo (xem toàn quốc)")
    _grant(leader, Role.LEADER, nation)
    result.logins.append(DemoLogin("lanhdao", "Lãnh đạo", "toàn quốc"))

    for plan in result.plans:
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
            result.logins.append(DemoLogin(reporter.username, "Cán bộ báo cáo", lead.name))
        _demo_reports(plan, dt.date.today())
    return result
