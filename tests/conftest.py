"""Fixtures: databases built by the real migrations, and apps on top of them.

Every test that uses `settings` (and so `app` and `client`) runs twice: on SQLite and on
PostgreSQL. The PostgreSQL half uses the server at KOLL_TEST_POSTGRESQL_URL (default: the role
that `.ci/postgresql` makes on the local Debian cluster): a template is migrated once per run,
cloned once, and the clone is emptied after every test. Without a server the PostgreSQL half is
left out and one line says so; with CI=true a missing server is an error instead.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from psycopg import sql
from pytest_postgresql import factories
from pytest_postgresql.executors import NoopExecutor
from sqlalchemy.engine import URL, make_url

from app.core.questionnaires import Catalog, Questionnaire
from app.main import create_app
from app.platform import migrate
from app.platform.settings import Settings
from app.platform.tables import metadata
from tests.support import QUESTIONNAIRES

POSTGRESQL_URL: URL = make_url(
    os.environ.get(
        "KOLL_TEST_POSTGRESQL_URL",
        "postgresql+psycopg://koll_test:koll_test@127.0.0.1:5432/koll_test",
    )
)
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgresql),
]
NO_POSTGRESQL = (
    "PostgreSQL not available (set KOLL_TEST_POSTGRESQL_URL or start a cluster: "
    "make postgres): running the SQLite half only"
)
_skipped_postgresql = pytest.StashKey[bool]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgresql: needs the PostgreSQL test server")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    needing = [item for item in items if item.get_closest_marker("postgresql")]
    if not needing:
        return
    problem = postgresql_problem()
    if problem is None:
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(
            f"CI=true, but PostgreSQL at {POSTGRESQL_URL} is not available: {problem}"
        )
    config.hook.pytest_deselected(items=needing)
    items[:] = [item for item in items if not item.get_closest_marker("postgresql")]
    config.stash[_skipped_postgresql] = True


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if config.stash.get(_skipped_postgresql, False):
        terminalreporter.write_line(NO_POSTGRESQL, yellow=True, bold=True)


def postgresql_problem() -> str | None:
    """Why the test server cannot be used, or None when it can."""
    try:
        with psycopg.connect(**_connect_args("postgres"), connect_timeout=3):
            return None
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def postgresql_url(dbname: str) -> str:
    """The SQLAlchemy URL of a database on the test server, password included."""
    return POSTGRESQL_URL.set(database=dbname).render_as_string(hide_password=False)


def _connect_args(dbname: str) -> dict[str, Any]:
    return {
        "host": POSTGRESQL_URL.host or "127.0.0.1",
        "port": POSTGRESQL_URL.port or 5432,
        "user": POSTGRESQL_URL.username,
        "password": POSTGRESQL_URL.password,
        "dbname": dbname,
    }


def _migrate_template(dbname: str, **_connection: Any) -> None:
    migrate.upgrade(Settings(database_url=postgresql_url(dbname)))


# Test runs on one machine share the server, so each names its databases after its process.
DATABASE_PREFIX = f"{POSTGRESQL_URL.database or 'koll_test'}_"
_postgresql_template = factories.postgresql_noproc(
    host=POSTGRESQL_URL.host or "127.0.0.1",
    port=POSTGRESQL_URL.port or 5432,
    user=POSTGRESQL_URL.username,
    password=POSTGRESQL_URL.password,
    dbname=f"{DATABASE_PREFIX}{os.getpid()}",
    load=[_migrate_template],
)


@pytest.fixture(scope="session")
def postgresql_server(request: pytest.FixtureRequest) -> NoopExecutor:
    """The server, with this run's template database migrated to head."""
    _drop_databases_of_finished_runs()
    server: NoopExecutor = request.getfixturevalue("_postgresql_template")
    return server


def _drop_databases_of_finished_runs() -> None:
    """A killed run leaves its databases behind; drop those whose process is gone."""
    with psycopg.connect(**_connect_args("postgres"), autocommit=True) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT datname FROM pg_database WHERE starts_with(datname, %s)",
                (DATABASE_PREFIX,),
            )
        ]
        for name in names:
            pid = name.removeprefix(DATABASE_PREFIX).removesuffix("_tmpl")
            if pid.isdigit() and not Path(f"/proc/{pid}").exists():
                identifier = sql.Identifier(name)
                connection.execute(
                    sql.SQL("ALTER DATABASE {} IS_TEMPLATE false").format(identifier)
                )
                connection.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(identifier))


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file upgraded to head once per run; each test gets its own copy."""
    path = tmp_path_factory.mktemp("template") / "koll.sqlite3"
    migrate.upgrade(Settings(database_url=f"sqlite:///{path}"))
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path, migrated_database: Path) -> str:
    """A migrated SQLite database of the test's own."""
    database = tmp_path / "koll.sqlite3"
    shutil.copy(migrated_database, database)
    return f"sqlite:///{database}"


class SharedDatabase:
    """This run's PostgreSQL database, cloned once from the migrated template.

    After each test it is emptied (a few ms) rather than cloned anew (0.1 to 0.5 s, most of
    the PostgreSQL half's time); a test that left the schema changed gets a fresh clone.
    """

    def __init__(self, server: NoopExecutor) -> None:
        self.name = server.dbname
        self.url = postgresql_url(self.name)
        self.template = server.template_dbname
        self.maintenance = server.maintenance_dbname
        self.schema: tuple[object, ...] = ()
        # Children before parents, so deleting breaks no foreign key.
        self.tables = [table.name for table in reversed(metadata.sorted_tables)]

    def create(self) -> None:
        self.drop()
        with psycopg.connect(**_connect_args(self.maintenance), autocommit=True) as connection:
            _end_sessions(connection, self.template)
            connection.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(self.name), sql.Identifier(self.template)
                )
            )
        with psycopg.connect(**_connect_args(self.name)) as connection:
            self.schema = _schema(connection)

    def reset(self) -> None:
        try:
            with psycopg.connect(**_connect_args(self.name), autocommit=True) as connection:
                # End what a test left connected (a pool not disposed, a killed server's).
                _end_sessions(connection, self.name)
                if _schema(connection) != self.schema:
                    raise LookupError("the test changed the schema")
                with connection.transaction():
                    for table in self.tables:
                        connection.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))
        except (psycopg.Error, LookupError):
            self.create()

    def drop(self) -> None:
        with psycopg.connect(**_connect_args(self.maintenance), autocommit=True) as connection:
            _end_sessions(connection, self.name)
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(self.name))
            )


def _end_sessions(connection: psycopg.Connection[Any], dbname: str) -> None:
    """End the sessions a test left on `dbname` (a pool not disposed, a killed server's).
    Only clients' sessions: the server's own, as an autovacuum worker's, may be ended only by
    a superuser, and CREATE and DROP DATABASE end those themselves."""
    connection.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
        "AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
        (dbname,),
    )


def _schema(connection: psycopg.Connection[Any]) -> tuple[object, ...]:
    """The revision and every column, to tell whether a test left the schema as it found it."""
    revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    columns = connection.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'public' ORDER BY table_name, column_name"
    ).fetchall()
    return (tuple(revision), tuple(columns))


@pytest.fixture(scope="session")
def postgresql_shared_database(postgresql_server: NoopExecutor) -> Iterator[SharedDatabase]:
    database = SharedDatabase(postgresql_server)
    database.create()
    yield database
    database.drop()


@pytest.fixture
def postgresql_database(postgresql_shared_database: SharedDatabase) -> Iterator[str]:
    """A migrated, empty PostgreSQL database for the test; emptied again afterwards."""
    yield postgresql_shared_database.url
    postgresql_shared_database.reset()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    """A migrated database of the test's own, once on each backend."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgresql_database"
    url: str = request.getfixturevalue(fixture)
    return url


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, questionnaires_dir=QUESTIONNAIRES)


@pytest.fixture
def sqlite_settings(sqlite_url: str) -> Settings:
    """For the tests about SQLite itself (its pragmas, its file)."""
    return Settings(database_url=sqlite_url, questionnaires_dir=QUESTIONNAIRES)


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    application = create_app(settings)
    yield application
    # Close the pool even when no TestClient ran the lifespan.
    application.state.koll.db.close()


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
