"""The database as the commands see it: one unit of work per command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlmodel import Session

from app.platform.db import Database
from app.platform.settings import Settings


@contextmanager
def unit_of_work(settings: Settings, *, write: bool = False) -> Iterator[Session]:
    database = Database(settings.database_url)
    try:
        with database.transaction(write=write) as session:
            yield session
    finally:
        database.close()


def database_exists(settings: Settings) -> bool:
    """False for an SQLite file not made yet: looking must not create it."""
    url = make_url(settings.database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return True
    return Path(url.database).exists()
