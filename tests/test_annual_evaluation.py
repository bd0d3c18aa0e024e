"""The annual evaluation pages: the office's list of grades per unit and year, its exports, and
its publication as a snapshot that later changes to the data do not alter."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.conftest import make_user
from theodoi.accounts.choices import Role
from theodoi.kpis.models import AnnualEvaluation
from theodoi.kpis.selectors import annual_result


@pytest.fixture
def year():
    return timezone.localdate().year


def _rows(result):
    return {(r.kind, r.name): r for r in result.rows}


def test_the_grades_come_from_the_dashboard_scores(plan, year):
    result = annual_result(unit=plan.unit, year=year)
    rows = _rows(result)
    kinhte = rows[("agency", "Phòng Kinh tế")]
    vhxh = rows[("agency", "Phòng Văn hóa - Xã hội")]
    # Phòng Văn hóa - Xã hội's only task with a deadline (October 2025) is not done: overdue
    assert vhxh.open_overdue == 1 and vhxh.band == "khong_hoan_thanh"
    assert kinhte.open_overdue == 0
    assert result.interim  # the year runs: figures up to today


def test_a_past_year_is_judged_at_its_last_day(plan, year):
    result = annual_result(unit=plan.unit, year=year - 1)
    assert result.as_of == dt.date(year - 1, 12, 31) and not result.interim


def test_the_office_page_lists_grades_and_exports_them(plan, users, client, year):
    client.force_login(users["office"])
    url = f"/danh-gia-hang-nam/{plan.unit.pk}/{year}/"
    page = client.get(url).content.decode()
    assert "Phòng Văn hóa - Xã hội" in page and "Không hoàn thành nhiệm vụ" in page
    summary = page[page.index("data-annual-summary") :]
    summary = summary[: summary.index("</table>")]
    # both agencies do not complete: one has an overdue task, the other's only scored item is an
    # indicator without data (counted as not achieved); a commune has no sub-unit
    assert (
        '<td>Không hoàn thành nhiệm vụ</td><td class="text-end">2</td><td class="text-end">0</td>'
        in summary
    )
    csv = client.get(f"/danh-gia-hang-nam/{plan.unit.pk}/{year}.csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Loại,Thứ hạng,Tên,Thuộc,Điểm,Xếp loại")
    assert "Phòng Văn hóa - Xã hội" in csv
    xlsx = client.get(f"/danh-gia-hang-nam/{plan.unit.pk}/{year}.xlsx").content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet.title == f"Xếp loại {year}"
    assert [c.value for c in sheet[1]][:6] == [
        "Loại",
        "Thứ hạng",
        "Tên",
        "Thuộc",
        "Điểm",
        "Xếp loại",
    ]
    assert client.get("/danh-gia-hang-nam/").url == url


def test_only_the_office_of_the_unit_sees_the_page(plan, users, client, year):
    for user in (users["reporter"], users["other_office"]):
        client.force_login(user)
        assert client.get(f"/danh-gia-hang-nam/{plan.unit.pk}/{year}/").status_code == 404
    client.force_login(users["office"])
    assert client.get(f"/danh-gia-hang-nam/{plan.unit.pk}/1999/").status_code == 404
    assert client.get(f"/danh-gia-hang-nam/{plan.unit.pk}/{year + 1}/").status_code == 404


def test_a_published_list_does_not_change_when_the_data_does(plan, users, client, year):
    client.force_login(users["office"])
    client.post(f"/danh-gia-hang-nam/{plan.unit.pk}/{year}/cong-bo/")
    record = AnnualEvaluation.objects.get(unit=plan.unit, year=year)
    assert record.published_by == users["office"]
    published = {r["name"]: r["band"] for r in record.rows}
    assert published["Phòng Văn hóa - Xã hội"] == "khong_hoan_thanh"

    # the overdue task is given a later deadline: the live grade changes, the published does not
    task = plan.tasks.get(code="1.1")
    task.due_date = dt.date(2030, 12, 31)
    task.save()
    live = _rows(annual_result(unit=plan.unit, year=year))
    assert live[("agency", "Phòng Văn hóa - Xã hội")].band != "khong_hoan_thanh"

    client.logout()
    public = client.get(f"/cong-khai/danh-gia-hang-nam/{record.pk}/").content.decode()
    assert "Không hoàn thành nhiệm vụ" in public and "Xã Vĩnh Lại" in public
    listing = client.get("/cong-khai/danh-gia-hang-nam/").content.decode()
    assert f"/cong-khai/danh-gia-hang-nam/{record.pk}/" in listing

    client.force_login(users["office"])
    client.post(f"/danh-gia-hang-nam/{plan.unit.pk}/{year}/cong-bo/", {"action": "unpublish"})
    assert not AnnualEvaluation.objects.filter(unit=plan.unit).exists()
    client.logout()
    assert client.get(f"/cong-khai/danh-gia-hang-nam/{record.pk}/").status_code == 404


def test_a_province_grades_its_communes(plan, units, year):
    make_user("vp.haiphong", Role.OFFICE, units["province"])
    result = annual_result(unit=units["province"], year=year)
    assert {r.name for r in result.by_kind("unit")} == {"Xã Vĩnh Lại", "Xã Khác"}
    other = _rows(result)[("unit", "Xã Khác")]
    assert other.band == "chua_du_can_cu" and other.total is None
