"""Bounded memories of what is worked out again and again from the same inputs: a
questionnaire's scoring plan, an area's score for the same answers to its statements.

Both are plain dictionaries that are emptied when full, rather than least-recently-used
caches: a hit must cost next to nothing (it is taken on every submission), and the number of
distinct keys in use is small (an area of k statements on a scale of four values and "don't
know" has 5^k answer combinations), so emptying is rare and costs only recomputation. A
dictionary's get and set are each atomic, so threads may share one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
S = TypeVar("S")


class Bounded(Generic[K, V]):
    def __init__(self, bound: int) -> None:
        self._bound = bound
        self._values: dict[K, V] = {}
        # The dictionary's own method: a lookup is then one call, not two. The dictionary is
        # emptied, never replaced, so the method stays bound to the right one.
        self.get: Callable[[K], V | None] = self._values.get

    def put(self, key: K, value: V) -> V:
        if len(self._values) >= self._bound:
            self._values.clear()
        self._values[key] = value
        return value

    def __len__(self) -> int:
        return len(self._values)


class ByIdentity(Generic[S, V]):
    """A value made from an object that cannot be hashed (a pydantic model with lists), by the
    object's identity. The object is kept with its value, so that its id cannot be taken by
    another object while it is remembered."""

    def __init__(self, make: Callable[[S], V], bound: int) -> None:
        self._make = make
        self._known: Bounded[int, tuple[S, V]] = Bounded(bound)

    def __call__(self, source: S) -> V:
        known = self._known.get(id(source))
        if known is not None and known[0] is source:
            return known[1]
        return self._known.put(id(source), (source, self._make(source)))[1]

    def __len__(self) -> int:
        return len(self._known)
