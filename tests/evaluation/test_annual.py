"""The annual grading rule (plain Python): bands from the dashboards' own score, with the two
limits the score alone would average away (overdue tasks, reports not on time)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from theodoi.evaluation.annual import (
    AnnualRow,
    Band,
    GradingRule,
    Subject,
    annual_as_of,
    annual_evaluation,
    grade,
)
from theodoi.evaluation.scoring import AgencyCounts, score


def _counts(**kw) -> dict[str, int]:
    keys = ("due_done_on_time", "due_done_late", "open_within_deadline", "open_overdue")
    return {k: kw.get(k, 0) for k in keys}


def _grade(*, reports=(0, 0, 0), indicators=(0, 0), **tasks):
    counts = _counts(**tasks)
    on_time, late, missing = reports
    agency = AgencyCounts.from_counts(
        task_counts=counts,
        report_timeliness={"on_time": on_time, "late": late, "missing": missing},
        indicators={"achieved": indicators[0], "not_achieved": indicators[1]},
    )
    s = score(counts=agency)
    return grade(score=s, counts=counts), s


def test_everything_done_on_time_and_reported_on_time_is_excellent():
    verdict, s = _grade(due_done_on_time=10, reports=(4, 0, 0), indicators=(3, 0))
    assert s.total == Decimal(100) and verdict.band == Band.EXCELLENT
    assert verdict.label == "Hoàn thành xuất sắc nhiệm vụ"


def test_a_high_score_with_an_overdue_task_is_good_not_excellent_and_says_why():
    verdict, s = _grade(
        due_done_on_time=30, open_overdue=1, open_within_deadline=9, reports=(4, 0, 0)
    )
    assert s.total >= 90
    assert verdict.band == Band.GOOD and "1 nhiệm vụ quá hạn" in verdict.reason
    assert verdict.reason.startswith(f"{s.total:.2f}".replace(".", ",") + " điểm")  # "92,50"


def test_a_late_report_keeps_a_high_score_from_excellent():
    verdict, s = _grade(due_done_on_time=20, reports=(9, 1, 0))
    assert s.total >= 90 and verdict.band == Band.GOOD and "báo cáo muộn" in verdict.reason


def test_too_many_overdue_tasks_keep_a_good_score_from_good():
    # the score would be "tốt" at least, but 3 of 20 tasks judged on a deadline are overdue
    # (more than 10 %)
    rule = GradingRule()
    verdict, s = _grade(due_done_on_time=17, open_overdue=3, reports=(5, 0, 0), indicators=(5, 0))
    assert s.total >= rule.good
    assert verdict.band == Band.DONE and "3/20" in verdict.reason


def test_a_low_score_does_not_complete_and_nothing_to_score_is_not_graded():
    verdict, _ = _grade(due_done_on_time=1, open_overdue=5, reports=(0, 0, 3))
    assert verdict.band == Band.NOT_DONE
    verdict, s = _grade()
    assert s.total is None and verdict.band == Band.UNGRADED


@pytest.mark.parametrize(
    ("thresholds", "band"),
    [((95, 90, 50), Band.GOOD), ((95, 93, 60), Band.DONE), ((95, 94, 93), Band.NOT_DONE)],
)
def test_the_thresholds_are_the_rule_s(thresholds, band):
    counts = _counts(due_done_on_time=8, due_done_late=2)
    s = score(counts=AgencyCounts.from_counts(task_counts=counts))  # no report due
    assert Decimal(92) < s.total < Decimal(93)
    excellent, good, done = thresholds
    rule = GradingRule(excellent=excellent, good=good, done=done)
    assert grade(score=s, counts=counts, rule=rule).band == band


def test_a_rule_whose_thresholds_do_not_rise_is_refused():
    with pytest.raises(ValueError):
        GradingRule(excellent=70, good=80)


def test_a_year_is_judged_at_its_end_or_today_while_it_runs():
    assert annual_as_of(2025, dt.date(2026, 3, 1)) == (dt.date(2025, 12, 31), False)
    assert annual_as_of(2026, dt.date(2026, 3, 1)) == (dt.date(2026, 3, 1), True)


def test_subjects_are_ranked_by_kind_and_rows_survive_a_round_trip_through_json():
    def subject(kind, key, **tasks):
        counts = _counts(**tasks)
        return Subject(
            kind,
            key,
            "",
            f"{kind} {key}",
            "Xã",
            counts,
            score(counts=AgencyCounts.from_counts(task_counts=counts)),
        )

    result = annual_evaluation(
        year=2025,
        as_of=dt.date(2025, 12, 31),
        interim=False,
        agencies=[subject("agency", 1, due_done_late=4), subject("agency", 2, due_done_on_time=4)],
        units=[subject("unit", 7, due_done_on_time=1, open_overdue=1)],
    )
    assert [(r.key, r.position) for r in result.by_kind("agency")] == [(2, 1), (1, 2)]
    assert result.band_counts("agency")[Band.EXCELLENT] == 1
    for row in result.rows:
        assert AnnualRow.from_json(row.as_json()) == row
    assert result.rule_json()["excellent"] == "90"
