"""Who may read an inventory: the bearer of its management token, or the authority that made
it. No or a bad token is 401; a valid token for another inventory is 404."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from app.authorities import accounts
from app.core.catalogues import CatalogueVersion
from app.inventory import service
from app.inventory.models import Inventory
from app.inventory.participation_links import OpenedLink, ParticipationLinks
from app.inventory.tokens import hash_token
from app.platform.deps import (
    SessionDep,
    app_state,
    count_failed_lookup,
    refuse_if_guessing,
)

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="InventoryToken",
    description="The inventory's manage_token, or the API token of the authority that made it.",
)
UNAUTHORISED = {"WWW-Authenticate": "Bearer"}


def readable_inventory(
    request: Request,
    inventory_id: str,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Inventory:
    if credentials is None:
        raise HTTPException(401, headers=UNAUTHORISED)
    refuse_if_guessing(request)
    token = credentials.credentials
    managed = service.by_manage_token(session, token)
    if managed is not None:
        if managed.id != inventory_id:
            raise HTTPException(404)
        return managed
    authority = accounts.authenticate(session, token)
    if authority is None:
        count_failed_lookup(request)
        raise HTTPException(401, headers=UNAUTHORISED)
    inventory = session.get(Inventory, inventory_id)
    if inventory is None or inventory.authority_id != authority.id:
        raise HTTPException(404)
    return inventory


ReadableInventory = Annotated[Inventory, Depends(readable_inventory)]


def managed_inventory(request: Request, session: SessionDep, manage_token: str) -> Inventory:
    """The inventory of a management page's address; a miss counts as a guess."""
    refuse_if_guessing(request)
    inventory = service.by_manage_token(session, manage_token)
    if inventory is None:
        count_failed_lookup(request)
        raise HTTPException(404)
    return inventory


ManagedInventory = Annotated[Inventory, Depends(managed_inventory)]


def participation_links(request: Request) -> ParticipationLinks:
    links: ParticipationLinks = request.app.state.participation_links
    return links


async def opened_link(request: Request, token: str) -> OpenedLink:
    """The inventory a participation link opens (closed or not); 404 for an unknown token,
    counted as a guess. Known links are answered from memory (see participation_links)."""
    refuse_if_guessing(request)
    links = participation_links(request)
    token_hash = hash_token(token)
    link = links.get(token_hash)
    if link is None:
        state = app_state(request)
        found = await state.db.read(lambda session: service.opened_link(session, token_hash))
        if found is None:
            count_failed_lookup(request)
            raise HTTPException(404)
        link = links.put(token_hash, found)
    return link


async def catalogue_of_link(request: Request, link: OpenedLink) -> CatalogueVersion:
    state = app_state(request)
    version = state.catalogues.by_hash(link.definition_hash)
    if version is not None:
        return version
    return await state.db.read(
        lambda session: service.catalogue_by_hash(session, state.catalogues, link.definition_hash)
    )
