"""One app process: settings, engine, questionnaires and caches of output that never changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from sqlalchemy import Engine

from app.cache import ImmutableCache
from app.definitions import DefinitionStore
from app.questionnaires import Catalog
from app.results import ResultReader
from app.settings import Settings


@dataclass
class AppState:
    settings: Settings
    engine: Engine
    catalog: Catalog
    definitions: DefinitionStore
    results: ResultReader
    # Keys include the result id or the definition hash, so entries never go stale.
    pages: ImmutableCache[str, bytes] = field(default_factory=lambda: ImmutableCache(2048))
    charts: ImmutableCache[tuple[str, str], bytes] = field(
        default_factory=lambda: ImmutableCache(1024)
    )
    scores: ImmutableCache[str, dict[str, Any]] = field(
        default_factory=lambda: ImmutableCache(20_000)
    )
    # Problems found in the questionnaire files since the served catalogue was loaded.
    questionnaire_problems: list[str] = field(default_factory=list)

    def use_catalog(self, catalog: Catalog, problems: list[str]) -> None:
        self.definitions.catalog = catalog
        self.catalog = catalog
        self.questionnaire_problems = problems


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.koll
    return state


async def get_state(request: Request) -> AppState:
    """`async` on purpose: a plain `def` dependency costs every request a thread-pool hop."""
    return app_state(request)
