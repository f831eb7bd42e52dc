"""The site's secret key: from the environment, else a file made once, owner-only."""

from __future__ import annotations

import secrets
import stat
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.platform import secret_key
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


def test_a_key_being_made_is_never_read_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers starting at once: one is still making the key when another starts. Neither
    may find the file without the key in it (a worker of `koll serve --workers 2` once died
    of that); both end up with the one key in the file, and nothing else is left beside it."""
    settings = Settings(secret_key_file=tmp_path / "var" / "secret.key")
    making, go_on = threading.Event(), threading.Event()
    real = secrets.token_urlsafe
    calls: list[int] = []

    def slow_for_the_first(length: int) -> str:
        calls.append(length)
        if len(calls) == 1:
            making.set()
            go_on.wait(10)
        return real(length)

    monkeypatch.setattr(secret_key.secrets, "token_urlsafe", slow_for_the_first)
    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(load_secret_key, settings)
        assert making.wait(10)
        second = load_secret_key(settings)  # while the first is still making its key
        go_on.set()
        assert first.result(10) == second == settings.secret_key_file.read_bytes().strip()
    assert [path.name for path in settings.secret_key_file.parent.iterdir()] == ["secret.key"]
