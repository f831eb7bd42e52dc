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
UNKNOWN_RESULT = "Det finns inget resultat av självskattningen med det id:t."
UNKNOWN_TASK = "Uppgiften finns inte i inventeringens uppgiftskatalog."
UNKNOWN_ITEM = "Punkten finns inte i handlingsplanen. Nya punkter skickas utan id."
PLAN_FULL = (
    "Handlingsplanen har {items} punkter och workshop 4 skulle lägga till {new}: planen rymmer "
    "högst {max}. Ta bort punkter som inte behövs och spara workshop 4 igen."
)
INVALID_WORKSHOP = "Uppgifterna kunde inte sparas: rätta det som står i errors."
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

# --- The step pages of workshops 2 to 4, the action plan and the summary ---
OTHERS_LABELS = {"yes": "Ja", "partly": "Delvis", "no": "Nej", "undecided": "Inte bestämt"}
DECISION_LABELS = {
    "none": "Inget beslut",
    "hand_over": "Lämna över",
    "simplify": "Förenkla",
    "stop": "Sluta göra",
    "keep": "Behåll",
}
STATUS_LABELS = {
    "planned": "Planerad",
    "ongoing": "Pågår",
    "done": "Klar",
    "cancelled": "Avbruten",
}
SOURCE_LABELS = {
    "selfcheck": "Aktivitet från självskattningen",
    "workshop4": "Uppföljning av en effekt i workshop 4",
    "own": "Egen punkt",
}
# Pydantic's own error codes as the step pages say them; the core's errors (blank, too_long,
# control_character, repeated, due_before_start) are Swedish already and shown as they are.
DATE = "Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2027-06-15."
FIELD_ERRORS = {
    "int_parsing": "Ange ett heltal.",
    "int_type": "Ange ett heltal.",
    "greater_than_equal": "Talet är för litet: det ska vara minst {ge}.",
    "less_than_equal": "Talet är för stort: det får vara högst {le}.",
    "date_from_datetime_parsing": DATE,
    "date_from_datetime_inexact": DATE,
    "date_parsing": DATE,
    "date_type": DATE,
    "missing": "Fältet får inte vara tomt.",
    "literal_error": "Välj ett av alternativen.",
    "string_pattern_mismatch": "Värdet har fel form.",
    "string_too_long": "Texten är för lång.",
    "list_too_long": "Det är för många: högst {max_length}.",
}
FIELD_ERROR = "Värdet kunde inte tas emot."
FTE_PERCENT_FORM = "Ange andelen av en heltidstjänst som ett heltal från 1 till 100."
PRIORITY_FORM = "Ange prioriteten som ett heltal från 1 till 999, eller lämna fältet tomt."
STAFF_COUNT_FORM = "Ange antalet anställda som ett heltal från 1 till 100 000, eller lämna tomt."
UNDECIDED_WITH_TEXT = "Välj ja, delvis eller nej för att spara det som står om uppgiften."
NO_DECISION_WITH_TEXT = "Välj ett beslut för att spara prioriteten och konsekvenserna."
UNKNOWN_TASK_FORM = "Uppgiften finns inte i inventeringens uppgiftskatalog."
UNKNOWN_ITEM_FORM = "Punkten finns inte längre i handlingsplanen. Öppna sidan på nytt."
UNKNOWN_RESULT_FORM = (
    "Resultatet av självskattningen finns inte. Öppna länken från resultatsidan igen, eller "
    "skapa inventeringen utan det."
)
SAVED = {
    "1": "Sparat.",
    "personal": "Antalet anställda är sparat.",
}
FIELD_LABELS = {
    "others": "Andra än lärare",
    "why": "Varför",
    "gain": "Vinst för skolan",
    "decision": "Beslut",
    "priority": "Prioritet",
    "consequences": "Konsekvenser",
    "title": "Titel",
    "tasks": "Uppgifter",
    "fte_percent": "Andel av heltid",
    "requirements": "Kravprofil",
    "placement": "Placering och ledning",
    "indicator": "Indikator",
    "baseline": "Utgångsläge",
    "target": "Mål",
    "follow_up": "Uppföljning",
    "method": "Metod",
    "responsible": "Ansvarig roll",
    "activity": "Aktivitet",
    "start": "Start",
    "due": "Klart senast",
    "success": "Framgångskriterium",
    "status": "Status",
    "staff_count": "Antal anställda",
}

# The whole inventory as one Excel file (app.inventory.plan_exports): sheets and columns in
# the shape of Skolverket's templates; decisions, sources and statuses as the pages name them.
WORKSHOP1 = SHEET_TITLE
WORKSHOP2 = "Workshop 2 – önskat läge"
WORKSHOP3 = "Workshop 3 – börläge"
WORKSHOP4 = "Workshop 4 – konkretisera"
PLAN = "Handlingsplan"
SHEETS = (WORKSHOP1, WORKSHOP2, WORKSHOP3, WORKSHOP4, PLAN)


HIDDEN_TITLE = "Siffrorna från workshop 1 visas inte."
RESPONDENTS = "Antal som svarat"
WORKSHOP2_COLUMNS = (
    "Område",
    "Arbetsuppgift",
    "Bör andra än lärare utföra uppgiften?",
    "Varför?",
    "Vad vinner skolan på det?",
)
WORKSHOP3_COLUMNS = (
    "Prioritet",
    "Område",
    "Arbetsuppgift",
    "Beslut",
    "Timmar per vecka, totalt (workshop 1)",
    "Konsekvenser",
)
FREED_RESPONDENTS = "Frigjord lärartid, timmar per vecka, bland dem som svarat"
FREED_SCHOOL = "Frigjord lärartid, timmar per vecka, hela skolan"
NO_STAFF_COUNT = "Ange antalet anställda för inventeringen för att räkna om till hela skolan."
FREED_HIDDEN = "Frigjord lärartid visas inte."
ROLE_COLUMNS = (
    "Roll",
    "Arbetsuppgifter",
    "Andel av heltid (%)",
    "Heltidsekvivalenter",
    "Kravprofil",
    "Placering i organisationen och ledning",
)
TOTAL = "Totalt"
EFFECTS_TITLE = "Förväntade effekter och uppföljning"
EFFECT_COLUMNS = (
    "Roll",
    "Indikator",
    "Utgångsläge",
    "Målvärde",
    "Uppföljning, datum",
    "Metod för uppföljning",
    "Ansvarig (roll)",
)
PLAN_COLUMNS = (
    "Aktivitet",
    "Källa",
    "Ansvarig (roll)",
    "Start",
    "Klart senast",
    "Framgångskriterium",
    "Status",
)
