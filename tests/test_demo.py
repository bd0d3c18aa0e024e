from pathlib import Path

import pytest
from django.core.management import call_command

from theodoi.plans.models import Plan
from theodoi.reporting.models import Report

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.mark.skipif(not CORPUS.exists(), reason="corpus not present")
def test_demo_loads_corpus_plans_users_and_reports_and_is_rerunnable(
    db, capsys, settings, tmp_path
):
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("demo_setup", corpus=str(CORPUS))
    out = capsys.readouterr().out
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
    plans = Plan.objects.count()
    call_command("demo_setup", corpus=str(CORPUS))  # a second run changes nothing
    assert Plan.objects.count() == plans
    assert "giữ nguyên" in capsys.readouterr().out
