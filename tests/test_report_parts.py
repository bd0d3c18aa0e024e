"""The four text parts of a report (I. kết quả thực hiện; II. tồn tại, hạn chế, khó khăn, vướng
mắc; III. nguyên nhân; IV. nhiệm vụ, giải pháp kỳ tới): saved by the page and the API through
report_save, kept in every version's snapshot."""

from __future__ import annotations

import pytest

from tests.conftest import make_quarter
from tests.test_reporting import formset_data
from theodoi.reporting import services
from theodoi.reporting.models import ReportEvent

PARTS = {
    "summary": "Đã triển khai 12 dịch vụ công trực tuyến toàn trình.",
    "difficulties": "Hạ tầng mạng ở thôn Đồng Tâm chưa ổn định.",
    "causes": "Kinh phí năm 2026 được giao muộn.",
    "next_tasks": "Hoàn thành số hóa hồ sơ hộ tịch trong quý II.",
}


@pytest.fixture
def report(plan, agencies, users):
    period = make_quarter(plan, 2026, 1)
    return services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])


def _save(report, user, **parts):
    report.refresh_from_db()
    return services.report_save(
        report=report,
        user=user,
        summary=parts.pop("summary", report.summary),
        task_updates=[],
        indicator_values=[],
        **parts,
    )


def test_report_save_keeps_the_four_parts_and_the_snapshot_holds_them(report, users):
    _save(report, users["reporter"], **PARTS)
    report.refresh_from_db()
    assert {name: getattr(report, name) for name in PARTS} == PARTS
    event = ReportEvent.objects.filter(report=report, action="save").get()
    assert {name: event.snapshot[name] for name in PARTS} == PARTS


def test_a_part_left_out_is_unchanged_and_an_unchanged_save_leaves_no_event(report, users):
    _save(report, users["reporter"], **PARTS)
    events = ReportEvent.objects.count()
    _save(report, users["reporter"], causes="Nguyên nhân mới.")
    report.refresh_from_db()
    assert report.causes == "Nguyên nhân mới." and report.difficulties == PARTS["difficulties"]
    assert ReportEvent.objects.count() == events + 1
    updated = report.updated_at
    _save(report, users["reporter"], **{**PARTS, "causes": "Nguyên nhân mới."})
    report.refresh_from_db()
    assert ReportEvent.objects.count() == events + 1 and report.updated_at == updated


def test_the_submitted_version_keeps_its_parts(report, users):
    _save(report, users["reporter"], **PARTS)
    services.report_submit(report=report, user=users["reporter"])
    services.report_return(report=report, user=users["office"], comment="Bổ sung nguyên nhân")
    _save(report, users["reporter"], causes="Thiếu cán bộ chuyên trách.")
    first = ReportEvent.objects.get(report=report, action="submit", version=1)
    assert first.snapshot["causes"] == PARTS["causes"]


def test_the_page_saves_the_four_parts_and_shows_them_in_order(login, report, users):
    client = login(users["reporter"])
    response = client.post(f"/bao-cao/{report.pk}/", {**formset_data(report), **PARTS})
    assert response.status_code == 302
    report.refresh_from_db()
    assert {name: getattr(report, name) for name in PARTS} == PARTS
    page = client.get(f"/bao-cao/{report.pk}/").content.decode()
    labels = [
        "I. Kết quả thực hiện",
        "II. Tồn tại, hạn chế, khó khăn, vướng mắc",
        "III. Nguyên nhân",
        "IV. Nhiệm vụ, giải pháp kỳ tới",
        "V. Đề xuất, kiến nghị",
    ]
    positions = [page.index(label) for label in labels]
    assert positions == sorted(positions)
    assert all(text in page for text in PARTS.values())


def test_the_office_reads_the_parts_of_a_sent_report(login, report, users):
    _save(report, users["reporter"], **PARTS)
    services.report_submit(report=report, user=users["reporter"])
    page = login(users["office"]).get(f"/bao-cao/{report.pk}/").content.decode()
    assert "III. Nguyên nhân" in page and PARTS["causes"] in page


def test_a_stale_page_save_names_the_part_another_person_changed(login, report, users):
    data = {**formset_data(report), **PARTS}
    _save(report, users["reporter"], difficulties="Đã sửa ở tab khác.")
    response = login(users["reporter"]).post(f"/bao-cao/{report.pk}/", data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Đã sửa ở tab khác." in page and PARTS["difficulties"] in page
    report.refresh_from_db()
    assert report.difficulties == "Đã sửa ở tab khác."


def test_the_api_saves_and_answers_the_four_parts(login, report, users):
    client = login(users["reporter"])
    response = client.post(
        f"/api/reports/{report.pk}/save/", {**PARTS}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert {name: response.json()[name] for name in PARTS} == PARTS
    partial = client.post(
        f"/api/reports/{report.pk}/save/", {"causes": "Khác."}, content_type="application/json"
    )
    assert partial.json()["difficulties"] == PARTS["difficulties"]
    assert partial.json()["causes"] == "Khác."
