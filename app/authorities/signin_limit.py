"""Failed sign-ins, counted per e-mail address and per client over 15 minutes.

Addresses and e-mail addresses are kept only as the limiter's keyed hashes, as for every other
limit.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from app.platform.ratelimit import FailureLimiter

LIMIT = 5
SIGNIN_WINDOW_SECONDS = 15 * 60.0


def signin_limiter(clock: Callable[[], float] = time.monotonic) -> FailureLimiter:
    return FailureLimiter(LIMIT, clock=clock, window=SIGNIN_WINDOW_SECONDS)


def signin_retry_after(limiter: FailureLimiter, client: str, email: str) -> int | None:
    """Seconds until the next attempt from `client` for `email` is allowed, or None: now."""
    waits = [
        wait
        for wait in (limiter.retry_after("client:" + client), limiter.retry_after("email:" + email))
        if wait is not None
    ]
    return max(waits) if waits else None


def signin_failed(limiter: FailureLimiter, client: str, email: str) -> None:
    limiter.failed("client:" + client)
    limiter.failed("email:" + email)
