"""Running the Alembic migrations from code (the CLI, `koll serve` on SQLite, and tests)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from app.settings import Settings


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
