"""Settings from the environment, read once per process (tests pass their own)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LogFormat = Literal["text", "json"]
# An address to write to: no spaces, one @, and a dot in the domain (name@kommun.se).
EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(\.[\w-]+)+")


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///var/koll.sqlite3"
    questionnaires_dir: Path = Path("questionnaires")
    # The inventory's task catalogues: `<id>/vN.yaml`, read like the questionnaires.
    catalogues_dir: Path = Path("catalogues")
    migrations_dir: Path = PROJECT_ROOT / "migrations"
    # One line per request either way; json for log collectors that parse fields.
    log_format: LogFormat = "text"
    # Processes `koll serve` starts when --workers is not given (the Docker image sets it).
    workers: int = 1
    # Seconds between looks for changed questionnaire files; 0 turns it off (SIGHUP still works).
    reload_interval: float = 2.0
    # Largest questionnaire file accepted, in bytes: a file over it is refused unread.
    questionnaire_max_bytes: int = 1024 * 1024
    # Failed token or secret-link lookups one client may make per minute before 429.
    failure_limit: int = 20
    # Believe X-Forwarded-For and -Proto, from the addresses in `trusted_proxies` only: the
    # client's address (for rate limits) and scheme then come from the proxy in front.
    trust_proxy: bool = False
    trusted_proxies: str = "127.0.0.1"
    # The site's address as users reach it (https://koll.example.se); when set, every
    # absolute link uses it and requests for other hosts are refused.
    public_url: str | None = None
    # What links are derived from (see app.platform.secret_key): the key itself, or the file
    # that keeps one made on first start.
    secret_key: str | None = None
    secret_key_file: Path = Path("var/secret.key")
    # Who runs this site, named in every page's footer, on /om and in the accessibility
    # statement; and how to reach them: an e-mail address or an http(s) address. Unset, the
    # pages say the operator has not filled this in (and `koll serve` warns).
    operator_name: str | None = None
    operator_contact: str | None = None

    @classmethod
    def from_env(cls) -> Settings:
        defaults = cls()
        return cls(
            database_url=os.environ.get("KOLL_DATABASE_URL", defaults.database_url),
            questionnaires_dir=Path(
                os.environ.get("KOLL_QUESTIONNAIRES_DIR", defaults.questionnaires_dir)
            ),
            catalogues_dir=Path(os.environ.get("KOLL_CATALOGUES_DIR", defaults.catalogues_dir)),
            # An installed (non-editable) package has no migrations/ beside it; images set this.
            migrations_dir=Path(os.environ.get("KOLL_MIGRATIONS_DIR", defaults.migrations_dir)),
            log_format=_log_format(os.environ.get("KOLL_LOG_FORMAT", defaults.log_format)),
            workers=_positive_int("KOLL_WORKERS", os.environ.get("KOLL_WORKERS"), defaults.workers),
            reload_interval=float(os.environ.get("KOLL_RELOAD_INTERVAL", defaults.reload_interval)),
            questionnaire_max_bytes=_positive_int(
                "KOLL_QUESTIONNAIRE_MAX_BYTES",
                os.environ.get("KOLL_QUESTIONNAIRE_MAX_BYTES"),
                defaults.questionnaire_max_bytes,
            ),
            failure_limit=_positive_int(
                "KOLL_FAILURE_LIMIT", os.environ.get("KOLL_FAILURE_LIMIT"), defaults.failure_limit
            ),
            trust_proxy=_flag("KOLL_TRUST_PROXY", os.environ.get("KOLL_TRUST_PROXY")),
            trusted_proxies=os.environ.get("KOLL_TRUSTED_PROXIES", defaults.trusted_proxies),
            public_url=(os.environ.get("KOLL_PUBLIC_URL") or "").rstrip("/") or None,
            secret_key=os.environ.get("KOLL_SECRET_KEY") or None,
            secret_key_file=Path(os.environ.get("KOLL_SECRET_KEY_FILE", defaults.secret_key_file)),
            operator_name=(os.environ.get("KOLL_OPERATOR_NAME") or "").strip() or None,
            operator_contact=_operator_contact(os.environ.get("KOLL_OPERATOR_CONTACT")),
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


def _flag(name: str, value: str | None) -> bool:
    if value is None or value.strip().lower() in ("", "0", "false", "no"):
        return False
    if value.strip().lower() in ("1", "true", "yes"):
        return True
    raise ValueError(f"{name} must be true or false, not {value!r}")


def _operator_contact(value: str | None) -> str | None:
    """An e-mail address or an http(s) URL: it becomes a link on every page, so nothing else
    (a `javascript:` URL, a phone number without a scheme) is taken."""
    value = (value or "").strip()
    if not value:
        return None
    if EMAIL.fullmatch(value) or (" " not in value and value.isprintable() and _is_web(value)):
        return value
    raise ValueError(
        "KOLL_OPERATOR_CONTACT must be an e-mail address (name@example.se) "
        f"or an http(s) URL (https://example.se/kontakt), not {value!r}"
    )


def _is_web(value: str) -> bool:
    try:
        parts = urlsplit(value)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # a malformed address, such as "http://["
        return False


@lru_cache
def get_settings() -> Settings:
    return Settings.from_env()
