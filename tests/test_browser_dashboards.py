"""In Debian's chromium: the national dashboard shows the seven NQ57 groups and its charts, each
with its table, on a 390 px phone; the office remaps a group in review and the national
dashboard follows; the overdue list filters by sub-unit."""

from __future__ import annotations

import pytest

from tests.conftest import make_user
from theodoi.accounts.choices import Role
from theodoi.plans.nq57 import nq57_groups

pytest_plugins = ["tests.browser"]  # the browser, page, session and dialogs fixtures
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def national_leader(units):
    return make_user("lanhdao.tw", Role.LEADER, units["nation"])


def _group_rows(page) -> list[str]:
    return page.locator("table[data-grouping=nq57] tbody tr td:first-child").all_inner_texts()


def test_the_national_dashboard_shows_seven_groups_and_a_chart_with_its_table(
    live_server, units, plan, national_leader, page, session
):
    page.set_viewport_size({"width": 390, "height": 844})
    session.login("lanhdao.tw")
    page.goto(f"{live_server.url}/bang-dieu-khien/{units['nation'].pk}/")
    assert page.is_visible("text=Theo bảy nhóm nhiệm vụ, giải pháp của Nghị quyết 57-NQ/TW")
    rows = _group_rows(page)
    assert [r.split(".")[0] for r in rows] == [str(g.code) for g in nq57_groups()]

    chart = page.locator("svg[data-chart=status]")
    assert chart.get_attribute("role") == "img"
    assert page.locator("#chart-status-title").text_content() == "Nhiệm vụ theo tình trạng"
    box = chart.bounding_box()
    assert box["width"] > 300 and box["x"] + box["width"] <= 390  # fits the phone
    table = page.locator("table[data-chart-table=status]")
    assert not table.is_visible()  # in its <details>, closed
    page.click("#chart-status summary")
    assert table.is_visible()
    cells = dict(
        zip(
            table.locator("tbody th").all_inner_texts(),
            table.locator("tbody tr td:first-of-type").all_inner_texts(),
            strict=True,
        )
    )
    overdue = page.inner_text("[data-figure=open_overdue]")
    assert cells["Chưa hoàn thành, quá hạn"] == overdue
    assert page.locator("svg[data-chart=children]").is_visible()


def test_a_group_remapped_in_review_moves_on_the_national_dashboard(
    live_server, units, users, plan, national_leader, page, session
):
    group = plan.groups.get(title="Hoàn thiện thể chế")
    session.login("vp.vinhlai")
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/ra-soat/")
    assert page.input_value(f"#nq57-{group.pk}") == "2"
    page.select_option(f"#nq57-{group.pk}", "7")
    page.click("button:has-text('Lưu nhóm theo Nghị quyết 57')")
    # saving confirms both groups: the one changed and the suggestion kept
    page.wait_for_selector("text=Đã lưu nhóm theo Nghị quyết 57 (2 nhóm thay đổi).")
    assert page.input_value(f"#nq57-{group.pk}") == "7"
    session.logout()

    session.login("lanhdao.tw")
    page.goto(f"{live_server.url}/bang-dieu-khien/{units['nation'].pk}/")
    row7 = page.locator("table[data-grouping=nq57] tbody tr").nth(6)
    assert row7.locator("td").nth(0).inner_text().startswith("7.")
    counts = row7.locator("td a").all_inner_texts()
    assert sum(int(n) for n in counts) == 1


def test_the_overdue_list_filters_by_sub_unit_and_offers_downloads(
    live_server, units, users, plan, page, session
):
    session.login("lanhdao")  # the province's leader
    page.goto(
        f"{live_server.url}/bang-dieu-khien/{units['province'].pk}/nhiem-vu/?category=open_overdue"
    )
    assert page.inner_text("[data-figure=count]") == "1"
    page.select_option("#f-unit", str(units["other"].pk))
    page.click("#task-filters button[type=submit]")
    page.wait_for_url("**unit=*")
    assert page.inner_text("[data-figure=count]") == "0"
    assert page.input_value("#f-unit") == str(units["other"].pk)
    href = page.get_attribute("a:has-text('CSV')", "href")
    assert f"unit={units['other'].pk}" in href and "category=open_overdue" in href
