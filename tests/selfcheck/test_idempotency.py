"""Idempotency-Key on POST /api/v1/responses: a retry gets the first answer, nothing new stored."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import httpx2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session

from app.core.questionnaires import Questionnaire
from app.platform.idempotency import IdempotencyKey
from app.platform.tables import utc_now
from tests.support import all_answers, stored_responses


def post(client: TestClient, body: dict[str, Any], key: str | bytes) -> httpx2.Response:
    return client.post("/api/v1/responses", json=body, headers={"Idempotency-Key": key})


def test_a_retry_with_the_same_key_gets_the_first_answer(
    client: TestClient, rektor: Questionnaire
) -> None:
    body = {"questionnaire": "rektor", "answers": all_answers(rektor, 3)}
    first = post(client, body, "c0ffee-1")
    again = post(client, body, "c0ffee-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]
    assert stored_responses(client) == 1
    assert post(client, body, "c0ffee-2").json()["id"] != first.json()["id"]
    assert client.post("/api/v1/responses", json=body).status_code == 201
    assert stored_responses(client) == 3


def test_the_same_key_with_another_body_is_refused(
    client: TestClient, rektor: Questionnaire
) -> None:
    assert post(
        client, {"questionnaire": "rektor", "answers": all_answers(rektor, 3)}, "k"
    ).is_success
    other = post(client, {"questionnaire": "rektor", "answers": all_answers(rektor, 2)}, "k")
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert stored_responses(client) == 1


@pytest.mark.parametrize("key", ["", "x" * 256, "nyckel-å".encode("latin-1")])
def test_a_malformed_key_is_refused(
    client: TestClient, rektor: Questionnaire, key: str | bytes
) -> None:
    body = {"questionnaire": "rektor", "answers": all_answers(rektor, 3)}
    refused = post(client, body, key)
    assert refused.status_code == 422
    assert refused.json()["code"] == "invalid_idempotency_key"
    assert stored_responses(client) == 0


def test_a_key_older_than_a_day_counts_as_new(client: TestClient, rektor: Questionnaire) -> None:
    body = {"questionnaire": "rektor", "answers": all_answers(rektor, 3)}
    first = post(client, body, "gammal")
    engine = client.app.state.koll.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        session.execute(update(IdempotencyKey).values(created_at=utc_now() - timedelta(hours=25)))
        session.commit()
    later = post(client, body, "gammal")
    assert later.status_code == 201
    assert later.json()["id"] != first.json()["id"]
    assert post(client, body, "gammal").json()["id"] == later.json()["id"]
    assert stored_responses(client) == 2


def test_concurrent_retries_store_one_response(app: FastAPI, rektor: Questionnaire) -> None:
    body = {"questionnaire": "rektor", "answers": all_answers(rektor, 3)}

    async def main() -> list[httpx2.Response]:
        transport = httpx2.ASGITransport(app=app)
        async with httpx2.AsyncClient(transport=transport, base_url="http://t") as client:
            posts = [
                client.post("/api/v1/responses", json=body, headers={"Idempotency-Key": "samma"})
                for _ in range(6)
            ]
            return list(await asyncio.gather(*posts))

    # A thread of its own: the browser tests may hold an event loop open in the main thread.
    with ThreadPoolExecutor(1) as runner:
        answers = runner.submit(asyncio.run, main()).result()
    assert {answer.status_code for answer in answers} == {201}
    assert len({answer.json()["id"] for answer in answers}) == 1
    with TestClient(app) as client:
        assert stored_responses(client) == 1
