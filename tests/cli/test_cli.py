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
    assert len(lines) == 4  # v1 and v2 of both
    assert any("rektor version 1" in line for line in lines)
    assert any("rektor version 2" in line for line in lines)


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


# Hostile questionnaire files: one line per problem, exit 1, never a traceback ----------------

BOMB = "".join(
    f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * 9) if i else 'lol'}]\n" for i in range(10)
)
DEEP = "intro: " + "[" * 250 + "]" * 250 + "\n"


def hostile_files(folder: Path) -> dict[Path, str]:
    """Each hostile file written to `folder`, with the start of the one line it must give."""
    files = {
        folder / "bomb.yaml": (BOMB.encode(), ":2:10: YAML aliases (*x0) are not allowed"),
        folder / "deep.yaml": (DEEP.encode(), ":1:27: nested more than 20 levels deep"),
        folder / "latin1.yaml": ("id: ö\n".encode("latin-1"), ":1:5: not UTF-8: byte 0xf6"),
        folder / "nul.yaml": (b"id: a\x00\n", ":1:6: character U+0000 is not allowed"),
    }
    for path, (data, _) in files.items():
        path.write_bytes(data)
    huge = folder / "huge.yaml"
    with huge.open("wb") as sparse:
        sparse.truncate(50 * 1024 * 1024)
    return {
        **{path: f"{path}{start}" for path, (_, start) in files.items()},
        huge: f"{huge}:1:1: the file is 52,428,800 bytes; a questionnaire file may be at most",
    }


def test_validate_refuses_hostile_files_one_line_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = hostile_files(tmp_path)
    assert main(["questionnaires", "validate", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == len(expected)
    for start in expected.values():
        assert any(line.startswith(start) for line in lines), (start, lines)
    assert "Traceback" not in captured.err + captured.out


def test_validate_applies_the_size_limit_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.platform.settings import get_settings

    path = tmp_path / "v1.yaml"
    path.write_text(MINIMAL_YAML, encoding="utf-8")
    monkeypatch.setenv("KOLL_QUESTIONNAIRE_MAX_BYTES", "100")
    get_settings.cache_clear()
    try:
        assert main(["questionnaires", "validate", str(path)]) == 1
    finally:
        get_settings.cache_clear()
    assert capsys.readouterr().err.startswith(f"{path}:1:1: the file is ")


def test_validate_says_in_one_line_when_a_folder_cannot_be_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deepest = tmp_path / "q"
    deepest.mkdir()
    folders = [deepest]
    for _ in range(1_100):  # Python's folder listing recurses, one level at a time
        folders.append(folders[-1] / "d")
        folders[-1].mkdir()
    try:
        status = main(["questionnaires", "validate", str(tmp_path / "q")])
    finally:
        for path in reversed(folders):
            path.rmdir()
    err = capsys.readouterr().err
    if status == 0 or "no questionnaire files" in err:
        pytest.skip("this Python lists deeply nested folders without recursing")
    assert status == 1
    assert err.splitlines() == [
        f"koll: cannot list questionnaire files in {tmp_path / 'q'}: RecursionError: "
        "maximum recursion depth exceeded"
    ]


def test_serve_refuses_hostile_files_one_line_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "q"
    folder.mkdir()
    expected = hostile_files(folder)
    monkeypatch.setenv("KOLL_QUESTIONNAIRES_DIR", str(folder))
    monkeypatch.setenv("KOLL_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    from app.platform.settings import get_settings

    get_settings.cache_clear()
    try:
        assert main(["serve"]) == 1
    finally:
        get_settings.cache_clear()
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == len(expected) + 1
    for start in expected.values():
        assert any(line.startswith(start) for line in lines), (start, lines)
    assert lines[-1].startswith("koll: not starting:")
    assert not (tmp_path / "db.sqlite3").exists()
