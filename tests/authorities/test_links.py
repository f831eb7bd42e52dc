"""Invitation links derived from the secret key: shown again at will, stored nowhere, and the
links issued before (kept as hashes by a migration) still work."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from alembic import command
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import inspect, text

from app.authorities.links import invitation_id_of, invitation_token
from app.core.questionnaires import Catalog
from app.main import create_app
from app.platform import migrate
from app.platform.db import make_engine
from app.platform.settings import Settings
from tests.support import new_authority, start_round

KEY = b"k" * 48
HEX = st.text(alphabet="0123456789abcdef", min_size=16, max_size=16)


@given(HEX, HEX)
def test_a_token_names_its_invitation_under_its_key_only(invitation_id: str, other: str) -> None:
    token = invitation_token(KEY, invitation_id)
    assert invitation_id_of(KEY, token) == invitation_id
    assert invitation_id_of(b"x" * 48, token) is None
    forged = other + token[16:]
    assert invitation_id_of(KEY, forged) == (invitation_id if other == invitation_id else None)
    assert invitation_id_of(KEY, token[:-1]) is None
    assert invitation_id_of(KEY, token[:-1] + ("A" if token[-1] != "A" else "B")) is None


def test_the_database_holds_no_link(client: TestClient) -> None:
    account = new_authority(client.app, "Kommunen")  # type: ignore[arg-type]
    client.post(
        "/api/v1/schools",
        json={"name": "Ekskolan", "school_unit_code": "12345678"},
        headers=account.headers,
    )
    created = start_round(client, account)
    [link] = [i["url"] for i in created["invitations"]]
    token = link.rsplit("/", 1)[1]
    again = client.get(f"/api/v1/rounds/{created['id']}", headers=account.headers).json()
    assert [i["url"] for i in again["invitations"]] == [link]  # shown again, the same
    assert client.get(f"/i/{token}").status_code == 200
    engine = client.app.state.koll.engine  # type: ignore[attr-defined]
    with engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            for row in connection.execute(text(f"SELECT * FROM {table}")):
                assert not any(token in str(value) for value in row), table


def test_another_key_opens_no_link(client: TestClient, settings: Settings) -> None:
    account = new_authority(client.app, "Kommunen")  # type: ignore[arg-type]
    created = start_round(client, account, questionnaire="huvudman")
    token = created["invitations"][0]["url"].rsplit("/", 1)[1]
    other = create_app(replace(settings, secret_key="en-helt-annan-nyckel-" * 3))
    with TestClient(other) as other_client:
        assert other_client.get(f"/i/{token}").status_code == 404
    other.state.koll.db.close()


def test_links_issued_before_keep_working_after_the_migration(settings: Settings) -> None:
    config = migrate.alembic_config(settings)
    command.downgrade(config, "d72a82098ab1")
    old_token = "gammal-länk-" + "x" * 31
    engine = make_engine(settings.database_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO authorities (id, name, token_hash, created_at) "
                "VALUES ('a1', 'Kommunen', 'h', CURRENT_TIMESTAMP)"
            )
        )
        definition = Catalog.load(settings.questionnaires_dir).current("huvudman")
        assert definition is not None
        connection.execute(
            text(
                "INSERT INTO questionnaire_definitions "
                "(hash, questionnaire_id, version, definition, created_at) "
                "VALUES (:hash, 'huvudman', 1, :definition, CURRENT_TIMESTAMP)"
            ),
            {"hash": definition.hash, "definition": definition.questionnaire.model_dump_json()},
        )
        connection.execute(
            text(
                "INSERT INTO rounds (id, authority_id, name, questionnaire_id, "
                "questionnaire_version, audience, definition_hash, created_at) VALUES "
                "('r1', 'a1', 'HT', 'huvudman', 1, 'authority', :hash, CURRENT_TIMESTAMP)"
            ),
            {"hash": definition.hash},
        )
        connection.execute(
            text(
                "INSERT INTO invitations (id, token, round_id, school_id, created_at) "
                "VALUES ('0123456789abcdef', :token, 'r1', NULL, CURRENT_TIMESTAMP)"
            ),
            {"token": old_token},
        )
    command.upgrade(config, "head")
    with engine.connect() as connection:
        [row] = connection.execute(text("SELECT * FROM invitations")).mappings().all()
    engine.dispose()
    assert "token" not in row
    assert row["legacy_token_hash"] == hashlib.sha256(old_token.encode()).hexdigest()
    app = create_app(settings)
    with TestClient(app) as client:
        assert client.get(f"/i/{old_token}").status_code == 200
        assert client.get(f"/i/{old_token}x").status_code == 404
    app.state.koll.db.close()
