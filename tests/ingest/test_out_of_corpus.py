"""Plans of the same family outside the corpus (tests/ingest/fixtures/plans: other units,
other layouts, agencies the registry does not know) meet the acceptance targets."""

from pathlib import Path

import pytest

from theodoi.ingest.evaluate import evaluate_fixtures, format_report

PLANS = Path(__file__).parent / "fixtures" / "plans"
TARGETS = {
    "indicator_recall": 0.95,
    "task_recall": 0.95,
    "indicator_precision": 0.90,
    "task_precision": 0.90,
    "lead": 0.90,
    "task_lead": 0.90,
    "deadline": 0.90,
    "target": 0.90,
}


@pytest.fixture(scope="module")
def reports():
    pytest.importorskip("docx")
    return evaluate_fixtures(PLANS)


def test_every_fixture_plan_is_scored(reports):
    assert {r.name.rstrip(" *") for r in reports} == {p.stem for p in PLANS.glob("*.json")}


def test_fixture_plans_meet_the_targets(reports):
    low = {
        (r.name, k): round(r.figures()[k], 3)
        for r in reports
        for k, floor in TARGETS.items()
        if r.figures()[k] is not None and r.figures()[k] < floor
    }
    assert not low, f"{low}\n{format_report(reports)}"


def test_the_wards_own_agencies_bear_its_name():
    from theodoi.ingest import ingest_file

    plan = ingest_file(PLANS / "phuong-an-phu-2025.txt")
    names = {c for t in plan.tasks for c in [t.lead, *t.coordinators] if c}
    # "Trạm Y tế phường" is the catalogue's Trạm Y tế of this ward, no other unit's
    assert "Trạm Y tế phường An Phú" in names
    assert all(" xã " not in n for n in names)
