"""Settings from the environment, read once per process (tests pass their own)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LogFormat = Literal["text", "json"]


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///var/koll.sqlite3"
    questionnaires_dir: Path = Path("questionnaires")
    migrations_dir: Path = PROJECT_ROOT / "migrations"
    # One line per request either way; json for log collectors that parse fields.
    log_format: LogFormat = "text"
    # Processes `koll serve` starts when --workers is not given (the Docker image sets it).
    workers: int = 1
    # Seconds between looks for changed questionnaire files; 0 turns it off (SIGHUP still works).
    reload_interval: float = 2.0

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
            log_format=_log_format(os.environ.get("KOLL_LOG_FORMAT", defaults.log_format)),
            workers=_positive_int("KOLL_WORKERS", os.environ.get("KOLL_WORKERS"), defaults.workers),
            reload_interval=float(os.environ.get("KOLL_RELOAD_INTERVAL", defaults.reload_interval)),
        )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _log_format(value: str) -> LogFormat:
    if value not in ("text", "json"):
        raise ValueError(f"KOLL_LOG_FORMAT must be 'text' or 'json', not {value!r}")
    return "json" if value == "json" else "text"


def _positive_int(name: str, value: str | None, default: int) -> int:
    if value is None or value == "":
        return default
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{name} must be a whole number of at least 1, not {value!r}")
    return int(value)


@lru_cache
def get_settings() -> Settings:
    return Settings.from_env()
