"""A throwaway database for one benchmark run: made, migrated as an operator would, dropped.

SQLite: a new file in the run's temporary folder (`koll serve` upgrades it itself).
PostgreSQL: a new database on the server of the given URL, made by the URL's role (which needs
CREATEDB, as the test role of `make postgres` has), upgraded by `koll db upgrade`, and dropped
afterwards even if the run fails. The URL's own database is only connected to.
"""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL, make_url

ROOT = Path(__file__).resolve().parent.parent
KOLL = ROOT / ".venv" / "bin" / "koll"
UPGRADE_TIMEOUT = 300


@contextmanager
def throwaway_database(server_url: str | None, workdir: Path) -> Iterator[tuple[str, bool]]:
    """Yields (database URL, whether it is SQLite)."""
    if server_url is None or make_url(server_url).get_backend_name() == "sqlite":
        yield f"sqlite:///{workdir / 'koll.sqlite3'}", True
        return
    server = make_url(server_url)
    name = f"koll_bench_{secrets.token_hex(4)}"
    with _admin(server) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        url = server.set(database=name).render_as_string(hide_password=False)
        _upgrade(url)
        yield url, False
    finally:
        with _admin(server) as admin:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def postgresql_problem(server_url: str) -> str | None:
    """Why a benchmark cannot make a database on this server, or None if it can."""
    try:
        with _admin(make_url(server_url)) as admin:
            row = admin.execute(
                "SELECT rolcreatedb FROM pg_roles WHERE rolname = current_user"
            ).fetchone()
    except (psycopg.Error, ValueError) as error:
        return f"cannot connect: {str(error).strip().splitlines()[0]}"
    if not row or not row[0]:
        return "the role may not create databases (CREATEDB)"
    return None


def _admin(server: URL) -> psycopg.Connection[tuple[object, ...]]:
    """A connection to the URL's database, or to `postgres` if that one does not exist (the
    test suite, for one, makes its databases from the role alone)."""
    options: dict[str, object] = {
        "host": server.host or "localhost",
        "port": server.port or 5432,
        "user": server.username,
        "password": server.password,
        "autocommit": True,
        "connect_timeout": 5,
    }
    try:
        return psycopg.connect(dbname=server.database or "postgres", **options)
    except psycopg.OperationalError as error:
        if "does not exist" not in str(error):
            raise
        return psycopg.connect(dbname="postgres", **options)


def _upgrade(url: str) -> None:
    upgrade = subprocess.run(
        [str(KOLL), "db", "upgrade"],
        cwd=ROOT,
        env={**os.environ, "KOLL_DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=UPGRADE_TIMEOUT,
    )
    if upgrade.returncode != 0:
        raise RuntimeError(f"koll db upgrade failed:\n{upgrade.stderr}")
