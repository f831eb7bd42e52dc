"""The authorities' user-facing Swedish text outside their templates."""

from __future__ import annotations

DUPLICATE_SCHOOL = "Huvudmannen har redan en skola med den skolenhetskoden."
EIGHT_DIGITS = "Skolenhetskoden ska vara exakt 8 siffror."

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
