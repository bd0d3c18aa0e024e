"""Bad values get a clear Vietnamese message and change nothing; a refused report keeps what
was typed (issue 12)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import make_quarter
from tests.ingest.test_recognise import random_words
from tests.test_numbers import form_as_browser_posts
from theodoi.plans.models import Plan
from theodoi.plans.services import plan_activate, plan_import_extraction
from theodoi.reporting import services
from theodoi.reporting.models import ReportEvent


@pytest.fixture
def report(plan, users, agencies):
    period = make_quarter(plan, 2026, 1)
    return services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])


def _typed_post(client, report, **fields):
    data = form_as_browser_posts(client.get(report.get_absolute_url()).content.decode())
    data.update({k: [v] for k, v in fields.items()})
    return data


# --- a report refused after its period was locked keeps what was typed ----------------------


def test_a_report_posted_after_its_period_was_locked_says_why_and_gives_back_the_text(
    login, users, report
):
    users["office"].first_name, users["office"].last_name = "Lan", "Nguyễn Thị"
    users["office"].save()
    client = login(users["reporter"])
    data = _typed_post(client, report, **{"indicators-0-value": "77,25", "summary": "Đã họp dân"})
    services.period_lock(period=report.period, user=users["office"])  # another tab, meanwhile

    response = client.post(report.get_absolute_url(), {**data, "save": "1"})
    page = response.content.decode()
    assert response.status_code == 409
    assert "đã bị khóa lúc" in page and users["office"].get_full_name() in page
    assert "77,25" in page and "Đã họp dân" in page  # what was typed, ready to copy
    report.refresh_from_db()
    assert report.summary == "" and report.indicator_values.get().value is None


def test_the_typed_text_is_sent_to_the_office_as_a_request_on_the_report(login, users, report):
    services.period_lock(period=report.period, user=users["office"])
    client = login(users["reporter"])
    response = client.post(
        f"/bao-cao/{report.pk}/de-nghi/", {"text": "Đề nghị mở khóa: chỉ tiêu 2 đạt 77,25%"}
    )
    assert response.status_code == 302
    event = ReportEvent.objects.get(report=report, action="request")
    assert (event.actor, event.comment) == (
        users["reporter"],
        "Đề nghị mở khóa: chỉ tiêu 2 đạt 77,25%",
    )
    office_page = login(users["office"]).get(f"/bao-cao/ky/{report.period.pk}/")
    assert "chỉ tiêu 2 đạt 77,25%" in office_page.content.decode()


def test_a_report_sent_from_another_tab_refuses_the_old_tab_with_the_reason(login, users, report):
    client = login(users["reporter"])
    data = _typed_post(client, report, **{"indicators-0-value": "10"})
    services.report_submit(report=report, user=users["reporter"])
    response = client.post(report.get_absolute_url(), {**data, "save": "1"})
    assert response.status_code == 409
    assert "đang ở trạng thái «Đã gửi» (gửi lúc" in response.content.decode()


def test_a_second_save_of_a_stale_report_names_who_saved_first(login, users, report):
    client = login(users["reporter"])
    stale = _typed_post(client, report, summary="Bản của tôi")
    first = _typed_post(client, report, summary="Bản của người khác")
    assert client.post(report.get_absolute_url(), {**first, "save": "1"}).status_code == 302
    response = client.post(report.get_absolute_url(), {**stale, "save": "1"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "Lần lưu gần nhất: cb.kinhte" in page and "Bản của tôi" in page
    report.refresh_from_db()
    assert report.summary == "Bản của người khác"


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["1990-05-01", "abc"])
def test_a_dashboard_date_that_cannot_be_right_says_so(login, users, units, typed):
    page = login(users["office"]).get(f"/bang-dieu-khien/{units['commune'].pk}/?as_of={typed}")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="as-of-error"' in text and f"«{typed}»" in text
    assert dt.date.today().strftime("%d/%m/%Y") in text


def test_a_plan_dated_2450_or_numbered_with_a_symbol_is_refused_by_the_api(login, users, plan):
    client = login(users["office"])
    for body, field in (({"issued_on": "2450-01-01"}, "issued_on"), ({"number": "£"}, "number")):
        response = client.patch(f"/api/plans/{plan.pk}/", body, content_type="application/json")
        assert response.status_code == 400, response.content
        assert field in response.json()
    plan.refresh_from_db()
    assert (plan.number, plan.issued_on.isoformat()) == ("12/KH-UBND", "2025-09-20")


def test_a_task_deadline_outside_the_plans_years_is_refused_at_its_field(login, users, plan):
    plan.period_start, plan.period_end = 2025, 2030
    plan.save()
    task = plan.tasks.get(code="1.2")
    client = login(users["office"])
    data = form_as_browser_posts(client.get(f"/ke-hoach/nhiem-vu/{task.pk}/sua/").content.decode())
    data["deadline_raw"] = ["Quý IV/2045"]
    response = client.post(f"/ke-hoach/nhiem-vu/{task.pk}/sua/", data)
    assert response.status_code == 422
    assert "ngoài thời gian của kế hoạch (2025–2030)" in response.content.decode()
    task.refresh_from_db()
    assert task.deadline_raw == "Thường xuyên"


def test_an_adhoc_period_in_1990_is_refused(login, users, plan):
    response = login(users["office"]).post(
        f"/bao-cao/ke-hoach/{plan.pk}/ky/",
        {
            "action": "adhoc",
            "adhoc-label": "Đột xuất",
            "adhoc-start": "01/01/1990",
            "adhoc-end": "31/01/1990",
            "adhoc-due": "15/02/1990",
        },
    )
    assert response.status_code == 422
    assert (
        "2000–2100" in response.content.decode() or "ngoài thời gian" in response.content.decode()
    )
    assert not plan.periods.exists()


def test_an_extension_to_2450_is_refused(login, users, plan):
    task = plan.tasks.get(code="1.2")
    response = login(users["reporter"]).post(
        f"/bao-cao/nhiem-vu/{task.pk}/gia-han/",
        {"requested_due": "01/01/2450", "reason": "Chờ hướng dẫn của cấp trên"},
    )
    assert response.status_code == 422
    assert "2000–2100" in response.content.decode()
    assert not task.extensions.exists()


# --- indicator values ---------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["150", "-10"])
def test_a_percentage_outside_0_to_100_is_refused_on_the_report_page(login, users, report, typed):
    client = login(users["reporter"])
    response = client.post(
        report.get_absolute_url(),
        {**_typed_post(client, report, **{"indicators-0-value": typed}), "save": "1"},
    )
    assert response.status_code == 422
    assert "phải từ 0 đến 100" in response.content.decode()
    assert report.indicator_values.get().value is None


def test_a_percentage_outside_0_to_100_is_refused_by_the_api(client, users, report):
    from rest_framework.authtoken.models import Token

    header = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=users['reporter'])}"}
    row = report.indicator_values.get()
    response = client.post(
        f"/api/reports/{report.pk}/save/",
        {"indicator_values": [{"id": row.pk, "value": "150"}]},
        content_type="application/json",
        **header,
    )
    assert response.status_code in (400, 422)  # refused by the rule, well formed or not
    assert "phải từ 0 đến 100" in response.content.decode()
    row.refresh_from_db()
    assert row.value is None


def test_a_growth_rate_in_per_cent_may_exceed_100(login, users, report):
    indicator = report.indicator_values.get().indicator
    indicator.name, indicator.unit_of_measure = "Tốc độ tăng trưởng doanh thu số", "%"
    indicator.save()
    client = login(users["reporter"])
    response = client.post(
        report.get_absolute_url(),
        {**_typed_post(client, report, **{"indicators-0-value": "150"}), "save": "1"},
    )
    assert response.status_code == 302
    assert report.indicator_values.get().value == Decimal("150")


# --- documents that are not plans ---------------------------------------------------------------


def test_five_megabytes_of_random_text_are_refused_as_not_a_plan(login, users, units):
    text = random_words(5 * 1024 * 1024)
    upload = SimpleUploadedFile("bao-cao-quy.txt", text.encode(), content_type="text/plain")
    response = login(users["office"]).post(
        "/ke-hoach/nhap/", {"file": upload, "unit": units["commune"].pk}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Không nhận ra kế hoạch" in page and "bao-cao-quy.txt" in page
    assert not Plan.objects.exists()


def test_an_unreadable_file_is_named_as_the_user_sent_it(login, users, units):
    upload = SimpleUploadedFile("Kế hoạch xã 2026.docx", b"PK\x03\x04 not really a zip")
    response = login(users["office"]).post(
        "/ke-hoach/nhap/", {"file": upload, "unit": units["commune"].pk}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Kế hoạch xã 2026.docx" in page and "upload" not in page.lower().replace("upload_", "")
    assert not Plan.objects.exists()


def test_a_plan_with_no_task_and_no_indicator_cannot_be_confirmed(users, plan):
    from django.core.exceptions import ValidationError

    empty = Plan.objects.create(unit=plan.unit, title="Kế hoạch trống", level="commune")
    with pytest.raises(ValidationError, match="chưa có nhiệm vụ hay chỉ tiêu"):
        plan_activate(plan=empty)
    empty.refresh_from_db()
    assert empty.status == "draft"


def test_an_import_keeps_no_misread_number_or_date_and_lists_them_for_review(units, agencies):
    from tests.conftest import extraction

    data = extraction(number="S7/KH-UBNO£")
    data["document"]["date"] = "2205-09-20"
    data["tasks"][0]["deadline"] = {"raw": "Tháng 10/2205", "kind": "date", "due": "2205-10-31"}
    result = plan_import_extraction(
        unit=units["commune"], extraction=data, file_name="kh.txt", content=io.BytesIO(b"x").read()
    )
    plan = result.plan
    assert (plan.number, plan.issued_on) == ("", None)
    task = plan.tasks.get(code="1.1")
    assert (task.deadline_kind, task.due_date, task.deadline_raw) == (
        "unknown",
        None,
        "Tháng 10/2205",
    )
    warnings = " ".join(plan.sources.get().warnings)
    assert "S7/KH-UBNO£" in warnings and "Tháng 10/2205" in warnings


def test_the_apis_own_errors_are_in_vietnamese(client, login, users, plan):
    assert "Chưa đăng nhập" in client.get("/api/plans/").json()["detail"]
    task = plan.tasks.get(code="1.2")
    response = login(users["office"]).patch(
        f"/api/tasks/{task.pk}/", {"lead": 999999}, content_type="application/json"
    )
    assert response.status_code in (400, 422)
    assert "không trỏ tới đối tượng nào" in response.content.decode()
