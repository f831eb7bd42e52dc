"""The socket `koll serve` binds: TCP by protocol number, so accepted sockets get TCP_NODELAY."""

from __future__ import annotations

import asyncio
import multiprocessing
import socket
import time
from typing import Any

import pytest
import uvicorn

from app.cli.listening import STARTUP_FAILURE, listening_socket, serve
from tests.support import on_a_loop_of_its_own


async def nodelay_of_accepted(listener: socket.socket) -> int:
    """Accept one connection on `listener` with asyncio, as a uvicorn worker does; the
    TCP_NODELAY option of the accepted socket."""
    accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def on_connection(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        sock = writer.get_extra_info("socket")
        accepted.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()

    server = await asyncio.start_server(on_connection, sock=listener)
    async with server:
        host, port = listener.getsockname()[:2]
        _reader, writer = await asyncio.open_connection(host, port)
        option = await asyncio.wait_for(accepted, timeout=10)
        writer.close()
    return option


def accepted_nodelay(listener: socket.socket) -> int:
    return on_a_loop_of_its_own(lambda: nodelay_of_accepted(listener))


def test_connections_accepted_on_the_socket_have_tcp_nodelay() -> None:
    sock = listening_socket("127.0.0.1", 0)
    assert sock.proto == socket.IPPROTO_TCP
    assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)
    assert sock.get_inheritable()
    assert accepted_nodelay(sock) == 1


def test_a_socket_of_protocol_zero_would_not_get_it() -> None:
    """The cause, shown: what uvicorn's supervisor binds gives sockets without the option."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    assert accepted_nodelay(sock) == 0


def test_an_address_with_a_colon_is_ipv6() -> None:
    if not socket.has_ipv6:
        pytest.skip("this host has no IPv6")
    try:
        sock = listening_socket("::1", 0)
    except OSError as error:  # e.g. a container without an IPv6 loopback
        pytest.skip(f"no IPv6 loopback: {error}")
    with sock:
        assert sock.family == socket.AF_INET6
        assert sock.proto == socket.IPPROTO_TCP


def test_a_port_in_use_is_a_startup_failure(capfd: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        config = uvicorn.Config("app.main:create_app", port=taken.getsockname()[1])
        assert serve(config) == STARTUP_FAILURE
    # uvicorn's logging (configured by its Config) writes to the standard error.
    assert "Address already in use" in capfd.readouterr().err


def accept_all(listener: socket.socket) -> int:
    """What asyncio's accept loop does when woken: accept until none is said to wait."""
    taken = 0
    for _ in range(100):
        try:
            connection, _address = listener.accept()
        except BlockingIOError:
            return taken
        connection.close()
        taken += 1
    return taken


def test_one_connection_is_taken_per_wake_up_and_the_rest_left_waiting() -> None:
    listener = listening_socket("127.0.0.1", 0)
    with listener:
        listener.listen(8)
        listener.setblocking(False)
        clients = [socket.create_connection(listener.getsockname()) for _ in range(3)]
        try:
            time.sleep(0.2)  # let the kernel finish the handshakes
            assert [accept_all(listener) for _ in range(4)] == [1, 1, 1, 0]
        finally:
            for client in clients:
                client.close()


def child_reports(listener: socket.socket, answers: Any) -> None:
    answers.put((type(listener).__name__, listener.proto, listener.getsockname()))


def test_a_spawned_worker_gets_the_same_kind_of_socket() -> None:
    """uvicorn's supervisor hands the socket to spawned workers by pickling it."""
    context = multiprocessing.get_context("spawn")
    answers = context.Queue()
    with listening_socket("127.0.0.1", 0) as listener:
        worker = context.Process(target=child_reports, args=(listener, answers))
        worker.start()
        try:
            reported = answers.get(timeout=60)
        finally:
            worker.join(timeout=60)
        assert reported == (
            "TakesOneAtATime",
            socket.IPPROTO_TCP,
            listener.getsockname(),
        )
