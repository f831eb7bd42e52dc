"""The migrations are the schema: they build it, match the models, and go down and up again.

Each test runs on SQLite and on PostgreSQL (see `database_url` in conftest.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from app.platform import migrate
from app.platform.db import make_engine
from app.platform.settings import Settings

KOLL = str(Path(sys.executable).parent / "koll")


def table_names(database_url: str) -> set[str]:
    engine = make_engine(database_url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_builds_the_tables(settings: Settings) -> None:
    assert {"responses", "questionnaire_definitions", "alembic_version"} <= table_names(
        settings.database_url
    )


def test_models_match_the_migrations(settings: Settings) -> None:
    migrate.check(settings)  # alembic check: raises if autogenerate would write anything


def test_one_head(settings: Settings) -> None:
    assert len(ScriptDirectory.from_config(migrate.alembic_config(settings)).get_heads()) == 1


def test_downgrade_to_base_and_up_again(settings: Settings) -> None:
    tables = table_names(settings.database_url)
    config = migrate.alembic_config(settings)
    command.downgrade(config, "base")
    assert table_names(settings.database_url) == {"alembic_version"}
    command.upgrade(config, "head")
    assert table_names(settings.database_url) == tables
    migrate.check(settings)  # and the rebuilt schema still matches the models


def test_every_step_goes_down_and_up(settings: Settings) -> None:
    """Each migration's downgrade undoes exactly its upgrade, one step at a time."""
    config = migrate.alembic_config(settings)
    script = ScriptDirectory.from_config(config)
    revisions = [r.revision for r in reversed(list(script.walk_revisions()))]
    command.downgrade(config, "base")
    for revision in revisions:
        before = table_names(settings.database_url)
        command.upgrade(config, revision)
        command.downgrade(config, "-1")
        assert table_names(settings.database_url) == before
        command.upgrade(config, revision)
    assert migrate.current_and_head(settings) == (revisions[-1], revisions[-1])


def test_serve_warns_when_the_schema_is_behind(settings: Settings) -> None:
    assert migrate.schema_warning(settings) is None
    command.downgrade(migrate.alembic_config(settings), "base")
    warning = migrate.schema_warning(settings)
    assert warning is not None
    assert "koll db upgrade" in warning


def test_an_unreachable_database_is_a_warning_not_a_crash() -> None:
    settings = Settings(database_url="postgresql+psycopg://koll:koll@127.0.0.1:9/nothing")
    warning = migrate.schema_warning(settings)
    assert warning is not None
    assert "not reachable" in warning


@pytest.mark.postgresql
def test_concurrent_upgrades_do_not_collide(postgresql_database: str) -> None:
    """Two replicas running `koll db upgrade` at once: both succeed (the second waits on the
    advisory lock in migrations/env.py), and the schema is built once."""
    settings = Settings(database_url=postgresql_database)
    command.downgrade(migrate.alembic_config(settings), "base")
    environment = {**os.environ, "KOLL_DATABASE_URL": postgresql_database}
    upgrades = [
        subprocess.Popen(
            [KOLL, "db", "upgrade"], env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    for upgrade in upgrades:
        _out, err = upgrade.communicate(timeout=120)
        assert upgrade.returncode == 0, err.decode()
    migrate.check(settings)
