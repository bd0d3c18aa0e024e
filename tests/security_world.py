"""A small world for permission and attack tests: one user per role, and for each scope
(own agency, own unit, a unit below, a unit above, another unit) a plan with a task and an
indicator, a draft plan, two periods and a draft and a submitted report.

Shared by tests/test_permissions_matrix.py and bench/bench_security.py. The roles are held over
the commune "xa-a"; see docs/permissions.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from theodoi.accounts.choices import Role
from theodoi.accounts.models import RoleAssignment, User
from theodoi.plans.services import plan_activate, plan_import_extraction
from theodoi.reporting.choices import PeriodKind, ReportStatus, TaskStatus
from theodoi.reporting.models import (
    IndicatorValue,
    Report,
    ReportingPeriod,
    TaskUpdate,
)
from theodoi.units.models import Agency, Unit

PASSWORD = "mat-khau-thu-nghiem-2025"
ROLES = ["admin", "office", "leader", "reporter", "norole", "anonymous"]
SCOPES = ["own_agency", "own_unit", "below", "above", "other"]

# The documented matrix (docs/permissions.md), written independently of
# theodoi/accounts/permissions.py: which scopes each role may …
_HOME = {"own_agency", "own_unit", "below"}
READ = {  # … read (active plans, their tasks, indicators, periods, units and agencies)
    "admin": _HOME,
    "office": _HOME,
    "leader": _HOME,
    "reporter": _HOME | {"above"},
    "norole": set(),
    "anonymous": set(),
}
MANAGE = {  # … change (plans, tasks, indicators, drafts, periods) and review reports in
    "admin": _HOME,
    "office": _HOME,
}
READ_SUBMITTED = {  # … read submitted (and accepted, returned) reports in
    "admin": _HOME,
    "office": _HOME,
    "leader": _HOME,
    "reporter": {"own_agency"},
}
WRITE_REPORT = {"reporter": {"own_agency"}}  # … read drafts of, save and submit reports in


@dataclass
class Scope:
    unit: Unit
    agency: Agency
    plan: object
    draft_plan: object
    task: object
    indicator: object
    period: ReportingPeriod
    period2: ReportingPeriod
    draft_report: Report
    submitted_report: Report


@dataclass
class World:
    units: dict
    agencies: dict
    users: dict
    scopes: dict[str, Scope] = field(default_factory=dict)
    private_plan: object = None


def _extraction(title, number, leads, level="commune"):
    return {
        "document": {
            "number": number,
            "issuer": "UBND",
            "level": level,
            "date": "2025-09-20",
            "title": title,
            "references": [{"symbol": "57-NQ/TW", "date": "2024-12-22"}],
        },
        "indicators": [
            {
                "code": str(i + 1),
                "name": f"Chỉ tiêu của {lead}",
                "unit": "%",
                "targets": [{"period": "2030", "raw": "≥ 85", "op": ">=", "value": 85}],
                "lead": lead,
                "coordinators": [],
                "lines": [1, 2],
            }
            for i, lead in enumerate(leads)
        ],
        "tasks": [
            {
                "code": f"1.{i + 1}",
                "group": "I. Nhiệm vụ",
                "title": f"Nhiệm vụ do {lead} chủ trì",
                "lead": lead,
                "coordinators": [],
                "deadline": {"raw": "Quý IV/2030", "kind": "date", "due": "2030-12-31"},
                "lines": [3, 4],
            }
            for i, lead in enumerate(leads)
        ],
        "warnings": [],
    }


def _user(username, role=None, unit=None, agency=None, **extra):
    user = User.objects.create_user(username=username, password=PASSWORD, **extra)
    if role:
        RoleAssignment.objects.create(user=user, role=role, unit=unit, agency=agency)
    return user


def _report(period, agency, task, indicator, status):
    report = Report.objects.create(period=period, agency=agency, status=status)
    TaskUpdate.objects.create(report=report, task=task, status=TaskStatus.IN_PROGRESS, progress=10)
    IndicatorValue.objects.create(report=report, indicator=indicator)
    if status != ReportStatus.DRAFT:
        report.submitted_at = timezone.now()
        report.version = 1
        report.save()
    return report


def build_world() -> World:
    nation = Unit.objects.create(code="VN", name="Trung ương", level="national")
    province = Unit.objects.create(code="tinh", name="Tỉnh Thử", level="province", parent=nation)
    home = Unit.objects.create(code="xa-a", name="Xã A", level="commune", parent=province)
    below = Unit.objects.create(code="thon-a1", name="Thôn A1", level="commune", parent=home)
    other = Unit.objects.create(code="xa-b", name="Xã B", level="commune", parent=province)
    units = {"nation": nation, "province": province, "home": home, "below": below, "other": other}

    def agency(unit, name):
        return Agency.objects.create(unit=unit, name=name)

    agencies = {
        "own_agency": agency(home, "Phòng Kinh tế"),
        "own_unit": agency(home, "Phòng Văn hóa - Xã hội"),
        "below": agency(below, "Ban công tác thôn A1"),
        "above": agency(province, "Sở Khoa học và Công nghệ"),
        "other": agency(other, "Phòng Kinh tế"),  # same name as ours, another commune
    }
    users = {
        "admin": _user("qt.xa-a", Role.ADMIN, home),
        "office": _user("vp.xa-a", Role.OFFICE, home),
        "leader": _user("ld.xa-a", Role.LEADER, home),
        "reporter": _user("cb.kt.xa-a", Role.REPORTER, home, agencies["own_agency"]),
        "norole": _user("khach"),
        "anonymous": None,
    }
    world = World(units=units, agencies=agencies, users=users)

    plan_units = {
        "own_agency": home,
        "own_unit": home,
        "below": below,
        "above": province,
        "other": other,
    }
    plans = {}
    for key, unit in (("home", home), ("below", below), ("above", province), ("other", other)):
        leads = (
            ["Phòng Kinh tế", "Phòng Văn hóa - Xã hội"] if key == "home" else [agencies[key].name]
        )
        level = "province" if unit is province else "commune"
        active = plan_import_extraction(
            unit=unit,
            extraction=_extraction(f"Kế hoạch của {unit.name}", f"1/KH-{unit.code}", leads, level),
        ).plan
        plan_activate(plan=active)
        active.is_public = True
        active.save()
        draft = plan_import_extraction(
            unit=unit,
            extraction=_extraction(
                f"Dự thảo kế hoạch của {unit.name}", f"2/KH-{unit.code}", leads, level
            ),
        ).plan
        p1 = ReportingPeriod.objects.create(
            plan=active,
            kind=PeriodKind.QUARTERLY,
            label="Quý I/2026",
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 3, 31),
            due=dt.date(2026, 3, 15),
        )
        p2 = ReportingPeriod.objects.create(
            plan=active,
            kind=PeriodKind.QUARTERLY,
            label="Quý II/2026",
            start=dt.date(2026, 4, 1),
            end=dt.date(2026, 6, 30),
            due=dt.date(2026, 6, 15),
        )
        plans[key] = (active, draft, p1, p2)

    for scope in SCOPES:
        unit = plan_units[scope]
        key = "home" if unit is home else scope
        active, draft, p1, p2 = plans[key]
        ag = agencies[scope]
        task = active.tasks.get(lead=ag)
        indicator = active.indicators.get(lead=ag)
        world.scopes[scope] = Scope(
            unit=unit,
            agency=ag,
            plan=active,
            draft_plan=draft,
            task=task,
            indicator=indicator,
            period=p1,
            period2=p2,
            draft_report=_report(p1, ag, task, indicator, ReportStatus.DRAFT),
            submitted_report=_report(p2, ag, task, indicator, ReportStatus.SUBMITTED),
        )
    private = plan_import_extraction(
        unit=home,
        extraction=_extraction("Kế hoạch nội bộ", "3/KH-xa-a", ["Phòng Kinh tế"]),
    ).plan
    plan_activate(plan=private)
    world.private_plan = private
    return world


def expected(kind: str, role: str, scope: str) -> str:
    """What the documented matrix says one role gets for one kind of action in one scope:
    "ok", "forbidden" (403: the object is visible but the action is not allowed), "hidden"
    (404: the object is out of scope), or "login" (anonymous)."""
    reads = READ.get(role, set())
    manages = MANAGE.get(role, set())
    if kind == "public":
        return "ok"
    if role == "anonymous":
        return "login"
    if kind == "read":
        return "ok" if scope in reads else "hidden"
    if kind == "read_draft_plan":
        return "ok" if scope in manages else "hidden"
    if kind in ("change", "periods"):
        return "ok" if scope in manages else "forbidden" if scope in reads else "hidden"
    if kind == "read_draft_report":
        return "ok" if scope in WRITE_REPORT.get(role, set()) else "hidden"
    if kind == "write_draft_report":
        return "ok" if scope in WRITE_REPORT.get(role, set()) else "hidden"
    if kind == "read_submitted_report":
        return "ok" if scope in READ_SUBMITTED.get(role, set()) else "hidden"
    if kind == "write_submitted_report":
        return "forbidden" if scope in READ_SUBMITTED.get(role, set()) else "hidden"
    if kind == "review":
        sees = READ_SUBMITTED.get(role, set())
        return "ok" if scope in manages else "forbidden" if scope in sees else "hidden"
    if kind == "extension":
        if role == "reporter" and scope == "own_agency":
            return "ok"
        return "forbidden" if scope in reads else "hidden"
    if kind == "report_open":
        return "ok" if role == "reporter" and scope in reads else "hidden"
    raise ValueError(kind)


def outcome(response, api: bool) -> str:
    code = response.status_code
    if code in (401,) or (code == 302 and response.get("Location", "").startswith("/dang-nhap/")):
        return "login"
    if api and code == 403 and "chưa đăng nhập" in response.content.decode().lower():
        return "login"
    if code == 403:
        return "forbidden"
    if code == 404:
        return "hidden"
    if code in (200, 201, 204, 302):
        return "ok"
    if code in (400, 422):
        return "invalid"
    return f"status {code}"
