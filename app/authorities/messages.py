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
# The downloaded file's name: ASCII, as a plain `filename=` header value cannot carry å, ä, ö.
FILENAME = "jamforelse-{round_id}.{extension}"

# The comparison heatmap's legend entry for schools that have not answered.
NO_RESPONSE = "Inget svar"
