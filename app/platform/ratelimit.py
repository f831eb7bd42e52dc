"""Failed lookups of secrets (API tokens, invitation links, result ids), counted per client.

Guessing a secret means failing many lookups, so past `limit` failures in a window (a minute,
unless told otherwise) a client is answered 429 until its oldest failure leaves the window.
Counts live in this process's memory only (each worker counts its own), and a client is known
by a keyed hash of its address, so no address is ever stored or kept readable, not even in
memory.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

WINDOW_SECONDS = 60.0
MAX_CLIENTS = 100_000  # the oldest client is forgotten first: memory stays bounded


class FailureLimiter:
    def __init__(
        self,
        limit: int,
        clock: Callable[[], float] = time.monotonic,
        window: float = WINDOW_SECONDS,
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._key = secrets.token_bytes(32)
        self._failures: OrderedDict[bytes, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, address: str) -> int | None:
        """Whole seconds until `address` may try again, or None if it may now."""
        now = self._clock()
        with self._lock:
            failures = self._recent(self._client(address), now)
            if failures is None or len(failures) < self.limit:
                return None
            return max(1, math.ceil(failures[0] + self.window - now))

    def failed(self, address: str) -> None:
        now = self._clock()
        client = self._client(address)
        with self._lock:
            failures = self._recent(client, now) or deque()
            failures.append(now)
            self._failures[client] = failures
            self._failures.move_to_end(client)
            while len(self._failures) > MAX_CLIENTS:
                self._failures.popitem(last=False)

    def _client(self, address: str) -> bytes:
        return hmac.digest(self._key, address.encode(), hashlib.sha256)

    def _recent(self, client: bytes, now: float) -> deque[float] | None:
        failures = self._failures.get(client)
        if failures is None:
            return None
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        if not failures:
            del self._failures[client]
            return None
        return failures
