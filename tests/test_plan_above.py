"""The plan above: a commune's "Việc của tôi" and reports hold the tasks of its province's plan
that give it work collectively; it reports in the province's period, the province's office sees
which units answered, and the province's dashboard counts their answers."""

from __future__ import annotations

import datetime as dt

from theodoi.dashboards.selectors import unit_dashboard
from theodoi.reporting import services
from theodoi.reporting.choices import ReportStatus, TaskStatus
from theodoi.reporting.models import Report
from theodoi.reporting.selectors import agency_work_tasks, period_task_answers, unit_task_answers

pytest_plugins = ["tests.collective_world"]


def _report(world, who, status=TaskStatus.DONE, progress=100, *, accept=False):
    report = services.report_open(
        period=world["period"], agency=world["agencies"][who], user=world["users"][who]
    )
    share = report.task_updates.get(task=world["tasks"]["2"])
    services.report_save(
        report=report,
        user=world["users"][who],
        summary="",
        task_updates=[{"id": share.pk, "status": status, "progress": progress, "result": "Xong"}],
        indicator_values=[],
    )
    services.report_submit(report=report, user=world["users"][who])
    if accept:
        services.report_accept(report=report, user=world["users"]["office"])
    return report


def test_a_communes_work_holds_the_province_tasks_given_to_the_communes(world):
    tasks = {t.code: t.role_label for t in agency_work_tasks(agency=world["agencies"]["vinhlai"])}
    assert tasks == {"2": "Chủ trì chung (phần được giao)", "3": "Phối hợp"}


def test_my_work_page_shows_the_upper_plans_tasks_and_period(world, client):
    client.force_login(world["users"]["vinhlai"])
    body = client.get("/viec-cua-toi/").content.decode()
    assert "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính" in body
    assert "Phổ cập kỹ năng số cho người dân" in body
    assert "Xây dựng nền tảng dữ liệu dùng chung" not in body  # a department's task
    assert world["period"].label in body and "Lập báo cáo" in body
    assert "(Thành phố Hải Phòng)" in body  # the plan is the province's


def test_a_commune_opens_its_report_in_the_province_period(world, client):
    client.force_login(world["users"]["vinhlai"])
    agency = world["agencies"]["vinhlai"]
    answer = client.post(f"/bao-cao/ky/{world['period'].pk}/co-quan/{agency.pk}/mo/")
    report = Report.objects.get(period=world["period"], agency=agency)
    assert answer.status_code == 302 and answer["Location"] == report.get_absolute_url()
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Chủ trì chung (phần được giao)" in page
    assert "Số hóa hồ sơ" in page


def test_the_office_sees_which_units_answered(world):
    _report(world, "vinhlai")
    answers = {
        a["task"].code: a
        for a in period_task_answers(period=world["period"], user=world["users"]["office"])
    }
    share = answers["2"]
    assert share["expected"] == 3  # two communes and the department coordinating
    assert share["answered"] == [world["agencies"]["vinhlai"]]
    assert world["agencies"]["anlao"] in share["missing"]
    # nobody but the plan's office reads who answered
    assert period_task_answers(period=world["period"], user=world["users"]["anlao"]) == []


def test_a_draft_or_returned_report_is_no_answer(world):
    report = _report(world, "vinhlai")
    services.report_return(report=report, user=world["users"]["office"], comment="Bổ sung số liệu")
    answers = period_task_answers(period=world["period"], user=world["users"]["office"])
    assert all(a["answered"] == [] for a in answers)


def test_the_period_page_says_how_many_units_answered(world, client):
    report = _report(world, "vinhlai")
    client.force_login(world["users"]["office"])
    body = client.get(f"/bao-cao/ky/{world['period'].pk}/").content.decode()
    assert "Đơn vị đã báo cáo: 1/3" in body
    # the commune that answered, linked to its report (the office opens it from here)
    assert f'<a href="{report.get_absolute_url()}">Ủy ban nhân dân xã vĩnh lại' in body


def test_the_province_dashboard_counts_the_communes_answers(world, client):
    today = dt.date.today()
    province = world["province"]
    before = unit_dashboard(unit=province, as_of=today).counts
    _report(world, "vinhlai", accept=True)
    _report(world, "anlao", accept=True)
    after = unit_dashboard(unit=province, as_of=today).counts
    task = world["tasks"]["2"]
    task.refresh_from_db()
    assert task.reported_status == TaskStatus.DONE
    # the task left the open ones for the done ones on the province's dashboard (roll-up)
    assert after["open_within_deadline"] == before["open_within_deadline"] - 1
    done = [k for k in after if k.endswith("done_on_time")]
    assert done and all(after[k] == before.get(k, 0) + 1 for k in done)
    answers = {
        a["task"].code: a for a in unit_task_answers(unit=province, user=world["users"]["office"])
    }
    assert len(answers["2"]["answered"]) == 2 and answers["2"]["period"] == world["period"]
    client.force_login(world["users"]["office"])
    body = client.get(f"/bang-dieu-khien/{province.pk}/").content.decode()
    assert "Đơn vị đã báo cáo: 2/3" in body


def test_a_commune_reports_only_on_what_concerns_it(world):
    report = services.report_open(
        period=world["period"], agency=world["agencies"]["kinhte"], user=_reporter(world)
    )
    assert report.task_updates.count() == 0
    assert report.status == ReportStatus.DRAFT


def _reporter(world):
    from tests.conftest import make_user
    from theodoi.accounts.choices import Role

    return make_user(
        "cb.kinhte.vl", Role.REPORTER, world["communes"][0], world["agencies"]["kinhte"]
    )


def test_who_answered_costs_the_same_queries_for_many_tasks(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from theodoi.plans.models import Task

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            period_task_answers(period=world["period"], user=world["users"]["office"])
        return len(queries)

    count()  # the office's roles, read once per user
    few = count()
    for i in range(10):
        Task.objects.create(
            plan=world["plan"],
            code=f"9.{i}",
            title=f"Nhiệm vụ {i}",
            lead_collective="commune_committees",
            order=90 + i,
        )
    assert count() == few
