"""Workshop 1 as a table: CSV for Swedish Excel and an Excel file in the shape of Skolverket's
workshop 1 template (one row per task, area by area), the same figures as the JSON."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from app.core.catalogues.workshop1 import Workshop1, one_decimal
from app.inventory import messages
from app.web.spreadsheets import Cell, mark_formula_like_as_text, safe_rows, to_csv, xml_safe

BOLD = Font(name="Calibri", family=2, size=11, bold=True, scheme="minor")
WRAPPED = Alignment(wrap_text=True, vertical="top")
WIDTHS = (30, 60, 12, 12, 12, 10, 10, 10, 10)


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


def workshop1_xlsx(figures: Workshop1, title: str) -> bytes:
    header, rows = workshop1_table(figures)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = messages.SHEET_TITLE
    table: list[list[Cell]] = [[*header], *rows]
    for row in table:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            mark_formula_like_as_text(cell)
            cell.alignment = WRAPPED
            if isinstance(cell.value, float):
                cell.number_format = "0.0"
    for cell in sheet[1]:
        cell.font = BOLD
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "C2"
    workbook.properties.title = xml_safe(title)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
