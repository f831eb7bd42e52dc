"""The authorities' user-facing Swedish text outside their templates."""

from __future__ import annotations

DUPLICATE_SCHOOL = "Huvudmannen har redan en skola med den skolenhetskoden."
EIGHT_DIGITS = "Skolenhetskoden ska vara exakt 8 siffror."
