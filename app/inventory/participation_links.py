"""What a participation link opens, kept in memory: every participant of an inventory opens
the same link, and the form and each submission need its inventory.

What an inventory is (its id, name, catalogue version, threshold) never changes, so it is
kept for good. Whether it is still open can change once, when it is closed: closing in this
process updates the entry at once, and an open entry is read anew from the database after
`RECHECK_SECONDS`, so a close in another worker reaches this one within that time. Every
submission reads the status again in its writing transaction regardless, so nothing is ever
stored for a closed inventory.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from app.inventory.models import Inventory

RECHECK_SECONDS = 1.0
MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class OpenedLink:
    inventory_id: str
    name: str
    definition_hash: str
    min_respondents: int
    closed: bool

    @classmethod
    def of(cls, inventory: Inventory) -> OpenedLink:
        return cls(
            inventory.id,
            inventory.name,
            inventory.definition_hash,
            inventory.min_respondents,
            inventory.closed_at is not None,
        )


class ParticipationLinks:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._entries: dict[str, tuple[OpenedLink, float]] = {}

    def get(self, token_hash: str) -> OpenedLink | None:
        """The link's inventory if known and not due for a look at its status."""
        entry = self._entries.get(token_hash)
        if entry is None:
            return None
        link, seen = entry
        if link.closed or self._clock() - seen < RECHECK_SECONDS:
            return link
        return None

    def put(self, token_hash: str, link: OpenedLink) -> OpenedLink:
        if len(self._entries) >= MAX_ENTRIES:
            self._entries.clear()  # rare; everything is read again as it is asked for
        self._entries[token_hash] = (link, self._clock())
        return link

    def closed(self, inventory_id: str) -> None:
        for token_hash, (link, seen) in list(self._entries.items()):
            if link.inventory_id == inventory_id:
                self._entries[token_hash] = (replace(link, closed=True), seen)
