"""The application factory: `uvicorn --factory app.main:create_app`.

Everything a process holds (settings, database, questionnaires, caches, templates) is built
here into one `AppState`, so two apps in one process share nothing but immutable data.
"""

from __future__ import annotations

import gc
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from anyio import to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from app import web
from app.about.web import operator_globals
from app.about.web import router as about_web
from app.authorities.account_web import router as authority_account_web
from app.authorities.api import router as authorities_api
from app.authorities.comparison_web import router as authority_comparison_web
from app.authorities.deps import install_sign_in_redirect
from app.authorities.history_api import router as history_api
from app.authorities.invitations_api import router as invitations_api
from app.authorities.rounds_web import router as authority_rounds_web
from app.authorities.schools_web import router as authority_schools_web
from app.authorities.signin_limit import signin_limiter
from app.authorities.signin_web import router as authority_signin_web
from app.authorities.web import router as authorities_web
from app.core.catalogues import Catalogues
from app.core.questionnaires import Catalog
from app.inventory.api import router as inventory_api
from app.inventory.export_api import router as export_api
from app.inventory.participation_api import router as participation_api
from app.inventory.participation_links import ParticipationLinks
from app.inventory.participation_web import router as participation_web
from app.inventory.plan_web import router as inventory_plan_web
from app.inventory.reloading import CatalogueReloader
from app.inventory.summary_api import router as summary_api
from app.inventory.web import router as inventory_web
from app.inventory.workshops_api import router as workshops_api
from app.inventory.workshops_web import router as inventory_workshops_web
from app.platform.db import Database
from app.platform.definitions import DefinitionStore
from app.platform.errors import install_error_handlers
from app.platform.guards import RequestGuard
from app.platform.health import router as health_router
from app.platform.logs import AccessLog
from app.platform.middleware import BodySizeLimit, SecurityHeaders
from app.platform.ratelimit import FailureLimiter
from app.platform.reloading import watch_folders
from app.platform.responses import JSONResponse
from app.platform.secret_key import load_secret_key
from app.platform.settings import Settings, get_settings
from app.platform.state import AppState
from app.selfcheck.api import router as selfcheck_api
from app.selfcheck.api import submissions as selfcheck_submissions
from app.selfcheck.reloading import QuestionnaireReloader
from app.selfcheck.web import router as selfcheck_web
from app.web.rendering import make_environment

STATIC = Path(web.__file__).parent / "static"
# An inventory's workshop documents and their forms hold many texts of up to 2,000 characters
# each (a whole workshop 2 is two per task), more than the 64 KiB every other body may be.
LARGER_BODIES = (
    (re.compile(r"/api/v1/inventories/[^/]+/(workshop[234]|plan)"), 2 * 1024 * 1024),
    (re.compile(r"/inventering/[^/]+/(workshop[234]|handlingsplan)"), 2 * 1024 * 1024),
)
__all__ = ["create_app"]


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; raises `QuestionnaireError` if a questionnaire file is invalid."""
    settings = settings or get_settings()
    catalog = Catalog.load(settings.questionnaires_dir, max_bytes=settings.questionnaire_max_bytes)
    catalogues = Catalogues.load(settings.catalogues_dir, settings.questionnaire_max_bytes)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        reloader = QuestionnaireReloader(state)
        app.state.reloader = reloader
        await to_thread.run_sync(reloader.pin_and_swap, catalog)
        catalogue_reloader = CatalogueReloader(state)
        await to_thread.run_sync(catalogue_reloader.pin_and_swap, catalogues)
        _freeze_startup_objects()
        async with watch_folders([reloader, catalogue_reloader], settings.reload_interval):
            yield
        await to_thread.run_sync(state.db.close)

    app = FastAPI(
        title="Koll API",
        summary="Self-assessment before an inventory of teachers' need for workload relief.",
        version="1",
        lifespan=lifespan,
        default_response_class=JSONResponse,
    )
    for router in (
        # A route's place in this list is what finding it costs (each request is matched
        # against the routes before it, twice), so the busiest come first: probes, the
        # self-check's submission (one route), the public self-check, every participant of
        # every inventory, then the inventories' own pages, which a workshop may have on a
        # projector the whole time.
        health_router,
        selfcheck_submissions,
        selfcheck_web,
        selfcheck_api,
        participation_web,
        participation_api,
        inventory_web,
        inventory_workshops_web,
        inventory_plan_web,
        authorities_api,
        invitations_api,
        history_api,
        summary_api,
        inventory_api,
        workshops_api,
        export_api,
        authorities_web,
        authority_signin_web,
        authority_rounds_web,
        authority_schools_web,
        authority_comparison_web,
        authority_account_web,
        about_web,
    ):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    state = AppState(
        settings=settings,
        db=Database(settings.database_url),
        catalog=catalog,
        definitions=DefinitionStore(catalog),
        templates=make_environment(app.router),
        secret_key=load_secret_key(settings),
        failures=FailureLimiter(settings.failure_limit),
        signin_failures=signin_limiter(),
    )
    state.templates.globals.update(operator_globals(settings))
    app.state.koll = state
    app.state.route_paths = {}
    app.state.base_urls = {}
    app.state.participation_links = ParticipationLinks()
    install_error_handlers(app)
    install_sign_in_redirect(app)
    app.add_middleware(RequestGuard, public_url=settings.public_url)
    app.add_middleware(BodySizeLimit, larger=LARGER_BODIES)
    app.add_middleware(SecurityHeaders)
    if settings.trust_proxy:
        # The proxy's word on the client's address and scheme, from the proxies named only.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
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
