"""Every status explains itself (dashboards.reasons): what the task was judged against, what
that gives on the date, the last accepted report and the rule, on both dashboard paths."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.conftest import make_quarter
from tests.test_dashboards import submit_and_accept
from theodoi.dashboards.reasons import with_reasons
from theodoi.dashboards.selectors import TaskFilter, dashboard_task_rows, unit_dashboard
from theodoi.plans.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(plan):
    return make_quarter(plan, 2025, 3)


def _reason_of(unit, code: str, *, fast: bool):
    today = timezone.localdate()
    board = unit_dashboard(unit=unit, as_of=today, fast=fast)
    rows = [r for r in dashboard_task_rows(board=board, wanted=TaskFilter()) if r.task.code == code]
    return with_reasons(rows, today)[0].reason


@pytest.mark.parametrize("fast", [False, True])
def test_an_overdue_task_reported_at_100_percent_says_its_deadline_and_why_it_is_not_done(
    users,
    agencies,
    units,
    plan,
    period,
    fast,
):
    Task.objects.filter(code="1.2").update(deadline_kind="date", due_date=dt.date(2025, 9, 1))
    submit_and_accept(users, agencies, period, status="in_progress", progress=100)
    reason = _reason_of(units["commune"], "1.2", fast=fast)
    days = (timezone.localdate() - dt.date(2025, 9, 1)).days
    assert reason.basis.startswith("Hạn hoàn thành: 01/09/2025")
    assert f"quá hạn {days} ngày" in reason.verdict
    assert "tiến độ báo cáo 100% nhưng trạng thái chưa là “Hoàn thành”" in reason.verdict
    assert reason.last_report.agency == "Phòng Kinh tế"
    assert reason.last_report.period == period.label
    assert reason.last_report.accepted_on == timezone.localdate()
    assert reason.rule == "tt-thoi-han"


def test_a_recurring_task_done_in_an_earlier_cycle_names_the_cycle_it_missed(
    users,
    agencies,
    units,
    plan,
    period,
):
    Task.objects.filter(code="1.2").update(
        deadline_kind="recurring",
        recurrence="quarterly",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2026, 6, 30),
    )
    submit_and_accept(users, agencies, period, status="done", progress=100)
    if timezone.localdate() <= dt.date(2026, 6, 30):
        pytest.skip("the last cycle has not ended yet")
    reason = _reason_of(units["commune"], "1.2", fast=True)
    assert reason.basis.startswith("Chu kỳ hằng quý từ 01/04/2026 đến 30/06/2026")
    assert "lần hoàn thành ngày 30/09/2025 thuộc chu kỳ trước, không tính" in reason.verdict
    assert reason == _reason_of(units["commune"], "1.2", fast=False)


def test_a_continuous_task_cites_the_rule_that_it_is_never_overdue(units, plan):
    reason = _reason_of(units["commune"], "1.2", fast=True)
    assert reason.rule == "tt-thuong-xuyen" and reason.last_report is None


def test_a_task_without_an_accepted_report_says_so(units, plan):
    reason = _reason_of(units["commune"], "2.1", fast=True)
    assert reason.last_report is None
    assert reason.verdict.startswith("Chưa hoàn thành; còn ")


def _reasons_html(body: str) -> list[str]:
    return re.findall(r'<details class="status-reason".*?</details>', body, re.S)


@pytest.mark.parametrize("fast", [False, True])
def test_the_task_list_and_the_dashboard_open_each_status_to_its_reason(
    client,
    users,
    agencies,
    units,
    plan,
    period,
    monkeypatch,
    fast,
):
    monkeypatch.setattr("theodoi.dashboards.selectors.ROLLUPS_FOR_TODAY", fast)
    Task.objects.filter(code="1.2").update(deadline_kind="date", due_date=dt.date(2025, 9, 1))
    submit_and_accept(users, agencies, period, status="in_progress", progress=100)
    client.force_login(users["office"])
    commune = units["commune"]
    listing = client.get(f"/bang-dieu-khien/{commune.pk}/nhiem-vu/?category=open_overdue")
    shown = _reasons_html(listing.content.decode())
    assert len(shown) == 2  # 1.1 (due 31/10/2025, no report) and 1.2
    assert any("Phòng Kinh tế" in r and "01/09/2025" in r for r in shown)
    assert all('href="/bang-dieu-khien/phuong-phap-cham-diem/#tt-thoi-han"' in r for r in shown)
    board = client.get(f"/bang-dieu-khien/{commune.pk}/").content.decode()
    assert sorted(_reasons_html(board)) == sorted(shown)
    method = client.get("/bang-dieu-khien/phuong-phap-cham-diem/").content.decode()
    for anchor in ("tt-bao-cao", "tt-thuong-xuyen", "tt-dieu-kien", "tt-thoi-han"):
        assert f'id="{anchor}"' in method


def test_the_public_page_opens_each_status_to_its_reason(client, plan):
    plan.is_public = True
    plan.save()
    body = client.get(f"/bang-dieu-khien/cong-khai/ke-hoach/{plan.pk}/").content.decode()
    assert len(_reasons_html(body)) == plan.tasks.count()
    assert "Chưa có báo cáo nào được tiếp nhận" in body
