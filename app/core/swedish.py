"""Swedish conventions that officials expect: alphabetical order, local time, written dates.

Pure and without a locale: the machines that run Koll or its tests may have no `sv_SE` locale,
and a database collation would differ between SQLite and PostgreSQL. So the order is worked out
here: digits before letters, A to Z, then Å, Ä, Ö, and case does not count. As in the Swedish
dictionaries (SAOL) and CLDR's Swedish collation, `w` is a letter of its own after `v`, `ü`
sorts as `y`, `æ` as `ä` and `ø` as `ö`; other accents sort with their base letter (`é` as
`e`), just after it when two names differ by nothing else.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

# Loaded once at import: without time zone data the app should fail at start, not print UTC
# times labelled as Swedish ones.
STOCKHOLM = ZoneInfo("Europe/Stockholm")
MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)

ALPHABET = "abcdefghijklmnopqrstuvwxyzåäö"
# Letters that are not "a base letter with an accent" in Unicode, or that Swedish sorts as
# another letter than their base: their place in ALPHABET, by what they stand for.
SAME_AS = {
    "æ": "ä",
    "ę": "ä",
    "ø": "ö",
    "œ": "ö",
    "ő": "ö",
    "ô": "ö",
    "ü": "y",
    "ű": "y",
    "đ": "d",
    "ð": "d",
    "ł": "l",
    "ı": "i",
    "þ": "th",
}
# Classes of characters, in the order they sort: spaces, then punctuation and symbols, digits,
# the Swedish alphabet, and everything else (other scripts) last.
SPACE, MARK, DIGIT, LETTER, OTHER = range(5)
CLASS_SIZE = 0x110000  # more than any code point, so classes never overlap

SortKey = tuple[tuple[int, ...], str]


# The same names are sorted again and again (every comparison sorts its round's schools, and
# the page sorts them once more): a key is worked out once per name. 20,000 names of some 30
# characters take a few megabytes.
@lru_cache(maxsize=20_000)
def swedish_key(text: str) -> SortKey:
    """A key that sorts text in Swedish alphabetical order, ignoring case.

    First by letters alone (accents aside from å, ä and ö), then by the accents, so that the
    order is total for text that differs in more than case; callers break the remaining ties
    (by id) themselves."""
    folded = unicodedata.normalize("NFC", text.casefold())
    primary: list[int] = []
    for character in folded:
        primary.extend(_weights(character))
    return tuple(primary), folded


def _weights(character: str) -> list[int]:
    if character in ALPHABET:
        return [LETTER * CLASS_SIZE + ALPHABET.index(character)]
    if character in SAME_AS:
        return [LETTER * CLASS_SIZE + ALPHABET.index(c) for c in SAME_AS[character]]
    category = unicodedata.category(character)
    if category.startswith("M"):
        return []  # an accent on its own: it counts only among otherwise equal names
    if character.isspace():
        return [SPACE * CLASS_SIZE]
    if character.isdigit():
        return [DIGIT * CLASS_SIZE + unicodedata.digit(character, 0)]
    if unicodedata.normalize("NFD", character)[0] != character:
        return _weights(_letter_of(character))
    if category[0] in "PSZC":
        return [MARK * CLASS_SIZE + ord(character)]
    return [OTHER * CLASS_SIZE + ord(character)]


def _letter_of(character: str) -> str:
    """The letter Swedish sorts an accented one as: é as e, but ǟ (ä with a macron) as ä.

    Always a letter that `_weights` places without coming back here: a base letter, which
    has no accent to take off, or one of ALPHABET or SAME_AS."""
    decomposed = unicodedata.normalize("NFD", character)
    base = decomposed[0]
    for mark in decomposed[1:]:
        composed = unicodedata.normalize("NFC", base + mark)
        if composed in ALPHABET or composed in SAME_AS:
            return composed
    return base


def stockholm_time(moment: datetime) -> datetime:
    """The moment in Swedish local time (CET or CEST); a naive one is taken as UTC, as stored."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(STOCKHOLM)


def written_date(day: date) -> str:
    """A date as Swedish prose writes it: "1 december 2026"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
