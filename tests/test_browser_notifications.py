"""Notifications in Debian's chromium: the menu's counter after `theodoi remind`, marking all
read (asked first), and the "Nhận thông báo" form round trip."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import make_quarter
from theodoi.notifications.choices import NotificationKind as K
from theodoi.notifications.models import Notification, NotificationPreference
from theodoi.reporting.reminders import remind

pytest_plugins = ["tests.browser"]  # browser, page, session, dialogs
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def form_data(page, selector="main form[method=post]"):
    from tests.browser import form_data as read

    return read(page, selector)


def badge(page) -> str:
    return page.inner_text("#notifications-badge").replace("chưa đọc", "").strip()


def test_the_counter_shows_the_reminders_and_mark_all_read_clears_it(
    users, plan, page, session, dialogs
):
    make_quarter(plan, 2026, 1)  # due 15/03/2026
    plan.tasks.filter(code="1.2").update(deadline_kind="date", due_date=dt.date(2026, 3, 12))
    remind(today=dt.date(2026, 3, 8))  # due in 7 days, and task 1.2 due within 7 days
    session.login("cb.kinhte")
    page.wait_for_selector("#notifications-badge .badge")  # loaded by htmx after the page
    assert badge(page) == "2"
    page.click("#nav-notifications")
    page.wait_for_url("**/thong-bao/")
    assert page.locator("[data-notification]").count() == 2
    assert "Quý I/2026" in page.inner_text("main") and "Nhiệm vụ 1.2" in page.inner_text("main")

    page.click("text=Đánh dấu tất cả đã đọc")  # dismissed: nothing changes
    page.wait_for_load_state("networkidle")  # a submission the dialog failed to stop lands
    assert dialogs.messages and "Đánh dấu tất cả 2 thông báo" in dialogs.messages[0]
    assert Notification.objects.filter(read_at__isnull=True).count() == 2
    dialogs.accept = True
    with page.expect_navigation():
        page.click("text=Đánh dấu tất cả đã đọc")
    assert "0 chưa đọc" in page.inner_text("main")
    page.reload()
    page.wait_for_load_state("networkidle")
    assert badge(page) == ""
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_preferences_form_round_trips(users, page, session, live_server):
    url = f"{live_server.url}/thong-bao/nhan-thong-bao/"
    session.login("cb.kinhte")
    page.goto(url)
    page.uncheck("#id_report_due_7__email")
    page.uncheck("#id_draft_stale__in_app")
    page.uncheck("#id_task_due__email")
    posted = form_data(page)
    with page.expect_navigation():
        page.click("main button:has-text('Lưu')")
    assert "Đã lưu lựa chọn nhận thông báo" in page.inner_text("main")
    page.goto(url)
    assert form_data(page) == posted
    stored = {
        (p.kind, p.email, p.in_app)
        for p in NotificationPreference.objects.filter(user=users["reporter"])
    }
    assert stored == {
        (K.REPORT_DUE_7, False, True),
        (K.DRAFT_STALE, True, False),
        (K.TASK_DUE, False, True),
    }
    with page.expect_navigation():  # saved again unchanged: nothing changes
        page.click("main button:has-text('Lưu')")
    page.goto(url)
    assert form_data(page) == posted
    assert NotificationPreference.objects.filter(user=users["reporter"]).count() == 3
