"""In Debian's chromium: a status on the overdue list opens to its reason — the deadline judged
against, the days overdue, the last accepted report — and its rule's link lands on the rule of
the method page; the public page's statuses open the same way."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import make_quarter
from tests.test_dashboards import submit_and_accept
from theodoi.plans.models import Task

pytest_plugins = ["tests.browser"]  # the browser, page, session and dialogs fixtures
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_overdue_status_opens_to_its_reason_and_its_rule(
    live_server, users, agencies, units, plan, page, session
):
    Task.objects.filter(code="1.2").update(deadline_kind="date", due_date=dt.date(2025, 9, 1))
    submit_and_accept(users, agencies, make_quarter(plan, 2025, 3), "in_progress", 100)
    page.set_viewport_size({"width": 390, "height": 844})
    session.login(users["office"].username)
    commune = units["commune"]
    page.goto(f"{live_server.url}/bang-dieu-khien/{commune.pk}/nhiem-vu/?category=open_overdue")
    row = page.locator("#task-list tbody tr", has_text="1.2")
    why = row.locator("details.status-reason")
    assert not why.locator("[data-why=basis]").is_visible()  # closed until opened
    why.locator("summary").click()
    assert why.locator("[data-why=basis]").inner_text().startswith("Hạn hoàn thành: 01/09/2025")
    assert (
        "100% nhưng trạng thái chưa là “Hoàn thành”"
        in why.locator("[data-why=verdict]").inner_text()
    )
    assert "Phòng Kinh tế" in why.locator("[data-why=last-report]").inner_text()
    why.locator("[data-why=rule]").click()
    page.wait_for_url("**/phuong-phap-cham-diem/#tt-thoi-han")
    assert page.locator("#tt-thoi-han").is_visible()


def test_the_public_page_statuses_open_without_login(live_server, plan, page):
    plan.is_public = True
    plan.save()
    page.goto(f"{live_server.url}/bang-dieu-khien/cong-khai/ke-hoach/{plan.pk}/")
    first = page.locator("details.status-reason").first
    first.locator("summary").click()
    assert (
        "Chưa có báo cáo nào được tiếp nhận" in first.locator("[data-why=last-report]").inner_text()
    )
    assert "Đây là kế hoạch duy nhất" in page.inner_text("#what-is-counted")
