"""Workshop 1's files: text that a spreadsheet would run as a formula stays text, characters
XML cannot hold become U+FFFD, and the numbers are numbers."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from app.core.catalogues import parse_catalogue
from app.core.catalogues.participation import Participation, TaskAnswer
from app.core.catalogues.workshop1 import workshop1
from app.inventory.exports import workshop1_csv, workshop1_xlsx

CATALOGUE = parse_catalogue(
    """\
id: prov
version: 1
title: Prov
energy:
  - {value: 1, label: Lite}
  - {value: 2, label: Mycket}
areas:
  - id: a
    title: "=HYPERLINK(\\"https://example.org\\")"
    tasks:
      - {id: t1, text: "+1 uppgift"}
      - {id: t2, text: "Åtgärd med bindestreck"}
"""
)
PEOPLE = [Participation("teacher", (TaskAnswer("t1", 15, 2, "no"),))] * 3


def test_formulas_stay_text_in_both_files() -> None:
    figures = workshop1(CATALOGUE, PEOPLE, min_respondents=3, closed=True)
    sheet = load_workbook(io.BytesIO(workshop1_xlsx(figures, "=Namn\x01"))).active
    assert sheet is not None
    cell = sheet["A2"]
    assert cell.value == '=HYPERLINK("https://example.org")'
    assert cell.data_type == "s" and cell.quotePrefix
    assert sheet["B2"].data_type == "s"
    assert sheet["D2"].value == 4.5 and sheet["D2"].data_type == "n"
    rows = list(csv.reader(io.StringIO(workshop1_csv(figures).decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:4] == ['\'=HYPERLINK("https://example.org")', "'+1 uppgift", "3", "4,5"]
    assert rows[2][1] == "Åtgärd med bindestreck"
