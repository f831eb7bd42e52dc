"""A municipality's list of schools from a CSV file (`Skola;Skolenhetskod`), checked whole.

Excel in Sweden saves CSV as Windows-1252 with semicolons; other tools write UTF-8 (with or
without a byte order mark) and commas. UTF-8 is tried first: text in Windows-1252 with any
å, ä or ö is almost never valid UTF-8, while the reverse would read every UTF-8 file as
something. Each row is checked with the API's own shape (`SchoolCreate`), so a file refuses
what the API refuses; rows are numbered as in the file, the header being row 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field

from app.authorities import messages
from app.authorities.form_checks import checked
from app.authorities.schemas import SchoolCreate

HEADER = ("skola", "skolenhetskod")


@dataclass(frozen=True)
class ImportRow:
    row: int
    name: str
    code: str


@dataclass(frozen=True)
class Existing:
    """A row whose code the authority has already, with the school that has it."""

    row: int
    code: str
    name: str


@dataclass
class ImportCheck:
    rows: list[ImportRow] = field(default_factory=list)  # good rows, new codes
    existing: list[Existing] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "Rad 3: ...", in file order


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # The five bytes Windows-1252 leaves undefined become U+FFFD, which names refuse.
        return data.decode("cp1252", errors="replace")


def check_import(data: bytes, taken: Mapping[str, str]) -> ImportCheck:
    """Every row checked; `taken` is the authority's school names by code."""
    found = ImportCheck()
    first_row: dict[str, int] = {}
    for number, cells in _rows(decode(data)):
        if len(cells) != 2:
            found.problems.append(_at(number, messages.IMPORT_COLUMNS.format(count=len(cells))))
            continue
        school = checked(SchoolCreate, {"name": cells[0], "school_unit_code": cells[1].strip()})
        if isinstance(school, list):
            found.problems.extend(_at(number, reason) for _, reason in school)
            continue
        code = school.school_unit_code
        if code in first_row:
            repeated = messages.IMPORT_REPEATED.format(code=code, first=first_row[code])
            found.problems.append(_at(number, repeated))
        elif code in taken:
            found.existing.append(Existing(number, code, taken[code]))
        else:
            found.rows.append(ImportRow(number, school.name, code))
        first_row.setdefault(code, number)
    return found


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """The rows with their numbers in the file, blank ones left out, a header row too."""
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = ";" if ";" in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    for cells in reader:
        number, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        if not rows and tuple(cell.strip().lower() for cell in cells) == HEADER:
            continue
        rows.append((number, cells))
    return rows


def _at(row: int, reason: str) -> str:
    return messages.IMPORT_ROW.format(row=row, reason=reason[0].lower() + reason[1:])
