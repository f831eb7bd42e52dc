"""Liveness (/healthz: the process answers) and readiness (/readyz: database, questionnaires
and task catalogues)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.platform.deps import StateDep
from app.platform.responses import JSONResponse
from app.platform.state import AppState

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(state: StateDep) -> JSONResponse:
    checks: dict[str, Any] = {
        "database": await run_in_threadpool(_database_ok, state),
        "questionnaires": len(state.catalog.versions) > 0,
    }
    ready = all(checks.values())
    body: dict[str, Any] = {"status": "ok" if ready else "unavailable", "checks": checks}
    # Refused questionnaire or catalogue files do not make the service unready: the last good
    # ones are served.
    body["questionnaire_problems"] = state.questionnaire_problems
    body["catalogue_problems"] = state.catalogue_problems
    return JSONResponse(body, status_code=200 if ready else 503)


def _database_ok(state: AppState) -> bool:
    try:
        with state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return False
    return True
