"""`GET /api/v1/schools/{school_id}/history.svg`: a school's history as an SVG line chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.platform.settings import Settings
from tests.support import (
    MINIMAL_YAML,
    Account,
    add_school,
    answer,
    app_over,
    invitation_path,
    new_authority,
    start_round,
)

A_ANSWERS = {"p1": 3, "p2": 3, "s1": 1, "s2": 3}
VERSION_2 = MINIMAL_YAML.replace("version: 1", "version: 2").replace(
    "      - {id: s1, text: Vi samverkar.}\n",
    "      - {id: s1, text: Vi samverkar.}\n      - {id: s3, text: Vi följer upp.}\n",
)


@pytest.fixture
def client(settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    with app_over(settings, {"prov.yaml": MINIMAL_YAML}, tmp_path / "questionnaires") as client:
        yield client


@pytest.fixture
def account(client: TestClient) -> Account:
    return new_authority(client.app, "Linköpings kommun")  # type: ignore[arg-type]


def chart_text(client: TestClient, account: Account, school_id: str) -> str:
    response = client.get(f"/api/v1/schools/{school_id}/history.svg", headers=account.headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return " ".join(root.itertext())


def test_chart_names_the_school_each_area_and_each_round(
    client: TestClient, account: Account
) -> None:
    school = add_school(client, account, "Åsa skola & <50$ och 60$>", "18000001")
    first = start_round(client, account, "prov", "VT 2027")
    answer(client, invitation_path(first, school["id"]), A_ANSWERS)
    start_round(client, account, "prov", "HT 2027")  # not answered: a gap in each line

    text = chart_text(client, account, school["id"])

    for name in ("Åsa skola & <50$ och 60$>", "Plan", "Samverkan", "VT 2027", "HT 2027"):
        assert name in text
    assert "ny version" not in text
    path = f"/api/v1/schools/{school['id']}/history.svg"
    # Deterministic: the same history is the same bytes.
    assert client.get(path, headers=account.headers).content == (
        client.get(path, headers=account.headers).content
    )


def test_chart_marks_the_round_where_the_version_changed(
    settings: Settings, tmp_path: Path, client: TestClient, account: Account
) -> None:
    school = add_school(client, account, "Åsa skola", "18000001")
    first = start_round(client, account, "prov", "VT 2027")
    answer(client, invitation_path(first, school["id"]), A_ANSWERS)
    with app_over(settings, {"prov.yaml": VERSION_2}, tmp_path / "release-2") as upgraded:
        second = start_round(upgraded, account, "prov", "HT 2027")
        answer(upgraded, invitation_path(second, school["id"]), {**A_ANSWERS, "s3": 3})
        text = chart_text(upgraded, account, school["id"])

    assert text.count("ny version") == 1
    for name in ("Plan", "Samverkan", "VT 2027", "HT 2027"):
        assert name in text


def test_a_school_without_rounds_is_an_empty_chart(client: TestClient, account: Account) -> None:
    school = add_school(client, account, "Åsa skola", "18000001")

    assert "Åsa skola" in chart_text(client, account, school["id"])


def test_chart_needs_a_token_and_the_schools_own_authority(
    client: TestClient, account: Account
) -> None:
    school = add_school(client, account, "Åsa skola", "18000001")
    path = f"/api/v1/schools/{school['id']}/history.svg"
    other = new_authority(client.app, "Norrköpings kommun")  # type: ignore[arg-type]

    assert client.get(path).status_code == 401
    assert client.get(path, headers=other.headers).status_code == 404
    missing = client.get("/api/v1/schools/no-such-school/history.svg", headers=account.headers)
    assert missing.status_code == 404
