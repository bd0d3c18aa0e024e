"""In Debian's chromium: an evidence PDF is attached to a row, the report is sent, the office
downloads the very file; a renamed program is refused with a clear message. The four parts and a
recommendation round-trip (fill, save, reload, compare), and the office's answer reaches the
sender."""

from __future__ import annotations

import pytest

from tests.conftest import make_quarter, make_user
from tests.evidence_files import exe_bytes, pdf_bytes
from theodoi.accounts.choices import Role
from theodoi.reporting import services
from theodoi.reporting.models import Evidence, Recommendation, Report

pytest_plugins = ["tests.browser"]  # browser, page, session, dialogs
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def report(plan, agencies, users) -> Report:
    period = make_quarter(plan, 2026, 1)
    return services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])


def _attach(page, row_id: str, name: str, content: bytes) -> None:
    box = page.locator(f"#{row_id}")
    box.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "application/pdf", "buffer": content}]
    )
    with page.expect_response(lambda r: "/minh-chung/" in r.url):
        box.locator("button:has-text('Đính kèm')").click()


def test_evidence_pdf_attached_sent_and_downloaded_by_the_office_exe_refused(
    live_server, users, report, page, session, dialogs
):
    row = report.task_updates.get(task__code="1.2")
    row_id = f"evidence-task-{row.pk}"
    session.login("cb.kinhte")
    url = f"{live_server.url}/bao-cao/{report.pk}/"
    page.goto(url)
    page.fill("[name=summary]", "Đã ban hành quy chế")  # typed, not saved yet: kept by HTMX

    _attach(page, row_id, "chuong-trinh.pdf", exe_bytes())
    assert page.inner_text(f"#{row_id} .evidence-error") == (
        "Tệp «chuong-trinh.pdf» không phải PDF, DOCX, XLSX, JPG hay PNG: không nhận."
    )
    _attach(page, row_id, "Biên bản nghiệm thu.pdf", pdf_bytes())
    page.wait_for_selector(f"#{row_id} a:has-text('Biên bản nghiệm thu.pdf')")
    assert not page.is_visible(f"#{row_id} .evidence-error")
    assert page.input_value("[name=summary]") == "Đã ban hành quy chế"
    assert list(Evidence.objects.values_list("name", flat=True)) == ["Biên bản nghiệm thu.pdf"]

    with page.expect_navigation():
        page.click("button:has-text('Gửi báo cáo')")
    report.refresh_from_db()
    assert report.status == "submitted" and report.summary == "Đã ban hành quy chế"
    assert Evidence.objects.get().first_version == 1
    session.logout()

    session.login("vp.vinhlai")
    page.goto(url)
    with page.expect_download() as download_info:
        page.click(f"#{row_id} a:has-text('Biên bản nghiệm thu.pdf')")
    download = download_info.value
    assert download.suggested_filename == "Biên bản nghiệm thu.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read() == pdf_bytes()


def _parts(page) -> dict[str, str]:
    names = ("summary", "difficulties", "causes", "next_tasks")
    return {name: page.input_value(f"[name={name}]") for name in names}


def test_the_four_parts_round_trip(live_server, users, report, page, session):
    session.login("cb.kinhte")
    url = f"{live_server.url}/bao-cao/{report.pk}/"
    page.goto(url)
    typed = {
        "summary": "Đã triển khai 12 dịch vụ công trực tuyến.",
        "difficulties": "Hạ tầng mạng ở thôn Đồng Tâm chưa ổn định.",
        "causes": "Kinh phí giao muộn; thiếu cán bộ chuyên trách.",
        "next_tasks": "Số hóa hồ sơ hộ tịch trong quý II.",
    }
    for name, text in typed.items():
        page.fill(f"[name={name}]", text)
    with page.expect_navigation():
        page.click("button:has-text('Lưu nháp')")
    page.goto(url)
    assert _parts(page) == typed
    report.refresh_from_db()
    assert {name: getattr(report, name) for name in typed} == typed
    events = report.events.count()
    with page.expect_navigation():
        page.click("button:has-text('Lưu nháp')")
    assert report.events.count() == events  # saved again unchanged: no new version
    page.goto(url)
    assert _parts(page) == typed


def test_a_recommendation_round_trips_and_the_answer_reaches_the_sender(
    live_server, users, units, agencies, report, page, session
):
    make_user("vp.haiphong", Role.OFFICE, units["province"])
    session.login("cb.kinhte")
    url = f"{live_server.url}/bao-cao/{report.pk}/"
    page.goto(url)
    form = page.locator("form.recommendation-add")
    form.locator("[name=text]").fill("Đề nghị thành phố hỗ trợ máy chủ.")
    form.locator("[name=addressed_unit]").select_option(str(units["province"].pk))
    form.locator("[name=addressed_agency]").select_option(str(agencies["skhcn"].pk))
    row = report.task_updates.get(task__code="1.2")
    form.locator("[name=task_update]").select_option(str(row.pk))
    with page.expect_response(lambda r: "/kien-nghi/" in r.url):
        form.locator("button[type=submit]").click()
    page.wait_for_selector("#recommendations .recommendation:has-text('hỗ trợ máy chủ')")
    page.goto(url)
    shown = page.inner_text("#recommendations .recommendation")
    assert "Đề nghị thành phố hỗ trợ máy chủ." in shown
    assert "Gửi Thành phố Hải Phòng — Sở Khoa học và Công nghệ · về nhiệm vụ 1.2" in shown
    stored = Recommendation.objects.get()
    assert (stored.addressed_unit, stored.addressed_agency, stored.task_update) == (
        units["province"], agencies["skhcn"], row,
    )  # fmt: skip
    with page.expect_navigation():
        page.click("button:has-text('Gửi báo cáo')")
    session.logout()

    session.login("vp.haiphong")
    page.goto(f"{live_server.url}/bao-cao/kien-nghi/?trang_thai=open")
    card = page.locator(f"#recommendation-{stored.pk}")
    card.locator("textarea").fill("Sở KH&CN cấp máy chủ trong quý II.")
    with page.expect_navigation():
        card.locator("button:has-text('Gửi trả lời')").click()
    page.goto(f"{live_server.url}/bao-cao/kien-nghi/?trang_thai=answered")
    answered = page.locator(f"#recommendation-{stored.pk}")
    assert answered.locator("textarea").input_value() == "Sở KH&CN cấp máy chủ trong quý II."
    session.logout()

    session.login("cb.kinhte")
    page.goto(url)
    assert "Sở KH&CN cấp máy chủ trong quý II." in page.inner_text(
        "#recommendations .recommendation-answer"
    )


def test_evidence_and_recommendations_fit_a_phone(live_server, users, report, browser):
    """At 390×844 the evidence section and the recommendation form scroll no page sideways and
    their fields are at least 200 px wide."""
    from tests.browser import Session

    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        services.evidence_attach(
            report=report,
            row=report.task_updates.get(task__code="1.2"),
            user=users["reporter"],
            upload=_pdf_upload(
                "Bien-ban-nghiem-thu-co-mot-cai-ten-rat-dai-khong-co-dau-cach-nao.pdf"
            ),
        )
        Session(page, live_server.url).login("cb.kinhte")
        page.goto(f"{live_server.url}/bao-cao/{report.pk}/")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        widths = page.eval_on_selector_all(
            "#evidence input[type=file], #recommendations textarea, #recommendations select",
            "els => els.map(e => e.getBoundingClientRect().width)",
        )
        assert widths and min(widths) >= 200, widths
    finally:
        context.close()


def _pdf_upload(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def test_removing_a_file_asks_first_and_a_dismissed_dialog_keeps_it(
    live_server, users, report, page, session, dialogs
):
    row = report.task_updates.get(task__code="1.2")
    evidence = services.evidence_attach(
        report=report, row=row, user=users["reporter"], upload=_pdf_upload("bien-ban.pdf")
    )
    session.login("cb.kinhte")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/")
    box = page.locator(f"#evidence-task-{row.pk}")
    box.locator("button:has-text('Gỡ')").click()
    assert dialogs.messages == [
        "Gỡ tệp «bien-ban.pdf» khỏi báo cáo? Các bản đã gửi vẫn giữ tệp này."
    ]
    evidence.refresh_from_db()
    assert evidence.removed_at is None and box.locator("a:has-text('bien-ban.pdf')").count() == 1
    dialogs.accept = True
    with page.expect_response(lambda r: "/go/" in r.url):
        box.locator("button:has-text('Gỡ')").click()
    page.wait_for_selector(f"#evidence-task-{row.pk} li:has-text('Chưa có tệp.')")
    evidence.refresh_from_db()
    assert evidence.removed_at is not None
