"""The inventory's rendered pages (management, workshop steps, plan, print summary), kept in
the app's page cache under a key made of everything such a page shows that can change.

A page shows the inventory's row, its saved documents and, while the collection is open,
how many have taken part. The key holds the row's fields, the time each document was last
saved (every save is a new time) and, while open, the count per role (queries.page_stamp);
so a save, a close, a participation or a change of name or staff count makes a new key. The
key is read before the page is rendered, in the same unit of work: a page rendered later can
only be newer than its key, never older, so no request gets a page older than what it reads
itself. Old keys are never asked for again and leave the bounded cache in turn.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session
from starlette.exceptions import HTTPException

from app.inventory import messages, queries
from app.inventory.deps import managed_inventory
from app.inventory.models import Inventory
from app.inventory.tokens import hash_token
from app.platform.deps import app_state, count_failed_lookup, refuse_if_guessing
from app.platform.lookup import Lookup, session_lookup
from app.platform.state import AppState

# Every page of an inventory is private to whoever holds its management address.
NO_STORE = {"Cache-Control": "no-store"}
# What renders a page: (request, manage token, session, state, inventory) → its response.
Render = Callable[[Request, str, Session, AppState, Inventory], HTMLResponse]

# The text of a <textarea> is someone's own and is kept as it is; Jinja escapes every "<" of
# such text, so none of it can end the element early.
TEXTAREA = re.compile(r"(<textarea\b.*?</textarea>)", re.DOTALL)
# Indentation after a line that ends a tag, and blank lines and indentation before one: the
# template's, as every "<" or ">" of anyone's text is escaped.
INDENT = re.compile(r">\n[ \t]+")
BEFORE_TAG = re.compile(r"\n\s+<")


async def cached_page(
    request: Request, token: str, page: str, render: Render, variant: str | None = None
) -> HTMLResponse:
    """A GET of one of the inventory's pages, rendered only when something it shows has
    changed. `variant` tells apart what the address adds (by default, the confirmation of
    a save that `?sparat=` asks for). Only a page shown as it is (200) is kept.

    A page found in the cache costs one or two reads by index and no ORM object, on the
    event loop where the database allows it (`Database.lookup`); one that is not is
    rendered in one unit of work on a worker thread, which reads its key again. The token
    is checked as `ManagedInventory` checks it: a miss is 404 and counts as a guess."""
    state = app_state(request)
    if variant is None:
        variant = saved_variant(request.query_params.get("sparat"))
    refuse_if_guessing(request)
    token_hash = hash_token(token)

    def cached(lookup: Lookup) -> tuple[str, bytes | None]:
        page_key = key(lookup, token_hash, page, variant)
        if page_key is None:
            count_failed_lookup(request)
            raise HTTPException(404)
        return page_key, state.pages.get(page_key)

    def rendered(session: Session) -> bytes | HTMLResponse:
        page_key, found = cached(session_lookup(session))
        if found is not None:
            return found
        response = render(
            request, token, session, state, managed_inventory(request, session, token)
        )
        if response.status_code != 200:
            return response
        html = without_indentation(bytes(response.body).decode())
        return state.pages.put(page_key, html.encode())

    _, found = await state.db.lookup(cached)
    shown = found if found is not None else await state.db.read(rendered)
    return shown if isinstance(shown, HTMLResponse) else HTMLResponse(shown, headers=NO_STORE)


def saved_variant(query_value: str | None) -> str:
    """The `sparat` value a page shows a confirmation for ("" for none): only known values
    make a page of their own, so made-up ones cannot fill the cache."""
    value = query_value or ""
    return value if value in messages.SAVED else ""


def key(lookup: Lookup, token_hash: str, page: str, variant: str = "") -> str | None:
    """The cache key of `page` of the inventory with this management token, as it is now in
    this transaction; None if there is no such inventory."""
    stamp = queries.page_stamp(lookup, token_hash)
    return None if stamp is None else "inventory:" + repr((page, variant, stamp))


def without_indentation(html: str) -> str:
    """The page without the indentation of lines that follow a tag: a good part of its
    bytes. Whitespace there is collapsed by the browser anyway (no page of the inventory has
    <pre> or preformatted text), and textareas are left untouched."""
    parts = TEXTAREA.split(html)
    return "".join(
        part if index % 2 else BEFORE_TAG.sub("\n<", INDENT.sub(">\n", part))
        for index, part in enumerate(parts)
    )
