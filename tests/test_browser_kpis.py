"""In Debian's chromium: a leader of the nation opens a national KPI from the menu and finds the
provinces ranked on it, with the provinces that have not reported; the office maps a plan's
indicator to a national KPI on the review page (fill, save, reload, compare)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.conftest import extraction, make_quarter, make_user
from theodoi.accounts.choices import Role
from theodoi.accounts.models import RoleAssignment
from theodoi.kpis.models import IndicatorKpi
from theodoi.kpis.services import kpi_catalogue_load
from theodoi.plans.services import plan_activate, plan_import_extraction
from theodoi.reporting.services import report_accept, report_open, report_save, report_submit
from theodoi.units.models import Agency, Unit

pytest_plugins = ["tests.browser"]  # the browser, page, session and dialogs fixtures
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CASHLESS = "KHONG_DUNG_TIEN_MAT"


@pytest.fixture(autouse=True)
def catalogue(db):
    kpi_catalogue_load()  # a transactional test starts from an emptied database


def form_data(page, selector):
    from tests.browser import form_data as read  # the plugin module is loaded by pytest

    return read(page, selector)


def _province_with_value(nation, code, name, value, number):
    """A province whose own plan's indicator got ``value`` accepted through the report flow."""
    province = Unit.objects.create(code=code, name=name, level="province", parent=nation)
    agency = Agency.objects.create(unit=province, name="Phòng Kinh tế")
    plan = plan_activate(
        plan=plan_import_extraction(unit=province, extraction=extraction(number=number)).plan
    )
    office = make_user(f"vp.{code}", Role.OFFICE, province)
    reporter = make_user(f"cb.{code}", Role.REPORTER, province, agency)
    year = timezone.localdate().year - 1
    report = report_open(period=make_quarter(plan, year, 4), agency=agency, user=reporter)
    row = report.indicator_values.get()
    report_save(
        report=report,
        user=reporter,
        summary="Báo cáo quý IV",
        task_updates=[],
        indicator_values=[{"id": row.pk, "value": Decimal(value), "source": "Sở"}],
    )
    report_submit(report=report, user=reporter, now=timezone.make_aware(dt.datetime(year, 12, 10)))
    report_accept(report=report, user=office)
    return province


def test_the_kpi_page_ranks_the_provinces_and_lists_those_not_reported(
    live_server, units, page, session
):
    nation = units["nation"]
    _province_with_value(nation, "ha-noi", "Thành phố Hà Nội", "88", "1/KH-UBND")
    _province_with_value(nation, "hue", "Thành phố Huế", "93.5", "2/KH-UBND")
    make_user("lanhdao.tw", Role.LEADER, nation)
    session.login("lanhdao.tw")
    page.goto(f"{live_server.url}/")
    page.click("nav >> text=Chỉ tiêu quốc gia")
    page.click("text=Tỷ lệ giao dịch không dùng tiền mặt")
    page.wait_for_selector("table[data-kpi-ranking]")
    assert page.inner_text("[data-national-target]") == "≥ 85%"
    rows = page.locator("table[data-kpi-ranking] tbody tr")
    assert rows.count() == 2
    first, second = (rows.nth(i).locator("td").all_inner_texts() for i in (0, 1))
    assert first[:3] == ["1", "Thành phố Huế", "93,5"] and "Đạt" in first[4]
    assert second[:3] == ["2", "Thành phố Hà Nội", "88"]
    # the chart of the KPI across the provinces, drawn on the server, with its table
    assert page.locator("svg[data-chart=kpi]").get_attribute("role") == "img"
    page.click("#chart-kpi summary")
    table = page.locator("table[data-chart-table=kpi] tbody tr")
    assert [table.nth(i).locator("th").inner_text() for i in (0, 1)] == [
        "Thành phố Huế",
        "Thành phố Hà Nội",
    ]
    assert table.nth(0).locator("td").all_inner_texts()[:2] == ["93,5", "Đạt mục tiêu quốc gia"]
    missing = page.locator("table[data-kpi-missing] tbody tr").all_inner_texts()
    assert [m.split("\t")[0] for m in missing] == ["Thành phố Hải Phòng"]  # no plan of its own

    href = page.get_attribute("a:has-text('CSV')", "href")  # a path on the same site
    csv = page.request.get(live_server.url + href)
    assert csv.ok and "Thành phố Huế" in csv.text()


def test_the_office_maps_an_indicator_on_the_review_page_and_finds_it_after_reload(
    live_server, users, plan, page, session
):
    indicator = plan.indicators.get()
    session.login("vp.vinhlai")
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/ra-soat/")
    select = f"#kpi-{indicator.pk}"
    assert page.input_value(select) == CASHLESS  # suggested at import
    assert "chưa xác nhận" in page.inner_text(f"[data-kpi-state='{indicator.pk}']")
    page.select_option(select, "THANH_TOAN_TRUC_TUYEN_TTHC")
    before = form_data(page, "#plan-kpis")
    page.click("button:has-text('Lưu chỉ tiêu quốc gia')")
    page.wait_for_selector("text=Đã lưu chỉ tiêu quốc gia tương ứng (1 chỉ tiêu thay đổi).")
    page.reload()
    assert form_data(page, "#plan-kpis") == before
    assert page.inner_text(f"[data-kpi-state='{indicator.pk}']") == "đã xác nhận"
    link = IndicatorKpi.objects.get(indicator=indicator)
    assert link.kpi.code == "THANH_TOAN_TRUC_TUYEN_TTHC" and link.confirmed
    # saving again unchanged changes nothing
    page.click("button:has-text('Lưu chỉ tiêu quốc gia')")
    page.wait_for_selector("text=Đã lưu chỉ tiêu quốc gia tương ứng (0 chỉ tiêu thay đổi).")
    assert RoleAssignment.objects.filter(user__username="vp.vinhlai").exists()


def test_publishing_the_annual_grades_asks_first_and_shows_them_publicly(
    live_server, users, plan, page, session, dialogs
):
    from theodoi.kpis.models import AnnualEvaluation

    year = timezone.localdate().year
    session.login("vp.vinhlai")
    page.goto(f"{live_server.url}/")
    page.click("nav >> text=Xếp loại năm")
    page.wait_for_selector("table[data-annual=agency]")
    bands = page.locator("table[data-annual=agency] tbody tr td:nth-child(4)").all_inner_texts()
    assert "Không hoàn thành nhiệm vụ" in bands
    button = "button:has-text('Công khai kết quả xếp loại')"
    dialogs.accept = False
    page.click(button)
    page.wait_for_timeout(300)  # a submission the dialog failed to stop would land by now
    assert "Công khai kết quả xếp loại năm" in dialogs.messages[-1]
    assert not AnnualEvaluation.objects.exists()
    dialogs.accept = True
    with page.expect_navigation():
        page.click(button)
    assert page.is_visible("#published-note")
    record = AnnualEvaluation.objects.get(unit=plan.unit, year=year)
    session.logout()

    page.goto(f"{live_server.url}/cong-khai/danh-gia-hang-nam/")
    page.click(f"text={plan.unit.name}")
    page.wait_for_url(f"**/cong-khai/danh-gia-hang-nam/{record.pk}/")
    public = page.locator("table[data-annual=agency] tbody tr td:nth-child(4)").all_inner_texts()
    assert public == bands
