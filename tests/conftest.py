"""Shared fixtures: a small unit tree, agencies, users with roles and one imported plan."""

from __future__ import annotations

import threading

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

from theodoi.accounts.choices import Role
from theodoi.accounts.models import RoleAssignment, User
from theodoi.plans.services import plan_activate, plan_import_extraction
from theodoi.units.models import Agency, Unit

PASSWORD = "mat-khau-thu-nghiem-2025"


class OneRequestAtATimeOnSharedSQLite(ThreadedWSGIServer):
    """The live server of the browser and API tests. On an in-memory SQLite test database Django
    hands the test's one connection to every request thread, and a connection is not safe to use
    from two threads at once (a dashboard and the page's htmx requests at the same moment could
    wait on each other for ever): there, requests run one at a time. Each browser connection
    keeps its own thread, so a kept-alive connection never holds up another."""

    _one_at_a_time = threading.Lock()

    def set_app(self, application):
        if not self.connections_override:  # PostgreSQL: a connection per thread
            return super().set_app(application)

        def serialized(environ, start_response):
            with self._one_at_a_time:
                result = application(environ, start_response)
                try:
                    return list(result)
                finally:
                    if hasattr(result, "close"):
                        result.close()

        return super().set_app(serialized)


LiveServerThread.server_class = OneRequestAtATimeOnSharedSQLite


def extraction(title="Kế hoạch thực hiện chuyển đổi số trên địa bàn xã", number="12/KH-UBND"):
    """A small plan in the ingest JSON contract's shape."""
    return {
        "document": {
            "number": number,
            "issuer": "UBND xã Vĩnh Lại",
            "level": "commune",
            "date": "2025-09-20",
            "title": title,
            "references": [
                {"symbol": "57-NQ/TW", "date": "2024-12-22"},
                {"symbol": "71/NQ-CP", "date": "2025-04-01"},
            ],
        },
        "indicators": [
            {
                "code": "2",
                "name": "Tỷ lệ giao dịch không dùng tiền mặt",
                "unit": "%",
                "targets": [{"period": "2030", "raw": "≥ 85", "op": ">=", "value": 85}],
                "lead": "Phòng Kinh tế",
                "coordinators": ["Các cơ quan chuyên môn"],
                "lines": [10, 12],
            },
        ],
        "tasks": [
            {
                "code": "1.1",
                "group": "I. Nâng cao nhận thức",
                "title": "Xây dựng chương trình tuyên truyền về chuyển đổi số",
                "lead": "Phòng Văn hóa - Xã hội",
                "coordinators": ["Phòng Kinh tế"],
                "output": "Chương trình",
                "parent_ref": "NQ71:2",
                "deadline": {"raw": "Tháng 10/2025", "kind": "date", "due": "2025-10-31"},
                "lines": [20, 24],
            },
            {
                "code": "1.2",
                "group": "I. Nâng cao nhận thức",
                "title": "Cụ thể hóa nhiệm vụ trong kế hoạch công tác hằng năm",
                "lead": "Phòng Kinh tế",
                "coordinators": [],
                "deadline": {"raw": "Thường xuyên", "kind": "continuous"},
                "lines": [25, 27],
            },
            {
                "code": "2.1",
                "group": "II. Hoàn thiện thể chế",
                "title": "Rà soát thủ tục hành chính trên môi trường điện tử",
                "lead": "Cơ quan lạ chưa có trong danh mục",
                "coordinators": [],
                "deadline": {"raw": "Quý IV/2030", "kind": "date", "due": "2030-12-31"},
                "lines": [30, 31],
            },
        ],
        "warnings": [],
    }


@pytest.fixture
def units(db):
    nation = Unit.objects.create(code="VN", name="Trung ương", level="national")
    province = Unit.objects.create(
        code="hai-phong", name="Thành phố Hải Phòng", level="province", parent=nation
    )
    commune = Unit.objects.create(
        code="xa-vinh-lai", name="Xã Vĩnh Lại", level="commune", parent=province
    )
    other = Unit.objects.create(code="xa-khac", name="Xã Khác", level="commune", parent=province)
    return {"nation": nation, "province": province, "commune": commune, "other": other}


@pytest.fixture
def agencies(units):
    def make(unit, name, short="", aliases=()):
        return Agency.objects.create(
            unit=units[unit], name=name, short_name=short, aliases=list(aliases)
        )

    return {
        "vhxh": make(
            "commune", "Phòng Văn hóa - Xã hội", "Phòng VH-XH", ["Phòng Văn hóa – Xã hội"]
        ),
        "kinhte": make("commune", "Phòng Kinh tế"),
        "skhcn": make("province", "Sở Khoa học và Công nghệ", "Sở KH&CN"),
        "other_kinhte": make("other", "Phòng Kinh tế"),
    }


def make_user(username, role, unit, agency=None, **extra):
    user = User.objects.create_user(username=username, password=PASSWORD, **extra)
    RoleAssignment.objects.create(user=user, role=role, unit=unit, agency=agency)
    return user


@pytest.fixture
def users(units, agencies):
    return {
        "office": make_user("vp.vinhlai", Role.OFFICE, units["commune"]),
        "other_office": make_user("vp.khac", Role.OFFICE, units["other"]),
        "reporter": make_user("cb.kinhte", Role.REPORTER, units["commune"], agencies["kinhte"]),
        "leader": make_user("lanhdao", Role.LEADER, units["province"]),
        "nobody": User.objects.create_user(username="khach", password=PASSWORD),
    }


@pytest.fixture
def plan(units, agencies):
    result = plan_import_extraction(
        unit=units["commune"],
        extraction=extraction(),
        file_name="kh.txt",
        content=b"noi dung ke hoach",
    )
    return plan_activate(plan=result.plan)


@pytest.fixture
def draft_plan(units, agencies):
    return plan_import_extraction(
        unit=units["other"],
        extraction=extraction(title="Kế hoạch dự thảo của xã khác", number="99/KH-UBND"),
    ).plan


@pytest.fixture
def login(client):
    def do(user):
        client.force_login(user)
        return client

    return do


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_rollup_marks_from_other_tests():
    """The test database rolls back, so changes a test marked (dashboards.rollups) are never
    stored; drop them so that the next test starts clean."""
    from theodoi.dashboards.rollups import rollup_forget_pending

    rollup_forget_pending()
    yield
    rollup_forget_pending()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def make_quarter(plan, year: int, quarter: int, *, due=None):
    """The plan's reporting period for one quarter, due on the 15th of its last month."""
    import datetime as dt

    from theodoi.reporting.models import ReportingPeriod

    first_month = 3 * (quarter - 1) + 1
    start = dt.date(year, first_month, 1)
    end = dt.date(year + (quarter == 4), (first_month + 3 - 1) % 12 + 1, 1) - dt.timedelta(days=1)
    return ReportingPeriod.objects.create(
        plan=plan,
        kind="quarterly",
        label=f"Quý {ROMAN[quarter]}/{year}",
        start=start,
        end=end,
        due=due or dt.date(year, first_month + 2, 15),
    )


# The PostgreSQL run (`make test-postgres`) repeats what depends on the database: tests that use
# it (the `db`/`transactional_db` fixtures, a live server, the `django_db` or `postgres` marks).
# A test that touches no database — plain Python, or one that runs `theodoi` on SQLite files of
# its own — gives the same result on both runs and runs once, in the SQLite run.
# THEODOI_PG_RUN_ALL=1 runs everything on PostgreSQL too.
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
     "live_server", "client", "admin_client"}
)  # fmt: skip


def _uses_database(item) -> bool:
    if item.get_closest_marker("django_db") or item.get_closest_marker("postgres"):
        return True
    return bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items):
    import os

    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    if not on_postgres or os.environ.get("THEODOI_PG_RUN_ALL") == "1":
        return
    once = [item for item in items if not _uses_database(item)]
    if once:
        config.hook.pytest_deselected(items=once)
        items[:] = [item for item in items if _uses_database(item)]
