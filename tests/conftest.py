"""Fixtures: databases built by the real migrations, and apps on top of them."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app import migrate
from app.main import create_app
from app.questionnaires import Catalog, Questionnaire
from app.settings import PROJECT_ROOT, Settings

QUESTIONNAIRES = PROJECT_ROOT / "questionnaires"


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file upgraded to head once per run; each test gets its own copy."""
    path = tmp_path_factory.mktemp("template") / "koll.sqlite3"
    migrate.upgrade(Settings(database_url=f"sqlite:///{path}"))
    return path


@pytest.fixture
def settings(tmp_path: Path, migrated_database: Path) -> Settings:
    database = tmp_path / "koll.sqlite3"
    shutil.copy(migrated_database, database)
    return Settings(database_url=f"sqlite:///{database}", questionnaires_dir=QUESTIONNAIRES)


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog.load(QUESTIONNAIRES)


@pytest.fixture(scope="session")
def rektor(catalog: Catalog) -> Questionnaire:
    version = catalog.current("rektor")
    assert version is not None
    return version.questionnaire


def all_answers(questionnaire: Questionnaire, value: int | str) -> dict[str, int | str]:
    return {statement.id: value for statement in questionnaire.statements}
