"""Random tokens from a buffer of the kernel's random bytes (app.platform.tokens)."""

from __future__ import annotations

import base64
import os
import re
import secrets
import threading

from hypothesis import given
from hypothesis import strategies as st

from app.platform.tokens import RandomBytes, token_urlsafe


class Counting:
    """A source whose bytes are numbered, so that every byte handed out can be traced back."""

    def __init__(self) -> None:
        self.asked: list[int] = []
        self._next = 0

    def __call__(self, count: int) -> bytes:
        self.asked.append(count)
        # Four bytes per position, so that positions stay unique past 256.
        data = b"".join((self._next + n).to_bytes(4, "big") for n in range(count // 4 + 1))
        self._next += count // 4 + 1
        return data[:count]


@given(st.lists(st.integers(min_value=1, max_value=100), max_size=60))
def test_each_byte_of_the_source_is_handed_out_once_in_order(counts: list[int]) -> None:
    source = Counting()
    taken = RandomBytes(source, chunk=64)
    pieces = [taken.take(count) for count in counts]
    # The oracle: a piece is the next `count` bytes of the chunk in use, or, when what is
    # left of that chunk is too short, the start of a new chunk of max(64, count) bytes.
    replay = Counting()
    expected, chunk, offset = [], b"", 0
    for count in counts:
        if offset + count > len(chunk):
            chunk, offset = replay(max(64, count)), 0
        expected.append(chunk[offset : offset + count])
        offset += count
    assert pieces == expected
    assert source.asked == replay.asked


def test_pieces_never_overlap() -> None:
    taken = RandomBytes(Counting(), chunk=64)
    pieces = [taken.take(8) for _ in range(200)]  # 8 bytes: two numbered positions each
    assert len(set(pieces)) == 200


def test_the_kernel_is_asked_once_for_many_tokens() -> None:
    source = Counting()
    taken = RandomBytes(source)
    for _ in range(256):
        taken.take(16)
    assert source.asked == [4096]
    taken.take(16)
    assert source.asked == [4096, 4096]


def test_a_token_looks_like_one_from_secrets() -> None:
    tokens = {token_urlsafe(16) for _ in range(1000)}
    assert len(tokens) == 1000
    expected_length = len(secrets.token_urlsafe(16))
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
        assert len(token) == expected_length == 22
        assert len(base64.urlsafe_b64decode(token + "==")) == 16


def test_threads_taking_at_once_never_get_the_same_bytes() -> None:
    taken = RandomBytes(Counting(), chunk=64)
    results: list[list[bytes]] = [[] for _ in range(8)]

    def take_many(mine: list[bytes]) -> None:
        for _ in range(2000):
            mine.append(taken.take(8))

    threads = [threading.Thread(target=take_many, args=(mine,)) for mine in results]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everything = [piece for mine in results for piece in mine]
    assert len(set(everything)) == len(everything) == 16_000


def test_a_forked_child_does_not_hand_out_its_parents_bytes() -> None:
    token_urlsafe(16)  # the buffer now holds bytes not handed out yet
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child, which reports through the pipe
        try:
            os.write(writing, token_urlsafe(16).encode())
        finally:
            os._exit(0)
    os.close(writing)
    _, status = os.waitpid(child, 0)
    childs = os.read(reading, 64).decode()
    os.close(reading)
    assert os.waitstatus_to_exitcode(status) == 0
    assert len(childs) == 22
    assert childs != token_urlsafe(16)


def test_forget_drops_what_was_not_handed_out() -> None:
    source = Counting()
    taken = RandomBytes(source, chunk=64)
    first = taken.take(8)
    taken.forget()
    assert taken.take(8) != first
    assert source.asked == [64, 64]
