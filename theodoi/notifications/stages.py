"""When a reminder is due (plain Python, no Django): the stages before a report's due date and
the working days a submitted report has waited."""

from __future__ import annotations

import datetime as dt

from theodoi.notifications.choices import NotificationKind

# Before its due date a report is reminded at 7, 3 and 1 days: each stage from its day until
# the next stage's, so a run missed on the exact day still sends it, and only the latest stage.
DUE_STAGES = (
    (1, NotificationKind.REPORT_DUE_1),
    (3, NotificationKind.REPORT_DUE_3),
    (7, NotificationKind.REPORT_DUE_7),
)
# A report still missing is reminded once, from the day after its due date; periods missed
# longer ago than this are no longer looked at (a run skipped for a few weeks still sends it).
MISSED_WINDOW_DAYS = 30
REVIEW_WORKING_DAYS = 3
DRAFT_IDLE_DAYS = 7
TASK_DUE_DAYS = 7


def report_due_stage(*, due: dt.date, today: dt.date) -> NotificationKind | None:
    """The reminder stage of a report not yet sent: due in 7, 3 or 1 days, missed from the day
    after its due date (for 30 days), none when more than 7 days remain."""
    days_left = (due - today).days
    if days_left < -MISSED_WINDOW_DAYS:
        return None
    if days_left < 0:
        return NotificationKind.REPORT_MISSED
    for days, kind in DUE_STAGES:
        if days_left <= days:
            return kind
    return None


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days (Monday to Friday) after ``start`` up to and including ``end``: a report
    submitted on a Friday has waited 1 working day on Monday. 0 when ``end`` is not after
    ``start``. Public holidays are not known and count as working days."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + dt.timedelta(days=offset)).weekday() < 5:
            count += 1
    return count
