"""What every exported table shares: cells safe for XML, text that never runs as a formula,
and CSV as Swedish Excel reads it (UTF-8 with a byte order mark, semicolons, decimal comma).

Text comes from what users and admins typed, and the files must open all the same: what XML
cannot hold becomes U+FFFD, and text that a spreadsheet would take for a formula stays text
(OWASP's CSV injection).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import datetime

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# A date-time in a table is naive Swedish local time: Excel has no time zones.
Cell = str | int | float | datetime | None
Row = Sequence[Cell]
# openpyxl's list, and what XML 1.0 refuses beyond it (SVG charts are XML too).
NOT_IN_XML = re.compile(f"{ILLEGAL_CHARACTERS_RE.pattern}|[\ud800-\udfff\ufffe\uffff]")
# What makes Excel, LibreOffice and Google Sheets read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_TIME = "%Y-%m-%d %H:%M"


def xml_safe(text: str) -> str:
    return NOT_IN_XML.sub("\ufffd", text)


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def safe_rows(rows: Sequence[Row]) -> list[list[Cell]]:
    """Every text cell with what XML cannot hold replaced, for both files alike."""
    return [[xml_safe(cell) if isinstance(cell, str) else cell for cell in row] for row in rows]


def to_csv(header: list[str], rows: Sequence[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows([csv_cell(cell) for cell in row] for row in [header, *rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_cell(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.strftime(CSV_TIME)
    if isinstance(cell, float):
        return f"{cell:.1f}".replace(".", ",")
    if isinstance(cell, int):
        return str(cell)
    # A leading quote is what keeps a spreadsheet from running the text, and reads as text.
    return "'" + cell if is_formula_like(cell) else cell


def mark_formula_like_as_text(cell: object) -> None:
    """openpyxl writes any text starting with "=" as a formula; a string cell holds it as
    text, and the quote prefix keeps it text when someone edits the cell."""
    if is_formula_like(getattr(cell, "value", None)):
        cell.data_type = "s"  # type: ignore[attr-defined]  # an openpyxl Cell
        cell.quotePrefix = True  # type: ignore[attr-defined]
