"""The listening socket `koll serve` binds itself and hands to uvicorn, one worker or several.

Why not let uvicorn bind it: with several workers, uvicorn's supervisor makes the socket with
protocol number 0. A socket accepted from it inherits that number, and asyncio sets
TCP_NODELAY only on sockets whose protocol is IPPROTO_TCP, so every response after the first
on a keep-alive connection waits for the client's delayed ACK (Nagle's algorithm), about
40 ms. A reverse proxy that keeps its upstream connections open (nginx `keepalive`) meets
this on every request. A socket made with IPPROTO_TCP, passed to the workers as it is, gives
accepted sockets that number, and so TCP_NODELAY, whatever the uvicorn version.

Several workers also share out the connections more evenly on a socket of `TakesOneAtATime`:
each worker's event loop, woken when connections wait, accepts until none is left, so one that
wakes first takes a whole burst. A client that opens its connections at once and keeps them
(nginx's upstream `keepalive`, a load generator) then has nearly all of them on one worker
while the other idles. Taking one connection per wake-up leaves the next to whichever worker
is free first.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import socket
from multiprocessing.reduction import DupFd
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from uvicorn import Config

# uvicorn's exit code for a server that could not start (uvicorn.config.STARTUP_FAILURE).
STARTUP_FAILURE = 3
logger = logging.getLogger("uvicorn.error")


def listening_socket(host: str, port: int) -> TakesOneAtATime:
    """A TCP socket bound to host and port, not yet listening: each worker's event loop calls
    `listen` with uvicorn's backlog. An address with a colon is IPv6, as for uvicorn."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = TakesOneAtATime(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        # A restart may bind again at once while connections of the last run are in TIME_WAIT.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    # The workers are spawned processes, which receive the socket by descriptor.
    sock.set_inheritable(True)
    return sock


class TakesOneAtATime(socket.socket):
    """A listening socket whose `accept` gives one connection, then says "none waiting" once,
    so that asyncio's accept loop (which accepts until that) takes one per wake-up. Passed to
    a spawned worker, it arrives as the same kind of socket."""

    _took_one = False

    def accept(self) -> tuple[socket.socket, Any]:
        if self._took_one:
            self._took_one = False
            raise BlockingIOError(errno.EAGAIN, "one connection per wake-up")
        accepted = super().accept()
        self._took_one = True
        return accepted

    def __reduce__(self) -> tuple[Any, ...]:
        # What multiprocessing does for a plain socket (a duplicate of the descriptor), but
        # rebuilt as this class.
        return _rebuild, (DupFd(self.fileno()), self.family, self.type, self.proto)


def _rebuild(descriptor: Any, family: int, kind: int, proto: int) -> TakesOneAtATime:
    return TakesOneAtATime(family, kind, proto, fileno=descriptor.detach())


def serve(config: Config) -> int:
    """Serve `config` (a `uvicorn.Config`) on a socket bound here, under uvicorn's own
    supervisor for several workers, so that signals, graceful shutdown and restarts of dead
    workers behave as in `uvicorn.run`. Returns the exit code."""
    from uvicorn import Server
    from uvicorn.supervisors import Multiprocess

    try:
        sock = listening_socket(config.host, config.port)
    except OSError as error:
        logger.error(error)
        return STARTUP_FAILURE
    host = f"[{config.host}]" if ":" in config.host else config.host
    # uvicorn says this itself only when it binds the socket itself.
    logger.info(
        "Uvicorn running on http://%s:%d (Press CTRL+C to quit)", host, sock.getsockname()[1]
    )
    server = Server(config)
    with sock, contextlib.suppress(KeyboardInterrupt):
        if config.workers > 1:
            Multiprocess(config, sockets=[sock]).run()
        else:
            server.run(sockets=[sock])
    return 0 if config.workers > 1 or server.started else STARTUP_FAILURE
