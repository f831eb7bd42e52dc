"""A round's comparison as a table: CSV and Excel files that an official can open and print.

CSV follows what Swedish Excel expects: UTF-8 with a byte order mark, semicolons and a decimal
comma. The Excel file holds real numbers and date-times, school codes as text (leading zeros
kept), a print set-up (landscape, one page wide, header row and school column on every page)
and an "Om" sheet. Times are Swedish local time, what an official compares them with.

Text comes from stored names, which older versions took with any character, and the files
must open all the same: what XML cannot hold becomes U+FFFD, and text that a spreadsheet
would take for a formula stays text (OWASP's CSV injection).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from datetime import UTC, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from app.authorities import messages
from app.authorities.comparison import Comparison, SchoolRow
from app.core.swedish import stockholm_time
from app.web.spreadsheets import Cell as Cell
from app.web.spreadsheets import Row as Row
from app.web.spreadsheets import is_formula_like as _is_formula_like
from app.web.spreadsheets import safe_rows as safe_rows
from app.web.spreadsheets import to_csv as to_csv
from app.web.spreadsheets import xml_safe as xml_safe

# Cells, XML safety, the formula guard and CSV are shared with the inventory's exports, in
# app.web.spreadsheets; heatmap, history_chart and invitations_api still import them from here.

# Number formats in Excel's codes, which LibreOffice reads alike.
SCORE_FORMAT = "0.0"
TIME_FORMAT = "yyyy-mm-dd hh:mm"
TEXT_FORMAT = "@"
CODE_COLUMN = 1  # the school unit code: text, or a spreadsheet drops its leading zeros
FIRST_AREA_COLUMN = 5  # from here on, a score and a level column per area
# Widths in Excel's unit, the width of a digit; a column fits its header's words and values.
MIN_WIDTH = 6
MAX_WIDTH = 32
PADDING = 2
# The areas' headers stand upright (a quarter turn, still wrapping), so their columns need only
# the room of their values: with two columns per area, headers lying down made the rektor
# sheet (eight areas) print one A4 page wide at 5.5 points; upright, at about 7.
AREA_MIN_WIDTH = 7  # three upright lines of header side by side
LINE_HEIGHT = 15  # points: one line of openpyxl's default font, Calibri 11
POINTS_PER_UNIT = 5.25  # a unit of width is 7 pixels, 3/4 of a point each
CHARACTER_POINTS = 6.5  # a bold character along its line, with room to spare
MAX_ROW_HEIGHT = 409  # Excel's limit, in points
# Top-aligned, so a row's values line up with the first line of a wrapped name; scores
# centred, as right-aligned they would touch the level's label beside them.
TOP = Alignment(vertical="top")
TOP_WRAPPED = Alignment(horizontal="left", wrap_text=True, vertical="top")
CENTRED = Alignment(horizontal="center", vertical="top")
UPRIGHT = Alignment(wrap_text=True, vertical="bottom", text_rotation=90)
# openpyxl's default font, bold. `Font(bold=True)` alone names no font, and LibreOffice then
# shows its own default (a wider serif), which cut the headers' words.
BOLD = Font(name="Calibri", family=2, size=11, bold=True, scheme="minor")


def local_time(moment: datetime | None) -> datetime | None:
    """Swedish local time without its zone, to the second (what Excel's cells hold exactly)."""
    return stockholm_time(moment).replace(tzinfo=None, microsecond=0) if moment else None


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
    return [xml_safe(h) for h in header], safe_rows(rows)


def _row(school: SchoolRow, labels: dict[str, str]) -> list[Cell]:
    row: list[Cell] = [
        school.school.name,
        school.school.school_unit_code,
        messages.YES if school.responded else messages.NO,
        local_time(school.submitted_at),
        school.overall,
    ]
    for cell in school.cells:
        row += [cell.score, labels.get(cell.level_id) if cell.level_id else None]
    return row


def about_table(comparison: Comparison, exported: datetime) -> list[list[Cell]]:
    """The "Om" sheet: what the file holds, and when it was made."""
    ref = comparison.questionnaire_ref
    rows: list[list[Cell]] = [
        [messages.ABOUT_ROUND, comparison.survey_round.name],
        [messages.ABOUT_QUESTIONNAIRE, comparison.questionnaire.title],
        [messages.ABOUT_QUESTIONNAIRE_ID, ref.id],
        [messages.ABOUT_VERSION, ref.version],
        [messages.ABOUT_ROUND_CREATED, local_time(comparison.survey_round.created_at)],
        [messages.ABOUT_EXPORTED, local_time(exported)],
        [messages.ABOUT_TIMES, messages.ABOUT_TIMES_TEXT],
    ]
    return safe_rows(rows)


def to_xlsx(header: list[str], rows: Sequence[Row], title: str, about: Sequence[Row]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = messages.SHEET_TITLE
    _fill(sheet, [header, *rows])
    for index, cell in enumerate(sheet[1]):
        cell.font = BOLD
        if index >= FIRST_AREA_COLUMN:
            cell.alignment = UPRIGHT
    for row in sheet.iter_rows(min_row=2, min_col=CODE_COLUMN + 1, max_col=CODE_COLUMN + 1):
        row[0].number_format = TEXT_FORMAT  # stays text when someone edits the cell
    widths = [
        _width("" if i >= FIRST_AREA_COLUMN else h, [r[i] for r in rows], whole=i == 0)
        for i, h in enumerate(header)
    ]
    _lay_out(sheet, widths, upright_from=FIRST_AREA_COLUMN)
    sheet.freeze_panes = "B2"  # below the header, right of the school's name
    _print_setup(sheet, title)
    _about_sheet(workbook.create_sheet(messages.ABOUT_SHEET_TITLE), about)
    workbook.properties.title = xml_safe(title)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill(sheet: Worksheet, rows: Sequence[Row]) -> None:
    """The rows as cells: formulas as text, scores with one decimal, times as date-times."""
    for row in rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            if _is_formula_like(cell.value):
                # openpyxl writes any text starting with "=" as a formula; a string cell holds
                # it as text, and the quote prefix keeps it text when someone edits the cell.
                cell.data_type = "s"
                cell.quotePrefix = True
            cell.alignment = TOP_WRAPPED if isinstance(cell.value, str) else TOP
            if isinstance(cell.value, float):
                cell.number_format = SCORE_FORMAT
                cell.alignment = CENTRED
            elif isinstance(cell.value, datetime):
                cell.number_format = TIME_FORMAT


def _width(header: str, cells: Sequence[Cell], *, whole: bool) -> int:
    """Room for the header's words and the column's values; `whole`: text on one line.

    Other text (a level's label) wraps at its spaces, so its longest word is what it needs;
    an area's column is at least AREA_MIN_WIDTH, for its upright header (`header` "")."""
    words = [len(word) for word in header.split()] or [AREA_MIN_WIDTH]
    needed = max([*words, *(_shown(cell, whole) for cell in cells)])
    return max(MIN_WIDTH, min(MAX_WIDTH, needed)) + PADDING


def _shown(cell: Cell, whole: bool) -> int:
    if cell is None:
        return 0
    if isinstance(cell, datetime):
        return len(TIME_FORMAT)  # as long as what it shows
    if isinstance(cell, float):
        return len(f"{cell:.1f}")
    if isinstance(cell, str) and not whole:
        return max((len(word) for word in cell.split()), default=0)
    return len(str(cell))


def _lay_out(sheet: Worksheet, widths: Sequence[int], upright_from: int) -> None:
    """Column widths, and each row as tall as its most wrapped cell: the header as tall as
    its longest upright header (from column index `upright_from` on).

    The heights are set rather than left to the program: Excel does not work them out when
    it opens a file, and a wrapped header would show its first line only."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for number, row in enumerate(sheet.iter_rows(), start=1):
        height = max(
            _upright_height(cell.value, width)
            if number == 1 and index >= upright_from
            else LINE_HEIGHT * _lines(cell.value, width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        if height > LINE_HEIGHT:
            sheet.row_dimensions[number].height = min(MAX_ROW_HEIGHT, height)


def _lines(value: object, width: int) -> int:
    if not isinstance(value, str):
        return 1
    # Wrapped a little narrower than the column: a bold or wide letter takes more than a digit.
    return sum(max(1, len(textwrap.wrap(part, width - PADDING))) for part in value.split("\n"))


def _upright_height(value: object, width: int) -> float:
    """The height an upright header needs: its longest line, when it is wrapped into as many
    lines as fit side by side across its column (plus a line's room at the ends)."""
    if not isinstance(value, str) or not value:
        return LINE_HEIGHT
    across = max(1, int(width * POINTS_PER_UNIT // LINE_HEIGHT))
    length = next(n for n in range(1, len(value) + 1) if len(textwrap.wrap(value, n)) <= across)
    return length * CHARACTER_POINTS + LINE_HEIGHT


def _print_setup(sheet: Worksheet, title: str) -> None:
    """Landscape A4, one page wide and as many long as needed, the header row and the school
    column on every page, grid lines, and the round and page number on each sheet of paper."""
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # no limit: the pages run as long as the schools do
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "1:1"
    sheet.print_title_cols = "A:A"
    sheet.print_options.gridLines = True
    # Narrow margins (inches): every bit of width is text size when printed one page wide.
    sheet.page_margins = PageMargins(
        left=0.3, right=0.3, top=0.55, bottom=0.55, header=0.2, footer=0.2
    )
    header, footer = sheet.oddHeader, sheet.oddFooter
    assert header is not None and footer is not None  # openpyxl makes both with the sheet
    # "&" starts a code in a header (a literal one is "&&"); a header holds 255 characters.
    header.center.text = xml_safe(title)[:120].replace("&", "&&")
    footer.center.text = messages.PAGE_FOOTER


def _about_sheet(sheet: Worksheet, rows: Sequence[Row]) -> None:
    _fill(sheet, rows)
    for label, value in sheet.iter_rows():
        label.font = BOLD
        value.alignment = TOP_WRAPPED  # a number or a time too, in line with the text
    widths = [_width("", [r[i] for r in rows], whole=True) for i in range(2)]
    _lay_out(sheet, widths, upright_from=len(widths))


def comparison_csv(comparison: Comparison) -> bytes:
    return to_csv(*comparison_table(comparison))


def comparison_xlsx(comparison: Comparison, exported: datetime | None = None) -> bytes:
    """The Excel file; `exported` (now, unless a test fixes it) is shown on the "Om" sheet."""
    about = about_table(comparison, exported or datetime.now(UTC))
    return to_xlsx(*comparison_table(comparison), title=comparison.survey_round.name, about=about)
