"""What a participation link opens, kept in memory: a close in this process is seen at once, a
close in another process after at most RECHECK_SECONDS, and never stores a late answer."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.inventory.participation_links import RECHECK_SECONDS, OpenedLink, ParticipationLinks
from app.main import create_app
from tests.support import manage_headers, new_inventory, participate_token_of, stored_participations

LINK = OpenedLink("i1", "Provskolan", "h" * 64, 5, closed=False)


def test_an_open_link_is_read_again_after_the_recheck_time() -> None:
    now = [100.0]
    links = ParticipationLinks(clock=lambda: now[0])
    links.put("hash", LINK)
    assert links.get("hash") == LINK
    now[0] += RECHECK_SECONDS
    assert links.get("hash") is None  # due for a look at its status


def test_a_closed_link_is_kept_for_good_and_closing_here_is_seen_at_once() -> None:
    now = [0.0]
    links = ParticipationLinks(clock=lambda: now[0])
    links.put("hash", LINK)
    links.closed("i1")
    now[0] += 1_000
    found = links.get("hash")
    assert found is not None and found.closed


def test_a_close_in_another_process_stores_nothing_more(app: FastAPI, client: TestClient) -> None:
    inventory = new_inventory(client)
    token = participate_token_of(inventory)
    answer = {"hours": 1, "energy": 2, "teacher": "no"}
    body = {"token": token, "role": "teacher", "tasks": {"rastvard": answer}}
    assert client.get(f"/p/{token}").status_code == 200  # this process now knows it as open
    other = create_app(app.state.koll.settings)
    try:
        with TestClient(other) as elsewhere:
            closed = elsewhere.post(
                f"/api/v1/inventories/{inventory['id']}/close", headers=manage_headers(inventory)
            )
            assert closed.status_code == 200
    finally:
        other.state.koll.db.close()
    late = client.post("/api/v1/participations", json=body)
    assert late.status_code == 410
    assert stored_participations(client) == (0, 0)
    assert client.get(f"/p/{token}").status_code == 410
