"""A dashboard's list of overdue tasks as a table (CSV or .xlsx through exchange.xlsx): unit,
plan, task, lead, deadline and days overdue, in the dashboard's order (longest overdue first)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from theodoi.exchange import xlsx

OVERDUE_HEADERS = [
    "Đơn vị",
    "Kế hoạch",
    "Số thứ tự",
    "Nhiệm vụ",
    "Nhóm nhiệm vụ",
    "Cơ quan chủ trì",
    "Thời hạn (như văn bản)",
    "Hạn phải hoàn thành",
    "Số ngày quá hạn",
    "Tiến độ (%)",
]


def overdue_table(rows: Iterable) -> tuple[list[str], list[list[Any]]]:
    """``rows``: the dashboard's TaskRow of one list (dashboards.selectors)."""
    table = []
    for row in rows:
        task, evaluation = row.task, row.evaluation
        due = evaluation.effective_due
        table.append(
            [
                task.plan.unit.name,
                task.plan.short_label,
                task.code,
                task.title,
                str(task.group) if task.group_id else "",
                task.lead.name if task.lead_id else task.lead_raw,
                task.deadline_raw,
                due,
                evaluation.days_overdue if evaluation.category == "open_overdue" else None,
                row.progress,
            ]
        )
    return OVERDUE_HEADERS, table


def overdue_export(rows: Iterable, *, as_of: dt.date, fmt: str) -> bytes:
    headers, table = overdue_table(rows)
    if fmt == "csv":
        return xlsx.write_csv(headers, table)
    return xlsx.write_table(headers, table, f"Quá hạn {as_of:%d-%m-%Y}")
