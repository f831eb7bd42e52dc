"""A round's comparison as a table: CSV and Excel files that open with Swedish text intact.

CSV follows what Swedish Excel expects: UTF-8 with a byte order mark, semicolons between
fields and a decimal comma. The Excel file holds real numbers.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from app.core.questionnaires import Questionnaire

Cell = str | float | None


def comparison_table(
    comparison: dict[str, Any], questionnaire: Questionnaire
) -> tuple[list[str], list[list[Cell]]]:
    """A header row and one row per school: one score and one level column per area."""
    header = ["Skola", "Skolenhetskod", "Svarat", "Inskickat", "Sammanlagd poäng"]
    for area in questionnaire.areas:
        header += [f"{area.title} – poäng", f"{area.title} – nivå"]
    labels = {level.id: level.label for level in questionnaire.levels}
    rows: list[list[Cell]] = []
    for school in comparison["schools"]:
        row: list[Cell] = [
            school["name"],
            school["school_unit_code"],
            "ja" if school["responded"] else "nej",
            school["submitted_at"],
            school["overall"],
        ]
        for area in questionnaire.areas:
            cell = school["areas"][area.id]
            row += [cell["score"], labels.get(cell["level"]) if cell["level"] else None]
        rows.append(row)
    return header, rows


def to_csv(header: list[str], rows: list[list[Cell]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_csv_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):
        return f"{cell:.1f}".replace(".", ",")
    return cell


def to_xlsx(header: list[str], rows: list[list[Cell]], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Jämförelse"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 36
    workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
