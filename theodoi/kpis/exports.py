"""KPI values and annual grades as tables (CSV / Excel through exchange.xlsx) and as JSON keyed
by the national KPI code, ready for the national system."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from theodoi.evaluation.annual import AnnualRow
from theodoi.exchange.xlsx import write_csv, write_table
from theodoi.kpis.selectors import KpiBoard, KpiUnitRow

KPI_HEADERS = [
    "Mã chỉ tiêu quốc gia",
    "Mã đơn vị",
    "Đơn vị",
    "Tính đến ngày",
    "Hạng",
    "Giá trị",
    "Đơn vị tính",
    "Mục tiêu quốc gia",
    "Mục tiêu của đơn vị",
    "Đạt mục tiêu quốc gia",
    "Cách lấy giá trị",
    "Chỉ tiêu của kế hoạch (id)",
    "Được chấp nhận lúc",
    "Tình trạng",
]


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _row(board: KpiBoard, row: KpiUnitRow) -> list:
    target = board.national_target
    return [
        board.kpi.code,
        row.unit.code,
        row.unit.name,
        board.as_of,
        row.position or None,
        row.value,
        board.kpi.unit_of_measure,
        target.raw if target else None,
        row.unit_target.raw if row.unit_target else None,
        row.achieved,
        row.basis_label,
        row.indicator.pk if row.indicator else None,
        row.reported_at,
        row.missing_label or "Đã báo cáo",
    ]


def kpi_csv(board: KpiBoard) -> bytes:
    return write_csv(KPI_HEADERS, [_row(board, r) for r in board.rows])


def kpi_json(board: KpiBoard) -> dict[str, Any]:
    target = board.national_target
    return {
        "kpi_code": board.kpi.code,
        "kpi": {
            "code": board.kpi.code,
            "name": board.kpi.name,
            "unit_of_measure": board.kpi.unit_of_measure,
            "direction": board.kpi.direction,
            "source": {"document": board.kpi.document_title, "article": board.kpi.article},
        },
        "as_of": board.as_of.isoformat(),
        "unit": {"code": board.unit.code, "name": board.unit.name},
        "national_target": None
        if target is None
        else {
            "year": target.year,
            "op": target.op,
            "value": _number(target.value),
            "value_max": _number(target.value_max),
            "raw": target.raw,
        },
        "unit_value": _value_json(board.own) if board.own else None,
        "values": [_value_json(row) for row in board.rows],
    }


def _value_json(row: KpiUnitRow) -> dict[str, Any]:
    return {
        "unit_code": row.unit.code,
        "unit_name": row.unit.name,
        "position": row.position or None,
        "value": _number(row.value),
        "basis": row.basis or None,
        "basis_count": row.basis_count,
        "indicator_id": row.indicator.pk if row.indicator else None,
        "unit_target": row.unit_target.raw if row.unit_target else None,
        "achieved": row.achieved,
        "reported_at": row.reported_at.isoformat() if row.reported_at else None,
        "missing": row.missing or None,
    }


ANNUAL_HEADERS = [
    "Loại",
    "Thứ hạng",
    "Tên",
    "Thuộc",
    "Điểm",
    "Xếp loại",
    "Căn cứ",
    "Hoàn thành đúng hạn",
    "Hoàn thành quá hạn",
    "Chưa hoàn thành, quá hạn",
    "Chỉ tiêu đạt",
]
KIND_LABELS = {"agency": "Cơ quan", "unit": "Đơn vị cấp dưới"}


def annual_table(rows: list[AnnualRow]) -> list[list]:
    return [
        [
            KIND_LABELS[r.kind],
            r.position,
            r.name,
            r.parent_name,
            r.total,
            r.band_label,
            r.reason,
            r.done_on_time,
            r.done_late,
            r.open_overdue,
            r.indicators_achieved,
        ]
        for r in rows
    ]


def annual_export(rows: list[AnnualRow], *, fmt: str, year: int) -> bytes:
    table = annual_table(rows)
    if fmt == "csv":
        return write_csv(ANNUAL_HEADERS, table)
    return write_table(ANNUAL_HEADERS, table, sheet_title=f"Xếp loại {year}")
