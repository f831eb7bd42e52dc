"""The schools page: adding one with the API's checks and 409, and importing a CSV file."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.support import Account, add_school, get_json, new_user, sign_in


@pytest.fixture
def signed_in(app: FastAPI, client: TestClient, linkoping: Account) -> str:
    return sign_in(client, new_user(app, linkoping, "anna@linkoping.se"))


def schools(client: TestClient, account: Account) -> list[tuple[str, str]]:
    body = get_json(client, account, "/api/v1/schools")
    return [(s["name"], s["school_unit_code"]) for s in body["schools"]]


def upload(client: TestClient, csrf: str, data: bytes, skip: bool = False):  # type: ignore[no-untyped-def]
    form = {"csrf": csrf, **({"skip_existing": "1"} if skip else {})}
    return client.post(
        "/authority/schools/import", data=form, files={"file": ("skolor.csv", data, "text/csv")}
    )


def test_an_empty_account(client: TestClient, signed_in: str) -> None:
    page = client.get("/authority/schools")
    assert page.status_code == 200
    assert "Ni har inga skolor ännu." in page.text
    assert page.headers["cache-control"] == "no-store"


def test_adding_a_school(client: TestClient, linkoping: Account, signed_in: str) -> None:
    form = {"csrf": signed_in, "name": "  Ängskolan ", "school_unit_code": "12345678"}
    added = client.post("/authority/schools", data=form)
    assert added.status_code == 303
    page = client.get(added.headers["location"])
    assert "Skolan Ängskolan är tillagd." in page.text
    assert schools(client, linkoping) == [("Ängskolan", "12345678")]


def test_the_apis_checks_in_the_error_summary(
    client: TestClient, linkoping: Account, signed_in: str
) -> None:
    form = {"csrf": signed_in, "name": "Skola\tmed tabb", "school_unit_code": "1234"}
    refused = client.post("/authority/schools", data=form)
    assert refused.status_code == 422
    assert 'class="error-summary"' in refused.text
    assert "Skolenhetskoden ska vara exakt 8 siffror." in refused.text
    assert "styrtecken" in refused.text
    assert 'aria-invalid="true"' in refused.text
    assert schools(client, linkoping) == []


def test_a_taken_code_is_409_as_in_the_api(
    client: TestClient, linkoping: Account, signed_in: str
) -> None:
    add_school(client, linkoping, "Ängskolan", "12345678")
    form = {"csrf": signed_in, "name": "Annan", "school_unit_code": "12345678"}
    refused = client.post("/authority/schools", data=form)
    assert refused.status_code == 409
    assert "Huvudmannen har redan en skola med den skolenhetskoden." in refused.text
    assert schools(client, linkoping) == [("Ängskolan", "12345678")]


def test_adding_without_the_csrf_token_changes_nothing(
    client: TestClient, linkoping: Account, signed_in: str
) -> None:
    form = {"name": "Ängskolan", "school_unit_code": "12345678"}
    assert client.post("/authority/schools", data=form).status_code == 403
    assert client.post("/authority/schools", data={**form, "csrf": "fel"}).status_code == 403
    assert upload(client, "fel", b"A;12345678\n").status_code == 403
    assert schools(client, linkoping) == []


TEN_SCHOOLS = "Skola;Skolenhetskod\n" + "".join(
    f"Skola nummer {n};{10000000 + n}\n" for n in range(1, 11)
)


def test_importing_ten_schools_after_fixing_a_bad_row(
    client: TestClient, linkoping: Account, signed_in: str
) -> None:
    bad = TEN_SCHOOLS.replace("Skola nummer 3;10000003", "Skola nummer 3;1000003")
    refused = upload(client, signed_in, bad.encode())
    assert refused.status_code == 422
    assert "Rad 4: skolenhetskoden ska vara exakt 8 siffror." in refused.text
    assert "Ingen skola har sparats." in refused.text
    assert schools(client, linkoping) == []
    done = upload(client, signed_in, TEN_SCHOOLS.encode())
    assert done.status_code == 303
    assert "10 skolor lästes in." in client.get(done.headers["location"]).text
    assert len(schools(client, linkoping)) == 10


def test_windows_1252_with_semicolons_as_excel_saves_it(
    client: TestClient, linkoping: Account, signed_in: str
) -> None:
    data = "Skola;Skolenhetskod\r\nÄngby skola;12345678\r\nÖstra;87654321\r\n".encode("cp1252")
    assert upload(client, signed_in, data).status_code == 303
    assert sorted(schools(client, linkoping)) == [
        ("Ängby skola", "12345678"),
        ("Östra", "87654321"),
    ]


def test_utf8_with_a_byte_order_mark_and_commas(
    client: TestClient, linkoping: Account, signed_in: str
) -> None:
    data = '\ufeffSkola,Skolenhetskod\n"Ängby skola, Bromma",12345678\n'.encode()
    assert upload(client, signed_in, data).status_code == 303
    assert schools(client, linkoping) == [("Ängby skola, Bromma", "12345678")]


def test_every_bad_row_is_reported_and_nothing_stored(
    client: TestClient, linkoping: Account, signed_in: str
) -> None:
    data = "Bra skola;11111111\nbara en kolumn\n;22222222\nDubbel;11111111\nSista;3333333x\n"
    refused = upload(client, signed_in, data.encode())
    assert refused.status_code == 422
    for expected in (
        "Rad 2: raden ska ha två kolumner",
        "Rad 3: namnet får inte vara tomt.",
        "Rad 4: skolenhetskoden 11111111 står redan på rad 1.",
        "Rad 5: skolenhetskoden ska vara exakt 8 siffror.",
    ):
        assert expected in refused.text
    assert schools(client, linkoping) == []


def test_existing_codes_are_skipped_only_when_ticked(
    client: TestClient, linkoping: Account, signed_in: str
) -> None:
    add_school(client, linkoping, "Ängskolan", "12345678")
    data = "Skola;Skolenhetskod\nÄngskolan igen;12345678\nNy skola;87654321\n".encode()
    listed = upload(client, signed_in, data)
    assert listed.status_code == 409
    assert "Rad 2: 12345678 (Ängskolan)" in listed.text
    assert schools(client, linkoping) == [("Ängskolan", "12345678")]
    skipped = upload(client, signed_in, data, skip=True)
    assert skipped.status_code == 303
    page = client.get(skipped.headers["location"]).text
    assert "1 skolor lästes in." in page
    assert "1 rader hoppades över" in page
    assert sorted(schools(client, linkoping)) == [
        ("Ny skola", "87654321"),
        ("Ängskolan", "12345678"),
    ]


def test_an_empty_upload_is_refused(client: TestClient, signed_in: str) -> None:
    assert upload(client, signed_in, b"").status_code == 422
    assert upload(client, signed_in, b"Skola;Skolenhetskod\n").status_code == 422


def test_another_authoritys_school_is_404_like_a_missing_one(
    app: FastAPI, client: TestClient, linkoping: Account, norrkoping: Account, signed_in: str
) -> None:
    theirs = add_school(client, norrkoping, "Norrskolan", "12345678")
    ours = add_school(client, linkoping, "Ängskolan", "87654321")
    assert client.get(f"/authority/schools/{ours['id']}").status_code == 200
    for suffix in ("", "/history.svg"):
        cross = client.get(f"/authority/schools/{theirs['id']}{suffix}")
        missing = client.get(f"/authority/schools/0000000000000000{suffix}")
        assert cross.status_code == missing.status_code == 404
        assert cross.text == missing.text
    assert "Norrskolan" not in client.get("/authority/schools").text


def test_the_other_authority_sees_none_of_it(
    app: FastAPI, client: TestClient, linkoping: Account, norrkoping: Account, signed_in: str
) -> None:
    add_school(client, linkoping, "Ängskolan", "87654321")
    other = TestClient(app, follow_redirects=False)
    sign_in(other, new_user(app, norrkoping, "bo@norrkoping.se"))
    assert "Ängskolan" not in other.get("/authority/schools").text
