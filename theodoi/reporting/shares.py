"""The status of a task led by a collective ("UBND các xã, phường"): no agency leads it alone,
so it is derived from the shares its members report (docs/evaluation.md, "Collective leads").

Plain Python: the rule reads each member's latest accepted share, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from theodoi.reporting.choices import TaskStatus

DONE = (TaskStatus.DONE, TaskStatus.DONE_LATE)
STARTED = (TaskStatus.IN_PROGRESS, TaskStatus.OVERDUE, *DONE)


@dataclass(frozen=True)
class Share:
    status: str
    progress: int


def status_from_shares(shares: list[Share], members: int) -> tuple[str, int]:
    """(status, progress) of a task whose ``members`` agencies each report a share.

    - progress: the mean of the members' progress, a member that has not reported counting 0;
    - done when every member reported its share done ("done late" if any was late);
    - in progress when any member started (in progress, overdue, done) or has progress;
    - not started otherwise.
    """
    if members <= 0:
        return TaskStatus.NOT_STARTED, 0
    progress = round(sum(s.progress for s in shares) / members)
    if len(shares) >= members and all(s.status in DONE for s in shares):
        late = any(s.status == TaskStatus.DONE_LATE for s in shares)
        return (TaskStatus.DONE_LATE if late else TaskStatus.DONE), 100
    if any(s.status in STARTED or s.progress > 0 for s in shares):
        return TaskStatus.IN_PROGRESS, min(progress, 99)
    return TaskStatus.NOT_STARTED, progress
