"""Reading a list of schools from CSV: the encoding, the separator, the header and row numbers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.authorities.csv_import import check_import, decode


def test_utf8_is_tried_first_then_windows_1252() -> None:
    assert decode("Ängby".encode()) == "Ängby"
    assert decode("\ufeffÄngby".encode()) == "Ängby"
    assert decode("Ängby".encode("cp1252")) == "Ängby"


def test_the_header_is_row_one_and_is_left_out() -> None:
    found = check_import(b"Skola;Skolenhetskod\nA;11111111\n\nB;22222222\n", {})
    assert [(r.row, r.name, r.code) for r in found.rows] == [
        (2, "A", "11111111"),
        (4, "B", "22222222"),
    ]
    assert found.problems == []


def test_a_file_without_a_header_starts_at_row_one() -> None:
    found = check_import(b"A,11111111\nB,2222\n", {})
    assert [r.row for r in found.rows] == [1]
    assert found.problems == ["Rad 2: skolenhetskoden ska vara exakt 8 siffror."]


def test_a_quoted_name_may_hold_the_separator_and_a_line_break_counts() -> None:
    found = check_import(b'"A; B";11111111\n"C\nD";22222222\nE;3\n', {})
    assert [r.name for r in found.rows] == ["A; B"]
    assert found.problems[0].startswith("Rad 2: namnet får inte innehålla styrtecken")
    # The quoted line break made row 2 two lines long: the next row is row 4.
    assert found.problems[1] == "Rad 4: skolenhetskoden ska vara exakt 8 siffror."


def test_codes_the_authority_has_are_listed_with_their_school() -> None:
    found = check_import(b"Ny;11111111\nGammal;22222222\n", {"22222222": "Gamla skolan"})
    assert [(e.row, e.code, e.name) for e in found.existing] == [(2, "22222222", "Gamla skolan")]
    assert [r.code for r in found.rows] == ["11111111"]


@given(st.lists(st.integers(10_000_000, 99_999_999), min_size=1, max_size=30, unique=True))
def test_every_good_row_is_kept_in_order(codes: list[int]) -> None:
    data = "".join(f"Skola {i};{code}\n" for i, code in enumerate(codes)).encode()
    found = check_import(data, {})
    assert [r.code for r in found.rows] == [str(code) for code in codes]
    assert [r.row for r in found.rows] == list(range(1, len(codes) + 1))
