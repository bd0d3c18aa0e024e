"""`theodoi backup` / `theodoi restore` round trips on SQLite and PostgreSQL, and migrations on a
populated database. Every step runs `theodoi` in a subprocess against its own database (a file
in tmp, or a database created for the test on the PostgreSQL server), never the test database."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

POPULATE = """
from theodoi.accounts.models import User
from theodoi.plans.services import plan_import_extraction, plan_activate
from theodoi.units.models import Unit, Agency
from tests.conftest import extraction
nation = Unit.objects.create(code="VN", name="Trung ương", level="national")
unit = Unit.objects.create(code="xa", name="Xã Sao Lưu", level="commune", parent=nation)
Agency.objects.create(unit=unit, name="Phòng Kinh tế")
User.objects.create_user("saoluu", password="mat-khau-sao-luu-2025")
plan = plan_import_extraction(unit=unit, extraction=extraction(), file_name="kh.txt",
                              content=b"noi dung ke hoach sao luu").plan
plan_activate(plan=plan)
"""

COUNT = """
from theodoi.plans.models import Plan, Task, SourceDocument
from theodoi.accounts.models import User
doc = SourceDocument.objects.get()
print(Plan.objects.count(), Task.objects.count(), User.objects.filter(username="saoluu").count(),
      doc.file.read().decode())
"""


def theodoi(env: dict, *args, stdin: str = "", check=True):
    full = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "THEODOI_"))},
        "THEODOI_DEV": "1",
        "THEODOI_AXES": "0",
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-m", "theodoi.cli", *args],
        env=full,
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"theodoi {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def round_trip(source: dict, target: dict, tmp_path: Path):
    theodoi(source, "migrate", "--no-input", "-v", "0")
    theodoi(source, "shell", "--no-imports", "-c", POPULATE)
    archive = tmp_path / "sao-luu.tar.gz"
    out = theodoi(source, "backup", "--output", str(archive))
    assert "Đã sao lưu" in out.stdout
    assert archive.stat().st_size > 0

    # Restore into an empty database: asks first, and stops unless the answer is yes.
    refused = theodoi(target, "restore", str(archive), stdin="khong\n", check=False)
    assert refused.returncode != 0 and "Đã hủy" in refused.stderr
    done = theodoi(target, "restore", str(archive), stdin="co\n")
    assert "Đã khôi phục" in done.stdout
    counts = theodoi(target, "shell", "--no-imports", "-c", COUNT).stdout.split()
    assert counts == ["1", "3", "1", "noi", "dung", "ke", "hoach", "sao", "luu"]

    # The database now holds data: no overwrite without --force.
    again = theodoi(target, "restore", str(archive), "--yes", check=False)
    assert again.returncode != 0 and "--force" in again.stderr
    theodoi(target, "restore", str(archive), "--yes", "--force")
    assert theodoi(target, "shell", "--no-imports", "-c", COUNT).stdout.split()[:3] == [
        "1",
        "3",
        "1",
    ]
    # The restored database is complete: migrations have nothing left to do.
    plan = theodoi(target, "migrate", "--plan").stdout
    assert "No planned migration operations" in plan


def test_sqlite_round_trip(tmp_path):
    source = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'nguon.sqlite3'}",
        "THEODOI_MEDIA_ROOT": str(tmp_path / "media-nguon"),
    }
    target = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'dich.sqlite3'}",
        "THEODOI_MEDIA_ROOT": str(tmp_path / "media-dich"),
    }
    round_trip(source, target, tmp_path)
    assert any((tmp_path / "media-dich").rglob("*.txt"))


def test_restore_refuses_a_foreign_or_broken_archive(tmp_path):
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        "THEODOI_MEDIA_ROOT": str(tmp_path / "m"),
    }
    bad = tmp_path / "hong.tar.gz"
    bad.write_bytes(b"not a tar")
    result = theodoi(env, "restore", str(bad), "--yes", check=False)
    assert result.returncode != 0 and "Không đọc được" in result.stderr


@pytest.fixture
def pg_databases():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    import psycopg

    names = [f"theodoi_saoluu_{uuid.uuid4().hex[:8]}_{i}" for i in range(2)]
    base = url.rsplit("/", 1)[0]
    admin = psycopg.connect(url, autocommit=True)
    for name in names:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield [f"{base}/{name}" for name in names]
    for name in names:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.mark.postgres
def test_postgres_round_trip(tmp_path, pg_databases):
    source_url, target_url = pg_databases
    source = {"DATABASE_URL": source_url, "THEODOI_MEDIA_ROOT": str(tmp_path / "media-nguon")}
    target = {"DATABASE_URL": target_url, "THEODOI_MEDIA_ROOT": str(tmp_path / "media-dich")}
    round_trip(source, target, tmp_path)


MIGRATE_BACK_AND_FORTH = """
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader
from django.db import connection
from theodoi.plans.models import Plan, Task
loader = MigrationLoader(connection)
apps = ["units", "plans", "reporting", "accounts"]
before = (Plan.objects.count(), Task.objects.count())
for app in apps:
    names = sorted(name for (label, name) in loader.disk_migrations if label == app)
    if len(names) >= 2:
        call_command("migrate", app, names[-2], verbosity=0)
call_command("migrate", verbosity=0)
print(before == (Plan.objects.count(), Task.objects.count()), before)
"""


def test_latest_migrations_apply_on_a_populated_database(tmp_path):
    """Step each app back one migration on a database holding a plan, then forward again."""
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'm.sqlite3'}",
        "THEODOI_MEDIA_ROOT": str(tmp_path / "media"),
    }
    theodoi(env, "migrate", "--no-input", "-v", "0")
    theodoi(env, "shell", "--no-imports", "-c", POPULATE)
    out = theodoi(env, "shell", "--no-imports", "-c", MIGRATE_BACK_AND_FORTH).stdout
    assert out.startswith("True"), out
