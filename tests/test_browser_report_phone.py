"""The report form on a phone (390×844) in Debian's chromium: no sideways scroll, every field at
least 200 px wide, the actions always on screen; each row saves itself as it is edited and says
so, a row typed offline says it is not saved and saves when the connection is back, and "Gửi
báo cáo" right after typing sends what was typed."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest

from tests.conftest import make_quarter
from theodoi.plans.models import Indicator, Task
from theodoi.reporting import services
from theodoi.reporting.models import Report

pytest_plugins = ["tests.browser"]  # browser, page, session, dialogs
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LONG_TITLE = (
    "Xây dựng, vận hành hệ thống thông tin giải quyết thủ tục hành chính và cơ sở dữ liệu "
    "dùng chung của xã, kết nối với Cổng dịch vụ công quốc gia"
)


@pytest.fixture
def report(plan, users, agencies):
    for i in range(1, 7):
        Task.objects.create(
            plan=plan,
            code=f"3.{i}",
            title=f"{LONG_TITLE} ({i})",
            lead=agencies["kinhte"],
            order=50 + i,
        )
    Indicator.objects.create(
        plan=plan,
        code="9",
        name="Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình",
        unit_of_measure="%",
        lead=agencies["kinhte"],
        order=90,
    )
    period = make_quarter(plan, 2026, 4, due=dt.date(2099, 12, 15))
    return services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])


def _lead_row(report, code="3.1"):
    return report.task_updates.get(task__code=code)


def _prefix(page, row) -> str:
    return page.get_attribute(
        f"[data-row]:has(input[name$='-id'][value='{row.pk}'][name^='tasks-'])", "data-prefix"
    )


FIELD_WIDTHS = """() => [...document.querySelectorAll(
  "main form input:not([type=hidden]):not([type=checkbox]):not([type=radio]), main form select, main form textarea"
)].filter(el => el.offsetParent !== null).map(el => [el.name || el.id, el.getBoundingClientRect().width])"""


@contextmanager
def _phone_report(browser, live_server, report):
    """The report page on a phone, as its agency's reporter."""
    from tests.browser import Session

    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = context.new_page()
    try:
        Session(page, live_server.url).login("cb.kinhte")
        page.goto(f"{live_server.url}{report.get_absolute_url()}")
        yield page
    finally:
        context.close()


def test_the_report_form_on_a_phone_has_no_sideways_scroll_and_wide_fields(
    live_server, report, browser, users
):
    with _phone_report(browser, live_server, report) as page:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        widths = page.evaluate(FIELD_WIDTHS)
        assert len(widths) >= 7 * 6 + 3  # six fields of each task, three of the indicator
        narrow = [(name, width) for name, width in widths if width < 200]
        assert not narrow, narrow
        # the actions are on screen at the top of the form and half way down it
        for y in (0, page.evaluate("document.documentElement.scrollHeight") // 2):
            page.evaluate(f"window.scrollTo(0, {y})")
            box = page.locator("#report-actions").bounding_box()
            assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844, (y, box)
            assert page.is_visible("#report-actions button:has-text('Gửi báo cáo')")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_row_saves_itself_as_it_is_edited_and_is_there_after_reload(
    live_server, report, page, session
):
    session.login("cb.kinhte")
    url = f"{live_server.url}{report.get_absolute_url()}"
    page.goto(url)
    prefix = _prefix(page, _lead_row(report))
    status = page.locator(f"#row-{prefix} .row-status")
    page.select_option(f"[name={prefix}-status]", "in_progress")
    page.fill(f"[name={prefix}-progress]", "45")
    page.fill(f"[name={prefix}-result]", "Đã số hóa 1.250 hồ sơ, đạt 62,5% kế hoạch")
    assert "Chưa lưu" in status.inner_text()
    page.wait_for_selector(f"#row-{prefix} .row-status:has-text('Đã lưu lúc')")
    saved = _lead_row(report)
    assert (saved.status, saved.progress, saved.result) == (
        "in_progress",
        45,
        "Đã số hóa 1.250 hồ sơ, đạt 62,5% kế hoạch",
    )
    page.goto(url)
    assert page.input_value(f"[name={prefix}-result]") == saved.result
    assert page.input_value(f"[name={prefix}-progress]") == "45"
    assert page.input_value(f"[name={prefix}-status]") == "in_progress"


def test_an_invalid_value_says_why_and_keeps_what_was_typed(live_server, report, page, session):
    session.login("cb.kinhte")
    page.goto(f"{live_server.url}{report.get_absolute_url()}")
    prefix = _prefix(page, _lead_row(report))
    page.fill(f"[name={prefix}-progress]", "140")
    page.wait_for_selector(f"#row-{prefix} .invalid-feedback")
    assert page.input_value(f"[name={prefix}-progress]") == "140"
    assert "Chưa lưu" in page.inner_text(f"#row-{prefix} .row-status")
    assert _lead_row(report).progress == 0


def test_a_row_typed_offline_says_so_and_saves_when_the_connection_is_back(
    live_server, report, page, session
):
    session.login("cb.kinhte")
    page.goto(f"{live_server.url}{report.get_absolute_url()}")
    prefix = _prefix(page, _lead_row(report))
    page.context.set_offline(True)
    page.fill(f"[name={prefix}-obstacles]", "Đường truyền Internet của xã chập chờn")
    page.wait_for_selector(f"#row-{prefix} .row-status:has-text('mất kết nối')")
    assert _lead_row(report).obstacles == ""
    assert (
        page.input_value(f"[name={prefix}-obstacles]") == "Đường truyền Internet của xã chập chờn"
    )
    page.context.set_offline(False)
    page.wait_for_selector(f"#row-{prefix} .row-status:has-text('Đã lưu lúc')")
    assert _lead_row(report).obstacles == "Đường truyền Internet của xã chập chờn"


def test_sending_right_after_typing_sends_what_was_typed(live_server, report, page, session):
    session.login("cb.kinhte")
    page.goto(f"{live_server.url}{report.get_absolute_url()}")
    first, second = _prefix(page, _lead_row(report)), _prefix(page, _lead_row(report, "3.2"))
    page.fill(f"[name={first}-result]", "Hoàn thành khảo sát hiện trạng")
    page.wait_for_selector(f"#row-{first} .row-status:has-text('Đã lưu lúc')")
    page.fill(f"[name={second}-result]", "Đang lập dự toán")  # not saved yet when sent
    with page.expect_navigation():
        page.click("#report-actions button:has-text('Gửi báo cáo')")
    assert "Đã gửi báo cáo" in page.inner_text("main")
    fresh = Report.objects.get(pk=report.pk)
    assert fresh.status == "submitted"
    assert _lead_row(report).result == "Hoàn thành khảo sát hiện trạng"
    assert _lead_row(report, "3.2").result == "Đang lập dự toán"


def test_a_sent_report_on_a_phone_is_one_card_per_row_with_its_values(
    live_server, report, browser, users
):
    row = _lead_row(report)
    services.report_save(
        report=report, user=users["reporter"], summary="Kết quả quý IV.",
        task_updates=[{"id": row.pk, "status": "in_progress", "progress": 45,
                       "result": "Đã kết nối 3 hệ thống", "obstacles": "Thiếu máy chủ"}],
        indicator_values=[],
    )  # fmt: skip
    services.report_submit(report=report, user=users["reporter"])
    with _phone_report(browser, live_server, report) as page:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.locator("main form input:not([type=hidden])").count() == 0  # read-only
        cards = page.locator(".report-row.card")
        assert cards.count() == report.task_updates.count() + report.indicator_values.count()
        card = page.locator(f"#row-sent-{row.pk}")
        text = " ".join(card.inner_text().split())
        assert "Tình trạng Đang thực hiện" in text and "Tiến độ 45%" in text
        assert (
            "Kết quả Đã kết nối 3 hệ thống" in text and "Khó khăn, vướng mắc Thiếu máy chủ" in text
        )
        # status and progress share a line on the phone; every card fits the screen
        status, progress = (
            card.locator(".report-field").nth(0),
            card.locator(".report-field").nth(1),
        )
        assert status.bounding_box()["y"] == progress.bounding_box()["y"]
        widths = page.evaluate(
            "() => [...document.querySelectorAll('.report-row.card')].map(c => c.getBoundingClientRect().right)"
        )
        assert max(widths) <= 390
