"""Keep-alive connections to several workers have TCP_NODELAY, seen from the server's side.

Each connection's server end is found among the workers' file descriptors (through /proc),
copied into this process with pidfd_getfd(2), which shares the socket itself, and asked for
its TCP_NODELAY option: the property that keeps a response from waiting for the client's
delayed ACK. The workers are this process's descendants, which the kernel lets it do.
"""

from __future__ import annotations

import ctypes
import http.client
import os
import socket
from pathlib import Path

import pytest

from tests.system.support import serving

SYS_PIDFD_GETFD = 438  # the same number on every Linux architecture
MAX_CONNECTIONS = 40


def socket_inodes(pid: int) -> dict[int, int]:
    """The socket inodes process `pid` holds, each with its file descriptor number."""
    inodes = {}
    for entry in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(entry)
        except FileNotFoundError:  # closed meanwhile
            continue
        if target.startswith("socket:["):
            inodes[int(target[8:-1])] = int(entry.name)
    return inodes


def tcp_inodes_by_ports() -> dict[tuple[int, int], int]:
    """(local port, remote port) -> inode, for every TCP socket of the machine."""
    found = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local, remote, inode = fields[1], fields[2], int(fields[9])
            found[(int(local.rsplit(":", 1)[1], 16), int(remote.rsplit(":", 1)[1], 16))] = inode
    return found


def nodelay_of(pid: int, fd: int) -> int:
    """TCP_NODELAY of descriptor `fd` of process `pid`, read on a copy of it."""
    libc = ctypes.CDLL(None, use_errno=True)
    pidfd = os.pidfd_open(pid)
    try:
        copy = libc.syscall(SYS_PIDFD_GETFD, pidfd, fd, 0)
        if copy < 0:
            pytest.fail(f"pidfd_getfd: {os.strerror(ctypes.get_errno())}")
    finally:
        os.close(pidfd)
    with socket.socket(fileno=copy) as sock:
        return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_keep_alive_connections_to_two_workers_have_tcp_nodelay(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'koll.sqlite3'}"
    with serving(url, tmp_path, workers=2) as server:
        workers = server.worker_pids()
        assert len(workers) == 2
        connections: list[http.client.HTTPConnection] = []
        owners: dict[int, tuple[int, int]] = {}  # client port -> (worker pid, its fd)
        try:
            # New connections until both workers hold some (the kernel picks who accepts).
            while len(connections) < MAX_CONNECTIONS and {p for p, _ in owners.values()} != workers:
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
                connections.append(connection)
                for _ in range(2):  # two requests: the connection is kept alive between them
                    connection.request("GET", "/healthz")
                    response = connection.getresponse()
                    assert response.status == 200
                    assert not response.will_close
                    response.read()
                assert connection.sock is not None
                client_port = connection.sock.getsockname()[1]
                inode = tcp_inodes_by_ports()[(server.port, client_port)]
                holders = [
                    (pid, held[inode]) for pid in workers if inode in (held := socket_inodes(pid))
                ]
                assert len(holders) == 1, f"connection {client_port} held by {holders}"
                owners[client_port] = holders[0]
            assert {pid for pid, _ in owners.values()} == workers, "one worker accepted all"
            options = {port: nodelay_of(pid, fd) for port, (pid, fd) in owners.items()}
        finally:
            for connection in connections:
                connection.close()
    assert options and all(options.values()), f"TCP_NODELAY per client port: {options}"
