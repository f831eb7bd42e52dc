"""The `koll` command: validation output and exit codes, database upgrade."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from app.cli import main
from app.platform.db import make_engine
from tests.support import MINIMAL_YAML, QUESTIONNAIRES


def test_validate_prints_a_summary_per_valid_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["questionnaires", "validate", str(QUESTIONNAIRES)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert any("rektor version 1" in line for line in lines)


def test_validate_prints_every_error_with_its_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        MINIMAL_YAML.replace("title: Provenkät", "titel: Provenkät").replace(
            "weight: 3", "weight: -1"
        )
    )
    good = tmp_path / "good.yaml"
    good.write_text(MINIMAL_YAML.replace("id: prov", "id: annan"))
    assert main(["questionnaires", "validate", str(broken), str(good)]) == 1
    captured = capsys.readouterr()
    errors = captured.err.splitlines()
    assert f"{broken}:4:1: unknown field 'titel'; did you mean 'title'?" in errors
    assert any(e.startswith(f"{broken}:1:1: required field 'title'") for e in errors)
    assert f"{broken}:20:49: input should be greater than 0" in errors
    assert f"{good}: ok:" in captured.out


def test_serve_refuses_invalid_questionnaires(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.yaml").write_text(MINIMAL_YAML.replace("version: 1", "version: 0"))
    monkeypatch.setenv("KOLL_QUESTIONNAIRES_DIR", str(tmp_path))
    monkeypatch.setenv("KOLL_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    from app.platform.settings import get_settings

    get_settings.cache_clear()
    try:
        assert main(["serve"]) == 1
    finally:
        get_settings.cache_clear()
    err = capsys.readouterr().err
    assert f"{tmp_path / 'bad.yaml'}:2:10:" in err
    assert "not starting" in err
    assert not (tmp_path / "db.sqlite3").exists()


def test_db_upgrade_creates_the_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'var' / 'koll.sqlite3'}"
    monkeypatch.setenv("KOLL_DATABASE_URL", url)
    from app.platform.settings import get_settings

    get_settings.cache_clear()
    try:
        assert main(["db", "upgrade"]) == 0
    finally:
        get_settings.cache_clear()
    engine = make_engine(url)
    try:
        assert "responses" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
