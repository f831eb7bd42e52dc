"""Catalogue changes while running: a sound folder is swapped in, an invalid one is refused
with its problems kept and the previous catalogues served."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from fastapi.testclient import TestClient

from app.inventory.reloading import CatalogueReloader
from app.main import create_app
from app.platform.settings import Settings
from tests.support import CATALOGUES


def test_an_invalid_file_keeps_the_previous_catalogues(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "catalogues"
    shutil.copytree(CATALOGUES, folder)
    application = create_app(replace(settings, catalogues_dir=folder, reload_interval=0))
    try:
        with TestClient(application) as client:
            state = application.state.koll
            reloader = CatalogueReloader(state)
            bad = folder / "uppgifter" / "v2.yaml"
            bad.write_text("id: uppgifter\nversion: 2\ntitle: [\n")
            reloader.poll()
            assert state.catalogue_problems[0].startswith(f"{bad}:")
            assert client.get("/api/v1/catalogues").json()["catalogues"][0]["version"] == 1
            bad.write_text(
                (folder / "uppgifter" / "v1.yaml").read_text().replace("version: 1", "version: 2")
            )
            reloader.poll()
            assert state.catalogue_problems == []
            assert client.get("/api/v1/catalogues").json()["catalogues"][0]["version"] == 2
    finally:
        application.state.koll.db.close()
