"""National KPIs in the database: the catalogue's load, the suggestion at import, the office's
mapping, the value of each unit by the documented rule, the ranking and its exports."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.conftest import extraction, make_quarter, make_user
from theodoi.accounts.choices import Role
from theodoi.kpis.models import IndicatorKpi, Kpi
from theodoi.kpis.selectors import kpi_board
from theodoi.kpis.services import kpi_catalogue_load, plan_kpis_map, plan_kpis_suggest
from theodoi.plans.models import Indicator
from theodoi.plans.services import plan_activate, plan_import_extraction
from theodoi.reporting.services import report_accept, report_open, report_save, report_submit
from theodoi.units.models import Unit

CASHLESS = "KHONG_DUNG_TIEN_MAT"


@pytest.fixture(autouse=True)
def catalogue(db):
    kpi_catalogue_load()


def _plan_of(unit, number="1/KH-UBND"):
    return plan_activate(
        plan=plan_import_extraction(unit=unit, extraction=extraction(number=number)).plan
    )


def _set_value(plan, value, at=None):
    indicator = plan.indicators.get()
    indicator.reported_value = None if value is None else Decimal(value)
    indicator.reported_at = at or timezone.now()
    indicator.save(update_fields=["reported_value", "reported_at"])
    return indicator


def test_the_catalogue_load_is_idempotent_and_follows_the_file():
    assert kpi_catalogue_load() == 0  # already loaded by the fixture (and the migration)
    kpi = Kpi.objects.get(code="KINH_TE_SO")
    assert kpi.document == "57-NQ/TW" and "Bộ Chính trị" in kpi.document_title
    assert [t["year"] for t in kpi.targets] == [2030, 2045]
    kpi.name = "sửa tay"
    kpi.save()
    assert kpi_catalogue_load() == 1
    assert Kpi.objects.get(code="KINH_TE_SO").name == "Quy mô kinh tế số"


def test_an_imported_indicator_gets_its_kpi_suggested_unconfirmed(plan):
    link = IndicatorKpi.objects.get(indicator__plan=plan)
    assert link.kpi.code == CASHLESS and not link.confirmed and link.score >= 88


def test_the_office_confirms_changes_or_clears_the_kpi_of_an_indicator(plan, users):
    indicator = plan.indicators.get()
    assert plan_kpis_map(plan=plan, codes={indicator.pk: CASHLESS}, user=users["office"]) == 1
    link = IndicatorKpi.objects.get(indicator=indicator)
    assert link.confirmed and link.confirmed_by == users["office"]
    # saving the same choice again changes nothing
    assert plan_kpis_map(plan=plan, codes={indicator.pk: CASHLESS}, user=users["office"]) == 0
    # a suggestion never overrides what the office confirmed
    assert plan_kpis_suggest(plan=plan) == 1
    assert IndicatorKpi.objects.get(indicator=indicator).kpi.code == CASHLESS
    assert plan_kpis_map(plan=plan, codes={indicator.pk: ""}, user=users["office"]) == 1
    assert not IndicatorKpi.objects.filter(indicator=indicator).exists()


def test_an_unknown_code_or_an_incompatible_unit_refuses_the_whole_choice(plan, users):
    indicator = plan.indicators.get()
    indicator.unit_of_measure = "doanh nghiệp"  # a count cannot measure a share
    indicator.save(update_fields=["unit_of_measure"])
    with pytest.raises(ValidationError, match="Không có chỉ tiêu quốc gia mã NOPE"):
        plan_kpis_map(plan=plan, codes={indicator.pk: "NOPE"}, user=users["office"])
    with pytest.raises(ValidationError, match="không cùng đơn vị tính"):
        plan_kpis_map(plan=plan, codes={indicator.pk: "KINH_TE_SO"}, user=users["office"])
    assert IndicatorKpi.objects.get(indicator=indicator).kpi.code == CASHLESS


@pytest.fixture
def nation(units):
    """Two provinces under the nation: Hải Phòng (communes with plans) and a second one whose
    former province, merged into it, has a plan; a third with no plan at all."""
    nation = units["nation"]
    dong_nai = Unit.objects.create(
        code="dong-nai", name="Tỉnh Đồng Nai", level="province", parent=nation
    )
    former = Unit.objects.create(
        code="binh-phuoc",
        name="Tỉnh Bình Phước",
        level="province",
        parent=dong_nai,
        is_historical=True,
    )
    empty = Unit.objects.create(code="ca-mau", name="Tỉnh Cà Mau", level="province", parent=nation)
    return {**units, "dong_nai": dong_nai, "former": former, "empty": empty}


def _leader(nation):
    return make_user("lanhdao.tw", Role.LEADER, nation["nation"])


def test_provinces_are_ranked_by_the_documented_rule(nation, agencies):
    _set_value(_plan_of(nation["commune"], "1/KH"), "80")
    _set_value(_plan_of(nation["other"], "2/KH"), "91")
    _set_value(_plan_of(nation["former"], "3/KH"), "92")
    kpi = Kpi.objects.get(code=CASHLESS)
    board = kpi_board(
        user=_leader(nation), kpi=kpi, unit=nation["nation"], as_of=timezone.localdate()
    )

    ranked = [(r.unit.code, r.value, r.basis, r.position) for r in board.ranked]
    assert ranked == [
        ("dong-nai", Decimal("92"), "merged", 1),  # the former province's plan is its own
        ("hai-phong", Decimal("85.50"), "sub_units", 2),  # mean of its two communes
    ]
    assert board.ranked[0].achieved is True  # ≥ 85 by 2030
    assert board.ranked[0].unit_target.raw == "≥ 85"
    assert [(r.unit.code, r.missing) for r in board.missing] == [("ca-mau", "not_mapped")]
    # the nation has no plan of its own here: the mean of the two provinces that have a value
    assert (board.own.value, board.own.basis, board.own.basis_count) == (
        Decimal("88.75"),
        "sub_units",
        2,
    )


def test_a_unit_with_a_mapped_indicator_but_no_accepted_value_has_not_reported(nation, agencies):
    _plan_of(nation["commune"])
    board = kpi_board(
        user=_leader(nation),
        kpi=Kpi.objects.get(code=CASHLESS),
        unit=nation["province"],
        as_of=timezone.localdate(),
    )
    assert board.ranked == []
    assert {(r.unit.code, r.missing) for r in board.missing} == {
        ("xa-vinh-lai", "not_reported"),
        ("xa-khac", "not_mapped"),
    }


def test_of_several_mapped_indicators_the_latest_accepted_value_counts(nation, agencies):
    now = timezone.now()
    first = _plan_of(nation["commune"], "1/KH")
    second = _plan_of(nation["commune"], "2/KH")
    _set_value(first, "70", at=now - dt.timedelta(days=3))
    _set_value(second, "60", at=now - dt.timedelta(days=1))
    board = kpi_board(
        user=_leader(nation),
        kpi=Kpi.objects.get(code=CASHLESS),
        unit=nation["province"],
        as_of=timezone.localdate(),
    )
    row = board.ranked[0]
    assert row.value == Decimal("60") and row.indicator.plan == second
    assert row.achieved is False


def test_the_viewer_sees_only_the_sub_units_in_its_scope(nation, agencies, users):
    _set_value(_plan_of(nation["commune"], "1/KH"), "80")
    _set_value(_plan_of(nation["other"], "2/KH"), "90")
    board = kpi_board(
        user=users["office"],  # the office of Xã Vĩnh Lại
        kpi=Kpi.objects.get(code=CASHLESS),
        unit=nation["commune"],
        as_of=timezone.localdate(),
    )
    assert board.rows == []  # a commune has no sub-unit
    leader = users["leader"]  # the province's leader sees both communes
    board = kpi_board(
        user=leader,
        kpi=Kpi.objects.get(code=CASHLESS),
        unit=nation["province"],
        as_of=timezone.localdate(),
    )
    assert [r.unit.code for r in board.ranked] == ["xa-khac", "xa-vinh-lai"]


def _accepted_value(plan, users, value, year, quarter):
    period = make_quarter(plan, year, quarter)
    reporter, office = users["reporter"], users["office"]
    report = report_open(period=period, agency=reporter.roles.get().agency, user=reporter)
    row = report.indicator_values.get()
    report_save(
        report=report,
        user=reporter,
        summary="Báo cáo",
        task_updates=[],
        indicator_values=[{"id": row.pk, "value": Decimal(value), "source": "Phòng Kinh tế"}],
    )
    report_submit(
        report=report, user=reporter, now=timezone.make_aware(dt.datetime(year, 3 * quarter, 10))
    )
    return report_accept(report=report, user=office)


def test_an_earlier_date_reads_the_value_accepted_by_then(plan, users):
    today = timezone.localdate()
    old = _accepted_value(plan, users, "70", today.year - 1, 1)
    old.reviewed_at = timezone.make_aware(dt.datetime(today.year - 1, 3, 20))
    old.save(update_fields=["reviewed_at"])
    _accepted_value(plan, users, "88", today.year - 1, 2)
    kpi = Kpi.objects.get(code=CASHLESS)
    province = plan.unit.parent
    now_board = kpi_board(user=users["leader"], kpi=kpi, unit=province, as_of=today)
    then_board = kpi_board(
        user=users["leader"], kpi=kpi, unit=province, as_of=dt.date(today.year - 1, 4, 1)
    )
    assert now_board.ranked[0].value == Decimal("88")  # Indicator.reported_value
    assert then_board.ranked[0].value == Decimal("70")


def test_the_pages_and_exports_show_the_ranking_keyed_by_the_kpi_code(nation, agencies, client):
    _set_value(_plan_of(nation["commune"], "1/KH"), "80")
    client.force_login(_leader(nation))
    url = f"/chi-tieu-quoc-gia/{CASHLESS}/"
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Thành phố Hải Phòng" in text and "Chưa có chỉ tiêu tương ứng" in text
    data = json.loads(client.get(f"/chi-tieu-quoc-gia/{CASHLESS}.json").content)
    assert data["kpi_code"] == CASHLESS and data["unit"]["code"] == "VN"
    values = {v["unit_code"]: v for v in data["values"]}
    assert values["hai-phong"]["value"] == "80" and values["hai-phong"]["basis"] == "sub_units"
    assert values["dong-nai"]["missing"] == "not_mapped"
    csv = client.get(f"/chi-tieu-quoc-gia/{CASHLESS}.csv?unit={nation['province'].pk}")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Mã chỉ tiêu quốc gia,Mã đơn vị")
    assert lines[1].startswith(f"{CASHLESS},xa-vinh-lai,Xã Vĩnh Lại,")
    assert client.get("/chi-tieu-quoc-gia/").status_code == 200
    assert client.get("/chi-tieu-quoc-gia/KHONG_CO/").status_code == 404


def test_a_unit_outside_the_viewer_scope_is_a_404(nation, users, client):
    client.force_login(users["office"])
    response = client.get(f"/chi-tieu-quoc-gia/{CASHLESS}/?unit={nation['dong_nai'].pk}")
    assert response.status_code == 404


def test_the_api_gives_the_same_values_with_a_documented_schema(nation, agencies, client):
    _set_value(_plan_of(nation["commune"], "1/KH"), "80")
    client.force_login(_leader(nation))
    listed = client.get("/api/kpis/?page_size=100").json()  # paginated as every list is
    assert CASHLESS in [k["code"] for k in listed["results"]]
    data = client.get(f"/api/kpis/{CASHLESS}/values/").json()
    page = json.loads(client.get(f"/chi-tieu-quoc-gia/{CASHLESS}.json").content)
    assert data == page
    assert client.get(f"/api/kpis/{CASHLESS}/values/?unit=999999").status_code == 422
    assert client.get(f"/api/kpis/{CASHLESS}/values/?as_of=hôm-qua").status_code == 400
    schema = client.get("/api/schema/?format=json").json()
    assert "/api/kpis/{code}/values/" in schema["paths"]


def test_the_review_page_offers_the_kpi_select_and_saves_it(plan, users, client):
    client.force_login(users["office"])
    indicator = Indicator.objects.get(plan=plan)
    page = client.get(f"/ke-hoach/{plan.pk}/ra-soat/").content.decode()
    assert f'name="kpi-{indicator.pk}"' in page and "gợi ý khi nhập" in page
    response = client.post(
        f"/ke-hoach/{plan.pk}/chi-tieu-quoc-gia/", {f"kpi-{indicator.pk}": CASHLESS}
    )
    assert response.status_code == 302
    link = IndicatorKpi.objects.get(indicator=indicator)
    assert link.confirmed
    entry = LogEntry.objects.get_for_object(link).first()  # the audit log says who confirmed it
    assert entry is not None and entry.actor == users["office"]
    client.force_login(users["other_office"])
    response = client.post(f"/ke-hoach/{plan.pk}/chi-tieu-quoc-gia/", {f"kpi-{indicator.pk}": ""})
    assert response.status_code in (403, 404)
    assert IndicatorKpi.objects.filter(indicator=indicator).exists()


def check_provinces_rank_on_a_kpi(client) -> None:
    """After the demo (called by tests/test_demo.py, which builds it once for the suite): the
    national leader finds the provinces ranked on a national KPI, keyed by its code."""
    from theodoi.accounts.models import User

    client.force_login(User.objects.get(username="lanhdao"))
    ranked = {}
    for kpi in Kpi.objects.all():
        data = client.get(f"/chi-tieu-quoc-gia/{kpi.code}.json").json()
        assert data["unit"]["code"] == "VN"
        ranked[kpi.code] = [v["unit_code"] for v in data["values"] if v["position"]]
    code, provinces = max(ranked.items(), key=lambda item: len(item[1]))
    assert len(provinces) >= 2, ranked
    page = client.get(f"/chi-tieu-quoc-gia/{code}/").content.decode()
    assert (
        page.count('<tr data-unit="')
        == Unit.objects.filter(parent__code="VN", is_historical=False, is_active=True).count()
    )
    client.logout()
