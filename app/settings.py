"""Settings from the environment, read once per process (tests pass their own)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///var/koll.sqlite3"
    questionnaires_dir: Path = Path("questionnaires")
    migrations_dir: Path = PROJECT_ROOT / "migrations"

    @classmethod
    def from_env(cls) -> Settings:
        defaults = cls()
        return cls(
            database_url=os.environ.get("KOLL_DATABASE_URL", defaults.database_url),
            questionnaires_dir=Path(
                os.environ.get("KOLL_QUESTIONNAIRES_DIR", defaults.questionnaires_dir)
            ),
            # An installed (non-editable) package has no migrations/ beside it; images set this.
            migrations_dir=Path(os.environ.get("KOLL_MIGRATIONS_DIR", defaults.migrations_dir)),
        )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings.from_env()
