"""Swedish order, local time and dates, checked against oracles written here from the rules
themselves: the alphabet spelled out letter by letter, and the EU's summer-time rule (from
01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October)."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.swedish import stockholm_time, swedish_key, written_date

# The oracle's alphabet, in Swedish order, and its capitals letter by letter (no casefold).
ORDER = " 0123456789abcdefghijklmnopqrstuvwxyzåäö"
CAPITALS = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ", "abcdefghijklmnopqrstuvwxyzåäö", strict=True))
SWEDISH_TEXT = st.text(alphabet=ORDER + "".join(CAPITALS), max_size=12)
ACCENTED = str.maketrans({"e": "é", "a": "à", "c": "ç", "n": "ñ", "u": "ú"})


def oracle(text: str) -> list[int]:
    return [ORDER.index(CAPITALS.get(c, c)) for c in text]


def sign(a: object, b: object) -> int:
    return (a > b) - (a < b)  # type: ignore[operator]


def test_a_to_z_then_a_ring_a_diaeresis_o_diaeresis() -> None:
    names = ["Öjebyn", "Ängby skola", "Ågårdsskolan", "Zetaskolan", "ärla", "åsa", "Björk"]
    assert sorted(names, key=swedish_key) == [
        "Björk",
        "Zetaskolan",
        "Ågårdsskolan",
        "åsa",
        "Ängby skola",
        "ärla",
        "Öjebyn",
    ]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Vallaskolan", "Wallinska skolan"),  # w is a letter of its own, after v
        ("Wallinska skolan", "Xylofonen"),
        ("Tyra", "Über"),  # ü sorts as y
        ("Über", "Yxa"),
        ("Åsa", "Ærø"),  # æ as ä
        ("Ærø", "Öl"),
        ("Ödeshög", "Øster"),  # ø as ö
        ("Cafe", "Café"),  # an accent counts only between otherwise equal names
        ("Café", "Cafeteria"),
        ("Edsberg", "Élan"),
        ("Élan", "Falun"),
        ("Skola", "Skola 2"),
        ("Skola 2", "Skola-A"),  # a space before punctuation
        ("2 skolan", "Alby"),  # digits before letters
        ("Zorn", "ǻsa"),  # å with an acute is still å
    ],
)
def test_swedish_conventions(before: str, after: str) -> None:
    assert swedish_key(before) < swedish_key(after)


def test_composed_and_decomposed_letters_are_the_same() -> None:
    assert swedish_key("A\u030asa") == swedish_key("Åsa")
    assert swedish_key("o\u0308l") == swedish_key("öl")


@given(SWEDISH_TEXT, SWEDISH_TEXT)
def test_order_agrees_with_the_spelled_out_alphabet(a: str, b: str) -> None:
    assert sign(swedish_key(a), swedish_key(b)) == sign(oracle(a), oracle(b))


@given(st.lists(SWEDISH_TEXT, max_size=20))
def test_sorting_agrees_with_the_oracle(names: list[str]) -> None:
    assert [oracle(n) for n in sorted(names, key=swedish_key)] == sorted(map(oracle, names))


@given(st.text(alphabet=st.characters(codec="latin-1", categories=["Lu", "Ll", "Zs", "Nd"])))
def test_case_does_not_count(text: str) -> None:
    assert swedish_key(text) == swedish_key(text.upper()) == swedish_key(text.lower())


@given(st.text(alphabet=st.characters(codec="latin-1"), max_size=20))
def test_decomposing_changes_nothing(text: str) -> None:
    assert swedish_key(unicodedata.normalize("NFD", text)) == swedish_key(text)


@given(st.text(alphabet="abcenu ", max_size=10), st.text(alphabet="abcenu ", max_size=10))
def test_an_accent_sorts_with_its_letter(a: str, b: str) -> None:
    accented = a.translate(ACCENTED)
    if oracle(a) != oracle(b):
        assert sign(swedish_key(accented), swedish_key(b)) == sign(oracle(a), oracle(b))
    if accented != a:
        assert swedish_key(a) < swedish_key(accented)


@given(st.text())
def test_any_text_has_a_key(text: str) -> None:
    key = swedish_key(text)
    assert key == swedish_key(text)
    assert sorted([text, text], key=swedish_key) == [text, text]


# Local time and dates -------------------------------------------------------------------------


def last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def summer_time(moment: datetime) -> bool:
    """The EU rule: 01:00 UTC on the last Sunday of March up to the same on October's."""
    year = moment.year
    start = datetime.combine(last_sunday(year, 3), datetime.min.time(), UTC) + timedelta(hours=1)
    end = datetime.combine(last_sunday(year, 10), datetime.min.time(), UTC) + timedelta(hours=1)
    return start <= moment < end


@pytest.mark.parametrize(
    ("utc", "local"),
    [
        (datetime(2026, 7, 1, 12, 0), datetime(2026, 7, 1, 14, 0)),  # summer: CEST, +2
        (datetime(2026, 12, 1, 12, 0), datetime(2026, 12, 1, 13, 0)),  # winter: CET, +1
        (datetime(2026, 3, 29, 0, 59), datetime(2026, 3, 29, 1, 59)),  # the hour is skipped
        (datetime(2026, 3, 29, 1, 0), datetime(2026, 3, 29, 3, 0)),
        (datetime(2026, 10, 25, 0, 59), datetime(2026, 10, 25, 2, 59)),  # and comes twice
        (datetime(2026, 10, 25, 1, 0), datetime(2026, 10, 25, 2, 0)),
        (datetime(2026, 11, 30, 23, 30), datetime(2026, 12, 1, 0, 30)),  # already December
    ],
)
def test_stockholm_time(utc: datetime, local: datetime) -> None:
    aware = stockholm_time(utc.replace(tzinfo=UTC))
    assert aware.replace(tzinfo=None) == local
    # The same instant (compared in UTC: Python never finds a time in the repeated hour
    # equal to one in another zone).
    assert aware.astimezone(UTC) == utc.replace(tzinfo=UTC)
    # A naive moment is one read back from SQLite: UTC, as everything is stored.
    assert stockholm_time(utc).astimezone(UTC) == aware.astimezone(UTC)


@given(
    st.datetimes(
        min_value=datetime(1997, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
    )
)
def test_the_offset_follows_the_eu_summer_time_rule(moment: datetime) -> None:
    local = stockholm_time(moment)
    assert local.astimezone(UTC) == moment
    expected = timedelta(hours=2 if summer_time(moment) else 1)
    assert local.utcoffset() == expected


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (date(2026, 12, 1), "1 december 2026"),
        (date(2027, 1, 15), "15 januari 2027"),
        (date(2027, 5, 31), "31 maj 2027"),
        (date(2027, 3, 9), "9 mars 2027"),
    ],
)
def test_written_date(day: date, written: str) -> None:
    assert written_date(day) == written
