"""The authorities' API: accounts and tokens, schools, rounds with invitation links, and
one authority never learning anything about another's data."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.authorities.accounts import hash_token
from app.authorities.models import Authority
from app.cli import main
from app.core.questionnaires import Catalog, Questionnaire
from app.platform.settings import Settings, get_settings
from tests.support import (
    Account,
    add_school,
    all_answers,
    answer,
    get_json,
    invitation_path,
    pick,
    start_round,
)

TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")  # 256 bits, URL-safe base64
# An invitation link: its id, then a 192-bit MAC of it (app.authorities.links).
LINK = re.compile(r"[0-9a-f]{16}[A-Za-z0-9_-]{32}")


def random_id() -> str:
    return secrets.token_urlsafe(9)


@pytest.fixture
def huvudman(catalog: Catalog) -> Questionnaire:
    version = catalog.current("huvudman")
    assert version is not None
    return version.questionnaire


# Tokens -----------------------------------------------------------------------------------

ENDPOINTS = [
    ("GET", "/api/v1/authority"),
    ("POST", "/api/v1/schools"),
    ("GET", "/api/v1/schools"),
    ("PATCH", "/api/v1/schools/{school}"),
    ("DELETE", "/api/v1/schools/{school}"),
    ("GET", "/api/v1/schools/{school}/history"),
    ("POST", "/api/v1/rounds"),
    ("GET", "/api/v1/rounds"),
    ("GET", "/api/v1/rounds/{round}"),
    ("GET", "/api/v1/rounds/{round}/comparison"),
    ("GET", "/api/v1/rounds/{round}/comparison.csv"),
    ("GET", "/api/v1/rounds/{round}/comparison.xlsx"),
    ("GET", "/api/v1/rounds/{round}/comparison.svg"),
]
VALID_BODIES = {
    "POST /api/v1/schools": {"name": "Ny skola", "school_unit_code": "87654321"},
    "PATCH /api/v1/schools/{school}": {"name": "Nytt namn"},
    "POST /api/v1/rounds": {"name": "HT 2027", "questionnaire": "rektor"},
}


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer fel-nyckel", "Basic {token}"],
    ids=["no-header", "wrong-token", "basic-scheme"],
)
def test_every_endpoint_answers_401_without_a_valid_bearer_token(
    client: TestClient, linkoping: Account, method: str, path: str, authorization: str | None
) -> None:
    # Real ids of the authority's own school and round: 401 must come before any lookup.
    school = add_school(client, linkoping, "Åsa skola", "12345678")
    survey_round = start_round(client, linkoping)
    headers = {} if authorization is None else {"Authorization": authorization}
    headers = {k: v.format(token=linkoping.token) for k, v in headers.items()}

    response = client.request(
        method,
        path.format(school=school["id"], round=survey_round["id"]),
        json=VALID_BODIES.get(f"{method} {path}"),
        headers=headers,
    )

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"
    assert get_json(client, linkoping, "/api/v1/schools")["schools"] == [school]
    assert len(get_json(client, linkoping, "/api/v1/rounds")["rounds"]) == 1


def test_the_token_is_stored_only_as_a_hash(client: TestClient, linkoping: Account) -> None:
    with Session(client.app.state.koll.engine) as session:  # type: ignore[attr-defined]
        row = session.get(Authority, linkoping.id)
        assert row is not None
        assert row.token_hash == hash_token(linkoping.token) != linkoping.token
    stolen_hash = {"Authorization": f"Bearer {row.token_hash}"}
    assert client.get("/api/v1/authority", headers=stolen_hash).status_code == 401


def test_get_authority_names_the_token_owner(
    client: TestClient, linkoping: Account, norrkoping: Account
) -> None:
    for account in (linkoping, norrkoping):
        assert get_json(client, account, "/api/v1/authority") == {
            "id": account.id,
            "name": account.name,
        }


# Schools ----------------------------------------------------------------------------------


def test_schools_are_created_and_listed(client: TestClient, linkoping: Account) -> None:
    response = client.post(
        "/api/v1/schools",
        json={"name": "Åsa skola", "school_unit_code": "12345678"},
        headers=linkoping.headers,
    )
    assert response.status_code == 201
    first = response.json()
    assert first == {"id": first["id"], "name": "Åsa skola", "school_unit_code": "12345678"}
    assert first["id"]
    second = add_school(client, linkoping, "Öjebyn", "00000001")

    listed = get_json(client, linkoping, "/api/v1/schools")
    assert listed.keys() == {"schools"}
    assert sorted(listed["schools"], key=lambda s: s["id"]) == sorted(
        [first, second], key=lambda s: s["id"]
    )


@pytest.mark.parametrize(
    "code",
    [
        "1234567",
        "123456789",
        "1234567a",
        "١٢٣٤٥٦٧٨",  # Arabic-Indic digits: digits to str.isdigit, not to Skolverket
        "１２３４５６７８",  # fullwidth digits
        "12345678\n",
        " 12345678",
        "",
        12345678,  # a JSON number, not a string
    ],
    ids=repr,
)
def test_a_school_unit_code_is_exactly_eight_ascii_digits(
    client: TestClient, linkoping: Account, code: object
) -> None:
    response = client.post(
        "/api/v1/schools",
        json={"name": "Åsa skola", "school_unit_code": code},
        headers=linkoping.headers,
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_request"
    assert body["message"]
    assert body["errors"]
    for error in body["errors"]:
        assert error.keys() == {"location", "code", "message"}
        assert error["location"] == "body.school_unit_code"
        assert error["code"] and error["message"]
    assert get_json(client, linkoping, "/api/v1/schools") == {"schools": []}


def test_a_code_the_authority_already_has_is_409(client: TestClient, linkoping: Account) -> None:
    school = add_school(client, linkoping, "Åsa skola", "12345678")
    response = client.post(
        "/api/v1/schools",
        json={"name": "Åsa nya skola", "school_unit_code": "12345678"},
        headers=linkoping.headers,
    )
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert response.json()["message"]
    assert get_json(client, linkoping, "/api/v1/schools") == {"schools": [school]}


def test_another_authority_may_have_the_same_code(
    client: TestClient, linkoping: Account, norrkoping: Account
) -> None:
    own = add_school(client, linkoping, "Åsa skola", "12345678")
    theirs = add_school(client, norrkoping, "Öjebyn", "12345678")
    assert own["id"] != theirs["id"]
    assert get_json(client, linkoping, "/api/v1/schools") == {"schools": [own]}
    assert get_json(client, norrkoping, "/api/v1/schools") == {"schools": [theirs]}


# Rounds -----------------------------------------------------------------------------------


def test_a_round_pins_the_current_version_and_invites_every_school(
    client: TestClient, linkoping: Account, catalog: Catalog
) -> None:
    schools = [
        add_school(client, linkoping, "Åsa skola", "12345678"),
        add_school(client, linkoping, "Öjebyn", "23456789"),
    ]
    current = catalog.current("rektor")
    assert current is not None

    survey_round = start_round(client, linkoping, "rektor", "VT 2027, rektor")

    assert survey_round["name"] == "VT 2027, rektor"
    assert survey_round["id"]
    assert datetime.fromisoformat(survey_round["created_at"]).tzinfo is not None
    assert survey_round["questionnaire"] == {
        "id": "rektor",
        "version": current.questionnaire.version,
    }
    invitations = survey_round["invitations"]
    assert sorted(i["school_id"] for i in invitations) == sorted(s["id"] for s in schools)
    paths = [urlsplit(i["url"]).path for i in invitations]
    assert all(re.fullmatch(rf"/i/{LINK.pattern}", path) for path in paths)
    assert len(set(paths)) == len(paths)


def test_rounds_are_listed_and_fetched_with_who_responded(
    client: TestClient, linkoping: Account, rektor: Questionnaire
) -> None:
    answering = add_school(client, linkoping, "Åsa skola", "12345678")
    silent = add_school(client, linkoping, "Öjebyn", "23456789")
    survey_round = start_round(client, linkoping)
    answer(client, invitation_path(survey_round, answering["id"]), all_answers(rektor, 3))

    [listed] = get_json(client, linkoping, "/api/v1/rounds")["rounds"]
    assert pick(listed, "id", "name", "created_at", "questionnaire") == pick(
        survey_round, "id", "name", "created_at", "questionnaire"
    )
    fetched = get_json(client, linkoping, f"/api/v1/rounds/{survey_round['id']}")
    assert pick(fetched, "id", "name", "created_at", "questionnaire") == pick(
        survey_round, "id", "name", "created_at", "questionnaire"
    )
    by_school = {i["school_id"]: i for i in fetched["invitations"]}
    assert by_school.keys() == {answering["id"], silent["id"]}
    assert by_school[answering["id"]]["responded"] is True
    assert by_school[silent["id"]]["responded"] is False
    created_urls = {i["school_id"]: i["url"] for i in survey_round["invitations"]}
    assert {k: i["url"] for k, i in by_school.items()} == created_urls


def test_a_school_added_later_is_invited_to_existing_rounds(
    client: TestClient, linkoping: Account
) -> None:
    first = add_school(client, linkoping, "Åsa skola", "12345678")
    survey_round = start_round(client, linkoping)
    later = add_school(client, linkoping, "Öjebyn", "23456789")

    fetched = get_json(client, linkoping, f"/api/v1/rounds/{survey_round['id']}")
    invited = {i["school_id"]: i for i in fetched["invitations"]}
    assert invited.keys() == {first["id"], later["id"]}
    assert invited[later["id"]]["responded"] is False
    assert client.get(urlsplit(invited[later["id"]]["url"]).path).status_code == 200


def test_an_authority_round_has_one_invitation_without_a_school(
    client: TestClient, linkoping: Account
) -> None:
    add_school(client, linkoping, "Åsa skola", "12345678")
    survey_round = start_round(client, linkoping, "huvudman", "VT 2027, huvudman")
    assert survey_round["questionnaire"]["id"] == "huvudman"
    [invitation] = survey_round["invitations"]
    assert invitation["school_id"] is None
    add_school(client, linkoping, "Öjebyn", "23456789")
    fetched = get_json(client, linkoping, f"/api/v1/rounds/{survey_round['id']}")
    assert [i["school_id"] for i in fetched["invitations"]] == [None]


def test_an_authority_invitation_form_names_the_authority(
    client: TestClient, linkoping: Account
) -> None:
    survey_round = start_round(client, linkoping, "huvudman")
    page = client.get(invitation_path(survey_round, None))
    assert page.status_code == 200
    title = page.text[page.text.index("<title>") : page.text.index("</title>")]
    heading = page.text[page.text.index("<h1>") : page.text.index("</h1>")]
    assert "Linköpings kommun" in title
    assert "Linköpings kommun" in heading


def test_an_authority_round_compares_the_authoritys_own_result(
    client: TestClient, linkoping: Account, huvudman: Questionnaire
) -> None:
    add_school(client, linkoping, "Åsa skola", "12345678")
    survey_round = start_round(client, linkoping, "huvudman")
    comparison_path = f"/api/v1/rounds/{survey_round['id']}/comparison"
    assert get_json(client, linkoping, comparison_path)["authority"] is None

    response_id = answer(client, invitation_path(survey_round, None), all_answers(huvudman, 3))

    comparison = get_json(client, linkoping, comparison_path)
    assert comparison["schools"] == []
    assert comparison["questionnaire"] == {"id": "huvudman", "version": huvudman.version}
    assert comparison["authority"]["id"] == response_id
    assert comparison["authority"] == client.get(f"/api/v1/responses/{response_id}").json()


def test_an_unknown_questionnaire_is_404(client: TestClient, linkoping: Account) -> None:
    add_school(client, linkoping, "Åsa skola", "12345678")
    response = client.post(
        "/api/v1/rounds",
        json={"name": "VT 2027", "questionnaire": "finns-inte"},
        headers=linkoping.headers,
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert get_json(client, linkoping, "/api/v1/rounds") == {"rounds": []}


# Tenant isolation -------------------------------------------------------------------------


def test_lists_hold_only_the_authoritys_own(
    client: TestClient, linkoping: Account, norrkoping: Account
) -> None:
    add_school(client, linkoping, "Åsa skola", "12345678")
    start_round(client, linkoping)

    assert get_json(client, norrkoping, "/api/v1/schools") == {"schools": []}
    assert get_json(client, norrkoping, "/api/v1/rounds") == {"rounds": []}
    assert start_round(client, norrkoping)["invitations"] == []


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/schools/{school}/history",
        "/api/v1/rounds/{round}",
        "/api/v1/rounds/{round}/comparison",
        "/api/v1/rounds/{round}/comparison.csv",
        "/api/v1/rounds/{round}/comparison.xlsx",
        "/api/v1/rounds/{round}/comparison.svg",
    ],
)
def test_another_authoritys_data_is_404_like_nothing_at_all(
    client: TestClient,
    linkoping: Account,
    norrkoping: Account,
    rektor: Questionnaire,
    path: str,
) -> None:
    school = add_school(client, linkoping, "Åsa skola", "12345678")
    survey_round = start_round(client, linkoping)
    answer(client, invitation_path(survey_round, school["id"]), all_answers(rektor, 3))
    theirs = path.format(school=school["id"], round=survey_round["id"])
    nowhere = path.format(school=random_id(), round=random_id())
    assert client.get(theirs, headers=linkoping.headers).status_code == 200

    peeking = client.get(theirs, headers=norrkoping.headers)
    missing = client.get(nowhere, headers=norrkoping.headers)

    assert peeking.status_code == missing.status_code == 404
    assert peeking.json() == missing.json()
    assert peeking.json()["code"] == "not_found"


# The `koll authority` commands ------------------------------------------------------------


@pytest.fixture
def cli_database(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point the CLI at the test's database (its own engine: another connection to it)."""
    monkeypatch.setenv("KOLL_DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def koll(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    """Run `koll ARGS`; its exit code and the lines it printed."""
    capsys.readouterr()
    code = main(list(args))
    return code, capsys.readouterr().out.splitlines()


@pytest.mark.usefixtures("cli_database")
def test_create_prints_the_token_alone_on_the_last_line(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = koll(capsys, "authority", "create", "Linköpings kommun")
    assert code == 0
    token = lines[-1]
    assert TOKEN.fullmatch(token)
    assert sum(token in line for line in lines) == 1

    response = client.get("/api/v1/authority", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["name"] == "Linköpings kommun"
    assert response.json()["id"] in " ".join(lines[:-1])


@pytest.mark.usefixtures("cli_database")
def test_list_shows_every_authority(
    linkoping: Account, norrkoping: Account, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = koll(capsys, "authority", "list")
    assert code == 0
    for account in (linkoping, norrkoping):
        assert any(account.id in line and account.name in line for line in lines)
    assert not any(account.token in line for line in lines for account in (linkoping, norrkoping))


@pytest.mark.usefixtures("cli_database")
def test_rotating_a_token_stops_the_old_one_at_once(
    client: TestClient,
    linkoping: Account,
    norrkoping: Account,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert client.get("/api/v1/authority", headers=linkoping.headers).status_code == 200

    code, lines = koll(capsys, "authority", "rotate-token", linkoping.id)

    assert code == 0
    new_token = lines[-1]
    assert TOKEN.fullmatch(new_token) and new_token != linkoping.token
    old = client.get("/api/v1/authority", headers=linkoping.headers)
    assert old.status_code == 401
    new = client.get("/api/v1/authority", headers={"Authorization": f"Bearer {new_token}"})
    assert new.status_code == 200
    assert new.json() == {"id": linkoping.id, "name": linkoping.name}
    assert client.get("/api/v1/authority", headers=norrkoping.headers).status_code == 200


@pytest.mark.usefixtures("cli_database")
def test_rotating_an_unknown_authority_fails(
    linkoping: Account, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["authority", "rotate-token", "finns-inte"]) != 0
    captured = capsys.readouterr()
    assert "finns-inte" in captured.err
    assert not TOKEN.search(captured.out)
