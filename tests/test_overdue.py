"""Overdue lists: each task's unit, lead, deadline and days overdue; filters by sub-unit, lead
and NQ57 group; the same list as CSV and Excel."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.conftest import extraction
from theodoi.dashboards import selectors
from theodoi.plans.models import Task
from theodoi.plans.services import plan_activate, plan_import_extraction

DUE = dt.date(2025, 10, 31)  # the due date of task 1.1 in the fixture plan


@pytest.fixture
def two_plans(units, agencies, plan):
    """The commune's plan and one of the other commune, both with task 1.1 overdue."""
    other = plan_import_extraction(
        unit=units["other"],
        extraction=extraction(title="Kế hoạch chuyển đổi số của xã khác", number="7/KH-UBND"),
    ).plan
    plan_activate(plan=other)
    return plan, other


@pytest.fixture(params=[True, False], ids=["roll-ups", "python"])
def both_paths(request, monkeypatch):
    monkeypatch.setattr(selectors, "ROLLUPS_FOR_TODAY", request.param)
    return request.param


def _list(client, board_unit, **params):
    return client.get(
        f"/bang-dieu-khien/{board_unit.pk}/nhiem-vu/", {"category": "open_overdue", **params}
    ).content.decode()


def test_the_overdue_list_shows_unit_lead_deadline_and_days_overdue(
    login, users, units, two_plans, both_paths
):
    body = _list(login(users["leader"]), units["province"])
    days = (timezone.localdate() - DUE).days
    assert "Xã Vĩnh Lại" in body and "Xã Khác" in body
    assert "Phòng Văn hóa - Xã hội" in body
    assert "31/10/2025" in body and "Tháng 10/2025" in body
    assert f"{days} ngày" in body
    assert '<span data-figure="count">2</span>' in body


def test_the_overdue_list_filters_by_sub_unit(login, users, units, two_plans, both_paths):
    body = _list(login(users["leader"]), units["province"], unit=units["other"].pk)
    assert '<span data-figure="count">1</span>' in body
    assert "Xã Khác" in body.split('id="task-list"')[1]
    assert "Xã Vĩnh Lại</td>" not in body


def test_the_overdue_list_filters_by_lead_and_group(login, users, units, two_plans, both_paths):
    plan, _other = two_plans
    client = login(users["leader"])
    lead = plan.tasks.get(code="1.1").lead_id
    assert '<span data-figure="count">1</span>' in _list(client, units["province"], lead=lead)
    assert '<span data-figure="count">2</span>' in _list(client, units["province"], nq57=1)
    assert '<span data-figure="count">0</span>' in _list(client, units["province"], nq57=2)


@pytest.mark.parametrize(
    "params",
    [{"unit": "abc"}, {"nq57": "99"}, {"lead": "9" * 30}, {"unit": "999999"}, {"page": "x"}],
)
def test_a_filter_that_is_not_valid_is_ignored(login, users, units, two_plans, params):
    body = _list(login(users["leader"]), units["province"], **params)
    assert '<span data-figure="count">2</span>' in body


def test_a_unit_outside_the_dashboard_is_not_a_filter(login, users, units, two_plans):
    # the commune office's dashboard: the other commune is not below it
    body = _list(login(users["office"]), units["commune"], unit=units["other"].pk)
    assert '<span data-figure="count">1</span>' in body
    assert "Xã Khác</td>" not in body


def test_the_overdue_list_downloads_as_csv(login, users, units, two_plans, both_paths):
    response = login(users["leader"]).get(
        f"/bang-dieu-khien/{units['province'].pk}/nhiem-vu.csv", {"unit": units["other"].pk}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "nhiem-vu-qua-han-hai-phong-" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, *data = rows
    assert header[0] == "Đơn vị" and "Số ngày quá hạn" in header
    assert len(data) == 1
    row = dict(zip(header, data[0], strict=True))
    assert row["Đơn vị"] == "Xã Khác"
    assert row["Hạn phải hoàn thành"] == "31/10/2025"
    assert row["Số ngày quá hạn"] == str((timezone.localdate() - DUE).days)


def test_the_overdue_list_downloads_as_excel(login, users, units, two_plans):
    response = login(users["leader"]).get(f"/bang-dieu-khien/{units['province'].pk}/nhiem-vu.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Đơn vị"
    assert sorted(r[0] for r in rows[1:]) == ["Xã Khác", "Xã Vĩnh Lại"]
    assert {r[8] for r in rows[1:]} == {(timezone.localdate() - DUE).days}


def test_a_formula_in_a_title_is_exported_as_text(login, users, units, two_plans):
    Task.objects.filter(code="1.1").update(title='=HYPERLINK("http://x","y")')
    response = login(users["leader"]).get(f"/bang-dieu-khien/{units['province'].pk}/nhiem-vu.csv")
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")


def test_the_export_needs_a_visible_unit(login, users, units, two_plans):
    response = login(users["other_office"]).get(
        f"/bang-dieu-khien/{units['commune'].pk}/nhiem-vu.csv"
    )
    assert response.status_code == 404
