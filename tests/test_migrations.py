"""The migrations are the schema: they build it, match the models, and go down and up again."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from app import migrate
from app.db import make_engine
from app.settings import Settings


def test_upgrade_builds_the_tables(migrated_database: Path) -> None:
    engine = make_engine(f"sqlite:///{migrated_database}")
    try:
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert {"responses", "questionnaire_definitions", "alembic_version"} <= tables


def test_models_match_the_migrations(settings: Settings) -> None:
    migrate.check(settings)  # raises if autogenerate would write anything


def test_one_head(settings: Settings) -> None:
    assert len(ScriptDirectory.from_config(migrate.alembic_config(settings)).get_heads()) == 1


def test_downgrade_to_base_and_up_again(settings: Settings) -> None:
    config = migrate.alembic_config(settings)
    command.downgrade(config, "base")
    engine = make_engine(settings.database_url)
    try:
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
        command.upgrade(config, "head")
        assert "responses" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
