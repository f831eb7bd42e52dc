"""The application factory: `uvicorn --factory app.main:create_app`."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.staticfiles import StaticFiles

from app import web
from app.api.authority import router as authority_router
from app.api.routes import router as api_router
from app.db import make_engine
from app.definitions import DefinitionStore
from app.group_commit import stop_group_commit
from app.health import router as health_router
from app.http import BodySizeLimit, SecurityHeaders, install_error_handlers
from app.logs import AccessLog
from app.questionnaires import Catalog
from app.reloading import QuestionnaireReloader, watch_questionnaires
from app.results import ResultReader
from app.settings import Settings, get_settings
from app.state import AppState
from app.web.rendering import make_environment
from app.web.routes import router as web_router

STATIC = Path(web.__file__).parent / "static"
__all__ = ["create_app"]


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; raises `QuestionnaireError` if a questionnaire file is invalid."""
    settings = settings or get_settings()
    catalog = Catalog.load(settings.questionnaires_dir)
    engine = make_engine(settings.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        reloader = QuestionnaireReloader(app.state.koll)
        app.state.reloader = reloader
        await run_in_threadpool(reloader.pin_and_swap, catalog)
        _freeze_startup_objects()
        async with watch_questionnaires(reloader, settings.reload_interval):
            yield
        await run_in_threadpool(stop_group_commit, engine)
        engine.dispose()

    app = FastAPI(
        title="Koll API",
        summary="Self-assessment before an inventory of teachers' need for workload relief.",
        version="1",
        lifespan=lifespan,
    )
    definitions = DefinitionStore(engine, catalog)
    app.state.koll = AppState(
        settings=settings,
        engine=engine,
        catalog=catalog,
        definitions=definitions,
        results=ResultReader(engine, definitions),
    )
    app.include_router(health_router)
    app.include_router(api_router)
    app.include_router(authority_router)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.state.templates = make_environment(app.router)
    app.state.route_paths = {}
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit)
    app.add_middleware(SecurityHeaders)
    # Outermost, so its line has the status the client got, error pages included.
    app.add_middleware(AccessLog)
    return app


def _freeze_startup_objects() -> None:
    """Keep what startup made (modules, questionnaires, font tables) out of the collector.

    Those objects live as long as the process, yet every full collection walks them all: about
    160 ms each on the benchmark machine, landing on whichever request happens to trigger it.
    """
    gc.collect()
    gc.freeze()
