"""The site's secret key: from the environment, else a file made once, owner-only."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from app.platform.secret_key import load_secret_key
from app.platform.settings import Settings


def test_a_key_file_is_made_once_readable_by_its_owner_only(tmp_path: Path) -> None:
    settings = Settings(secret_key_file=tmp_path / "var" / "secret.key")
    first = load_secret_key(settings)
    assert len(first) >= 32
    assert load_secret_key(settings) == first  # every worker and restart gets the same key
    assert stat.S_IMODE(settings.secret_key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(settings.secret_key_file.parent.stat().st_mode) == 0o700


def test_the_environment_wins_and_must_be_long_enough(tmp_path: Path) -> None:
    key_file = tmp_path / "secret.key"
    assert load_secret_key(Settings(secret_key="n" * 40, secret_key_file=key_file)) == b"n" * 40
    assert not key_file.exists()
    with pytest.raises(ValueError, match="at least 32"):
        load_secret_key(Settings(secret_key="kort"))


def test_an_empty_key_file_is_refused(tmp_path: Path) -> None:
    key_file = tmp_path / "secret.key"
    key_file.write_bytes(b"")
    with pytest.raises(ValueError, match="no secret key"):
        load_secret_key(Settings(secret_key_file=key_file))
