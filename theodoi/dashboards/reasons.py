"""Why a task has its status: what it was judged against, the last accepted report, the rule.

A status badge on the dashboards opens its reason (``TaskRow.reason``): the deadline or the
cycle the category was judged against (``rules.evaluate_task``), what that gives as of the date,
the last report accepted by then (agency, period, dates) and the rule applied — an anchor of the
method page, which restates docs/evaluation.md §2. Same text on the live and the roll-up path:
it is derived from the row's evaluation and the task's deadline fields only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from theodoi.dashboards.live import _accepted_before
from theodoi.dashboards.types import DONE, TaskRow
from theodoi.evaluation.rules import cycle_bounds
from theodoi.plans.choices import Recurrence
from theodoi.reporting.choices import RowRole, TaskStatus
from theodoi.reporting.models import TaskUpdate

# The rules of docs/evaluation.md §2, as anchors of the method page (dashboards/method.html).
RULES = {
    "reported": ("tt-bao-cao", "Quy tắc 1: “Không thực hiện được”, “Tạm dừng” không tính quá hạn"),
    "continuous": ("tt-thuong-xuyen", "Quy tắc 2: nhiệm vụ thường xuyên không bao giờ quá hạn"),
    "conditional": ("tt-dieu-kien", "Quy tắc 3: nhiệm vụ theo điều kiện"),
    "deadline": ("tt-thoi-han", "Quy tắc 4–5: thời hạn dùng để đánh giá; đúng hạn, quá hạn"),
    "self_reported": ("tt-tu-bao-qua-han", "Quy tắc 6: không có thời hạn, tự báo cáo quá hạn"),
}


@dataclass(frozen=True)
class LastReport:
    """The last report accepted by the date that carried the task."""

    agency: str
    period: str
    submitted_on: dt.date | None
    accepted_on: dt.date | None
    status: str  # the reported status, as shown
    progress: int


@dataclass(frozen=True)
class StatusReason:
    basis: str  # what the task is judged against: a deadline, a cycle, or none
    verdict: str  # what that gives on the date
    rule: str  # anchor on the method page
    rule_label: str
    last_report: LastReport | None

    @property
    def summary(self) -> str:
        """One line for a ``title`` attribute."""
        return f"{self.basis}. {self.verdict}"


def _day(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _basis(row: TaskRow, as_of: dt.date) -> tuple[str, str]:
    """What the row's category was judged against, and which rule says so."""
    task, ev = row.task, row.evaluation
    category = ev.category
    if category in ("not_feasible", "paused"):
        label = TaskStatus(category).label
        return f"Cơ quan chủ trì báo cáo “{label}”", "reported"
    if category == "continuous":
        return "Nhiệm vụ thường xuyên: không có thời hạn", "continuous"
    if category == "waiting_condition":
        return "Nhiệm vụ theo điều kiện: chờ điều kiện được đáp ứng", "conditional"
    kind = task.deadline_kind
    due = ev.effective_due
    if due is None:
        if category == "open_overdue":
            return "Không có thời hạn; cơ quan chủ trì tự báo cáo “Quá hạn”", "self_reported"
        return "Không có thời hạn", "deadline"
    if kind == "recurring":
        start, _end = cycle_bounds(recurrence=task.recurrence or None, day=due)
        every = Recurrence(task.recurrence).label if task.recurrence else "Hằng năm"
        return (
            f"Chu kỳ {every.lower()} từ {_day(start)} đến {_day(due)}; hạn là ngày cuối chu kỳ",
            "deadline",
        )
    if kind == "range":
        return f"Ngày cuối giai đoạn: {_day(due)}", "deadline"
    raw = f" (“{task.deadline_raw}”)" if task.deadline_raw else ""
    return f"Hạn hoàn thành: {_day(due)}{raw}", "deadline"


def _verdict(row: TaskRow, as_of: dt.date) -> str:
    task, ev = row.task, row.evaluation
    category, due = ev.category, ev.effective_due
    completed = row.completed_on or (task.completed_on if category in DONE_CATEGORIES else None)
    if category == "done_on_time":
        if completed:
            return f"Hoàn thành ngày {_day(completed)}, không muộn hơn hạn"
        return "Báo cáo “Hoàn thành” (không có ngày hoàn thành): tính là đúng hạn"
    if category == "done_late":
        if completed and due:
            return f"Hoàn thành ngày {_day(completed)}, sau hạn {ev.days_overdue} ngày"
        return "Báo cáo “Hoàn thành quá hạn”"
    if category == "open_overdue":
        text = f"Chưa hoàn thành đến ngày {_day(as_of)}"
        if due:
            text += f": quá hạn {ev.days_overdue} ngày (quá hạn tính từ ngày sau ngày hạn)"
        if row.progress >= 100 and row.status not in DONE:
            text += "; tiến độ báo cáo 100% nhưng trạng thái chưa là “Hoàn thành”"
        earlier = task.completed_on
        if task.deadline_kind == "recurring" and earlier and due and earlier <= as_of:
            text += f"; lần hoàn thành ngày {_day(earlier)} thuộc chu kỳ trước, không tính"
        return text
    if category == "open_within_deadline":
        if due is None:
            return "Chưa hoàn thành; không có thời hạn nên không quá hạn"
        left = (due - as_of).days
        if left == 0:
            return "Chưa hoàn thành; đến hạn hôm nay (chưa phải quá hạn)"
        return f"Chưa hoàn thành; còn {left} ngày đến hạn"
    if category == "waiting_condition":
        return "Chưa tính thời hạn cho đến khi điều kiện được xác nhận"
    return "Không tính vào số nhiệm vụ quá hạn"


DONE_CATEGORIES = ("done_on_time", "done_late")


def last_accepted_reports(task_ids: Iterable[int], as_of: dt.date) -> dict[int, LastReport]:
    """The last accepted report of each task as of the date (one query): its lead's, or for a
    task led by a collective a member's share."""
    found: dict[int, LastReport] = {}
    updates = (
        TaskUpdate.objects.filter(_accepted_before(as_of), task_id__in=list(task_ids))
        .filter(Q(role=RowRole.LEAD) | Q(role=RowRole.SHARE, task__lead__isnull=True))
        .select_related("report__agency", "report__period")
        .order_by("report__submitted_at", "id")
    )
    for update in updates:
        report = update.report
        found[update.task_id] = LastReport(
            agency=report.agency.name,
            period=report.period.label,
            submitted_on=timezone.localdate(report.submitted_at) if report.submitted_at else None,
            accepted_on=timezone.localdate(report.reviewed_at) if report.reviewed_at else None,
            status=TaskStatus(update.status).label if update.status else "—",
            progress=update.progress,
        )
    return found


def status_reason(row: TaskRow, as_of: dt.date, last: LastReport | None) -> StatusReason:
    basis, rule = _basis(row, as_of)
    anchor, label = RULES[rule]
    return StatusReason(basis, _verdict(row, as_of), anchor, label, last)


def with_reasons(rows: Iterable[TaskRow], as_of: dt.date) -> list[TaskRow]:
    """The rows (a page of a list), each with its ``reason``."""
    rows = list(rows)
    last = last_accepted_reports({r.task.pk for r in rows}, as_of)
    for row in rows:
        row.reason = status_reason(row, as_of, last.get(row.task.pk))
    return rows
