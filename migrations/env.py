"""Alembic environment: the app's metadata; batch mode on SQLite; types compared; on
PostgreSQL one migration run at a time."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text

# The feature packages register their tables on the metadata.
import app.authorities.models
import app.inventory.models
import app.platform.definitions
import app.platform.idempotency
import app.selfcheck.models  # noqa: F401
from app.platform.db import make_engine
from app.platform.settings import get_settings
from app.platform.tables import metadata

config = context.config
# Any fixed 64-bit number, the same in every process that migrates this database.
MIGRATION_LOCK = 0x6B6F6C6C  # "koll"


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Two `koll db upgrade` at once (two replicas, two operators) queue here; the
            # second then finds the schema at head and does nothing. Released at commit.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            run_migrations(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported; run them against a database.")
run_online()
