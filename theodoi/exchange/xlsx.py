"""Writing .xlsx (and CSV) tables safely.

Every text cell that a spreadsheet could read as a formula (it begins with "=", "+", "-", "@",
a tab or a carriage return) is written as text with a leading apostrophe, so a task title such
as '=HYPERLINK("http://x","y")' is shown, never run. `unneutralise` undoes this when a file
comes back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
MIN_WIDTH, MAX_WIDTH = 6, 60
_ILLEGAL_TITLE = re.compile(r"[\[\]:*?/\\]")
# Control characters openpyxl refuses in a cell (all but tab, newline and carriage return).
_ILLEGAL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class Sheet:
    """One sheet of a workbook: its title, header row and data rows."""

    title: str
    headers: list[str]
    rows: Iterable[Sequence] = field(default_factory=list)
    widths: dict[int, float] | None = None


def neutralise(text: str) -> str:
    """The text with a leading apostrophe when a spreadsheet would read it as a formula."""
    if text and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def unneutralise(text: str) -> str:
    """Undo `neutralise`: drop the apostrophe we put before a formula-like text."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def sheet_title(title: str) -> str:
    """A title Excel accepts: no []:*?/\\ and at most 31 characters."""
    return (_ILLEGAL_TITLE.sub(" ", title).strip() or "Sheet")[:31]


def _local(value: dt.datetime) -> dt.datetime:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def set_cell(cell: Cell, value) -> None:
    """Write one value: dates as dates, numbers as numbers, text always as text."""
    if value is None:
        cell.value = None
    elif isinstance(value, bool):
        cell.value = "Có" if value else "Không"
    elif isinstance(value, dt.datetime):
        cell.value = _local(value)
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, int | float | Decimal):
        cell.value = value
    else:
        text = _ILLEGAL_CHARS.sub("", str(value))
        safe = neutralise(text)
        cell.value = safe
        # openpyxl guesses a formula from a leading "="; we never want one.
        cell.data_type = "s"
        if safe is not text:
            cell.quotePrefix = True


def _display_length(value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def fill_sheet(
    ws: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    widths: dict[int, float] | None = None,
) -> int:
    """Write a bold, frozen header row and the data rows; size the columns. Returns the number
    of data rows written."""
    lengths = [len(h) for h in headers]
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=col)
        set_cell(cell, header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    count = 0
    for r, row in enumerate(rows, start=2):
        count += 1
        for col, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=col)
            set_cell(cell, value)
            if isinstance(value, str):
                cell.alignment = Alignment(vertical="top", wrap_text=True)
            if col <= len(lengths):
                lengths[col - 1] = max(lengths[col - 1], _display_length(value))
            else:
                lengths.append(_display_length(value))
    for col, length in enumerate(lengths, start=1):
        width = (widths or {}).get(col) or min(MAX_WIDTH, max(MIN_WIDTH, length + 2))
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    if headers:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(count + 1, 1)}"
    return count


def to_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_workbook(sheets: Iterable[Sheet]) -> bytes:
    """An .xlsx with one sheet per `Sheet`, in order."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet_title(sheet.title))
        fill_sheet(ws, sheet.headers, sheet.rows, sheet.widths)
    if not wb.worksheets:
        wb.create_sheet("Sheet")
    return to_bytes(wb)


def write_table(headers: list[str], rows: Iterable[list], sheet_title: str) -> bytes:
    """An .xlsx with one sheet: a bold, frozen header row and the rows."""
    return write_workbook([Sheet(title=sheet_title, headers=headers, rows=rows)])


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.datetime):
        return _local(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, int | float):
        return str(value)
    return neutralise(str(value))


def write_csv(headers: list[str], rows: Iterable[list]) -> bytes:
    """UTF-8 CSV with a byte-order mark, so Excel reads the Vietnamese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_value(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
