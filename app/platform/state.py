"""All the state of one app process, built by `create_app`: settings, the database, the
questionnaires being served, and caches of output that never changes once made."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from jinja2 import Environment
from sqlalchemy import Engine

from app.core.catalogues import Catalogues
from app.core.catalogues.summary import SchoolPlans, TaskTotals
from app.core.catalogues.workshop1 import Workshop1
from app.core.questionnaires import Catalog
from app.core.results import ResultView
from app.core.scoring import ScoreResult
from app.platform.cache import ImmutableCache
from app.platform.db import Database
from app.platform.definitions import DefinitionStore
from app.platform.ratelimit import FailureLimiter
from app.platform.settings import Settings
from app.platform.tables import utc_now

# (inventory id, when workshop 3 was saved, when workshop 4 was): None for one not saved yet.
PlansKey = tuple[str, datetime | None, datetime | None]


@dataclass
class AppState:
    settings: Settings
    db: Database
    catalog: Catalog
    definitions: DefinitionStore
    templates: Environment
    # What links are derived from (app.platform.secret_key).
    secret_key: bytes
    # Keys include the result id or the definition hash, so entries never go stale.
    pages: ImmutableCache[str, bytes] = field(default_factory=lambda: ImmutableCache(2048))
    charts: ImmutableCache[tuple[str, str], bytes] = field(
        default_factory=lambda: ImmutableCache(1024)
    )
    results: ImmutableCache[str, ResultView] = field(default_factory=lambda: ImmutableCache(2048))
    scores: ImmutableCache[str, ScoreResult] = field(default_factory=lambda: ImmutableCache(20_000))
    # Definition hashes known to be stored: a definition never changes once stored, so each
    # process writes it once instead of on every submission.
    stored_definitions: set[str] = field(default_factory=set)
    # Failed secret lookups per client; made by create_app from the settings.
    failures: FailureLimiter = field(default_factory=lambda: FailureLimiter(20))
    # Failed sign-ins per e-mail address and per client; made by create_app with the limit and
    # window of app.authorities.signin_limit.
    signin_failures: FailureLimiter = field(default_factory=lambda: FailureLimiter(5))
    # The time, for what expires (sign-in sessions, one-time links); tests set their own.
    clock: Callable[[], datetime] = field(default=utc_now)
    # Problems found in the questionnaire files since the served catalogue was loaded.
    questionnaire_problems: list[str] = field(default_factory=list)
    # The inventory's task catalogues being served (app.inventory.reloading swaps them whole),
    # and the problems found in their files since.
    catalogues: Catalogues = field(default_factory=Catalogues)
    catalogue_problems: list[str] = field(default_factory=list)
    # Workshop 1's sums per closed inventory, for the authorities' summary (keyed by the
    # inventory's id): a closed inventory takes no more answers, so they never change.
    inventory_totals: ImmutableCache[str, TaskTotals] = field(
        default_factory=lambda: ImmutableCache(4096)
    )
    # What the summary takes from an inventory's workshops 3 and 4, keyed by the inventory's
    # id and the times the two were saved, so a new save is a new key.
    inventory_plans: ImmutableCache[PlansKey, SchoolPlans] = field(
        default_factory=lambda: ImmutableCache(4096)
    )
    # Workshop 1's figures of closed inventories, keyed by the inventory's id, when it was
    # closed, its threshold and the role asked for: a closed inventory takes no more answers.
    inventory_figures: ImmutableCache[tuple[str, datetime, int, str | None], Workshop1] = field(
        default_factory=lambda: ImmutableCache(512)
    )

    @property
    def engine(self) -> Engine:
        return self.db.engine

    def use_catalog(self, catalog: Catalog, problems: list[str]) -> None:
        self.definitions.catalog = catalog
        self.catalog = catalog
        self.questionnaire_problems = problems
