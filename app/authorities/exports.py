"""A round's comparison as a table: CSV and Excel files that open with Swedish text intact.

CSV follows what Swedish Excel expects: UTF-8 with a byte order mark, semicolons between
fields and a decimal comma. The Excel file holds real numbers.

Text comes from stored names, which older versions took with any character, and the files
must open all the same: what XML cannot hold becomes U+FFFD, and text that a spreadsheet
would take for a formula stays text (OWASP's CSV injection).
"""

from __future__ import annotations

import csv
import io
import re

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from app.authorities import messages
from app.authorities.comparison import Comparison, SchoolRow

Cell = str | float | None
# openpyxl's list, and what XML 1.0 refuses beyond it (the heatmap is XML too).
NOT_IN_XML = re.compile(f"{ILLEGAL_CHARACTERS_RE.pattern}|[\ud800-\udfff\ufffe\uffff]")
# What makes Excel, LibreOffice and Google Sheets read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def xml_safe(text: str) -> str:
    return NOT_IN_XML.sub("\ufffd", text)


def _is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


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
    rows = [_row(school, labels) for school in comparison.rows]
    return [xml_safe(h) for h in header], [[_safe(cell) for cell in row] for row in rows]


def _safe(cell: Cell) -> Cell:
    return xml_safe(cell) if isinstance(cell, str) else cell


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
    writer.writerows([_csv_cell(cell) for cell in row] for row in _with_header(header, rows))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):
        return f"{cell:.1f}".replace(".", ",")
    # A leading quote is what keeps a spreadsheet from running the text, and reads as text.
    return "'" + cell if _is_formula_like(cell) else cell


def _with_header(header: list[str], rows: list[list[Cell]]) -> list[list[Cell]]:
    return [[*header], *rows]


def to_xlsx(header: list[str], rows: list[list[Cell]], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = messages.SHEET_TITLE
    for row in _with_header(header, rows):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if _is_formula_like(cell.value):
                # openpyxl writes any text starting with "=" as a formula; a string cell holds
                # it as text, and the quote prefix keeps it text when someone edits the cell.
                cell.data_type = "s"
                cell.quotePrefix = True
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 36
    workbook.properties.title = xml_safe(title)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def comparison_csv(comparison: Comparison) -> bytes:
    return to_csv(*comparison_table(comparison))


def comparison_xlsx(comparison: Comparison) -> bytes:
    return to_xlsx(*comparison_table(comparison), title=comparison.survey_round.name)
