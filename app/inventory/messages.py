"""The inventory's Swedish text (page text stays in its templates)."""

from __future__ import annotations

ROLE_LABELS = {
    "teacher": "Lärare",
    "other_staff": "Övrig personal",
    "leadership": "Skolledning",
}
TEACHER_LABELS = {"yes": "Ja", "partly": "Delvis", "no": "Nej"}
CONTROL_CHARACTER = "Namnet får inte innehålla radbrytningar eller andra styrtecken."
BLANK_NAME = "Namnet får inte vara tomt."
UNKNOWN_CATALOGUE = "Uppgiftskatalogen finns inte."
INVALID_PARTICIPATION = "Svaren kunde inte tas emot: rätta det som står i errors."
CLOSED = "Inventeringen är stängd och tar inte emot fler svar."
NOT_VISIBLE = {
    "open": "Siffrorna visas först när insamlingen är stängd.",
    "below_threshold": "För få har svarat: siffrorna visas först när minst {min} har svarat.",
    "rest_below_threshold": (
        "Siffrorna för gruppen visas inte: övriga som svarat är färre än {min}, och deras svar "
        "skulle då gå att räkna ut."
    ),
}
INVALID_NAME_FORM = "Ange ett namn på inventeringen, högst 200 tecken på en rad."
INVALID_MIN_FORM = "Ange ett tal från 3 till 50."
# Export columns: one row per task, in the shape of Skolverket's workshop 1 template.
COLUMNS = (
    "Område",
    "Arbetsuppgift",
    "Antal som utför uppgiften",
    "Timmar per vecka, totalt",
    "Timmar per vecka, median",
    "Energi, medel",
    "Behöver lärare: ja",
    "Behöver lärare: delvis",
    "Behöver lärare: nej",
)
SHEET_TITLE = "Workshop 1 – nuläge"
CHART_AREAS_TITLE = "Timmar per vecka per område"
CHART_TASKS_TITLE = "Tid och energi per uppgift"
CHART_HOURS_AXIS = "Timmar per vecka, totalt"
CHART_ENERGY_AXIS = "Energi, medel"
INVALID_BODY = (
    'Skicka ett JSON-objekt med "token" (text), "role" och "tasks" (ett objekt per uppgift).'
)
