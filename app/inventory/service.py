"""The inventory's use cases: create, find by token, close, take part, workshop 1's figures.
No FastAPI here: problems are exceptions of this module, which the routes translate."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlmodel import Session

from app.authorities.accounts import new_id
from app.core.catalogues import Catalogues, CatalogueVersion
from app.core.catalogues.participation import Participation as Answers
from app.core.catalogues.workshop1 import Workshop1, workshop1
from app.inventory import planning, queries
from app.inventory.models import Inventory
from app.inventory.participation_links import OpenedLink
from app.inventory.tokens import hash_token, new_manage_token, participate_token
from app.platform.cache import ImmutableCache
from app.platform.state import AppState
from app.platform.tables import utc_now
from app.selfcheck import service as selfcheck

DEFAULT_MIN_RESPONDENTS = 5
Outcome = Literal["stored", "unknown", "closed"]


class UnknownCatalogue(Exception):
    pass


class MissingCatalogue(Exception):
    """The version an inventory pinned is neither served nor stored (should not happen)."""


@dataclass(frozen=True)
class StartedFrom:
    """The self-check result an inventory starts from, and its weak areas' activities."""

    result_id: str
    activities: tuple[tuple[str, str], ...]  # (id, text)


@dataclass(frozen=True)
class Created:
    inventory: Inventory
    manage_token: str


def create_inventory(
    session: Session,
    catalogues: Catalogues,
    key: bytes,
    *,
    name: str,
    catalogue_id: str,
    min_respondents: int = DEFAULT_MIN_RESPONDENTS,
    authority_id: str | None = None,
    school_id: str | None = None,
    staff_count: int | None = None,
    started_from: StartedFrom | None = None,
) -> Created:
    """A new open inventory pinning the catalogue's current version; one started from a
    self-check result opens its plan with that result's suggested activities."""
    version = catalogues.current(catalogue_id)
    if version is None:
        raise UnknownCatalogue(catalogue_id)
    queries.ensure_catalogue_definition(session, version)
    inventory_id = new_id()
    manage_token = new_manage_token()
    inventory = Inventory(
        id=inventory_id,
        name=name,
        catalogue_id=version.catalogue.id,
        catalogue_version=version.catalogue.version,
        definition_hash=version.hash,
        min_respondents=min_respondents,
        manage_token_hash=hash_token(manage_token),
        participate_token_hash=hash_token(participate_token(key, inventory_id)),
        authority_id=authority_id,
        school_id=school_id,
        staff_count=staff_count,
        selfcheck_result_id=None if started_from is None else started_from.result_id,
    )
    session.add(inventory)
    session.flush()
    if started_from is not None:
        planning.start_plan(session, inventory, started_from.activities)
    return Created(inventory, manage_token)


def save(session: Session, inventory: Inventory) -> None:
    session.add(inventory)
    session.flush()


def started_from(state: AppState, session: Session, result_id: str) -> StartedFrom | None:
    """The self-check result with the activities of its weak areas; None if there is none."""
    view = selfcheck.read_result(state, session, result_id)
    if view is None:
        return None
    activities = tuple((a.id, a.text) for area in view.weak_areas for a in area.activities)
    return StartedFrom(view.id, activities)


def by_manage_token(session: Session, token: str) -> Inventory | None:
    return queries.inventory_by(session, "manage_token_hash", hash_token(token))


def catalogue_of(
    session: Session, catalogues: Catalogues, inventory: Inventory
) -> CatalogueVersion:
    return catalogue_by_hash(session, catalogues, inventory.definition_hash)


def close(session: Session, inventory: Inventory) -> Inventory:
    """Closing is final: a closed inventory stays closed, with the time it was first closed."""
    if inventory.closed_at is None:
        inventory.closed_at = utc_now()
        session.add(inventory)
        session.flush()
    return inventory


def opened_link(session: Session, token_hash: str) -> OpenedLink | None:
    inventory = queries.inventory_by(session, "participate_token_hash", token_hash)
    return None if inventory is None else OpenedLink.of(inventory)


def catalogue_by_hash(
    session: Session, catalogues: Catalogues, definition_hash: str
) -> CatalogueVersion:
    found = catalogues.by_hash(definition_hash) or queries.stored_catalogue(
        session, definition_hash
    )
    if found is None:
        raise MissingCatalogue(definition_hash)
    return found


def take_part(session: Session, link: OpenedLink, answers: Answers) -> Outcome:
    """Store one participation; the status is read again in the writing transaction, so an
    inventory closed a moment ago takes nothing more."""
    status = queries.is_open(session, link.inventory_id)
    if status is None:
        return "unknown"
    if not status:
        return "closed"
    today = utc_now().date()
    queries.add_participation(session, secrets.token_hex(16), link.inventory_id, answers, today)
    return "stored"


FiguresKey = tuple[str, datetime, int, str | None]


def figures(
    session: Session,
    version: CatalogueVersion,
    inventory: Inventory,
    role: str | None = None,
    *,
    known: ImmutableCache[FiguresKey, Workshop1] | None = None,
) -> Workshop1:
    """Workshop 1's figures. An open inventory's are never shown, so only how many took
    part per role is read for it. A closed one takes no more answers: its figures are kept
    in `known` (when given), under a key with the time it was closed, so an inventory whose
    close was rolled back never finds figures made in that unit of work."""
    closed_at = inventory.closed_at
    if closed_at is None:
        counts = queries.role_counts(session, inventory.id)
        # Participations without answers: all the figures of an open collection rest on.
        counted = [Answers(r, ()) for r, count in counts.items() for _ in range(count)]
        return _workshop1(version, inventory, counted, role)
    if known is None:
        return _workshop1(version, inventory, queries.participations(session, inventory.id), role)
    key = (inventory.id, closed_at, inventory.min_respondents, role)
    return known.get(key) or known.put(
        key, _workshop1(version, inventory, queries.participations(session, inventory.id), role)
    )


def _workshop1(
    version: CatalogueVersion,
    inventory: Inventory,
    participations: Sequence[Answers],
    role: str | None,
) -> Workshop1:
    return workshop1(
        version.catalogue,
        participations,
        min_respondents=inventory.min_respondents,
        closed=inventory.closed_at is not None,
        role=role,
    )


def inventories_of(session: Session, authority_id: str) -> Sequence[Inventory]:
    return queries.inventories_of(session, authority_id)
