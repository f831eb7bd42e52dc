"""Idempotency-Key on the authority's POSTs (schools, rounds): a retry gets the first answer and
stores nothing new; keys are the authority's own; and round bodies, which carry invitation
links, are never cached."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import httpx2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlmodel import Session

from app.authorities import routing
from app.platform.idempotency import Claim, Earlier, IdempotencyKey
from app.platform.tables import utc_now
from tests.support import Account, add_school, get_json

SCHOOL = {"name": "Åsa skola", "school_unit_code": "12345678"}
OTHER_SCHOOL = {"name": "Björkskolan", "school_unit_code": "87654321"}
ROUND = {"name": "VT 2027", "questionnaire": "rektor"}
OTHER_ROUND = {"name": "HT 2027", "questionnaire": "rektor"}
ROUTES = [
    pytest.param("/api/v1/schools", SCHOOL, OTHER_SCHOOL, id="schools"),
    pytest.param("/api/v1/rounds", ROUND, OTHER_ROUND, id="rounds"),
]


def post(
    client: TestClient, account: Account, path: str, body: object, key: str | bytes | None = None
) -> httpx2.Response:
    headers: dict[str, str | bytes] = {**account.headers}
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.post(path, json=body, headers=headers)


def stored(client: TestClient, account: Account, path: str) -> list[dict[str, Any]]:
    """The authority's schools or rounds, whichever `path` makes."""
    found: list[dict[str, Any]] = get_json(client, account, path)[path.rsplit("/", 1)[1]]
    return found


def stored_keys(client: TestClient) -> int:
    with Session(client.app.state.koll.engine) as session:  # type: ignore[attr-defined]
        return session.execute(select(func.count()).select_from(IdempotencyKey)).scalar_one()


@pytest.mark.parametrize(("path", "body", "other"), ROUTES)
def test_a_retry_with_the_same_key_gets_the_first_answer(
    client: TestClient, linkoping: Account, path: str, body: object, other: object
) -> None:
    first = post(client, linkoping, path, body, "3b241101-e2bb-4255-8caf-4136c566a962")
    again = post(client, linkoping, path, body, "3b241101-e2bb-4255-8caf-4136c566a962")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert [made["id"] for made in stored(client, linkoping, path)] == [first.json()["id"]]
    assert stored_keys(client) == 1

    assert post(client, linkoping, path, other, "a-second-key").json()["id"] != first.json()["id"]
    assert len(stored(client, linkoping, path)) == 2


@pytest.mark.parametrize(("path", "body", "other"), ROUTES)
def test_the_same_key_with_another_body_is_refused(
    client: TestClient, linkoping: Account, path: str, body: object, other: object
) -> None:
    assert post(client, linkoping, path, body, "k").status_code == 201
    refused = post(client, linkoping, path, other, "k")
    assert refused.status_code == 422
    assert refused.json()["code"] == "idempotency_key_reused"
    assert len(stored(client, linkoping, path)) == 1


@pytest.mark.parametrize(("path", "body", "other"), ROUTES)
@pytest.mark.parametrize("key", ["", "x" * 256, "nyckel-å".encode("latin-1")], ids=repr)
def test_a_malformed_key_is_refused(
    client: TestClient, linkoping: Account, path: str, body: object, other: object, key: Any
) -> None:
    refused = post(client, linkoping, path, body, key)
    assert refused.status_code == 422
    assert refused.json()["code"] == "invalid_idempotency_key"
    assert stored(client, linkoping, path) == []
    assert stored_keys(client) == 0


@pytest.mark.parametrize(("path", "body", "other"), ROUTES)
def test_another_authority_never_meets_the_first_ones_key(
    client: TestClient,
    linkoping: Account,
    norrkoping: Account,
    path: str,
    body: object,
    other: dict[str, str],
) -> None:
    first = post(client, linkoping, path, body, "samma")
    theirs = post(client, norrkoping, path, body, "samma")
    assert theirs.status_code == 201
    assert theirs.json()["id"] != first.json()["id"]
    assert [made["id"] for made in stored(client, norrkoping, path)] == [theirs.json()["id"]]
    assert [made["id"] for made in stored(client, linkoping, path)] == [first.json()["id"]]
    # Nor is Linköping's body under a key anything to Norrköping: another body is no reuse.
    assert post(client, linkoping, path, other, "annan").status_code == 201
    assert post(client, norrkoping, path, {**other, "name": "Tredje"}, "annan").status_code == 201


def test_a_key_belongs_to_its_route(client: TestClient, linkoping: Account) -> None:
    school = post(client, linkoping, "/api/v1/schools", SCHOOL, "en-nyckel")
    survey_round = post(client, linkoping, "/api/v1/rounds", ROUND, "en-nyckel")
    assert school.status_code == survey_round.status_code == 201
    assert [i["school_id"] for i in survey_round.json()["invitations"]] == [school.json()["id"]]


def test_a_refused_request_keeps_no_key(client: TestClient, linkoping: Account) -> None:
    add_school(client, linkoping, "Åsa skola", "12345678")
    invalid = post(client, linkoping, "/api/v1/schools", {"name": "Åsa"}, "k")
    taken = post(client, linkoping, "/api/v1/schools", {**SCHOOL, "name": "Nya Åsa"}, "k")
    unknown = post(client, linkoping, "/api/v1/rounds", {**ROUND, "questionnaire": "nej"}, "k")
    assert (invalid.status_code, taken.status_code, unknown.status_code) == (422, 409, 404)
    assert stored_keys(client) == 0
    # So the key is still free for another body.
    assert post(client, linkoping, "/api/v1/schools", OTHER_SCHOOL, "k").status_code == 201
    assert post(client, linkoping, "/api/v1/rounds", ROUND, "k").status_code == 201


def test_a_retry_for_a_school_removed_since_is_404(client: TestClient, linkoping: Account) -> None:
    school = post(client, linkoping, "/api/v1/schools", SCHOOL, "k").json()
    path = f"/api/v1/schools/{school['id']}"
    assert client.delete(path, headers=linkoping.headers).status_code == 204
    assert post(client, linkoping, "/api/v1/schools", SCHOOL, "k").status_code == 404
    assert stored(client, linkoping, "/api/v1/schools") == []


def test_a_key_older_than_a_day_counts_as_new(client: TestClient, linkoping: Account) -> None:
    first = post(client, linkoping, "/api/v1/rounds", ROUND, "gammal")
    with Session(client.app.state.koll.engine) as session:  # type: ignore[attr-defined]
        session.execute(update(IdempotencyKey).values(created_at=utc_now() - timedelta(hours=25)))
        session.commit()
    later = post(client, linkoping, "/api/v1/rounds", ROUND, "gammal")
    assert later.status_code == 201
    assert later.json()["id"] != first.json()["id"]
    assert post(client, linkoping, "/api/v1/rounds", ROUND, "gammal").json() == later.json()
    assert stored_keys(client) == 1


@pytest.mark.parametrize(("path", "body", "other"), ROUTES)
def test_a_request_that_lost_the_race_answers_with_the_winners_result(
    client: TestClient,
    linkoping: Account,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    body: object,
    other: object,
) -> None:
    """The loser looked for the key before the winner committed, so it goes on to store: its
    school's code is taken, or (a round) its key's INSERT fails, and it answers as a retry."""
    first = post(client, linkoping, path, body, "samtidig")
    looks: list[Claim] = []
    found = routing.earlier_answer

    def too_early(session: Session, claim: Claim) -> Earlier | None:
        looks.append(claim)
        return None if len(looks) == 1 else found(session, claim)

    monkeypatch.setattr(routing, "earlier_answer", too_early)
    again = post(client, linkoping, path, body, "samtidig")
    assert len(looks) == 2
    assert again.status_code == 201
    assert again.json() == first.json()
    assert len(stored(client, linkoping, path)) == 1
    assert stored_keys(client) == 1


@pytest.mark.parametrize(("path", "body", "other"), ROUTES)
def test_concurrent_duplicates_store_one(
    app: FastAPI, linkoping: Account, path: str, body: object, other: object
) -> None:
    headers = {**linkoping.headers, "Idempotency-Key": "samma"}

    async def main() -> list[httpx2.Response]:
        transport = httpx2.ASGITransport(app=app)
        async with httpx2.AsyncClient(transport=transport, base_url="http://t") as client:
            return list(
                await asyncio.gather(
                    *(client.post(path, json=body, headers=headers) for _ in range(6))
                )
            )

    # A thread of its own: the browser tests may hold an event loop open in the main thread.
    with ThreadPoolExecutor(1) as runner:
        answers = runner.submit(asyncio.run, main()).result()
    assert [answer.status_code for answer in answers] == [201] * 6
    assert len({answer.text for answer in answers}) == 1
    with TestClient(app) as client:
        assert len(stored(client, linkoping, path)) == 1
        assert stored_keys(client) == 1


def test_round_bodies_with_invitation_links_are_never_cached(
    client: TestClient, linkoping: Account
) -> None:
    add_school(client, linkoping, "Åsa skola", "12345678")
    made = post(client, linkoping, "/api/v1/rounds", ROUND)
    retried = [post(client, linkoping, "/api/v1/rounds", OTHER_ROUND, "k") for _ in range(2)]
    fetched = client.get(f"/api/v1/rounds/{made.json()['id']}", headers=linkoping.headers)
    for response in (made, *retried, fetched):
        assert response.is_success
        assert response.json()["invitations"][0]["url"]
        assert response.headers["cache-control"] == "no-store"
