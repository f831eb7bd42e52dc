"""The application factory and what each worker does when it starts."""

from __future__ import annotations

import gc

from fastapi import FastAPI
from fastapi.testclient import TestClient


def test_startup_objects_are_kept_out_of_the_collector(app: FastAPI) -> None:
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        assert gc.get_freeze_count() > 10_000
