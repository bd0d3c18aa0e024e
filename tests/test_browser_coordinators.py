"""In Debian's chromium: a coordinating department reports its part of a task and the lead sees
it beside its own row; a commune reports its share of a province task given to "UBND các xã,
phường" in the province's period, and the province's dashboard counts its answer."""

from __future__ import annotations

import pytest

from theodoi.reporting.models import Report

pytest_plugins = ["tests.browser", "tests.collective_world"]
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_from_my_work(page, base, world, who) -> Report:
    """From "Việc của tôi", "Lập báo cáo" for the province's period."""
    page.goto(f"{base}/viec-cua-toi/")
    row = page.locator("tr", has_text=world["period"].label).first
    with page.expect_navigation():
        row.locator("button:has-text('Lập báo cáo')").click()
    return Report.objects.get(period=world["period"], agency=world["agencies"][who])


def _prefix(page, update) -> str:
    return page.get_attribute(
        f"[data-row]:has(input[name$='-id'][value='{update.pk}'][name^='tasks-'])", "data-prefix"
    )


def _send(page, prefix, *, status, progress, result) -> None:
    page.select_option(f"[name={prefix}-status]", status)
    page.fill(f"[name={prefix}-progress]", progress)
    page.fill(f"[name={prefix}-result]", result)
    with page.expect_navigation():
        page.click("#report-actions button:has-text('Gửi báo cáo')")


def test_a_coordinator_reports_its_part_and_the_lead_sees_it(live_server, world, page, session):
    base = live_server.url
    session.login("cb.taichinh")
    report = _open_from_my_work(page, base, world, "taichinh")
    part = report.task_updates.get(task=world["tasks"]["1"])
    assert part.role == "coordinator"
    prefix = _prefix(page, part)
    assert page.is_visible(f"#row-{prefix} >> text=Phối hợp")
    typed = "Đã bố trí 2,5 tỷ đồng cho nền tảng dữ liệu dùng chung"
    _send(page, prefix, status="in_progress", progress="30", result=typed)
    page.reload()  # what was sent is what is shown again
    assert page.is_visible(f"text={typed}")
    part.refresh_from_db()
    assert (part.status, part.progress, part.result) == ("in_progress", 30, typed)
    session.logout()

    session.login("cb.khcn")
    lead_report = _open_from_my_work(page, base, world, "khcn")
    own = lead_report.task_updates.get(task=world["tasks"]["1"])
    assert own.role == "lead"
    row = page.locator(f"#row-{_prefix(page, own)}")
    parts = row.locator(".row-parts")
    assert parts.is_visible()
    assert "Sở Tài chính" in parts.inner_text() and typed in parts.inner_text()
    assert "30%" in parts.inner_text()


def test_a_commune_reports_on_a_task_given_to_the_communes_and_the_province_counts_it(
    live_server, world, page, session, dialogs
):
    base = live_server.url
    session.login("cb.vinhlai")
    page.goto(f"{base}/viec-cua-toi/")
    assert page.is_visible("text=Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính")
    report = _open_from_my_work(page, base, world, "vinhlai")
    assert report.period.plan.unit == world["province"]  # the province's plan and period
    share = report.task_updates.get(task=world["tasks"]["2"])
    prefix = _prefix(page, share)
    assert page.is_visible(f"#row-{prefix} >> text=Chủ trì chung (phần được giao)")
    _send(page, prefix, status="done", progress="100", result="Đã số hóa 1.250 hồ sơ")
    assert page.inner_text("#report-status") == "Đã gửi"
    session.logout()

    session.login("vp.haiphong")
    page.goto(f"{base}/bang-dieu-khien/{world['province'].pk}/")
    answered = page.locator(f".task-answers tr[data-task='{world['tasks']['2'].pk}']")
    assert "Đơn vị đã báo cáo: 1/3" in answered.inner_text()
    answered.locator("summary").click()
    assert "Ủy ban nhân dân xã vĩnh lại" in answered.inner_text()

    page.goto(f"{base}{report.get_absolute_url()}")
    dialogs.accept = True
    with page.expect_navigation():
        page.click("button:has-text('Tiếp nhận')")
    task = world["tasks"]["2"]
    task.refresh_from_db()
    # one commune of two done: the task is half done, in progress, on the province's figures
    assert (task.reported_status, task.reported_progress) == ("in_progress", 50)
    page.goto(f"{base}/bang-dieu-khien/{world['province'].pk}/")
    assert (
        "Đơn vị đã báo cáo: 1/3"
        in page.locator(f".task-answers tr[data-task='{task.pk}']").inner_text()
    )


def test_the_task_form_round_trips_the_groups_it_names(live_server, world, page, session):
    from tests.test_browser_forms import round_trip, row
    from theodoi.plans.models import Task

    task = world["tasks"]["4"]
    session.login("vp.haiphong")
    url = f"{live_server.url}/ke-hoach/nhiem-vu/{task.pk}/sua/"
    page.goto(url)
    # as imported: "Các sở, ban, ngành" among the coordinators is the departments' group
    assert page.eval_on_selector(
        "[name=coordinator_collectives]", "s => [...s.selectedOptions].map(o => o.value)"
    ) == ["departments"]
    page.select_option("[name=lead_collective]", "commune_committees")
    page.select_option("[name=coordinator_collectives]", ["departments", "schools"])
    round_trip(page, url, lambda: row(Task, task.pk, "coordinators"))
    task.refresh_from_db()
    assert (task.lead_collective, task.coordinator_collectives) == (
        "commune_committees",
        ["departments", "schools"],
    )
