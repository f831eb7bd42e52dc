"""`koll questionnaires list | diff | schema`, and the JSON Schema editors validate against."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from fastapi.testclient import TestClient
from ruamel.yaml import YAML

from app.cli import main
from app.cli import questionnaires as qc
from app.main import create_app
from app.platform.settings import Settings, get_settings
from tests.support import QUESTIONNAIRES, all_answers


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, settings: Settings, tmp_path: Path) -> Settings:
    folder = tmp_path / "q"
    shutil.copytree(QUESTIONNAIRES, folder)
    monkeypatch.setenv("KOLL_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("KOLL_QUESTIONNAIRES_DIR", str(folder))
    get_settings.cache_clear()
    yield replace(settings, questionnaires_dir=folder)  # type: ignore[misc]
    get_settings.cache_clear()


def test_list_shows_versions_current_and_response_counts(
    env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    with TestClient(create_app(env)) as client:
        rektor = client.app.state.koll.catalog.current("rektor").questionnaire  # type: ignore[attr-defined]
        for _ in range(2):
            client.post(
                "/api/v1/responses",
                json={"questionnaire": "rektor", "answers": all_answers(rektor, 3)},
            )
    assert main(["questionnaires", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "VERSION", "CURRENT", "RESPONSES", "SOURCE"]
    rows = {tuple(line.split()[:4]) for line in lines[1:]}
    assert ("rektor", "2", "yes", "2") in rows
    assert ("huvudman", "2", "yes", "0") in rows


def test_diff_names_added_and_reworded_statements(
    env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    v2 = env.questionnaires_dir / "rektor" / "v2.yaml"
    text = v2.read_text(encoding="utf-8").replace("version: 2", "version: 3", 1)
    text = text.replace(
        "      - id: tidsplan\n",
        "      - id: ny-fraga\n        text: Vi har en ny fråga.\n      - id: tidsplan\n",
        1,
    )
    (v2.parent / "v3.yaml").write_text(text, encoding="utf-8")
    assert main(["questionnaires", "diff", "rektor", "2", "3"]) == 0
    out = capsys.readouterr().out
    assert "rektor: version 2 → 3: 1 changes" in out
    assert "added     statement ny-fraga: in inventeringsplan: Vi har en ny fråga." in out
    assert main(["questionnaires", "diff", "rektor", "2", "9"]) == 1


def test_validate_refuses_a_changed_version_that_has_responses(
    env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    with TestClient(create_app(env)) as client:
        rektor = client.app.state.koll.catalog.current("rektor").questionnaire  # type: ignore[attr-defined]
        client.post(
            "/api/v1/responses", json={"questionnaire": "rektor", "answers": all_answers(rektor, 3)}
        )
    answered = env.questionnaires_dir / "rektor" / "v2.yaml"  # the current version
    answered.write_text(
        answered.read_text(encoding="utf-8").replace("Stämmer helt", "Stämmer precis"),
        encoding="utf-8",
    )
    assert main(["questionnaires", "validate"]) == 1
    assert "already has responses" in capsys.readouterr().err


def test_schema_is_printed_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["questionnaires", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"] == qc.SCHEMA_DRAFT
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize(
    "path", sorted(QUESTIONNAIRES.rglob("*.yaml")), ids=lambda p: p.parent.name
)
def test_shipped_questionnaires_match_the_schema(path: Path) -> None:
    document = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    jsonschema.validate(document, qc.json_schema())


def test_the_schema_catches_a_typo() -> None:
    document = YAML(typ="safe").load(
        (QUESTIONNAIRES / "rektor" / "v1.yaml").read_text(encoding="utf-8")
    )
    document["areas"][0]["titel"] = document["areas"][0].pop("title")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, qc.json_schema())


def test_list_and_diff_print_the_problems_of_a_hostile_file_not_a_traceback(
    env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = env.questionnaires_dir / "rektor" / "v2.yaml"
    deep.write_text("intro: " + "[" * 250 + "]" * 250 + "\n", encoding="utf-8")
    for command in (["list"], ["diff", "rektor", "1", "2"]):
        assert main(["questionnaires", *command]) == 1
        captured = capsys.readouterr()
        assert captured.err.splitlines() == [
            f"{deep}:1:27: nested more than 20 levels deep; a questionnaire needs 6 at most"
        ]
        assert captured.out == ""
