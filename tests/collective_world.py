"""A province with two communes (and one that left the official list), the standard agencies a
collective names, and the province's plan giving work to "UBND các xã, phường" and to "Các sở,
ban, ngành": the world of the coordinator and plan-above tests."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import make_quarter, make_user
from theodoi.accounts.choices import Role
from theodoi.plans.services import plan_activate, plan_import_extraction
from theodoi.units.models import Agency, Unit


def province_extraction() -> dict:
    return {
        "document": {
            "number": "45/KH-UBND",
            "issuer": "UBND thành phố Hải Phòng",
            "level": "province",
            "date": "2025-09-01",
            "title": "Kế hoạch chuyển đổi số của thành phố",
            "references": [],
        },
        "indicators": [],
        "tasks": [
            {
                "code": "1",
                "title": "Xây dựng nền tảng dữ liệu dùng chung",
                "lead": "Sở Khoa học và Công nghệ",
                "coordinators": ["Sở Tài chính"],
                "deadline": {"raw": "Quý IV/2026", "kind": "date", "due": "2026-12-31"},
            },
            {
                "code": "2",
                "title": "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
                "lead": "UBND các xã, phường",
                "coordinators": ["Sở Khoa học và Công nghệ"],
                "deadline": {"raw": "Năm 2026", "kind": "date", "due": "2026-12-31"},
            },
            {
                "code": "3",
                "title": "Phổ cập kỹ năng số cho người dân",
                "lead": "Sở Khoa học và Công nghệ",
                "coordinators": ["Ủy ban nhân dân các xã, phường, đặc khu"],
                "deadline": {"raw": "Thường xuyên", "kind": "continuous"},
            },
            {
                "code": "4",
                "title": "Rà soát quy trình nội bộ",
                "lead": "Sở Tài chính",
                "coordinators": ["Các sở, ban, ngành", "các cơ quan, đơn vị liên quan"],
                "deadline": {"raw": "Năm 2026", "kind": "date", "due": "2026-12-31"},
            },
        ],
        "warnings": [],
    }


def _agency(unit, name, kind, key=""):
    return Agency.objects.create(unit=unit, name=name, kind=kind, catalogue_key=key)


@pytest.fixture
def world(db):
    nation = Unit.objects.create(code="VN", name="Trung ương", level="national")
    province = Unit.objects.create(
        code="hai-phong", name="Thành phố Hải Phòng", level="province", parent=nation
    )
    communes = [
        Unit.objects.create(code=code, name=name, level="commune", parent=province)
        for code, name in (("xa-vinh-lai", "Xã Vĩnh Lại"), ("xa-an-lao", "Xã An Lão"))
    ]
    gone = Unit.objects.create(
        code="xa-cu", name="Xã Cũ", level="commune", parent=province, is_active=False
    )
    committees = [
        _agency(c, f"Ủy ban nhân dân {c.name.lower()}", "people_committee", "uy-ban-nhan-dan-xa")
        for c in communes
    ]
    _agency(gone, "Ủy ban nhân dân xã Cũ", "people_committee", "uy-ban-nhan-dan-xa")
    chairman = _agency(
        communes[0], "Chủ tịch Ủy ban nhân dân xã Vĩnh Lại", "people_committee", "chu-tich-uy-ban"
    )
    a = {
        "khcn": _agency(province, "Sở Khoa học và Công nghệ", "department", "so-khoa-hoc"),
        "taichinh": _agency(province, "Sở Tài chính", "department", "so-tai-chinh"),
        "ubnd_tinh": _agency(
            province, "Ủy ban nhân dân thành phố", "people_committee", "uy-ban-nhan-dan-tinh"
        ),
        "kinhte": _agency(communes[0], "Phòng Kinh tế", "commune_division", "phong-kinh-te"),
        "vinhlai": committees[0],
        "anlao": committees[1],
        "chairman": chairman,
    }
    plan = plan_activate(
        plan=plan_import_extraction(unit=province, extraction=province_extraction()).plan
    )
    tasks = {t.code: t for t in plan.tasks.all()}
    today = dt.date.today()
    period = make_quarter(plan, today.year, (today.month - 1) // 3 + 1, due=today)
    users = {
        "office": make_user("vp.haiphong", Role.OFFICE, province),
        "khcn": make_user("cb.khcn", Role.REPORTER, province, a["khcn"]),
        "taichinh": make_user("cb.taichinh", Role.REPORTER, province, a["taichinh"]),
        "vinhlai": make_user("cb.vinhlai", Role.REPORTER, communes[0], a["vinhlai"]),
        "anlao": make_user("cb.anlao", Role.REPORTER, communes[1], a["anlao"]),
    }
    return {
        "nation": nation,
        "province": province,
        "communes": communes,
        "agencies": a,
        "plan": plan,
        "tasks": tasks,
        "period": period,
        "users": users,
    }
