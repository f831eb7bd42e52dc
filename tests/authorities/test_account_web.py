"""The users page (inviting a colleague) and the API token page (rotating it)."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.support import Account, Staff, csrf_of, new_user, sign_in


@pytest.fixture
def csrf(app: FastAPI, client: TestClient, linkoping: Account) -> str:
    return sign_in(client, new_user(app, linkoping, "anna@linkoping.se"))


def test_inviting_a_colleague_shows_the_link_once(
    app: FastAPI, client: TestClient, linkoping: Account, csrf: str
) -> None:
    invited = client.post("/authority/users", data={"csrf": csrf, "email": "Bo@Linkoping.se"})
    assert invited.status_code == 201
    assert invited.headers["cache-control"] == "no-store"
    [link] = re.findall(r'id="invite-link" type="text" readonly value="([^"]+)"', invited.text)
    assert link.startswith("http://testserver/authority/password/")
    listed = client.get("/authority/users").text
    assert "bo@linkoping.se" in listed
    assert "Inte valt ännu" in listed
    assert link not in listed
    colleague = TestClient(app, follow_redirects=False)
    path = link.removeprefix("http://testserver")
    form = {
        "csrf": csrf_of(colleague.get(path).text),
        "password": "x" * 12,
        "password_repeat": "x" * 12,
    }
    assert colleague.post(path, data=form).status_code == 303
    sign_in(colleague, Staff("", "bo@linkoping.se", "x" * 12))


def test_an_invitation_needs_a_new_valid_address(client: TestClient, csrf: str) -> None:
    bad = client.post("/authority/users", data={"csrf": csrf, "email": "inte en adress"})
    assert bad.status_code == 422
    assert "Ange en giltig e-postadress" in bad.text
    taken = client.post("/authority/users", data={"csrf": csrf, "email": "ANNA@linkoping.se"})
    assert taken.status_code == 409
    assert "Det finns redan en användare med den e-postadressen." in taken.text
    assert client.post("/authority/users", data={"email": "c@linkoping.se"}).status_code == 403
    assert "c@linkoping.se" not in client.get("/authority/users").text


def test_users_of_another_authority_are_not_listed(
    app: FastAPI, client: TestClient, norrkoping: Account, csrf: str
) -> None:
    new_user(app, norrkoping, "bo@norrkoping.se")
    assert "bo@norrkoping.se" not in client.get("/authority/users").text


def test_rotating_the_token_shows_the_new_one_once(
    client: TestClient, linkoping: Account, csrf: str
) -> None:
    assert client.get("/api/v1/authority", headers=linkoping.headers).status_code == 200
    assert client.post("/authority/token", data={}).status_code == 403
    assert client.get("/api/v1/authority", headers=linkoping.headers).status_code == 200
    rotated = client.post("/authority/token", data={"csrf": csrf})
    assert rotated.status_code == 200
    assert rotated.headers["cache-control"] == "no-store"
    [token] = re.findall(r'id="new-token" type="text" readonly value="([^"]+)"', rotated.text)
    assert client.get("/api/v1/authority", headers=linkoping.headers).status_code == 401
    fresh = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/authority", headers=fresh).json()["id"] == linkoping.id
    assert token not in client.get("/authority/token").text
