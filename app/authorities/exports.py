"""A round's comparison as a table: CSV and Excel files that open with Swedish text intact.

CSV follows what Swedish Excel expects: UTF-8 with a byte order mark, semicolons between
fields and a decimal comma. The Excel file holds real numbers.
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from app.authorities import messages
from app.authorities.comparison import Comparison, SchoolRow

Cell = str | float | None


def comparison_table(comparison: Comparison) -> tuple[list[str], list[list[Cell]]]:
    """A header row and one row per school: one score and one level column per area."""
    header = [
        messages.COLUMN_SCHOOL,
        messages.COLUMN_SCHOOL_UNIT_CODE,
        messages.COLUMN_RESPONDED,
        messages.COLUMN_SUBMITTED,
        messages.COLUMN_OVERALL,
    ]
    for area in comparison.areas:
        header += [
            messages.COLUMN_AREA_SCORE.format(area=area.title),
            messages.COLUMN_AREA_LEVEL.format(area=area.title),
        ]
    labels = {level.id: level.label for level in comparison.questionnaire.levels}
    return header, [_row(school, labels) for school in comparison.rows]


def _row(school: SchoolRow, labels: dict[str, str]) -> list[Cell]:
    row: list[Cell] = [
        school.school.name,
        school.school.school_unit_code,
        messages.YES if school.responded else messages.NO,
        school.submitted_at.isoformat() if school.submitted_at else None,
        school.overall,
    ]
    for cell in school.cells:
        row += [cell.score, labels.get(cell.level_id) if cell.level_id else None]
    return row


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
    sheet.title = messages.SHEET_TITLE
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


def comparison_csv(comparison: Comparison) -> bytes:
    return to_csv(*comparison_table(comparison))


def comparison_xlsx(comparison: Comparison) -> bytes:
    return to_xlsx(*comparison_table(comparison), title=comparison.survey_round.name)
