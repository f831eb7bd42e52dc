"""ImmutableCache: a small LRU that never caches an absent (None) value."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from app.platform.cache import ImmutableCache


def test_get_of_an_unknown_key_is_none() -> None:
    cache: ImmutableCache[str, int] = ImmutableCache(2)
    assert cache.get("a") is None


def test_put_returns_the_value_and_get_finds_it() -> None:
    cache: ImmutableCache[str, int] = ImmutableCache(2)
    assert cache.put("a", 1) == 1
    assert cache.get("a") == 1


def test_least_recently_put_is_evicted_first() -> None:
    cache: ImmutableCache[str, int] = ImmutableCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (None, 2, 3)


def test_get_makes_an_entry_most_recently_used() -> None:
    cache: ImmutableCache[str, int] = ImmutableCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # a is now newer than b
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)


def test_put_of_an_existing_key_refreshes_it() -> None:
    cache: ImmutableCache[str, int] = ImmutableCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("a", 10)
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (10, None, 3)


def test_get_or_make_makes_once_and_then_uses_the_cache() -> None:
    cache: ImmutableCache[str, str] = ImmutableCache(2)
    calls: list[str] = []

    def make() -> str:
        calls.append("made")
        return "value"

    assert cache.get_or_make("k", make) == "value"
    assert cache.get_or_make("k", make) == "value"
    assert calls == ["made"]


def test_get_or_make_does_not_cache_none() -> None:
    cache: ImmutableCache[str, str] = ImmutableCache(2)
    results: list[str | None] = [None, "found later"]
    calls: list[str] = []

    def make() -> str | None:
        calls.append("made")
        return results[len(calls) - 1]

    assert cache.get_or_make("k", make) is None
    assert cache.get("k") is None
    assert cache.get_or_make("k", make) == "found later"
    assert cache.get_or_make("k", make) == "found later"
    assert calls == ["made", "made"]


def test_get_or_make_keeps_falsy_values() -> None:
    cache: ImmutableCache[str, int] = ImmutableCache(2)
    calls: list[str] = []

    def make() -> int:
        calls.append("made")
        return 0

    assert cache.get_or_make("zero", make) == 0
    assert cache.get_or_make("zero", make) == 0
    assert calls == ["made"]


def test_size_is_kept_under_concurrent_puts() -> None:
    cache: ImmutableCache[int, int] = ImmutableCache(8)
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda key: cache.put(key, key), range(1000)))
    present = [key for key in range(1000) if cache.get(key) is not None]
    assert len(present) == 8
