"""A person's path through the app in Debian's chromium, driven by Playwright."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, make_quarter

pytest_plugins = ["tests.browser"]  # the browser, page, session and dialogs fixtures
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_then_plan_then_task(live_server, users, plan, page):
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "vp.vinhlai")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/bang-dieu-khien/**")
    page.click("nav >> text=Kế hoạch")
    page.wait_for_url(f"{live_server.url}/ke-hoach/")

    page.fill("input[name=q]", "chuyen doi so")  # the HTMX filter, no diacritics typed
    page.wait_for_selector("#object-table a:has-text('Kế hoạch thực hiện chuyển đổi số')")
    page.click("#object-table a:has-text('Kế hoạch thực hiện chuyển đổi số')")
    page.wait_for_selector("h1:has-text('Kế hoạch 12/KH-UBND')")
    assert page.is_visible("text=Nâng cao nhận thức")

    page.click("text=Xây dựng chương trình tuyên truyền về chuyển đổi số")
    page.wait_for_selector("h1:has-text('Nhiệm vụ 1.1')")
    assert page.is_visible("dd >> text=Phòng Văn hóa - Xã hội")
    assert page.is_visible("text=Tháng 10/2025")

    page.go_back()
    page.click("button:has-text('Chỉ tiêu (1)')")
    assert page.is_visible("text=Tỷ lệ giao dịch không dùng tiền mặt")


def test_report_submit_return_resubmit_accept_changes_dashboard(
    live_server, users, agencies, units, plan, page, session, dialogs
):
    import datetime as dt

    from theodoi.plans.models import Task

    Task.objects.filter(code="1.2").update(deadline_kind="date", due_date=dt.date(2099, 1, 1))
    period = make_quarter(plan, 2026, 4, due=dt.date(2099, 12, 15))
    base = live_server.url
    dashboard = f"{base}/bang-dieu-khien/{units['commune'].pk}/"

    session.login("vp.vinhlai")
    page.goto(dashboard)
    assert page.inner_text("[data-figure=done_on_time]") == "0"
    score_before = page.inner_text(f"[data-score='{agencies['kinhte'].pk}']")
    session.logout()

    session.login("cb.kinhte")  # the agency fills its report
    page.goto(f"{base}/bao-cao/ky/{period.pk}/")
    page.click("button:has-text('Lập báo cáo')")
    # its own task's row (it also has a row for the task it coordinates)
    row = page.get_attribute("[data-task-code='1.2'][data-role=lead]", "data-prefix")
    page.select_option(f"select[name={row}-status]", "in_progress")
    page.fill(f"input[name={row}-progress]", "50")
    page.fill("input[name=indicators-0-value]", "70")
    page.click("button:has-text('Gửi báo cáo')")
    assert page.inner_text("#report-status") == "Đã gửi"
    report_url = page.url
    session.logout()

    dialogs.accept = True  # returning and accepting ask for confirmation
    session.login("vp.vinhlai")  # the office returns it
    page.goto(report_url)
    page.fill("textarea[name=comment]", "Nhiệm vụ đã xong, đề nghị cập nhật tiến độ")
    page.click("button:has-text('Trả lại để sửa')")
    assert page.inner_text("#report-status") == "Bị trả lại"
    session.logout()

    session.login("cb.kinhte")  # the agency fixes and resubmits
    page.goto(report_url)
    assert page.is_visible("text=Nhiệm vụ đã xong, đề nghị cập nhật tiến độ")
    page.select_option(f"select[name={row}-status]", "done")
    page.fill(f"input[name={row}-progress]", "100")
    page.fill("input[name=indicators-0-value]", "90")
    page.click("button:has-text('Gửi báo cáo')")
    assert page.inner_text("#report-status") == "Đã gửi"
    session.logout()

    session.login("vp.vinhlai")  # the office accepts
    page.goto(report_url)
    page.click("button:has-text('Tiếp nhận')")
    assert page.inner_text("#report-status") == "Đã tiếp nhận"
    page.goto(dashboard)
    assert page.inner_text("[data-figure=done_on_time]") == "1"
    assert page.inner_text("[data-figure=indicators_achieved]") == "1"
    assert page.inner_text(f"[data-score='{agencies['kinhte'].pk}']") != score_before
