"""The plain rules of when a reminder is due: stages before a due date, working days waited."""

import datetime as dt

import pytest

from theodoi.notifications.choices import NotificationKind as K
from theodoi.notifications.stages import report_due_stage, working_days_between

DUE = dt.date(2026, 3, 15)


@pytest.mark.parametrize(
    ("days_left", "stage"),
    [
        (30, None),
        (8, None),
        (7, K.REPORT_DUE_7),
        (4, K.REPORT_DUE_7),
        (3, K.REPORT_DUE_3),
        (2, K.REPORT_DUE_3),
        (1, K.REPORT_DUE_1),
        (0, K.REPORT_DUE_1),
        (-1, K.REPORT_MISSED),
        (-30, K.REPORT_MISSED),
        (-31, None),  # missed over 30 days ago: no longer looked at
    ],
)
def test_a_report_not_sent_is_in_the_latest_stage_reached(days_left, stage):
    assert report_due_stage(due=DUE, today=DUE - dt.timedelta(days=days_left)) == stage


FRIDAY = dt.date(2026, 3, 13)


@pytest.mark.parametrize(
    ("end", "working"),
    [
        (FRIDAY, 0),
        (dt.date(2026, 3, 12), 0),  # before the start
        (dt.date(2026, 3, 14), 0),  # Saturday
        (dt.date(2026, 3, 15), 0),  # Sunday
        (dt.date(2026, 3, 16), 1),  # Monday
        (dt.date(2026, 3, 18), 3),  # Wednesday
        (dt.date(2026, 3, 19), 4),  # Thursday
        (dt.date(2026, 3, 20), 5),  # a week later
        (dt.date(2026, 4, 10), 20),  # four weeks later
    ],
)
def test_working_days_skip_saturday_and_sunday(end, working):
    assert working_days_between(FRIDAY, end) == working


def test_working_days_agree_with_counting_day_by_day():
    start = dt.date(2026, 1, 1)
    for first in range(7):
        begin = start + dt.timedelta(days=first)
        for length in range(0, 40):
            end = begin + dt.timedelta(days=length)
            by_hand = sum(
                (begin + dt.timedelta(days=i)).weekday() < 5 for i in range(1, length + 1)
            )
            assert working_days_between(begin, end) == by_hand, (begin, end)
