"""`koll catalogues validate`, and what a changed catalogue version with inventories does:
refused by the command and by `create_app`'s reload, the stored version kept."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.cli import catalogues as cc
from app.core.questionnaires import QuestionnaireError
from app.inventory.reloading import CatalogueReloader
from app.main import create_app
from app.platform.settings import Settings
from tests.support import CATALOGUES, new_inventory


def copied(tmp_path: Path) -> Path:
    folder = tmp_path / "catalogues"
    shutil.copytree(CATALOGUES, folder)
    return folder


def test_the_shipped_files_validate_with_a_summary_line(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cc.validate([CATALOGUES], settings) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{CATALOGUES / 'uppgifter' / 'v1.yaml'}: ok: uppgifter version 1, 6 areas, 28 tasks"
    ]


def test_every_error_of_every_file_is_printed_and_exit_is_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: Bad\nversion: 0\ntitle: x\nenergy: []\nareas: []\n")
    other = tmp_path / "other.yaml"
    other.write_text("id: ok\n  version: [\n")
    assert cc.validate([bad, other], Settings()) == 1
    errors = capsys.readouterr().err.splitlines()
    assert errors[0] == f"{bad}:1:5: ids may hold only lower-case letters a-z, digits and hyphens"
    assert f"{bad}:2:10: input should be greater than 0" in errors
    assert any(line.startswith(f"{other}:2:") for line in errors)
    assert len(errors) >= 5


def test_an_invalid_catalogue_stops_create_app(settings: Settings, tmp_path: Path) -> None:
    folder = copied(tmp_path)
    (folder / "uppgifter" / "v2.yaml").write_text("id: uppgifter\nversion: 2\n")
    with pytest.raises(QuestionnaireError):
        create_app(replace(settings, catalogues_dir=folder))


def test_a_version_with_inventories_cannot_be_edited(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copied(tmp_path)
    local = replace(settings, catalogues_dir=folder, reload_interval=0)
    application = create_app(local)
    with TestClient(application) as client:
        new_inventory(client)
        file = folder / "uppgifter" / "v1.yaml"
        file.write_text(file.read_text().replace("Vara rastvärd", "Vara rastvakt"))
        reloader_state = application.state.koll
        assert CatalogueReloader(reloader_state).reload() is True
        served = reloader_state.catalogues.current("uppgifter").catalogue
        assert "Vara rastvärd" in [t.text for t in served.tasks]
        assert "already has inventories" in reloader_state.catalogue_problems[0]
        assert cc.validate([folder], local) == 1
        assert "add a new version (version: 2)" in capsys.readouterr().err
        (folder / "uppgifter" / "v2.yaml").write_text(
            file.read_text().replace("version: 1", "version: 2")
        )
        assert CatalogueReloader(reloader_state).reload() is True
        current = reloader_state.catalogues.current("uppgifter").catalogue
        assert current.version == 2 and "Vara rastvakt" in [t.text for t in current.tasks]
    application.state.koll.db.close()


def test_serve_is_refused_on_an_invalid_catalogue_and_not_on_a_missing_folder(
    tmp_path: Path,
) -> None:
    folder = copied(tmp_path)
    (folder / "uppgifter" / "v1.yaml").write_text("id: uppgifter\n")
    problems = cc.problems_before_serving(Settings(catalogues_dir=folder))
    assert [p.message for p in problems][:1] == ["required field 'version' is missing"]
    assert cc.problems_before_serving(Settings(catalogues_dir=tmp_path / "none")) == []
