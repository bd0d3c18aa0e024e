"""Exports of a plan's tasks and indicators, and the report's Excel template round trip.

A report template carries, on a hidden "meta" sheet, the report's id and its `updated_at` at
download time. Uploading it checks every cell, lists every error by sheet, row and column, and
stores nothing unless the whole file is valid; a valid file is saved through
`theodoi.reporting.services.report_save` in one transaction.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from theodoi.accounts.permissions import can_report_for
from theodoi.exchange import xlsx
from theodoi.plans.choices import DeadlineKind
from theodoi.plans.models import Indicator, Plan, Task
from theodoi.reporting.choices import TaskStatus
from theodoi.reporting.models import Report
from theodoi.reporting.services import DONE_STATUSES, report_save

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 60 * 1024 * 1024
MAX_ROWS = 5000
TEMPLATE_FORMAT = "theodoi-bao-cao-1"
TASK_SHEET = "Nhiệm vụ"
INDICATOR_SHEET = "Chỉ tiêu"
META_SHEET = "meta"
NOT_REPORTED = "Chưa báo cáo"
READONLY_FILL = PatternFill("solid", fgColor="EFEFEF")
READONLY_FONT = Font(color="595959")
VALUE_MAX = Decimal("9999999999.9999")  # DecimalField(max_digits=14, decimal_places=4)


# ---------------------------------------------------------------------------------------------
# Exports of a plan's lists


def _status_label(code: str) -> str:
    if not code:
        return NOT_REPORTED
    try:
        return TaskStatus(code).label
    except ValueError:
        return code


def _lead(obj: Task | Indicator) -> str:
    return obj.lead.name if obj.lead_id else obj.lead_raw


def _coordinators(obj: Task | Indicator) -> str:
    names = [a.name for a in obj.coordinators.all()]
    return "; ".join(names) if names else obj.coordinators_raw


def _task_due(task: Task) -> dt.date | None:
    if task.deadline_kind == DeadlineKind.RANGE:
        return task.end_date or task.due_date
    return task.due_date


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _plan_tasks(plan: Plan):
    return plan.tasks.select_related("group", "lead").prefetch_related("coordinators")


def _plan_indicators(plan: Plan):
    return plan.indicators.select_related("lead").prefetch_related("coordinators", "targets")


TASK_HEADERS = [
    "TT",
    "Nhóm nhiệm vụ",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Sản phẩm, kết quả cần đạt",
    "Thời hạn",
    "Hạn hoàn thành",
    "Tình trạng đã báo cáo",
    "Tiến độ (%)",
]


def tasks_table(*, plan: Plan) -> tuple[list[str], list[list[Any]]]:
    rows = [
        [
            t.code,
            str(t.group) if t.group_id else "",
            t.title,
            _lead(t),
            _coordinators(t),
            t.output,
            t.deadline_raw,
            _task_due(t),
            _status_label(t.reported_status),
            t.reported_progress,
        ]
        for t in _plan_tasks(plan)
    ]
    return TASK_HEADERS, rows


def _periods(indicators: Iterable[Indicator]) -> list[str]:
    periods = {t.period for i in indicators for t in i.targets.all()}
    return sorted(periods, key=lambda p: (p == "", p))


def indicators_table(*, plan: Plan) -> tuple[list[str], list[list[Any]]]:
    """One row per indicator, one column of targets per year or period."""
    indicators = list(_plan_indicators(plan))
    periods = _periods(indicators)
    headers = [
        "TT",
        "Nhóm",
        "Tên chỉ tiêu",
        "Đơn vị tính",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        *[f"Mục tiêu {p}" if p else "Mục tiêu (không ghi năm)" for p in periods],
    ]
    rows = []
    for i in indicators:
        by_period: dict[str, list[str]] = {}
        for t in i.targets.all():
            by_period.setdefault(t.period, []).append(t.raw)
        rows.append(
            [
                i.code,
                i.group,
                i.name,
                i.unit_of_measure,
                _lead(i),
                _coordinators(i),
                *["; ".join(by_period.get(p, [])) for p in periods],
            ]
        )
    return headers, rows


TARGET_HEADERS = [
    "TT",
    "Tên chỉ tiêu",
    "Đơn vị tính",
    "Năm, giai đoạn",
    "Phép so sánh",
    "Giá trị",
    "Giá trị tối đa",
    "Như văn bản",
]


def targets_table(*, plan: Plan) -> tuple[list[str], list[list[Any]]]:
    """One row per target, with its value as a number."""
    rows = [
        [
            i.code,
            i.name,
            i.unit_of_measure,
            t.period,
            t.get_op_display(),
            _number(t.value),
            _number(t.value_max),
            t.raw,
        ]
        for i in _plan_indicators(plan)
        for t in i.targets.all()
    ]
    return TARGET_HEADERS, rows


def tasks_xlsx(*, plan: Plan) -> bytes:
    headers, rows = tasks_table(plan=plan)
    return xlsx.write_table(headers, rows, "Nhiệm vụ")


def indicators_xlsx(*, plan: Plan) -> bytes:
    return xlsx.write_workbook(
        [
            xlsx.Sheet("Chỉ tiêu", *indicators_table(plan=plan)),
            xlsx.Sheet("Mục tiêu", *targets_table(plan=plan)),
        ]
    )


def _plan_json(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "number": plan.number,
        "title": plan.title,
        "unit": plan.unit.name,
        "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
    }


def tasks_json(*, plan: Plan) -> dict[str, Any]:
    return {
        "plan": _plan_json(plan),
        "tasks": [
            {
                "id": t.pk,
                "code": t.code,
                "group": str(t.group) if t.group_id else "",
                "title": t.title,
                "lead": _lead(t),
                "lead_id": t.lead_id,
                "coordinators": _coordinators(t),
                "output": t.output,
                "deadline_raw": t.deadline_raw,
                "deadline_kind": t.deadline_kind,
                "due_date": d.isoformat() if (d := _task_due(t)) else None,
                "reported_status": t.reported_status,
                "reported_status_label": _status_label(t.reported_status),
                "reported_progress": t.reported_progress,
            }
            for t in _plan_tasks(plan)
        ],
    }


def indicators_json(*, plan: Plan) -> dict[str, Any]:
    return {
        "plan": _plan_json(plan),
        "indicators": [
            {
                "id": i.pk,
                "code": i.code,
                "group": i.group,
                "name": i.name,
                "unit_of_measure": i.unit_of_measure,
                "lead": _lead(i),
                "lead_id": i.lead_id,
                "coordinators": _coordinators(i),
                "targets": [
                    {
                        "period": t.period,
                        "op": t.op,
                        "value": _number(t.value),
                        "value_max": _number(t.value_max),
                        "raw": t.raw,
                    }
                    for t in i.targets.all()
                ],
            }
            for i in _plan_indicators(plan)
        ],
    }


# ---------------------------------------------------------------------------------------------
# The report template


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    label: str  # as named in error messages
    width: float
    editable: bool = False


TASK_COLUMNS = [
    Column("id", "ID", "ID", 8),
    Column("code", "TT", "TT", 8),
    Column("title", "Nội dung nhiệm vụ", "Nội dung", 60),
    Column("deadline", "Thời hạn", "Thời hạn", 18),
    Column("status", "Tình trạng", "Tình trạng", 22, True),
    Column("progress", "Tiến độ (%)", "Tiến độ", 11, True),
    Column("result", "Kết quả", "Kết quả", 40, True),
    Column("obstacles", "Khó khăn, vướng mắc", "Khó khăn, vướng mắc", 30, True),
    Column("proposals", "Kiến nghị, đề xuất", "Kiến nghị, đề xuất", 30, True),
    Column("evidence", "Văn bản, minh chứng", "Văn bản, minh chứng", 30, True),
]
INDICATOR_COLUMNS = [
    Column("id", "ID", "ID", 8),
    Column("code", "TT", "TT", 8),
    Column("name", "Tên chỉ tiêu", "Tên chỉ tiêu", 50),
    Column("unit", "Đơn vị tính", "Đơn vị tính", 12),
    Column("target", "Mục tiêu", "Mục tiêu", 22),
    Column("value", "Giá trị trong kỳ", "Giá trị", 16, True),
    Column("text_value", "Giá trị định tính", "Giá trị định tính", 30, True),
    Column("source", "Nguồn số liệu", "Nguồn số liệu", 30, True),
]
TEXT_LIMITS = {
    "result": 10000,
    "obstacles": 10000,
    "proposals": 10000,
    "evidence": 10000,
    "text_value": 255,
    "source": 255,
}


def _letter(columns: list[Column], key: str) -> str:
    return get_column_letter(next(i for i, c in enumerate(columns, start=1) if c.key == key))


def _style_template_sheet(ws: Worksheet, columns: list[Column], count: int) -> None:
    """Hide the id column, grey the read-only columns and lock them; leave the rest editable."""
    ws.column_dimensions["A"].hidden = True
    for col, column in enumerate(columns, start=1):
        for row in range(2, count + 2):
            cell = ws.cell(row=row, column=col)
            if column.editable:
                cell.protection = Protection(locked=False)
            else:
                cell.fill = READONLY_FILL
                cell.font = READONLY_FONT
    # Protected without a password: it keeps the read-only cells and the id column from being
    # changed by accident, yet anyone may lift it (Review > Unprotect Sheet).
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False
    ws.protection.autoFilter = False


def _validation(ws: Worksheet, dv: DataValidation, columns: list[Column], key, count) -> None:
    if count:
        letter = _letter(columns, key)
        dv.add(f"{letter}2:{letter}{count + 1}")
        ws.add_data_validation(dv)


def _targets_text(indicator: Indicator) -> str:
    return "; ".join(f"{t.period}: {t.raw}" if t.period else t.raw for t in indicator.targets.all())


def report_template_xlsx(*, report: Report) -> bytes:
    """The report's rows as an .xlsx to fill in and upload again."""
    wb = Workbook()
    ws = wb.active
    ws.title = TASK_SHEET
    updates = list(report.task_updates.select_related("task").order_by("task__order", "task_id"))
    xlsx.fill_sheet(
        ws,
        [c.header for c in TASK_COLUMNS],
        [
            [
                u.pk,
                u.task.code,
                u.task.title,
                u.task.deadline_raw,
                _status_label(u.status),
                u.progress,
                u.result,
                u.obstacles,
                u.proposals,
                u.evidence,
            ]
            for u in updates
        ],
        {i: c.width for i, c in enumerate(TASK_COLUMNS, start=1)},
    )
    _style_template_sheet(ws, TASK_COLUMNS, len(updates))
    labels = [label for _, label in TaskStatus.choices]
    _validation(
        ws,
        DataValidation(
            type="list",
            formula1='"' + ",".join(labels) + '"',
            allow_blank=False,
            showErrorMessage=True,
            errorTitle="Tình trạng không hợp lệ",
            error="Hãy chọn một tình trạng trong danh sách.",
        ),
        TASK_COLUMNS,
        "status",
        len(updates),
    )
    _validation(
        ws,
        DataValidation(
            type="whole",
            operator="between",
            formula1="0",
            formula2="100",
            allow_blank=False,
            showErrorMessage=True,
            errorTitle="Tiến độ không hợp lệ",
            error="Tiến độ phải là số nguyên từ 0 đến 100.",
        ),
        TASK_COLUMNS,
        "progress",
        len(updates),
    )

    ws = wb.create_sheet(INDICATOR_SHEET)
    values = list(
        report.indicator_values.select_related("indicator")
        .prefetch_related("indicator__targets")
        .order_by("indicator__order", "indicator_id")
    )
    xlsx.fill_sheet(
        ws,
        [c.header for c in INDICATOR_COLUMNS],
        [
            [
                v.pk,
                v.indicator.code,
                v.indicator.name,
                v.indicator.unit_of_measure,
                _targets_text(v.indicator),
                v.value,
                v.text_value,
                v.source,
            ]
            for v in values
        ],
        {i: c.width for i, c in enumerate(INDICATOR_COLUMNS, start=1)},
    )
    _style_template_sheet(ws, INDICATOR_COLUMNS, len(values))
    _validation(
        ws,
        DataValidation(
            type="decimal",
            operator="between",
            formula1="-9999999999",
            formula2="9999999999",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Giá trị không hợp lệ",
            error="Giá trị phải là một số; ghi chú bằng chữ để ở cột Giá trị định tính.",
        ),
        INDICATOR_COLUMNS,
        "value",
        len(values),
    )
    for key in ("text_value", "source"):
        _validation(
            ws,
            DataValidation(
                type="textLength",
                operator="lessThanOrEqual",
                formula1="255",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Quá dài",
                error="Không quá 255 ký tự.",
            ),
            INDICATOR_COLUMNS,
            key,
            len(values),
        )

    meta = wb.create_sheet(META_SHEET)
    xlsx.fill_sheet(
        meta,
        ["Khóa", "Giá trị"],
        [
            ["format", TEMPLATE_FORMAT],
            ["report_id", report.pk],
            ["version", report.updated_at.isoformat()],
            ["agency", report.agency.name],
            ["period", report.period.label],
        ],
    )
    meta.sheet_state = "hidden"
    return xlsx.to_bytes(wb)


# ---------------------------------------------------------------------------------------------
# Importing a filled template


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(f"Sheet {self.sheet}")
        if self.row:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class ImportResult:
    errors: list[CellError] = field(default_factory=list)
    tasks_saved: int = 0
    indicators_saved: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class _Invalid(Exception):
    """One cell's value is wrong; the message says why, in Vietnamese."""


def _norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


STATUS_BY_LABEL = {_norm(label): value for value, label in TaskStatus.choices} | {
    _norm(value): value for value in TaskStatus.values
}


def _text(value, limit: int) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        text = value.strftime("%d/%m/%Y %H:%M")
    elif isinstance(value, dt.date):
        text = value.strftime("%d/%m/%Y")
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, bool):
        text = "Có" if value else "Không"
    else:
        text = str(value)
    text = xlsx.unneutralise(text.strip())
    if len(text) > limit:
        raise _Invalid(f"dài {len(text)} ký tự, vượt quá {limit} ký tự")
    return text


def _status(value) -> str:
    text = "" if value is None else str(value)
    if not text.strip():
        raise _Invalid("chưa chọn tình trạng")
    status = STATUS_BY_LABEL.get(_norm(xlsx.unneutralise(text.strip())))
    if status is None:
        labels = ", ".join(label for _, label in TaskStatus.choices)
        raise _Invalid(f"“{text.strip()}” không có trong danh mục tình trạng ({labels})")
    return status


_PROGRESS_TEXT = re.compile(r"^(\d{1,3})(?:[.,]0+)?\s*%?$")


def _progress(value) -> int:
    message = "phải là số nguyên từ 0 đến 100"
    if isinstance(value, bool) or value is None:
        raise _Invalid(message)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float | Decimal):
        if value != int(value):
            raise _Invalid(message)
        number = int(value)
    else:
        match = _PROGRESS_TEXT.match(str(value).strip())
        if not match:
            raise _Invalid(message)
        number = int(match.group(1))
    if not 0 <= number <= 100:
        raise _Invalid(message)
    return number


def _decimal_text(text: str) -> Decimal:
    """A number as written in Vietnamese or English: 85 · 85,5 · 85.5 · 1.234,5 · 1,234.5."""
    text = text.replace("\u00a0", "").replace(" ", "").removesuffix("%")
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        text = text.replace(thousands, "").replace(decimal_mark, ".")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    elif text.count(",") > 1 or text.count(".") > 1:
        text = text.replace(",", "").replace(".", "")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", text):
        raise InvalidOperation(text)
    return Decimal(text)


def _value(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    message = "phải là một số (ví dụ 85 hoặc 85,5); ghi chú bằng chữ để ở cột Giá trị định tính"
    if isinstance(value, bool | dt.date):
        raise _Invalid(message)
    try:
        if isinstance(value, int | Decimal):
            number = Decimal(value)
        elif isinstance(value, float):
            number = Decimal(repr(value))
        else:
            number = _decimal_text(str(value).strip())
    except (InvalidOperation, ValueError):
        raise _Invalid(message) from None
    if not number.is_finite():
        raise _Invalid(message)
    number = number.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    if abs(number) > VALUE_MAX:
        raise _Invalid("số quá lớn (tối đa 10 chữ số phần nguyên)")
    return number


def _row_id(value) -> int:
    if isinstance(value, bool):
        raise _Invalid("")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise _Invalid("")


@dataclass
class _Row:
    row: int
    id: int | None
    data: dict[str, Any]


TASK_PARSERS = {
    "status": _status,
    "progress": _progress,
    "result": lambda v: _text(v, TEXT_LIMITS["result"]),
    "obstacles": lambda v: _text(v, TEXT_LIMITS["obstacles"]),
    "proposals": lambda v: _text(v, TEXT_LIMITS["proposals"]),
    "evidence": lambda v: _text(v, TEXT_LIMITS["evidence"]),
}
INDICATOR_PARSERS = {
    "value": _value,
    "text_value": lambda v: _text(v, TEXT_LIMITS["text_value"]),
    "source": lambda v: _text(v, TEXT_LIMITS["source"]),
}


def _header_map(ws: Worksheet, columns: list[Column]) -> dict[str, int]:
    found: dict[str, int] = {}
    wanted = {}
    for c in columns:
        wanted[_norm(c.header)] = c.key
        wanted[_norm(c.label)] = c.key
    first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    for index, value in enumerate(first):
        if value is None:
            continue
        key = wanted.get(_norm(xlsx.unneutralise(str(value).strip())))
        if key and key not in found:
            found[key] = index
    return found


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _parse_sheet(
    wb, title: str, columns: list[Column], parsers: dict, errors: list[CellError]
) -> list[_Row]:
    ws = wb[title]
    if ws.max_row > MAX_ROWS + 1:
        errors.append(
            CellError(title, None, None, f"có {ws.max_row} dòng, vượt quá {MAX_ROWS} dòng")
        )
        return []
    headers = _header_map(ws, columns)
    needed = [c for c in columns if c.key == "id" or c.editable]
    missing = [c for c in needed if c.key not in headers]
    for c in missing:
        errors.append(CellError(title, 1, c.label, f"thiếu cột “{c.header}” ở dòng tiêu đề"))
    if missing:
        return []
    by_key = {c.key: c for c in columns}
    rows: list[_Row] = []
    for number, cells in enumerate(ws.iter_rows(min_row=2), start=2):
        cells_by_key = {
            key: cells[index] if index < len(cells) else None for key, index in headers.items()
        }
        relevant = [cells_by_key[c.key] for c in needed]
        if all(cell is None or _is_blank(cell.value) for cell in relevant):
            continue
        row = _Row(number, None, {})
        row_errors = len(errors)
        for key, cell in cells_by_key.items():
            column = by_key[key]
            if cell is not None and cell.data_type == "f" and (column.editable or key == "id"):
                errors.append(
                    CellError(
                        title,
                        number,
                        column.label,
                        "ô chứa công thức; hãy nhập giá trị (hoặc dán dạng Giá trị)",
                    )
                )
        if len(errors) > row_errors:
            continue
        try:
            row.id = _row_id(cells_by_key["id"].value if cells_by_key["id"] else None)
        except _Invalid:
            errors.append(
                CellError(
                    title,
                    number,
                    "ID",
                    "không có mã dòng hợp lệ: không thêm dòng mới và không sửa cột ID của mẫu",
                )
            )
        for key, parse in parsers.items():
            cell = cells_by_key[key]
            try:
                row.data[key] = parse(cell.value if cell is not None else None)
            except _Invalid as exc:
                errors.append(CellError(title, number, by_key[key].label, str(exc)))
        rows.append(row)
    return rows


def _open_workbook(content: bytes, errors: list[CellError]):
    if len(content) > MAX_UPLOAD_BYTES:
        errors.append(
            CellError(
                "",
                None,
                None,
                f"Tệp quá lớn ({len(content) / 1024 / 1024:.1f} MB); "
                f"tối đa {MAX_UPLOAD_BYTES // 1024 // 1024} MB.",
            )
        )
        return None
    not_xlsx = (
        "Tệp không phải là tệp Excel .xlsx hợp lệ hoặc đã bị hỏng. Hãy tải mẫu Excel của báo "
        "cáo, điền rồi lưu dưới dạng Excel Workbook (.xlsx)."
    )
    if not content or not zipfile.is_zipfile(io.BytesIO(content)):
        errors.append(CellError("", None, None, not_xlsx))
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                errors.append(CellError("", None, None, "Tệp giải nén ra quá lớn."))
                return None
        return load_workbook(io.BytesIO(content), data_only=False)
    except Exception:  # openpyxl raises many kinds of error on a damaged file
        errors.append(CellError("", None, None, not_xlsx))
        return None


def _meta(wb) -> dict[str, tuple[int, Any]]:
    found = {}
    for number, row in enumerate(wb[META_SHEET].iter_rows(values_only=True), start=1):
        if row and row[0] is not None:
            found[str(row[0]).strip()] = (number, row[1] if len(row) > 1 else None)
    return found


def _check_meta(wb, report: Report, errors: list[CellError]) -> None:
    meta = _meta(wb)
    number, report_id = meta.get("report_id", (None, None))
    try:
        same = report_id is not None and int(report_id) == report.pk
    except (TypeError, ValueError):
        same = False
    if not same:
        errors.append(
            CellError(
                META_SHEET,
                number,
                None,
                f"tệp mẫu này là của báo cáo số {report_id or '(không rõ)'}, không phải báo "
                f"cáo đang nạp (số {report.pk}); hãy tải mẫu Excel của đúng báo cáo này",
            )
        )
        return
    number, version = meta.get("version", (None, None))
    if str(version or "").strip() != report.updated_at.isoformat():
        errors.append(
            CellError(
                META_SHEET,
                number,
                None,
                "báo cáo đã được thay đổi sau khi tải mẫu này; hãy tải mẫu mới, điền lại rồi nạp "
                "(để không ghi đè số liệu người khác vừa nhập)",
            )
        )


def _check_ids(title: str, rows: list[_Row], known: set[int], errors: list[CellError]) -> None:
    seen: dict[int, int] = {}
    for row in rows:
        if row.id is None:
            continue
        if row.id not in known:
            errors.append(
                CellError(title, row.row, "ID", f"mã dòng {row.id} không thuộc báo cáo này")
            )
        elif row.id in seen:
            errors.append(CellError(title, row.row, "ID", f"trùng mã dòng với dòng {seen[row.id]}"))
        else:
            seen[row.id] = row.row


def _check_done(rows: list[_Row], errors: list[CellError]) -> None:
    for row in rows:
        status, progress = row.data.get("status"), row.data.get("progress")
        if status in DONE_STATUSES and progress is not None and progress != 100:
            errors.append(
                CellError(
                    TASK_SHEET,
                    row.row,
                    "Tiến độ",
                    "nhiệm vụ đã hoàn thành thì tiến độ phải là 100",
                )
            )


def report_import_xlsx(*, report: Report, user, content: bytes) -> ImportResult:
    """Check every cell of a filled template; store it all through `report_save`, or nothing."""
    if not can_report_for(user, report.agency):
        raise PermissionDenied("Bạn không báo cáo cho cơ quan này.")
    errors: list[CellError] = []
    wb = _open_workbook(content, errors)
    if wb is None:
        return ImportResult(errors)
    missing = [t for t in (TASK_SHEET, INDICATOR_SHEET, META_SHEET) if t not in wb.sheetnames]
    for title in missing:
        errors.append(CellError("", None, None, f"Thiếu sheet “{title}” của mẫu báo cáo."))
    task_rows = (
        _parse_sheet(wb, TASK_SHEET, TASK_COLUMNS, TASK_PARSERS, errors)
        if TASK_SHEET in wb.sheetnames
        else []
    )
    value_rows = (
        _parse_sheet(wb, INDICATOR_SHEET, INDICATOR_COLUMNS, INDICATOR_PARSERS, errors)
        if INDICATOR_SHEET in wb.sheetnames
        else []
    )
    _check_done(task_rows, errors)
    try:
        with transaction.atomic():
            locked = (
                Report.objects.select_for_update(of=("self",))
                .select_related("period", "agency")
                .get(pk=report.pk)
            )
            if not locked.is_editable:
                errors.insert(
                    0,
                    CellError(
                        "",
                        None,
                        None,
                        "Báo cáo đã gửi hoặc kỳ báo cáo đã khóa: không nạp được.",
                    ),
                )
            if META_SHEET in wb.sheetnames:
                _check_meta(wb, locked, errors)
            _check_ids(
                TASK_SHEET,
                task_rows,
                set(locked.task_updates.values_list("pk", flat=True)),
                errors,
            )
            _check_ids(
                INDICATOR_SHEET,
                value_rows,
                set(locked.indicator_values.values_list("pk", flat=True)),
                errors,
            )
            if errors:
                return ImportResult(_sorted(errors))
            report_save(
                report=locked,
                user=user,
                summary=locked.summary,
                task_updates=[{"id": r.id, **r.data} for r in task_rows],
                indicator_values=[{"id": r.id, **r.data} for r in value_rows],
            )
    except ValidationError as exc:
        return ImportResult([CellError("", None, None, m) for m in exc.messages])
    return ImportResult([], tasks_saved=len(task_rows), indicators_saved=len(value_rows))


def _sorted(errors: list[CellError]) -> list[CellError]:
    """File-level errors first, then by sheet in template order, row and column."""
    order = {"": 0, META_SHEET: 1, TASK_SHEET: 2, INDICATOR_SHEET: 3}
    columns = {
        sheet: {c.label: i for i, c in enumerate(cols)}
        for sheet, cols in ((TASK_SHEET, TASK_COLUMNS), (INDICATOR_SHEET, INDICATOR_COLUMNS))
    }
    return sorted(
        errors,
        key=lambda e: (
            order.get(e.sheet, 9),
            e.row or 0,
            columns.get(e.sheet, {}).get(e.column or "", -1),
        ),
    )
