from pathlib import Path

import pytest
from django.core.management import call_command

from tests.test_kpis import check_provinces_rank_on_a_kpi
from tests.test_public import check_public_and_internal_figures_agree
from theodoi.plans.models import Plan
from theodoi.reporting.models import Report

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.mark.skipif(not CORPUS.exists(), reason="corpus not present")
def test_demo_loads_corpus_plans_users_and_reports_and_is_rerunnable(
    db, capsys, settings, tmp_path, client
):
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("demo_setup", corpus=str(CORPUS))
    out = capsys.readouterr().out
    # what the public pages show of the demo's plans is what the dashboards count
    check_public_and_internal_figures_agree(client)
    check_provinces_rank_on_a_kpi(client)  # a national KPI ranks the provinces
    assert "Tài khoản đăng nhập" in out and "admin" in out
    vinh_lai = Plan.objects.get(unit__code="xa-vinh-lai")
    assert vinh_lai.status == "active"
    assert vinh_lai.indicators.filter(
        name__startswith="Tỷ lệ giao dịch không dùng tiền mặt"
    ).exists()
    assert set(Report.objects.values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "returned",
        "accepted",
    }
    assert (
        Plan.objects.filter(number="71/NQ-CP").get().tasks.filter(children__isnull=False).exists()
    )
    _real_units_under_the_corpus_plans()
    # the city's plan gives work to "UBND các xã, phường": the communes report their share
    shared = Plan.objects.get(unit__code="hai-phong", number="57/KH-UBND").tasks.get(code="1")
    assert shared.lead_collective == "commune_committees"
    assert shared.updates.filter(role="share", report__agency__unit__code="xa-vinh-lai").exists()
    plans = Plan.objects.count()
    call_command("demo_setup", corpus=str(CORPUS))  # a second run changes nothing
    assert Plan.objects.count() == plans
    assert "giữ nguyên" in capsys.readouterr().out


def _real_units_under_the_corpus_plans():
    from django.db.models import Count

    from theodoi.units.filtersets import UnitFilterSet
    from theodoi.units.models import Unit

    current = Unit.objects.filter(is_historical=False, is_active=True)
    assert current.filter(level="province").count() == 34
    assert current.filter(level="commune").count() == 3321
    fewest = current.filter(level="commune").annotate(n=Count("agencies")).order_by("n").first()
    assert fewest.n >= 15  # every commune has its standard agencies
    for query, name in [
        ("xa ta xua", "Xã Tà Xùa"),
        ("phuong hoi an", "Phường Hội An"),
        ("dac khu phu quoc", "Đặc khu Phú Quốc"),
    ]:
        found = UnitFilterSet({"q": query}, queryset=Unit.objects.all()).qs
        assert found[0].name == name
    assert Unit.objects.get(code="xa-vinh-lai").parent.name == "Thành phố Hải Phòng"
    assert Unit.objects.get(code="xa-xuan-thanh").parent.name == "Tỉnh Đồng Nai"
    binh_phuoc = Plan.objects.get(unit__code="binh-phuoc").unit
    assert binh_phuoc.is_historical and binh_phuoc.successor.code == "dong-nai"
    copies = Plan.objects.filter(title__contains="mô phỏng").exclude(unit__code="xa-vinh-lai")
    assert copies.count() == 3
    assert {p.unit.parent.code for p in copies} == {"hai-phong"}
    assert all(p.unit.official_code for p in copies)
