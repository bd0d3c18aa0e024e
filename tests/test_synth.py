"""`theodoi synth --scale tiny`: a small synthetic nation, and the SQL dashboard path on it."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from theodoi.accounts.models import User
from theodoi.dashboards.selectors import unit_dashboard
from theodoi.plans.models import Plan, Task
from theodoi.reporting.choices import ReportStatus
from theodoi.reporting.models import IndicatorValue, Report, TaskUpdate
from theodoi.units.models import Agency, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def nation():
    call_command("synth", "--scale", "tiny", "--no-progress", "--seed", "7")
    return Unit.objects.get(code="VN")


def test_tiny_synth_builds_a_linked_nation(nation):
    # Real units: the first two provinces by official code, three communes each.
    assert Unit.objects.filter(path__startswith=nation.path).count() == 1 + 2 + 2 * 3
    assert set(nation.children.values_list("name", flat=True)) == {
        "Thành phố Hà Nội",
        "Tỉnh Cao Bằng",
    }
    province = nation.children.order_by("path").first()
    commune = province.children.order_by("official_code").first()
    assert commune.official_code and commune.name.startswith(("Xã ", "Phường "))
    assert all(p.title.endswith("(dữ liệu mô phỏng)") for p in Plan.objects.all())
    assert Agency.objects.filter(unit=commune, name="Phòng Văn hóa - Xã hội").exists()
    assert Agency.objects.filter(unit=province, name__startswith="Sở ").count() >= 5
    cplan = Plan.objects.get(unit=commune)
    assert cplan.parent.unit == province and cplan.parent.parent.unit == nation
    ctask = cplan.tasks.first()
    assert ctask.parent.plan == cplan.parent and ctask.parent.parent.plan.unit == nation
    assert Task.objects.filter(plan__unit=nation).count() == 14
    assert cplan.indicators.count() == 5
    statuses = set(Report.objects.values_list("status", flat=True))
    assert statuses == set(ReportStatus.values)
    assert TaskUpdate.objects.exists() and IndicatorValue.objects.exists()
    assert User.objects.get(username="office-VN").full_name.endswith("(mô phỏng)")
    assert User.objects.filter(username__startswith=f"rep-{commune.code}-").exists()


def test_synth_refuses_to_run_twice_and_force_is_deterministic(nation):
    before = list(
        Task.objects.order_by("plan__unit__code", "order").values_list(
            "title", "due_date", "reported_status"
        )
    )
    with pytest.raises(CommandError, match="--force"):
        call_command("synth", "--scale", "tiny", "--no-progress", "--seed", "7")
    call_command("synth", "--scale", "tiny", "--no-progress", "--seed", "7", "--force")
    assert (
        list(
            Task.objects.order_by("plan__unit__code", "order").values_list(
                "title", "due_date", "reported_status"
            )
        )
        == before
    )


def _figures(board):
    return {
        "counts": board.counts,
        "completeness": board.completeness,
        "by_group": [(name, dict(c)) for name, c in board.by_group],
        "groups": [(g.param, g.value) for g in board.groups],
        "done_by_quarter": board.done_by_quarter,
        "reports_by_quarter": {q: dict(c) for q, c in board.reports_by_quarter.items()},
        "overdue": len(board.overdue),
        "overdue_first": [r.task.pk for r in board.overdue[:10]],
        "due_soon": len(board.due_soon),
        "due_soon_first": [(r.evaluation.effective_due) for r in board.due_soon[:10]],
        "at_risk": sorted(r.task.pk for r in board.at_risk),
        "indicators": dict(board.indicator_counts),
        "children": [(c.code, counts, s.total) for c, counts, s in board.children],
        "agencies": [
            (a.agency.pk, a.position, a.score.total, a.task_counts, dict(a.reports))
            for a in board.agencies
        ],
    }


@pytest.mark.parametrize("level", ["national", "province", "commune"])
def test_sql_dashboard_equals_python_dashboard(nation, level):
    unit = {
        "national": nation,
        "province": nation.children.order_by("path").first(),
        "commune": Unit.objects.filter(level="commune", plans__isnull=False).first(),
    }[level]
    today = timezone.localdate()
    python = _figures(unit_dashboard(unit=unit, as_of=today, fast=False))
    sql = _figures(unit_dashboard(unit=unit, as_of=today, fast=True))
    if level == "national":  # by design the SQL path ranks only ministries and departments
        keep = {a[0] for a in sql["agencies"]}
        python["agencies"] = [a for a in python["agencies"] if a[0] in keep]
        for figures in (python, sql):
            figures["agencies"] = sorted((a[0], a[2], a[3], a[4]) for a in figures["agencies"])
    assert sql == python


def test_the_synthetic_nation_dashboard_shows_the_seven_nq57_groups(nation):
    from theodoi.plans.nq57 import nq57_groups

    board = unit_dashboard(unit=nation, as_of=timezone.localdate(), fast=True)
    assert [label for label, _c in board.by_group] == [g.label for g in nq57_groups()]
    assert sum(sum(c.values()) for _label, c in board.by_group) == board.counts["total"]
    assert 0 < sum(board.done_by_quarter.values()) <= board.counts["total"]
    assert all(key[:4].isdigit() and key[5] in "1234" for key in board.done_by_quarter)
