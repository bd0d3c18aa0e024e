"""Real concurrent transactions on PostgreSQL: two threads, two connections.

- two people saving the same report at once: the second gets a clear conflict, nothing is lost;
- two offices editing the same task through the form: the stale form is refused;
- a connection lost in the middle of a submission leaves no partial write.

The saving service is slowed down while it holds the row lock so that the second request
always arrives while the first is still writing (the window where a lost update would happen).
Skipped on SQLite, which serialises writers itself. `make test-postgres` runs these.
"""

from __future__ import annotations

import contextlib
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client

from tests.conftest import make_quarter, make_user
from tests.security_actions import report_form_data, task_form_data

pytestmark = pytest.mark.django_db(transaction=True)
postgres = pytest.mark.postgres


@pytest.fixture
def pg():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): SQLite serialises writers itself")


def in_thread(fn, *args):
    """Run fn in its own thread (and so its own database connection)."""
    result = {}

    def target():
        try:
            result["value"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            result["error"] = exc
        finally:
            for conn in connections.all():
                # a killed connection cannot close cleanly
                with contextlib.suppress(Exception):
                    conn.close()

    thread = threading.Thread(target=target)
    thread.start()
    return thread, result


def slowed(monkeypatch, module, name, seconds=0.6):
    """Make module.name sleep after doing its work (so, while its caller holds the lock)."""
    original = getattr(module, name)

    def slow(*args, **kwargs):
        value = original(*args, **kwargs)
        time.sleep(seconds)
        return value

    monkeypatch.setattr(module, name, slow)


@pytest.fixture
def report(plan, users):
    from theodoi.reporting import services

    period = make_quarter(plan, 2025, 4)
    return services.report_open(
        period=period, agency=plan.tasks.get(code="1.2").lead, user=users["reporter"]
    )


def _errors(response) -> str:
    import re

    body = response.content.decode()
    return " | ".join(
        re.findall(
            r'class="[^"]*(?:alert-danger|invalid-feedback|text-danger)[^"]*"[^>]*>([^<]+)', body
        )
    )


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@postgres
def test_two_people_saving_the_same_report(pg, monkeypatch, users, agencies, units, report):
    from theodoi.accounts.choices import Role
    from theodoi.reporting import services
    from theodoi.reporting.models import Report, ReportEvent

    second = make_user("cb.kinhte.2", Role.REPORTER, units["commune"], agencies["kinhte"])
    first_client, second_client = _client(users["reporter"]), _client(second)
    for c in (first_client, second_client):
        assert c.get(f"/bao-cao/{report.pk}/").status_code == 200
    # Both open the report page: the same version in both forms.
    first_data = report_form_data(report, summary="Bản của người thứ nhất")
    second_data = report_form_data(report, summary="Bản của người thứ hai")
    assert first_data["version"] == second_data["version"]
    slowed(monkeypatch, services, "report_save")

    t1, r1 = in_thread(first_client.post, f"/bao-cao/{report.pk}/", first_data)
    time.sleep(0.15)
    t2, r2 = in_thread(second_client.post, f"/bao-cao/{report.pk}/", second_data)
    t1.join(20)
    t2.join(20)
    assert "error" not in r1 and "error" not in r2, (r1, r2)
    responses = {"Bản của người thứ nhất": r1["value"], "Bản của người thứ hai": r2["value"]}
    codes = sorted(r.status_code for r in responses.values())
    assert codes == [302, 422], [_errors(r) for r in responses.values()]
    winner = next(text for text, r in responses.items() if r.status_code == 302)
    loser = next(text for text, r in responses.items() if r.status_code == 422)
    body = responses[loser].content.decode()
    assert "đã được thay đổi ở nơi khác" in body
    # The loser's text is still in their form, to copy: nothing they typed is lost.
    assert loser in body
    report = Report.objects.get(pk=report.pk)
    assert report.summary == winner
    assert ReportEvent.objects.filter(report=report, action="save").count() == 1


@postgres
def test_two_offices_editing_the_same_task(pg, monkeypatch, users, units, plan):
    from theodoi.accounts.choices import Role
    from theodoi.plans import services
    from theodoi.plans.models import Task

    second = make_user("vp.vinhlai.2", Role.OFFICE, units["commune"])
    task = plan.tasks.get(code="1.1")
    first_data = task_form_data(task, title="Tiêu đề của văn phòng 1")
    second_data = task_form_data(task, title="Tiêu đề của văn phòng 2")
    slowed(monkeypatch, services, "task_update")

    url = f"/ke-hoach/nhiem-vu/{task.pk}/sua/"
    first_client, second_client = _client(users["office"]), _client(second)
    for c in (first_client, second_client):
        assert c.get(url).status_code == 200
    t1, r1 = in_thread(first_client.post, url, first_data)
    time.sleep(0.15)
    t2, r2 = in_thread(second_client.post, url, second_data)
    t1.join(20)
    t2.join(20)
    assert "error" not in r1 and "error" not in r2, (r1, r2)
    responses = {"Tiêu đề của văn phòng 1": r1["value"], "Tiêu đề của văn phòng 2": r2["value"]}
    assert sorted(r.status_code for r in responses.values()) == [302, 422]
    winner = next(text for text, r in responses.items() if r.status_code == 302)
    loser = next(text for text, r in responses.items() if r.status_code == 422)
    assert "người khác thay đổi" in responses[loser].content.decode()
    assert Task.objects.get(pk=task.pk).title == winner


@postgres
def test_api_saves_of_one_report_are_serialised(pg, monkeypatch, users, report):
    """Two API saves at once: both apply, one after the other, never interleaved."""
    from theodoi.reporting import services
    from theodoi.reporting.models import ReportEvent

    slowed(monkeypatch, services, "_snapshot", seconds=0.3)
    url = f"/api/reports/{report.pk}/save/"

    def save(summary):
        return _client(users["reporter"]).post(
            url, data={"summary": summary}, content_type="application/json"
        )

    t1, r1 = in_thread(save, "một")
    t2, r2 = in_thread(save, "hai")
    t1.join(20)
    t2.join(20)
    assert r1["value"].status_code == 200 and r2["value"].status_code == 200
    events = list(ReportEvent.objects.filter(report=report, action="save").order_by("id"))
    assert [e.snapshot["summary"] for e in events] in (["một", "hai"], ["hai", "một"])


@postgres
def test_connection_killed_mid_submission_leaves_no_partial_write(pg, monkeypatch, users, report):
    """The backend is terminated (pg_terminate_backend) after the report row was updated and
    before the event was written: the whole submission is rolled back by the server."""
    from theodoi.reporting import services
    from theodoi.reporting.models import Report, ReportEvent

    reached = threading.Event()
    killed = threading.Event()
    pid = {}
    original = services._event

    def paused_event(report, action, user, comment="", **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid["value"] = cursor.fetchone()[0]
        reached.set()
        killed.wait(10)
        return original(report, action, user, comment, **kwargs)

    monkeypatch.setattr(services, "_event", paused_event)
    thread, result = in_thread(
        lambda: services.report_submit(
            report=Report.objects.get(pk=report.pk), user=users["reporter"]
        )
    )
    assert reached.wait(10)
    with connection.cursor() as cursor:
        # The half-done submission is visible to nobody: the row still reads as a draft.
        cursor.execute("SELECT status FROM reporting_report WHERE id = %s", [report.pk])
        assert cursor.fetchone()[0] == "draft"
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid["value"]])
    killed.set()
    thread.join(20)
    assert "error" in result, "the submission should have failed with the connection"
    report = Report.objects.get(pk=report.pk)
    assert report.status == "draft"
    assert report.version == 0
    assert report.submitted_at is None
    assert not ReportEvent.objects.filter(report=report, action="submit").exists()


def test_error_inside_the_submission_leaves_no_partial_write(monkeypatch, users, report):
    """Same on any database: an error after part of the writes rolls all of them back."""
    from theodoi.reporting import services
    from theodoi.reporting.models import Report, ReportEvent

    def boom(*args, **kwargs):
        raise RuntimeError("mất kết nối giả lập")

    monkeypatch.setattr(services, "_event", boom)
    client = _client(users["reporter"])
    client.raise_request_exception = False
    data = report_form_data(report, summary="Gửi", submit=True)
    response = client.post(f"/bao-cao/{report.pk}/", data)
    assert response.status_code == 500
    report = Report.objects.get(pk=report.pk)
    assert report.status == "draft"
    assert report.summary == ""
    assert not ReportEvent.objects.filter(report=report).exists()


@postgres
def test_submitting_one_report_does_not_wait_for_another_of_the_same_plan(
    pg, users, agencies, units, plan
):
    """A step locks its report's row only: while one agency's submission holds its lock, another
    agency's report of the same period and plan goes through at once."""
    from django.db import transaction

    from theodoi.accounts.choices import Role
    from theodoi.reporting import services
    from theodoi.reporting.models import Report

    period = make_quarter(plan, 2025, 4)
    first = services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])
    vhxh = make_user("cb.vhxh", Role.REPORTER, units["commune"], agencies["vhxh"])
    second = services.report_open(period=period, agency=agencies["vhxh"], user=vhxh)

    def submit_second():
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '3s'")
            return services.report_submit(report=second, user=vhxh)

    with transaction.atomic():
        services.report_submit(report=first, user=users["reporter"])  # holds the lock
        thread, result = in_thread(submit_second)
        thread.join(20)
    assert "error" not in result, result
    assert set(Report.objects.values_list("status", flat=True)) == {"submitted"}


@postgres
def test_postgres_plans_a_repeated_query_once_per_connection(pg, plan):
    from theodoi.plans.models import Task

    for _ in range(7):
        list(Task.objects.filter(plan=plan, code="1.2"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "plans_task"' in statement for statement in prepared)


@postgres
def test_two_parents_confirmed_at_once_for_one_task_leave_one(pg, monkeypatch, users, units, plan):
    """Two offices confirm two suggested parents of the same task at the same moment. Each
    decision locks the task with its link, so the second waits for the first and then finds its
    link rejected; locking the links alone, each would wait for the other's (a deadlock)."""
    from tests.conftest import extraction
    from theodoi.plans import cascade
    from theodoi.plans.models import TaskLink
    from theodoi.plans.services import plan_activate, plan_import_extraction

    above = plan_activate(
        plan=plan_import_extraction(
            unit=units["province"],
            extraction=extraction(title="Kế hoạch của thành phố", number="5/KH-UBND"),
        ).plan
    )
    task = plan.tasks.get(code="1.2")
    first, second = (
        TaskLink.objects.create(task=task, candidate=candidate, score=80, reason="giống")
        for candidate in above.tasks.order_by("pk")[:2]
    )
    slowed(monkeypatch, cascade, "can_manage_unit", seconds=0.5)  # right after the lock

    def decide(link):
        try:
            cascade.task_link_decide(link=link, user=users["office"], confirm=True)
            return "confirmed"
        except ValidationError as exc:
            return exc.messages

    t1, r1 = in_thread(decide, first)
    time.sleep(0.1)
    t2, r2 = in_thread(decide, second)
    t1.join(20)
    t2.join(20)
    assert "error" not in r1 and "error" not in r2, (r1, r2)
    assert r1["value"] == "confirmed"
    assert r2["value"] == ["Đề xuất này đã được xử lý."]
    task.refresh_from_db()
    assert task.parent == first.candidate
    assert sorted(TaskLink.objects.values_list("status", flat=True)) == ["confirmed", "rejected"]
