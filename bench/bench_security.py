"""Attacks against theodoi, counted: one JSON line per kind of attack.

    {"name": "security:<kind>", "value": <attacks that got through>, "unit": "attacks passed",
     "target": 0, "tried": N}

Runs against a throwaway SQLite database (a temp file, migrated here) with Django's test
client: cross-scope id probing on pages and API, XSS payloads, spreadsheet formula injection
(exports), login brute force against the lockout, oversized uploads and input, and POSTs
without a CSRF token. Nothing leaves this process.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup() -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="theodoi-bench-security-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["THEODOI_MEDIA_ROOT"] = str(tmp / "media")
    os.environ.setdefault("THEODOI_DEV", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "theodoi.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0, interactive=False)
    import logging

    logging.disable(logging.CRITICAL)
    return tmp


def emit(kind: str, got_through: int, tried: int) -> None:
    print(
        json.dumps(
            {
                "name": f"security:{kind}",
                "value": got_through,
                "unit": "attacks passed",
                "target": 0,
                "tried": tried,
            }
        ),
        flush=True,
    )


def client_for(world, role, **kwargs):
    from django.test import Client

    client = Client(**kwargs)
    client.raise_request_exception = False
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def probe_scopes(world, api: bool):
    """Every action on an object the role must not see: anything but a 404 (or the login
    redirect for anonymous) passes; so does a 404 that shows the object's title."""
    from django.db import transaction

    from tests.security_actions import API_ACTIONS, PAGE_ACTIONS
    from tests.security_world import ROLES, SCOPES, expected, outcome

    tried = passed = 0
    for role in ROLES:
        client = client_for(world, role)
        for action in API_ACTIONS if api else PAGE_ACTIONS:
            for scope in SCOPES:
                want = expected(action.kind, role, scope)
                if want not in ("hidden", "login"):
                    continue
                tried += 1
                with transaction.atomic():
                    response = action.call(client, world, scope)
                    transaction.set_rollback(True)
                got = outcome(response, action.api)
                leaked = world.scopes[scope].task.title in response.content.decode(errors="replace")
                if got != want or leaked:
                    passed += 1
    return passed, tried


PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">x</a>',
    "{{ 7*7 }}<iframe src=//evil>",
]
RAW_MARKERS = ["<script>alert", "<img src=x", "<svg/onload", '<a href="javascript', "<iframe"]


def xss(world):
    from django.db import transaction

    from theodoi.reporting import services

    s = world.scopes["own_agency"]
    tried = passed = 0
    office = client_for(world, "office")
    reporter = client_for(world, "reporter")
    anonymous = client_for(world, "anonymous")
    for payload in PAYLOADS:
        with transaction.atomic():
            s.task.title = payload
            s.task.output = payload
            s.task.save()
            s.indicator.name = payload
            s.indicator.save()
            s.plan.issuer = payload
            s.plan.save()
            services.report_save(
                report=s.draft_report,
                user=world.users["reporter"],
                summary=payload,
                task_updates=[
                    {"id": u.pk, "result": payload} for u in s.draft_report.task_updates.all()
                ],
                indicator_values=[],
            )
            pages = [
                (office, f"/ke-hoach/{s.plan.pk}/"),
                (office, f"/ke-hoach/nhiem-vu/{s.task.pk}/"),
                (office, f"/ke-hoach/chi-tieu/{s.indicator.pk}/"),
                (office, "/ke-hoach/nhiem-vu/"),
                (office, f"/bang-dieu-khien/{s.unit.pk}/nhiem-vu/"),
                (office, f"/ke-hoach/nhiem-vu/?q={payload}"),
                (reporter, f"/bao-cao/{s.draft_report.pk}/"),
                (reporter, "/viec-cua-toi/"),
                (anonymous, f"/bang-dieu-khien/cong-khai/ke-hoach/{s.plan.pk}/"),
            ]
            for client, url in pages:
                tried += 1
                body = client.get(url).content.decode(errors="replace")
                if any(marker in body for marker in RAW_MARKERS):
                    passed += 1
            transaction.set_rollback(True)
    return passed, tried


FORMULAS = ["=1+1", '=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"]


def formula_injection(world):
    import importlib.util

    if importlib.util.find_spec("theodoi.exchange") is None:
        return None
    from django.db import transaction
    from openpyxl import load_workbook

    s = world.scopes["own_agency"]
    office = client_for(world, "office")
    tried = passed = 0
    for formula in FORMULAS:
        with transaction.atomic():
            s.task.title = formula
            s.task.save()
            tried += 1
            response = office.get(f"/du-lieu/ke-hoach/{s.plan.pk}/nhiem-vu.xlsx")
            if response.status_code != 200:
                passed += 1
            else:
                book = load_workbook(io.BytesIO(response.content))
                cells = [
                    c
                    for sheet in book.worksheets
                    for row in sheet.iter_rows()
                    for c in row
                    if isinstance(c.value, str)
                ]
                if any(c.data_type == "f" or c.value == formula for c in cells):
                    passed += 1
            tried += 1
            response = office.get(f"/du-lieu/ke-hoach/{s.plan.pk}/nhiem-vu.csv")
            text = response.content.decode("utf-8-sig", errors="replace")
            rows = list(csv.reader(io.StringIO(text)))
            if response.status_code != 200 or any(cell == formula for row in rows for cell in row):
                passed += 1
            transaction.set_rollback(True)
    return passed, tried


def brute_force(world):
    """An attacker tries passwords for one account; the right one comes tenth."""
    from django.test import Client

    from tests.security_world import PASSWORD

    tried = passed = 0
    for target in ("vp.xa-a", "cb.kt.xa-a"):
        client = Client()
        guesses = [f"doan-{i}-sai" for i in range(9)] + [PASSWORD] + ["x"] * 10
        for guess in guesses:
            tried += 1
            response = client.post(
                "/dang-nhap/", {"username": target, "password": guess}, REMOTE_ADDR="203.0.113.7"
            )
            if response.status_code == 302 and "_auth_user_id" in client.session:
                passed += 1
                client.logout()
        api = Client()
        for guess in guesses:
            tried += 1
            response = api.post(
                "/api/auth/token/",
                {"username": target, "password": guess},
                REMOTE_ADDR="203.0.113.8",
            )
            if response.status_code == 200 and "token" in response.json():
                passed += 1
    return passed, tried


def oversized(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.security_actions import task_form_data

    office = client_for(world, "office")
    unit = world.units["home"]
    tried = passed = 0
    attempts = [
        ("ke-hoach.txt", b"a" * (21 * 1024 * 1024)),
        ("ke-hoach.exe", b"MZ" + b"\0" * 1024),
        ("ke-hoach.html", b"<script>alert(1)</script>"),
        ("ke-hoach.svg", b"<svg onload=alert(1)>"),
        ("../../ke-hoach.txt", b""),
    ]
    for name, content in attempts:
        tried += 1
        response = office.post(
            "/ke-hoach/nhap/", {"file": SimpleUploadedFile(name, content), "unit": unit.pk}
        )
        if response.status_code not in (400, 413, 422):
            passed += 1
    task = world.scopes["own_unit"].task
    huge = "x" * (1024 * 1024)
    tried += 1
    response = office.post(f"/ke-hoach/nhiem-vu/{task.pk}/sua/", task_form_data(task, title=huge))
    if response.status_code not in (400, 413, 422):
        passed += 1
    tried += 1
    response = office.patch(
        f"/api/tasks/{task.pk}/", data={"title": huge}, content_type="application/json"
    )
    if response.status_code not in (400, 413):
        passed += 1
    return passed, tried


def csrf(world):
    """Logged-in browsers POSTing without the CSRF token (a forged cross-site form)."""
    from django.db import transaction

    from tests.security_actions import report_form_data, task_form_data

    s = world.scopes["own_unit"]
    mine = world.scopes["own_agency"]
    attempts = [
        ("office", f"/ke-hoach/nhiem-vu/{s.task.pk}/sua/", task_form_data(s.task, title="CSRF")),
        ("office", f"/ke-hoach/nhiem-vu/{s.task.pk}/xoa/", {}),
        ("office", f"/ke-hoach/{s.draft_plan.pk}/xac-nhan/", {}),
        ("office", f"/bao-cao/{s.submitted_report.pk}/xu-ly/", {"action": "accept"}),
        ("office", f"/bao-cao/ke-hoach/{s.plan.pk}/ky/", {"action": "frequency"}),
        (
            "reporter",
            f"/bao-cao/{mine.draft_report.pk}/",
            report_form_data(mine.draft_report, submit=True),
        ),
        ("office", "/dang-xuat/", {}),
        ("office", f"/api/tasks/{s.task.pk}/", None),
        ("reporter", f"/api/reports/{mine.draft_report.pk}/submit/", {}),
    ]
    tried = passed = 0
    for role, url, data in attempts:
        tried += 1
        client = client_for(world, role, enforce_csrf_checks=True)
        with transaction.atomic():
            response = client.delete(url) if data is None else client.post(url, data)
            transaction.set_rollback(True)
        if response.status_code != 403:
            passed += 1
    return passed, tried


def main() -> int:
    import shutil

    tmp = setup()
    from django.db import transaction

    from tests.security_world import build_world

    with transaction.atomic():
        world = build_world()
        results = {
            "cross_scope_pages": probe_scopes(world, api=False),
            "cross_scope_api": probe_scopes(world, api=True),
            "xss": xss(world),
            "formula_injection": formula_injection(world),
            "login_brute_force": brute_force(world),
            "oversized_input": oversized(world),
            "csrf": csrf(world),
        }
        transaction.set_rollback(True)
    for kind, result in results.items():
        if result is None:
            continue
        passed, tried = result
        emit(kind, passed, tried)
    from django.db import connections

    connections.close_all()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
