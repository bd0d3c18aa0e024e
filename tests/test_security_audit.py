"""The audit trail: every create, update and delete of plans, tasks, indicators, reports and
their values is recorded with actor, time, before and after; nobody can edit or delete it
through the admin; each object page shows it."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from tests.conftest import make_quarter
from tests.security_actions import (
    indicator_form_data,
    plan_form_data,
    report_form_data,
    task_form_data,
)


def _entries(model, pk=None):
    qs = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))
    if pk is not None:
        qs = qs.filter(object_pk=str(pk))
    return qs.order_by("timestamp", "pk")


def _last(model, pk, action):
    entry = _entries(model, pk).filter(action=action).last()
    assert entry is not None, f"no {action} entry for {model.__name__} {pk}"
    return entry


def test_task_create_update_delete_are_recorded(login, users, plan):
    from theodoi.plans.models import Task

    client = login(users["office"])
    response = client.post(
        f"/ke-hoach/{plan.pk}/nhiem-vu/them/", {"title": "Nhiệm vụ mới", "code": "3.1"}
    )
    assert response.status_code == 302
    task = Task.objects.get(plan=plan, code="3.1")
    created = _last(Task, task.pk, LogEntry.Action.CREATE)
    assert created.actor == users["office"]
    assert created.timestamp is not None
    assert created.changes_dict["title"][1] == "Nhiệm vụ mới"

    data = task_form_data(task, title="Nhiệm vụ đã sửa")
    assert client.post(f"/ke-hoach/nhiem-vu/{task.pk}/sua/", data).status_code == 302
    updated = _last(Task, task.pk, LogEntry.Action.UPDATE)
    assert updated.actor == users["office"]
    assert updated.changes_dict["title"] == ["Nhiệm vụ mới", "Nhiệm vụ đã sửa"]
    assert updated.remote_addr == "127.0.0.1"

    assert client.post(f"/ke-hoach/nhiem-vu/{task.pk}/xoa/").status_code == 302
    deleted = _last(Task, task.pk, LogEntry.Action.DELETE)
    assert deleted.actor == users["office"]
    assert deleted.changes_dict["title"][0] == "Nhiệm vụ đã sửa"


def test_plan_and_indicator_updates_are_recorded(login, users, plan):
    from theodoi.plans.models import Indicator, Plan

    client = login(users["office"])
    data = plan_form_data(plan, users["office"], issuer="UBND xã (sửa)")
    assert client.post(f"/ke-hoach/{plan.pk}/sua/", data).status_code == 302
    entry = _last(Plan, plan.pk, LogEntry.Action.UPDATE)
    assert entry.actor == users["office"]
    assert entry.changes_dict["issuer"] == ["UBND xã Vĩnh Lại", "UBND xã (sửa)"]

    indicator = plan.indicators.first()
    data = indicator_form_data(indicator, unit_of_measure="phần trăm")
    assert client.post(f"/ke-hoach/chi-tieu/{indicator.pk}/sua/", data).status_code == 302
    entry = _last(Indicator, indicator.pk, LogEntry.Action.UPDATE)
    assert entry.actor == users["office"]
    assert entry.changes_dict["unit_of_measure"] == ["%", "phần trăm"]


def test_api_changes_are_recorded_with_the_token_user(client, users, plan):
    from rest_framework.authtoken.models import Token

    from theodoi.plans.models import Task

    token = Token.objects.create(user=users["office"])
    task = plan.tasks.get(code="1.2")
    response = client.patch(
        f"/api/tasks/{task.pk}/",
        data={"title": "Sửa qua API"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.status_code == 200
    entry = _last(Task, task.pk, LogEntry.Action.UPDATE)
    assert entry.actor == users["office"]
    assert entry.changes_dict["title"][1] == "Sửa qua API"


@pytest.fixture
def report(plan, users):
    from theodoi.reporting import services

    period = make_quarter(plan, 2025, 4)
    return services.report_open(
        period=period, agency=plan.tasks.get(code="1.2").lead, user=users["reporter"]
    )


def test_report_and_values_are_recorded(login, users, report):
    from theodoi.reporting.models import IndicatorValue, Report, TaskUpdate

    client = login(users["reporter"])
    update = report.task_updates.first()
    value = report.indicator_values.first()
    data = report_form_data(report, summary="Đã triển khai")
    data["tasks-0-progress"] = "40"
    data["tasks-0-status"] = "in_progress"
    data["indicators-0-value"] = "72,5"
    response = client.post(f"/bao-cao/{report.pk}/", data)
    assert response.status_code == 302, response.content[:500]
    entry = _last(Report, report.pk, LogEntry.Action.UPDATE)
    assert entry.actor == users["reporter"]
    assert entry.changes_dict["summary"] == ["", "Đã triển khai"]
    upd = _last(TaskUpdate, update.pk, LogEntry.Action.UPDATE)
    assert upd.actor == users["reporter"]
    assert upd.changes_dict["progress"][1] == "40"
    val = _last(IndicatorValue, value.pk, LogEntry.Action.UPDATE)
    assert val.actor == users["reporter"]
    assert val.changes_dict["value"][1] in ("72.5", "72.50", "72.5000")

    # Submitting and accepting are recorded too, each with its own actor.
    response = client.post(
        f"/bao-cao/{report.pk}/", report_form_data(Report.objects.get(pk=report.pk), submit=True)
    )
    assert response.status_code == 302
    submit = _last(Report, report.pk, LogEntry.Action.UPDATE)
    assert submit.changes_dict["status"] == ["draft", "submitted"]
    office = login(users["office"])
    assert office.post(f"/bao-cao/{report.pk}/xu-ly/", {"action": "accept"}).status_code == 302
    accept = _last(Report, report.pk, LogEntry.Action.UPDATE)
    assert accept.actor == users["office"]
    assert accept.changes_dict["status"] == ["submitted", "accepted"]


def test_history_is_shown_on_object_pages(login, users, plan, report):
    client = login(users["office"])
    task = plan.tasks.get(code="1.1")
    client.post(f"/ke-hoach/nhiem-vu/{task.pk}/sua/", task_form_data(task, title="Tiêu đề mới"))
    body = client.get(f"/ke-hoach/nhiem-vu/{task.pk}/").content.decode()
    assert "Lịch sử thay đổi" in body
    assert "Tiêu đề mới" in body and str(users["office"]) in body
    for url in (f"/ke-hoach/{plan.pk}/", f"/ke-hoach/chi-tieu/{plan.indicators.first().pk}/"):
        assert "Lịch sử thay đổi" in client.get(url).content.decode()
    reporter = login(users["reporter"])
    assert "Lịch sử thay đổi" in reporter.get(f"/bao-cao/{report.pk}/").content.decode()


@pytest.fixture
def superuser(db):
    from theodoi.accounts.models import User

    return User.objects.create_superuser("root", "root@example.org", "mat-khau-quan-tri-2025")


def test_log_entries_are_read_only_in_the_admin(client, superuser, plan):
    from django.contrib import admin

    entry = LogEntry.objects.first()
    assert entry is not None
    model_admin = admin.site._registry[LogEntry]
    request = type("R", (), {"user": superuser, "resolver_match": None})()
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    assert not model_admin.has_delete_permission(request)

    client.force_login(superuser)
    assert client.get("/quan-tri/auditlog/logentry/").status_code == 200
    change = client.get(f"/quan-tri/auditlog/logentry/{entry.pk}/change/")
    assert change.status_code == 200
    assert b'name="_save"' not in change.content
    response = client.post(f"/quan-tri/auditlog/logentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    response = client.post(
        "/quan-tri/auditlog/logentry/",
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert LogEntry.objects.filter(pk=entry.pk).exists()
    response = client.post(f"/quan-tri/auditlog/logentry/{entry.pk}/change/", {"changes": "{}"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.changes != "{}"
    assert client.get("/quan-tri/auditlog/logentry/add/").status_code == 403
