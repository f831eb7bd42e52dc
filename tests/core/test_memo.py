"""The bounded memories: a value once made is given again, and they never grow past the bound."""

from __future__ import annotations

from app.core.memo import Bounded, ByIdentity


def test_a_full_memory_is_emptied_before_it_takes_more() -> None:
    memory: Bounded[int, str] = Bounded(3)
    for key in range(3):
        memory.put(key, str(key))
    assert [memory.get(key) for key in range(3)] == ["0", "1", "2"]
    memory.put(3, "3")
    assert len(memory) == 1
    assert memory.get(0) is None
    assert memory.get(3) == "3"


def test_a_value_stays_in_step_with_its_memory_after_it_was_emptied() -> None:
    memory: Bounded[int, int] = Bounded(2)
    for key in range(50):
        assert memory.put(key, key * key) == key * key
        assert memory.get(key) == key * key
        assert len(memory) <= 2


def test_by_identity_makes_a_value_once_per_object() -> None:
    made: list[list[int]] = []

    def make(source: list[int]) -> int:
        made.append(source)
        return sum(source)

    memory = ByIdentity(make, bound=8)
    first, equal = [1, 2], [1, 2]
    assert memory(first) == 3
    assert memory(first) == 3
    assert memory(equal) == 3  # equal but another object: made again
    assert [source is first for source in made] == [True, False]


def test_by_identity_keeps_its_objects_so_their_ids_are_not_reused() -> None:
    memory = ByIdentity(lambda source: len(source), bound=4)
    ids = set()
    for n in range(4):
        source = list(range(n))
        assert memory(source) == n
        ids.add(id(source))
        del source  # still kept by the memory: the next list cannot take its id
    assert len(ids) == 4
    assert len(memory) == 4
    memory(["over the bound"])
    assert len(memory) == 1
