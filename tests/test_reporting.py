import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.conftest import make_quarter, make_user
from theodoi.accounts.choices import Role
from theodoi.reporting import services
from theodoi.reporting.models import ReportEvent


@pytest.fixture
def period(plan):
    return make_quarter(plan, 2026, 1)


def _request_extension(users, agencies, task, due=dt.date(2030, 1, 1)):
    """The Phòng Kinh tế's reporter asks to move ``task``'s deadline to ``due``."""
    return services.extension_request(
        task=task,
        agency=agencies["kinhte"],
        user=users["reporter"],
        requested_due=due,
        reason="Lý do",
    )


def formset_data(report, **task_fields):
    updates = list(report.task_updates.order_by("task__order"))
    values = list(report.indicator_values.order_by("indicator__order"))
    data = {
        "summary": "Kết quả quý I",
        "version": report.updated_at.isoformat(),
        "tasks-TOTAL_FORMS": len(updates),
        "tasks-INITIAL_FORMS": len(updates),
        "indicators-TOTAL_FORMS": len(values),
        "indicators-INITIAL_FORMS": len(values),
    }
    for i, u in enumerate(updates):
        data.update(
            {
                f"tasks-{i}-id": u.pk,
                f"tasks-{i}-status": "in_progress",
                f"tasks-{i}-progress": 40,
                f"tasks-{i}-result": "Đang triển khai",
                f"tasks-{i}-obstacles": "",
                f"tasks-{i}-proposals": "",
                f"tasks-{i}-evidence": "",
            }
        )
        data.update({f"tasks-{i}-{k}": v for k, v in task_fields.items()})
    for i, v in enumerate(values):
        data.update(
            {
                f"indicators-{i}-id": v.pk,
                f"indicators-{i}-value": "62,5",
                f"indicators-{i}-text_value": "",
                f"indicators-{i}-source": "Phòng Kinh tế",
            }
        )
    return data


def test_open_creates_rows_for_the_agencys_tasks_and_indicators(users, agencies, period):
    report = services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])
    # it leads 1.2 and coordinates 1.1: a row for each, its part of 1.1 as a coordinator
    rows = report.task_updates.order_by("task__order")
    assert [(u.task.code, u.role) for u in rows] == [("1.1", "coordinator"), ("1.2", "lead")]
    assert report.indicator_values.count() == 1


def test_full_cycle_submit_return_resubmit_accept(login, users, agencies, period):
    reporter = login(users["reporter"])
    reporter.post(f"/bao-cao/ky/{period.pk}/co-quan/{agencies['kinhte'].pk}/mo/")
    report = period.reports.get()
    response = reporter.post(f"/bao-cao/{report.pk}/", {**formset_data(report), "submit": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.version) == ("submitted", 1)
    assert str(report.indicator_values.get().value) == "62.5000"

    office = login(users["office"])
    office.post(f"/bao-cao/{report.pk}/xu-ly/", {"action": "return", "comment": "Bổ sung số liệu"})
    report.refresh_from_db()
    assert (report.status, report.review_comment) == ("returned", "Bổ sung số liệu")

    reporter = login(users["reporter"])
    assert "Bổ sung số liệu" in reporter.get(f"/bao-cao/{report.pk}/").content.decode()
    data = formset_data(report, status="done", progress=100)
    reporter.post(f"/bao-cao/{report.pk}/", {**data, "submit": "1"})
    report.refresh_from_db()
    assert (report.status, report.version) == ("submitted", 2)

    login(users["office"]).post(f"/bao-cao/{report.pk}/xu-ly/", {"action": "accept"})
    report.refresh_from_db()
    assert report.status == "accepted"
    task = report.task_updates.get(role="lead").task
    assert (task.reported_status, task.reported_progress) == ("done", 100)
    assert task.completed_on is not None
    actions = list(
        ReportEvent.objects.filter(report=report)
        .exclude(action="save")
        .values_list("action", flat=True)
    )
    assert actions == ["submit", "return", "submit", "accept"]
    first = ReportEvent.objects.filter(report=report, action="submit").first()
    assert first.snapshot["tasks"][0]["status"] == "in_progress"  # the first version is kept


def test_text_in_a_numeric_value_is_refused_and_nothing_saved(login, users, agencies, period):
    report = services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])
    data = formset_data(report)
    data["indicators-0-value"] = "N/A"
    response = login(users["reporter"]).post(f"/bao-cao/{report.pk}/", data)
    assert response.status_code == 422
    assert "Giá trị phải là một số" in response.content.decode()
    report.refresh_from_db()
    assert report.summary == "" and report.indicator_values.get().value is None


def test_done_requires_full_progress(login, users, agencies, period):
    report = services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])
    data = formset_data(report, status="done", progress=50)
    response = login(users["reporter"]).post(f"/bao-cao/{report.pk}/", {**data, "submit": "1"})
    assert response.status_code == 422
    assert "tiến độ phải là 100%" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "draft"


def test_progress_over_100_is_refused(login, users, agencies, period):
    report = services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])
    response = login(users["reporter"]).post(
        f"/bao-cao/{report.pk}/", formset_data(report, progress=150)
    )
    assert response.status_code == 422
    assert report.task_updates.get(role="lead").progress == 0


def test_drafts_are_private_to_their_agency(login, users, agencies, units, period):
    report = services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])
    other = make_user("cb.vhxh", Role.REPORTER, units["commune"], agencies["vhxh"])
    assert login(other).get(f"/bao-cao/{report.pk}/").status_code == 404
    assert login(users["office"]).get(f"/bao-cao/{report.pk}/").status_code == 404
    assert login(users["other_office"]).get(f"/bao-cao/{report.pk}/").status_code == 404


def test_another_agency_cannot_change_a_report(login, users, agencies, units, period):
    report = services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])
    services.report_submit(report=report, user=users["reporter"])
    other = make_user("cb.vhxh", Role.REPORTER, units["commune"], agencies["vhxh"])
    with pytest.raises(PermissionDenied):
        services.report_save(
            report=report, user=other, summary="x", task_updates=[], indicator_values=[]
        )
    with pytest.raises(PermissionDenied):
        services.report_accept(report=report, user=other)


def test_locked_period_cannot_be_edited(users, agencies, period):
    report = services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])
    services.period_lock(period=period, user=users["office"])
    report.refresh_from_db()
    with pytest.raises(ValidationError):
        services.report_submit(report=report, user=users["reporter"])


def test_return_needs_a_reason(users, agencies, period):
    report = services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])
    services.report_submit(report=report, user=users["reporter"])
    with pytest.raises(ValidationError, match="lý do"):
        services.report_return(report=report, user=users["office"], comment="  ")


def test_periods_generated_once_per_year(users, plan):
    first = services.periods_generate(
        plan=plan, user=users["office"], year=2026, frequency="quarterly"
    )
    again = services.periods_generate(
        plan=plan, user=users["office"], year=2026, frequency="quarterly"
    )
    assert [p.due for p in first] == [
        dt.date(2026, 3, 15),
        dt.date(2026, 6, 15),
        dt.date(2026, 9, 15),
        dt.date(2026, 12, 15),
    ]
    assert again == []


def test_extension_request_approved_moves_the_deadline(login, users, agencies, plan):
    task = plan.tasks.get(code="1.1")
    task.lead = agencies["kinhte"]
    task.save()
    response = login(users["reporter"]).post(
        f"/bao-cao/nhiem-vu/{task.pk}/gia-han/",
        {"requested_due": "31/12/2026", "reason": "Chờ kinh phí"},
    )
    assert response.status_code == 302
    extension = task.extensions.get()
    login(users["office"]).post(
        "/bao-cao/gia-han/", {"id": extension.pk, "approve": "1", "reason": ""}
    )
    task.refresh_from_db()
    assert task.due_date == dt.date(2026, 12, 31)


def test_refusing_an_extension_needs_a_reason(users, agencies, plan):
    task = plan.tasks.get(code="1.2")
    extension = _request_extension(users, agencies, task)
    with pytest.raises(ValidationError):
        services.extension_decide(
            extension=extension, user=users["office"], approve=False, reason=""
        )


def test_periods_generated_from_the_plans_regime(login, users, plan):
    plan.reporting_regime = [
        {"frequency": "semiannual", "due": "15/6", "recipient": "Sở KH&CN", "raw": "…"},
        {"frequency": "annual", "due": "10/12", "recipient": "Sở KH&CN", "raw": "…"},
        {"frequency": "adhoc", "due": None, "recipient": None, "raw": "…"},
    ]
    plan.save()
    response = login(users["office"]).post(
        f"/bao-cao/ke-hoach/{plan.pk}/ky/", {"action": "regime", "regime-year": 2026}
    )
    assert response.status_code == 302
    assert sorted(p.due for p in plan.periods.all()) == [
        dt.date(2026, 6, 15),
        dt.date(2026, 12, 10),
    ]


def test_adhoc_period_with_end_before_start_is_refused(login, users, plan):
    response = login(users["office"]).post(
        f"/bao-cao/ke-hoach/{plan.pk}/ky/",
        {
            "action": "adhoc",
            "adhoc-label": "Báo cáo đột xuất",
            "adhoc-start": "10/05/2026",
            "adhoc-end": "01/05/2026",
            "adhoc-due": "20/05/2026",
        },
    )
    assert response.status_code == 422
    assert "không sớm hơn" in response.content.decode()
    assert not plan.periods.exists()


def test_adhoc_period_is_created(login, users, plan):
    login(users["office"]).post(
        f"/bao-cao/ke-hoach/{plan.pk}/ky/",
        {
            "action": "adhoc",
            "adhoc-label": "Báo cáo đột xuất",
            "adhoc-start": "01/05/2026",
            "adhoc-end": "10/05/2026",
            "adhoc-due": "20/05/2026",
        },
    )
    assert plan.periods.get().kind == "adhoc"


def test_report_conflict_shows_the_other_save_and_a_second_save_is_deliberate(
    login, users, agencies, period
):
    import re

    report = services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])
    mine = formset_data(report)  # opened now, with the current version
    update = report.task_updates.get(role="lead")
    services.report_save(
        report=report,
        user=users["reporter"],
        summary="Bản của người kia",
        task_updates=[{"id": update.pk, "result": "Kết quả của người kia"}],
        indicator_values=[],
    )
    client = login(users["reporter"])
    response = client.post(f"/bao-cao/{report.pk}/", mine)
    body = response.content.decode()
    assert response.status_code == 422
    assert "Kết quả của người kia" in body and "Đang triển khai" in body  # both sides shown
    report.refresh_from_db()
    assert report.summary == "Bản của người kia"  # nothing lost
    version = re.search(r'name="version" value="([^"]+)"', body).group(1)
    client.post(f"/bao-cao/{report.pk}/", {**mine, "version": version})
    report.refresh_from_db()
    assert report.summary == "Kết quả quý I"


def test_only_the_plans_office_decides_an_extension(login, users, agencies, plan):
    task = plan.tasks.get(code="1.2")
    extension = _request_extension(users, agencies, task)
    decision = {"id": extension.pk, "approve": "1", "reason": ""}
    assert login(users["reporter"]).post("/bao-cao/gia-han/", decision).status_code == 403
    assert login(users["other_office"]).post("/bao-cao/gia-han/", decision).status_code == 404
    extension.refresh_from_db()
    assert extension.status == "pending"


def _form_submit_queries(client, report, progress: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.security_actions import report_form_data

    data = report_form_data(report, submit=True)
    for key in [k for k in data if k.startswith("tasks-") and k.endswith("-progress")]:
        data[key] = str(progress)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/bao-cao/{report.pk}/", data)
    assert response.status_code == 302, response.content[:500]
    return len(queries.captured_queries)


def test_the_report_form_reads_and_writes_per_changed_row_only(login, users, agencies, plan):
    """No query per row to validate or re-read it: a report with five more task rows, all of
    them changed, costs exactly one update and one audit entry per extra row."""
    from theodoi.plans.models import Task

    client = login(users["reporter"])
    small = services.report_open(
        period=make_quarter(plan, 2026, 1), agency=agencies["kinhte"], user=users["reporter"]
    )
    for i in range(5):
        Task.objects.create(plan=plan, code=f"9.{i}", title=f"Việc {i}", lead=agencies["kinhte"])
    large = services.report_open(
        period=make_quarter(plan, 2026, 2), agency=agencies["kinhte"], user=users["reporter"]
    )
    assert large.task_updates.count() == small.task_updates.count() + 5
    assert _form_submit_queries(client, large, 30) == _form_submit_queries(client, small, 30) + 10
    assert set(large.task_updates.values_list("progress", flat=True)) == {30}


def test_the_report_form_refuses_a_row_of_another_report(login, users, agencies, plan):
    from tests.security_actions import report_form_data

    client = login(users["reporter"])
    mine = services.report_open(
        period=make_quarter(plan, 2026, 1), agency=agencies["kinhte"], user=users["reporter"]
    )
    other = services.report_open(
        period=make_quarter(plan, 2026, 2), agency=agencies["kinhte"], user=users["reporter"]
    )
    data = report_form_data(mine)
    data["tasks-0-id"] = str(other.task_updates.get(role="lead").pk)
    data["tasks-0-progress"] = "55"
    assert client.post(f"/bao-cao/{mine.pk}/", data).status_code == 422
    assert other.task_updates.get(role="lead").progress == 0
    assert mine.task_updates.get(role="lead").progress == 0


def test_a_save_that_changes_nothing_writes_nothing(users, agencies, period):
    report = services.report_open(period=period, agency=agencies["kinhte"], user=users["reporter"])
    update = report.task_updates.get(role="lead")
    version = report.updated_at
    saved = services.report_save(
        report=report,
        user=users["reporter"],
        summary=report.summary,
        task_updates=[{"id": update.pk, "status": update.status, "progress": update.progress}],
        indicator_values=[],
    )
    assert saved.updated_at == version
    assert not ReportEvent.objects.filter(report=report, action="save").exists()
    services.report_save(
        report=report,
        user=users["reporter"],
        summary=report.summary,
        task_updates=[{"id": update.pk, "progress": 10}],
        indicator_values=[],
    )
    assert ReportEvent.objects.filter(report=report, action="save").count() == 1
    assert type(report).objects.get(pk=report.pk).updated_at > version


def test_accepting_an_older_report_after_a_newer_one_keeps_the_newer_figures(users, agencies, plan):
    """The office may accept reports in any order: a task's status and an indicator's value
    come from the latest submitted report, not from the last one accepted."""
    import datetime as dt

    from django.utils import timezone

    def submitted(quarter, progress, value, at):
        report = services.report_open(
            period=make_quarter(plan, 2026, quarter),
            agency=agencies["kinhte"],
            user=users["reporter"],
        )
        services.report_save(
            report=report,
            user=users["reporter"],
            summary="",
            task_updates=[
                {
                    "id": report.task_updates.get(role="lead").pk,
                    "status": "in_progress",
                    "progress": progress,
                }
            ],
            indicator_values=[{"id": report.indicator_values.get().pk, "value": value}],
        )
        return services.report_submit(report=report, user=users["reporter"], now=at)

    now = timezone.now()
    older = submitted(1, 20, 10, now - dt.timedelta(days=90))
    newer = submitted(2, 60, 30, now)
    services.report_accept(report=newer, user=users["office"])
    services.report_accept(report=older, user=users["office"])
    task = plan.tasks.get(code="1.2")
    indicator = newer.indicator_values.get().indicator
    indicator.refresh_from_db()
    assert (task.reported_status, task.reported_progress) == ("in_progress", 60)
    assert indicator.reported_value == 30


def test_a_task_has_one_pending_extension_request_at_a_time(users, agencies, plan):
    task = plan.tasks.get(code="1.2")
    first = _request_extension(users, agencies, task)
    with pytest.raises(ValidationError, match="đang chờ xem xét"):
        _request_extension(users, agencies, task, dt.date(2031, 1, 1))
    services.extension_decide(extension=first, user=users["office"], approve=False, reason="Không")
    assert _request_extension(users, agencies, task, dt.date(2031, 1, 1)).pk


def test_an_extension_is_not_approved_when_it_would_bring_the_deadline_forward(
    users, agencies, plan
):
    from theodoi.plans.models import Task

    task = plan.tasks.get(code="1.2")
    extension = _request_extension(users, agencies, task)
    Task.objects.filter(pk=task.pk).update(due_date=dt.date(2031, 6, 30))  # the office moved it
    with pytest.raises(ValidationError, match="không cần gia hạn"):
        services.extension_decide(
            extension=extension, user=users["office"], approve=True, reason=""
        )
    task.refresh_from_db()
    assert task.due_date == dt.date(2031, 6, 30)
    extension.refresh_from_db()
    assert extension.status == "pending"
