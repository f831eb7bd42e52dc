"""Random tokens made from the kernel's random bytes, asked for 4 KiB at a time.

`secrets.token_urlsafe` asks the kernel (`getrandom`) for every token, and Python lets the GIL
go during that call. A result id is made on the event loop for every submission, while the
group committer's thread waits for the GIL to commit the submissions before it: it takes the
GIL there, and the event loop then waits for it in the middle of its work. Taking the bytes
from a buffer instead made one SQLite worker's submissions about 5 % faster (docs/deploy.md).

The bytes are the kernel's, as `secrets` gets them, and each is handed out once. A process
forked after the buffer was filled starts with an empty one, so that parent and child never
hand out the same bytes. (The workers of `koll serve` are spawned rather than forked anyway.)
"""

from __future__ import annotations

import base64
import os
import threading
from collections.abc import Callable

CHUNK = 4096  # bytes asked of the kernel at a time: 256 result ids


class RandomBytes:
    """Random bytes from `source` (the kernel's by default), asked for `chunk` at a time."""

    def __init__(self, source: Callable[[int], bytes] = os.urandom, chunk: int = CHUNK) -> None:
        self._source = source
        self._chunk = chunk
        self._lock = threading.Lock()
        self._bytes = b""
        self._used = 0

    def take(self, count: int) -> bytes:
        """`count` bytes that nobody was given before."""
        with self._lock:
            if self._used + count > len(self._bytes):
                # What is left of the old chunk is dropped rather than joined to the new one.
                self._bytes, self._used = self._source(max(self._chunk, count)), 0
            start = self._used
            self._used = start + count
            return self._bytes[start : start + count]

    def forget(self) -> None:
        """Drop the bytes not handed out yet; a new lock, since a forked child gets the lock in
        whatever state another thread of its parent left it."""
        self._lock = threading.Lock()
        self._bytes, self._used = b"", 0


_random = RandomBytes()
os.register_at_fork(after_in_child=_random.forget)


def token_urlsafe(count: int) -> str:
    """`count` random bytes as URL-safe base64 without padding, as `secrets.token_urlsafe`
    makes them."""
    return base64.urlsafe_b64encode(_random.take(count)).rstrip(b"=").decode("ascii")
