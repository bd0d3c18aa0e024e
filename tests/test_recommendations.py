"""Recommendations (đề xuất, kiến nghị): a reporter addresses them to its unit's office or a unit
above; they reach that office once the report is sent; its office answers; the sender reads it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.conftest import make_quarter, make_user
from theodoi.accounts.choices import Role
from theodoi.reporting import services
from theodoi.reporting.models import Recommendation, ReportEvent


@pytest.fixture
def report(plan, agencies, users):
    period = make_quarter(plan, 2026, 1)
    return services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])


@pytest.fixture
def province_office(units):
    return make_user("vp.haiphong", Role.OFFICE, units["province"])


def _add(report, user, unit, text="Đề nghị bổ sung kinh phí số hóa hồ sơ.", **extra):
    return services.recommendation_add(
        report=report, user=user, text=text, addressed_unit=unit, **extra
    )


def test_a_reporter_addresses_its_own_unit_or_a_unit_above(report, users, units, agencies):
    row = report.task_updates.order_by("task__order").first()
    up = _add(report, users["reporter"], units["province"], addressed_agency=agencies["skhcn"],
              task_update=row)  # fmt: skip
    assert (up.addressed_unit, up.addressed_agency, up.task_update) == (
        units["province"], agencies["skhcn"], row,
    )  # fmt: skip
    _add(report, users["reporter"], units["commune"])
    with pytest.raises(ValidationError, match="cấp của cơ quan mình hoặc cấp trên"):
        _add(report, users["reporter"], units["other"])
    with pytest.raises(ValidationError, match="không thuộc Xã Vĩnh Lại"):
        _add(report, users["reporter"], units["commune"], addressed_agency=agencies["skhcn"])
    with pytest.raises(ValidationError, match="không được để trống"):
        _add(report, users["reporter"], units["commune"], text="   ")
    with pytest.raises(PermissionDenied):
        _add(report, users["office"], units["commune"])


def test_recommendations_travel_with_the_submitted_version(report, users, units):
    rec = _add(report, users["reporter"], units["province"])
    services.report_submit(report=report, user=users["reporter"])
    snapshot = ReportEvent.objects.get(report=report, action="submit").snapshot
    assert snapshot["recommendations"] == [
        {"id": rec.pk, "text": rec.text, "task_update": None,
         "addressed_unit": units["province"].pk, "addressed_agency": None},
    ]  # fmt: skip
    with pytest.raises(ValidationError):  # sent: the draft is closed
        services.recommendation_remove(recommendation=rec, user=users["reporter"])


def test_only_the_office_of_the_addressed_unit_answers(report, users, units, province_office):
    rec = _add(report, users["reporter"], units["province"])
    services.report_submit(report=report, user=users["reporter"])
    with pytest.raises(PermissionDenied, match="Thành phố Hải Phòng"):
        services.recommendation_answer(recommendation=rec, user=users["office"], answer="Đồng ý")
    with pytest.raises(ValidationError, match="không được để trống"):
        services.recommendation_answer(recommendation=rec, user=province_office, answer=" ")
    services.recommendation_answer(
        recommendation=rec, user=province_office, answer="Sở Tài chính bố trí trong quý II."
    )
    rec.refresh_from_db()
    assert (rec.status, rec.answer, rec.answered_by) == (
        "answered", "Sở Tài chính bố trí trong quý II.", province_office,
    )  # fmt: skip


def test_an_answered_recommendation_cannot_be_removed(report, users, units, province_office):
    rec = _add(report, users["reporter"], units["province"])
    services.report_submit(report=report, user=users["reporter"])
    services.recommendation_answer(recommendation=rec, user=province_office, answer="Đã xử lý.")
    services.report_return(report=report, user=users["office"], comment="Bổ sung")
    with pytest.raises(ValidationError, match="đã được trả lời"):
        services.recommendation_remove(recommendation=rec, user=users["reporter"])


def test_the_office_lists_what_was_sent_to_it_and_answers(
    login, report, users, units, province_office
):
    mine = _add(report, users["reporter"], units["province"], text="Kiến nghị gửi tỉnh.")
    _add(report, users["reporter"], units["commune"], text="Kiến nghị gửi xã.")
    office = login(province_office)
    assert "Kiến nghị gửi tỉnh." not in office.get("/bao-cao/kien-nghi/").content.decode()
    services.report_submit(report=report, user=users["reporter"])
    page = office.get("/bao-cao/kien-nghi/").content.decode()
    assert "Kiến nghị gửi tỉnh." in page and "Kiến nghị gửi xã." not in page
    answered = office.post(
        "/bao-cao/kien-nghi/?trang_thai=open",
        {"id": mine.pk, f"r{mine.pk}-answer": "UBND thành phố sẽ bố trí kinh phí."},
    )
    assert answered.status_code == 302
    assert (
        "Kiến nghị gửi tỉnh."
        not in office.get("/bao-cao/kien-nghi/?trang_thai=open").content.decode()
    )
    assert (
        "Kiến nghị gửi tỉnh."
        in office.get("/bao-cao/kien-nghi/?trang_thai=answered").content.decode()
    )
    sender = login(users["reporter"]).get(f"/bao-cao/{report.pk}/").content.decode()
    assert "UBND thành phố sẽ bố trí kinh phí." in sender


def test_an_empty_answer_is_refused_on_the_page_and_keeps_nothing(
    login, report, users, units, province_office
):
    rec = _add(report, users["reporter"], units["province"])
    services.report_submit(report=report, user=users["reporter"])
    response = login(province_office).post(
        "/bao-cao/kien-nghi/", {"id": rec.pk, f"r{rec.pk}-answer": ""}
    )
    assert response.status_code == 422
    assert "Nội dung trả lời không được để trống." in response.content.decode()
    rec.refresh_from_db()
    assert rec.status == "open"


def test_recommendations_out_of_reach_are_404(login, report, users, units):
    rec = _add(report, users["reporter"], units["commune"])
    services.report_submit(report=report, user=users["reporter"])
    response = login(users["other_office"]).post(
        "/bao-cao/kien-nghi/", {"id": rec.pk, f"r{rec.pk}-answer": "Trả lời"}
    )
    assert response.status_code == 404


def test_the_received_list_is_paginated(report, users, units, province_office, login):
    for n in range(23):
        _add(report, users["reporter"], units["province"], text=f"Kiến nghị số {n}.")
    services.report_submit(report=report, user=users["reporter"])
    office = login(province_office)
    first = office.get("/bao-cao/kien-nghi/").content.decode()
    second = office.get("/bao-cao/kien-nghi/?page=2").content.decode()
    assert first.count('class="card mb-3 recommendation"') == 20
    assert second.count('class="card mb-3 recommendation"') == 3


def test_the_report_page_adds_and_removes_a_recommendation(login, report, users, units):
    client = login(users["reporter"])
    added = client.post(
        f"/bao-cao/{report.pk}/kien-nghi/",
        {"text": "Đề nghị tập huấn.", "addressed_unit": units["province"].pk},
        HTTP_HX_REQUEST="true",
    )
    assert added.status_code == 200 and "Đề nghị tập huấn." in added.content.decode()
    rec = Recommendation.objects.get()
    refused = client.post(
        f"/bao-cao/{report.pk}/kien-nghi/",
        {"text": "", "addressed_unit": units["province"].pk},
        HTTP_HX_REQUEST="true",
    )
    assert "Nội dung đề xuất, kiến nghị không được để trống." in refused.content.decode()
    removed = client.post(f"/bao-cao/{report.pk}/kien-nghi/{rec.pk}/go/")
    assert removed.status_code == 302 and not Recommendation.objects.exists()


# -- the API -------------------------------------------------------------------------------------


def test_api_adds_lists_and_answers_recommendations(login, report, users, units, province_office):
    reporter = login(users["reporter"])
    row = report.task_updates.order_by("task__order").first()
    added = reporter.post(
        f"/api/reports/{report.pk}/recommendations/",
        {"text": "Đề nghị hỗ trợ kinh phí.", "addressed_unit": units["province"].pk,
         "task_update": row.pk},
        content_type="application/json",
    )  # fmt: skip
    assert added.status_code == 201, added.content
    assert added.json()["status"] == "open" and added.json()["task_update"] == row.pk
    in_report = reporter.get(f"/api/reports/{report.pk}/").json()["recommendations"]
    assert [r["text"] for r in in_report] == ["Đề nghị hỗ trợ kinh phí."]
    services.report_submit(report=report, user=users["reporter"])

    office = login(province_office)
    listed = office.get("/api/recommendations/?status=open").json()
    assert [r["id"] for r in listed["results"]] == [added.json()["id"]]
    assert listed["results"][0]["agency"] == report.agency_id
    answered = office.post(
        f"/api/recommendations/{added.json()['id']}/answer/",
        {"answer": "Đồng ý, bố trí trong quý II."},
        content_type="application/json",
    )
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    assert office.get("/api/recommendations/?status=open").json()["results"] == []


def test_api_refusals_are_422_for_rules_and_404_out_of_reach(
    login, report, users, units, agencies, province_office
):
    reporter = login(users["reporter"])
    url = f"/api/reports/{report.pk}/recommendations/"
    elsewhere = reporter.post(
        url, {"text": "X", "addressed_unit": units["other"].pk}, content_type="application/json"
    )
    assert elsewhere.status_code == 422
    unknown = reporter.post(
        url, {"text": "X", "addressed_unit": 10**12}, content_type="application/json"
    )
    assert unknown.status_code == 422
    rec = _add(report, users["reporter"], units["province"])
    services.report_submit(report=report, user=users["reporter"])
    not_mine = login(users["office"]).post(
        f"/api/recommendations/{rec.pk}/answer/", {"answer": "Có"}, content_type="application/json"
    )
    assert not_mine.status_code == 404  # sent to the province: not the commune office's to answer
    reporter = login(users["reporter"])  # the same test client, signed in again
    after_sending = reporter.post(
        url,
        {"text": "Muộn", "addressed_unit": units["commune"].pk},
        content_type="application/json",
    )
    assert after_sending.status_code == 422


def test_a_recommendation_not_yet_sent_cannot_be_answered(report, users, units, province_office):
    rec = _add(report, users["reporter"], units["province"])
    with pytest.raises(ValidationError, match="chưa được gửi"):
        services.recommendation_answer(recommendation=rec, user=province_office, answer="Sớm")
