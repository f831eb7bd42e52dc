"""Helpers shared by the test modules: the shipped questionnaires, small inline ones, answers,
and the steps of an authority's API. Fixtures stay in the conftest.py files; a test module
imports helpers from here only, never from another test module or from a conftest.py."""

from __future__ import annotations

import asyncio
import re
import textwrap
from collections.abc import Awaitable, Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import Session

from app.authorities.accounts import create_authority
from app.authorities.passwords import hash_password
from app.authorities.users import PASSWORD_PATH, add_user
from app.core.catalogues import Catalogue, parse_catalogue
from app.core.questionnaires import Questionnaire, parse_questionnaire
from app.main import create_app
from app.platform.db import transaction
from app.platform.settings import PROJECT_ROOT, Settings
from app.platform.tables import utc_now
from app.selfcheck.models import Response

# Questionnaires -----------------------------------------------------------------------------

QUESTIONNAIRES = PROJECT_ROOT / "questionnaires"

# A small questionnaire written inline, so each test shows the exact YAML it feeds in.
MINIMAL_YAML = """\
id: prov
version: 1
audience: principal
title: Provenkät
scale:
  options:
    - {value: 1, label: Stämmer inte}
    - {value: 2, label: Stämmer delvis}
    - {value: 3, label: Stämmer}
  dont_know: Vet inte
levels:
  - {id: low, label: Behöver utvecklas, min: 0, weak: true}
  - {id: mid, label: Delvis på plats, min: 50}
  - {id: high, label: På plats, min: 80}
areas:
  - id: plan
    title: Plan
    statements:
      - {id: p1, text: Vi har en plan.}
      - {id: p2, text: Planen är känd., weight: 3}
  - id: samverkan
    title: Samverkan
    statements:
      - {id: s1, text: Vi samverkar.}
      - {id: s2, text: Det är oklart vem som ansvarar., reverse: true}
materials:
  - id: guide
    title: Vägledning
    url: https://example.org/guide
    areas: [plan, samverkan]
    levels: [low, mid]
  - id: exempel
    title: Exempel
    url: https://example.org/exempel
    areas: [samverkan]
    levels: [low]
"""


# MINIMAL_YAML with example activities: two for plan, one for samverkan.
ACTIVITIES_YAML = MINIMAL_YAML.replace(
    "      - {id: p2, text: Planen är känd., weight: 3}\n",
    "      - {id: p2, text: Planen är känd., weight: 3}\n"
    "    activities:\n"
    "      - {id: skriv-plan, text: Skriv en plan.}\n"
    "      - {id: visa-plan, text: Visa planen för personalen.}\n",
).replace(
    "      - {id: s2, text: Det är oklart vem som ansvarar., reverse: true}\n",
    "      - {id: s2, text: Det är oklart vem som ansvarar., reverse: true}\n"
    "    activities:\n"
    "      - {id: boka-mote, text: Boka ett möte.}\n",
)


T = TypeVar("T")


def on_a_loop_of_its_own(main: Callable[[], Awaitable[T]]) -> T:
    """`main()` on an event loop of its own, on a thread of its own: a test before may leave
    a loop running in the main thread (Playwright's sync API does), where asyncio.run fails."""

    async def run() -> T:
        return await main()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run()).result()


def workshop1_rows(workshop1: dict[str, Any]) -> list[list[Any]]:
    """Workshop 1's JSON as the rows its sheet must have, in the sheet's column order."""
    return [
        [
            area["title"],
            task["text"],
            task["doing"],
            task["hours_total"],
            task["hours_median"],
            task["energy_mean"],
            task["teacher"]["yes"],
            task["teacher"]["partly"],
            task["teacher"]["no"],
        ]
        for area in workshop1["areas"]
        for task in area["tasks"]
    ]


# The inventory ----------------------------------------------------------------------------

SMALL_CATALOGUE_YAML = """\
id: prov
version: 1
title: Prov
energy:
  - {value: 1, label: Lite}
  - {value: 5, label: Mycket}
areas:
  - id: a
    title: A
    tasks:
      - {id: t1, text: Ett}
      - {id: t2, text: Två}
  - id: b
    title: B
    tasks:
      - {id: t3, text: Tre}
      - {id: t4, text: Fyra}
"""


def small_catalogue() -> Catalogue:
    """A task catalogue of two areas with two tasks each: a (t1, t2) and b (t3, t4)."""
    return parse_catalogue(SMALL_CATALOGUE_YAML)


def minimal_questionnaire(yaml: str = MINIMAL_YAML) -> Questionnaire:
    return parse_questionnaire(textwrap.dedent(yaml), "prov.yaml")


def all_answers(questionnaire: Questionnaire, value: int | str) -> dict[str, int | str]:
    """The same answer to every statement."""
    return {statement.id: value for statement in questionnaire.statements}


# The self-check ------------------------------------------------------------------------------


def stored_responses(client: TestClient) -> int:
    """How many responses the client's app has stored."""
    with Session(client.app.state.koll.engine) as session:  # type: ignore[attr-defined]
        return session.execute(select(func.count()).select_from(Response)).scalar_one()


# Authorities ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    id: str
    name: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def new_authority(app: FastAPI, name: str) -> Account:
    """An authority made in the app's database the way `koll authority create` makes it."""
    with transaction(app.state.koll.engine, write=True) as session:
        authority, token = create_authority(session, name)
    return Account(authority.id, authority.name, token)


def add_school(client: TestClient, account: Account, name: str, code: str) -> dict[str, Any]:
    response = client.post(
        "/api/v1/schools",
        json={"name": name, "school_unit_code": code},
        headers=account.headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def start_round(
    client: TestClient, account: Account, questionnaire: str = "rektor", name: str = "VT 2027"
) -> dict[str, Any]:
    response = client.post(
        "/api/v1/rounds",
        json={"name": name, "questionnaire": questionnaire},
        headers=account.headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def get_json(client: TestClient, account: Account, path: str) -> Any:
    response = client.get(path, headers=account.headers)
    assert response.status_code == 200, response.text
    return response.json()


def invitation_path(survey_round: dict[str, Any], school_id: str | None) -> str:
    """The path of the round's invitation link for a school (None: the authority's own)."""
    [url] = [i["url"] for i in survey_round["invitations"] if i["school_id"] == school_id]
    return urlsplit(url).path


def answer(client: TestClient, path: str, answers: Mapping[str, int | str]) -> str:
    """Fill in the invitation form; the id of the stored response."""
    response = client.post(path, data={k: str(v) for k, v in answers.items()})
    assert response.status_code == 303, response.text
    location: str = response.headers["location"]
    assert location.startswith("/results/")
    return location.removeprefix("/results/")


def pick(mapping: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    return {key: mapping[key] for key in keys}


@contextmanager
def app_over(
    settings: Settings, questionnaires: Mapping[str, str], directory: Path
) -> Iterator[TestClient]:
    """A client for an app whose questionnaires are exactly the given files."""
    directory.mkdir()
    for name, text in questionnaires.items():
        (directory / name).write_text(text)
    application = create_app(replace(settings, questionnaires_dir=directory))
    try:
        with TestClient(application, follow_redirects=False) as client:
            yield client
    finally:
        application.state.koll.db.close()


# The authorities' web view -------------------------------------------------------------------

PASSWORD = "ett långt lösenord"
CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass(frozen=True)
class Staff:
    id: str
    email: str
    password: str = PASSWORD


def new_user(app: FastAPI, account: Account, email: str, password: str | None = PASSWORD) -> Staff:
    """A user of the authority, with a password already set (None: none yet)."""
    with transaction(app.state.koll.engine, write=True) as session:
        user, _token = add_user(session, account.id, email, utc_now())
        if password is not None:
            user.password_hash = hash_password(password)
    return Staff(user.id, user.email, password or "")


def password_link(app: FastAPI, account: Account, email: str) -> str:
    """A new user without a password; the path of their one-time link."""
    with transaction(app.state.koll.engine, write=True) as session:
        _user, token = add_user(session, account.id, email, utc_now())
    return PASSWORD_PATH.format(token=token)


def csrf_of(html: str) -> str:
    found = CSRF_FIELD.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(client: TestClient, staff: Staff, next: str | None = None) -> str:
    """Sign in through the page as a browser does; the CSRF token of the signed-in pages."""
    token = csrf_of(client.get("/authority/login").text)
    form = {"csrf": token, "email": staff.email, "password": staff.password}
    if next is not None:
        form["next"] = next
    response = client.post("/authority/login", data=form)
    assert response.status_code == 303, response.text
    home = client.get("/authority")
    assert home.status_code == 200, home.text
    return csrf_of(home.text)


# Inventories ---------------------------------------------------------------------------------

CATALOGUES = PROJECT_ROOT / "catalogues"


def new_inventory(client: TestClient, min_respondents: int = 5, **extra: Any) -> dict[str, Any]:
    """An inventory made through the API: its body, with `manage_token` and the links."""
    body = {"name": "Workshop 1, Provskolan", "min_respondents": min_respondents, **extra}
    response = client.post("/api/v1/inventories", json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def participate_token_of(inventory: dict[str, Any]) -> str:
    return str(urlsplit(inventory["links"]["participate"]).path.removeprefix("/p/"))


def take_part(
    client: TestClient, inventory: dict[str, Any], role: str, tasks: dict[str, Any]
) -> None:
    body = {"token": participate_token_of(inventory), "role": role, "tasks": tasks}
    response = client.post("/api/v1/participations", json=body)
    assert response.status_code == 201, response.text


def manage_headers(inventory: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {inventory['manage_token']}"}


def stored_participations(client: TestClient) -> tuple[int, int]:
    """How many participations and answer rows the client's app has stored."""
    from app.inventory.models import Participation, ParticipationAnswer

    with Session(client.app.state.koll.engine) as session:  # type: ignore[attr-defined]
        count = session.execute(select(func.count()).select_from(Participation)).scalar_one()
        rows = session.execute(select(func.count()).select_from(ParticipationAnswer)).scalar_one()
    return count, rows
