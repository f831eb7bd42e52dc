"""The authorities' user-facing Swedish text outside their templates."""

from __future__ import annotations

DUPLICATE_SCHOOL = "Huvudmannen har redan en skola med den skolenhetskoden."
EIGHT_DIGITS = "Skolenhetskoden ska vara exakt 8 siffror."
SCHOOL_HAS_RESPONSES = "Skolan har svar i en eller flera omgångar och kan inte tas bort."
# Names of schools and rounds are one line; `{character}` is its code point, as U+0009.
CONTROL_CHARACTER = (
    "Namnet får inte innehålla styrtecken eller radbrytningar "
    "(tecknet {character} på plats {position})."
)
BLANK_NAME = "Namnet får inte vara tomt."
EMPTY_UPDATE = "Ange ett nytt namn (name), en ny skolenhetskod (school_unit_code) eller båda."

# A round's comparison as CSV and Excel: the column headers, one score and one level column
# per area (`{area}` is its title), and the answer to "Svarat".
COLUMN_SCHOOL = "Skola"
COLUMN_SCHOOL_UNIT_CODE = "Skolenhetskod"
COLUMN_RESPONDED = "Svarat"
COLUMN_SUBMITTED = "Inskickat"
COLUMN_OVERALL = "Sammanlagd poäng"
COLUMN_AREA_SCORE = "{area} – poäng"
COLUMN_AREA_LEVEL = "{area} – nivå"
YES = "ja"
NO = "nej"
SHEET_TITLE = "Jämförelse"
# Printed at the foot of every page of the Excel file: Excel's codes for the page number and
# the number of pages.
PAGE_FOOTER = "Sida &P av &N"
# The Excel file's second sheet: what it holds and when it was made.
ABOUT_SHEET_TITLE = "Om"
ABOUT_ROUND = "Omgång"
ABOUT_QUESTIONNAIRE = "Enkät"
ABOUT_QUESTIONNAIRE_ID = "Enkätens id"
ABOUT_VERSION = "Version"
ABOUT_ROUND_CREATED = "Omgången skapad"
ABOUT_EXPORTED = "Exporterad"
ABOUT_TIMES = "Tider"
ABOUT_TIMES_TEXT = "Svensk tid (Europe/Stockholm)"
# The downloaded file's name: ASCII, as a plain `filename=` header value cannot carry å, ä, ö.
FILENAME = "jamforelse-{round_id}.{extension}"

# The comparison heatmap's legend entry for schools that have not answered, and its title:
# the round's name and the day it was made, as "VT 2027 · 1 december 2026".
NO_RESPONSE = "Inget svar"
HEATMAP_TITLE = "{round} · {date}"

# A round's invitation links as CSV: the link column, and what the authority's own invitation
# (in a round on a questionnaire for authorities) shows as its school.
COLUMN_LINK = "Länk"
OWN_INVITATION = "{authority} (huvudmannen)"
INVITATIONS_FILENAME = "inbjudningar-{round_id}.csv"

# The history chart (history.svg).
HISTORY_TITLE = "{school} – poäng per omgång"
SCORE_LABEL = "Poäng"
NEW_VERSION = "ny version"

# The web view: signing in, passwords, forms.
SIGNIN_FAILED = "Fel e-postadress eller lösenord."
SIGNIN_LOCKED = "För många misslyckade inloggningar. Vänta {minutes} minuter och försök igen."
SIGNIN_NEEDED = "Logga in för att fortsätta."
SIGNED_OUT = "Du är utloggad."
SESSION_ENDED = "Du har loggats ut. Logga in igen."
PASSWORD_SAVED = "Lösenordet är sparat. Logga in med din e-postadress och ditt nya lösenord."
PASSWORD_TOO_SHORT = "Lösenordet ska vara minst {minimum} tecken."
PASSWORD_TOO_LONG = "Lösenordet får vara högst {maximum} tecken."
PASSWORDS_DIFFER = "Lösenorden är inte likadana. Skriv samma lösenord i båda fälten."
CSRF_FAILED = (
    "Formuläret kunde inte tas emot: det har gått ut eller kom inte från den här sidan. "
    "Gå tillbaka, ladda om sidan och försök igen."
)
INVALID_EMAIL = "Ange en giltig e-postadress, till exempel namn@kommun.se."
EMAIL_TAKEN = "Det finns redan en användare med den e-postadressen."
NAME_TOO_LONG = "Namnet får vara högst 200 tecken."
NO_QUESTIONNAIRE = "Välj en enkät."

# Importing schools from a CSV file; `{row}` is the row's number in the file.
IMPORT_NO_FILE = "Välj en CSV-fil att läsa in."
IMPORT_EMPTY = "Filen innehåller inga skolor."
IMPORT_ROW = "Rad {row}: {reason}"
IMPORT_COLUMNS = "raden ska ha två kolumner, skolans namn och skolenhetskod, men har {count}."
IMPORT_REPEATED = "skolenhetskoden {code} står redan på rad {first}."
IMPORT_EXISTS = "skolenhetskoden {code} finns redan hos er ({name})."
IMPORT_DONE = "{count} skolor lästes in."
IMPORT_SKIPPED = "{count} rader hoppades över eftersom skolenhetskoden redan fanns."
SCHOOL_ADDED = "Skolan {name} är tillagd."
