"""Running the Alembic migrations from code (the CLI, `koll serve` on SQLite, and tests)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.exc import SQLAlchemyError

from app.platform.db import make_engine
from app.platform.settings import Settings


def alembic_config(settings: Settings) -> Config:
    config = Config()
    config.set_main_option("script_location", str(settings.migrations_dir))
    config.set_main_option("sqlalchemy.url", settings.database_url.replace("%", "%%"))
    config.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
    return config


def upgrade(settings: Settings, revision: str = "head") -> None:
    command.upgrade(alembic_config(settings), revision)


def check(settings: Settings) -> None:
    """Raise if the models differ from what the migrations build (alembic check)."""
    command.check(alembic_config(settings))


def revision(settings: Settings, message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    command.revision(alembic_config(settings), message=message, autogenerate=True)


def current_and_head(settings: Settings) -> tuple[str | None, str | None]:
    """The database's revision and the newest one of the migrations."""
    head = ScriptDirectory.from_config(alembic_config(settings)).get_current_head()
    engine = make_engine(settings.database_url)
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
    return current, head


def schema_warning(settings: Settings) -> str | None:
    """What an operator should hear at start when the schema is not the code's; `koll serve`
    starts anyway: the database may be down now and fine later, and /readyz tells."""
    try:
        current, head = current_and_head(settings)
    except SQLAlchemyError as error:
        return f"database not reachable at start ({type(error).__name__}); /readyz will tell"
    if current == head:
        return None
    return (
        f"the database schema is at {current or 'no revision'}, this version needs {head}: "
        "run `koll db upgrade`"
    )
