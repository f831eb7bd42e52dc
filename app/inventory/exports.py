"""Workshop 1 as a table: CSV for Swedish Excel and an Excel file in the shape of Skolverket's
workshop 1 template (one row per task, area by area), the same figures as the JSON."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.core.catalogues.workshop1 import Workshop1, one_decimal
from app.inventory import messages
from app.web.spreadsheets import Cell, mark_formula_like_as_text, safe_rows, to_csv, xml_safe

BOLD = Font(name="Calibri", family=2, size=11, bold=True, scheme="minor")
WRAPPED = Alignment(wrap_text=True, vertical="top")
WIDTHS = (30, 60, 12, 12, 12, 10, 10, 10, 10)
DATE_FORMAT = "yyyy-mm-dd"


def workshop1_table(figures: Workshop1) -> tuple[list[str], list[list[Cell]]]:
    """A header row and one row per task; call only when the figures are visible."""
    rows: list[list[Cell]] = []
    for area in figures.areas:
        for task in area.tasks:
            teacher = task.teacher or {}
            rows.append(
                [
                    area.area.title,
                    task.task.text,
                    task.doing,
                    one_decimal(task.hours_total),
                    one_decimal(task.hours_median),
                    one_decimal(task.energy_mean),
                    teacher.get("yes"),
                    teacher.get("partly"),
                    teacher.get("no"),
                ]
            )
    return [xml_safe(c) for c in messages.COLUMNS], safe_rows(rows)


def workshop1_csv(figures: Workshop1) -> bytes:
    return to_csv(*workshop1_table(figures))


def append_row(sheet: Worksheet, row: Sequence[Cell | date], *, bold: bool = False) -> None:
    """One row of a sheet: text never a formula, wrapped; decimals with one decimal shown,
    dates as Excel dates."""
    sheet.append(list(row))
    for cell in sheet[sheet.max_row]:
        mark_formula_like_as_text(cell)
        cell.alignment = WRAPPED
        if isinstance(cell.value, float):
            cell.number_format = "0.0"
        elif isinstance(cell.value, date):
            cell.number_format = DATE_FORMAT
        if bold:
            cell.font = BOLD


def set_widths(sheet: Worksheet, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width


def write_workshop1(sheet: Worksheet, figures: Workshop1) -> None:
    """The workshop 1 table on a sheet; call only when the figures are visible."""
    header, rows = workshop1_table(figures)
    append_row(sheet, header, bold=True)
    for row in rows:
        append_row(sheet, row)
    set_widths(sheet, WIDTHS)
    sheet.freeze_panes = "C2"


def workshop1_xlsx(figures: Workshop1, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = messages.SHEET_TITLE
    write_workshop1(sheet, figures)
    workbook.properties.title = xml_safe(title)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
