"""What the benchmarks share: a real `koll serve` on a throwaway database, load from `wrk`
(or a Python client in its own process when wrk is not on PATH), and keep-alive latency.

bench/selfcheck.py, bench/production.py and bench/inventory.py measure with it.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import statistics
import subprocess
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from multiprocessing import get_context
from pathlib import Path

import httpx2
import machine

ROOT = Path(__file__).resolve().parent.parent
KOLL = ROOT / ".venv" / "bin" / "koll"
JSON_HEADERS = {"Content-Type": "application/json"}
STARTUP_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0  # `koll serve` gives requests in flight 25 s after SIGTERM
KEEPALIVE_TARGET_MS = 2.0  # the median of sequential requests on one connection
KEEPALIVE_SECONDS = 3
WRK_MARKER = "KOLL_BENCH"


@dataclass(frozen=True)
class Endpoint:
    key: str  # short name, for bench/production.py's table
    label: str
    method: str
    path: str
    expected_status: int
    target: float | None  # minimum ratio to the baseline; None for the baseline itself
    bodies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Measurement:
    requests: int
    seconds: float
    bad_status: int  # responses with another status than expected (wrk: 4xx and 5xx)
    socket_errors: int
    # The machine's busy core-seconds and the wall seconds they were read over (bench/machine).
    busy: tuple[float, float] | None = None

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0

    @property
    def cores_busy(self) -> float | None:
        """How many of the machine's cores were busy on average, the load generator's too."""
        return self.busy[0] / self.busy[1] if self.busy else None

    @property
    def problem(self) -> str | None:
        problems = []
        if self.bad_status:
            problems.append(f"{self.bad_status} unexpected statuses")
        if self.socket_errors:
            problems.append(f"{self.socket_errors} socket errors")
        if not self.requests:
            problems.append("no requests completed")
        return ", ".join(problems) or None


# --- the server -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def server_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env["KOLL_DATABASE_URL"] = database_url
    env.setdefault("KOLL_QUESTIONNAIRES_DIR", str(ROOT / "questionnaires"))
    return env


@contextmanager
def running_server(workdir: Path, database_url: str, workers: int) -> Iterator[str]:
    """Serve `database_url` with `workers` processes; yields the base URL; always stops it."""
    port = free_port()
    log_path = workdir / "server.log"
    command = [str(KOLL), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*command, "--workers", str(workers)],
            cwd=ROOT,
            env=server_env(database_url),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            base_url = f"http://127.0.0.1:{port}"
            wait_until_healthy(base_url, process, log_path, workers)
            yield base_url
        finally:
            stop(process)


def wait_until_healthy(
    base_url: str, process: subprocess.Popen[bytes], log_path: Path, workers: int
) -> None:
    """Until every worker has started (each logs it) and /healthz answers."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    with httpx2.Client(base_url=base_url, timeout=2.0) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}:\n{tail(log_path)}")
            if log_path.read_text(errors="replace").count("Application startup complete") < workers:
                time.sleep(0.1)
                continue
            try:
                if client.get("/healthz").status_code == 200:
                    return
            except httpx2.HTTPError:
                pass
            time.sleep(0.1)
    raise RuntimeError(f"server not healthy after {STARTUP_TIMEOUT:.0f} s:\n{tail(log_path)}")


def tail(path: Path, lines: int = 20) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def probe(client: httpx2.Client, endpoint: Endpoint) -> str | None:
    """One request: its status must be the expected one (this also fills the page caches)."""
    body = endpoint.bodies[0] if endpoint.bodies else None
    headers = JSON_HEADERS if body else None
    reply = client.request(endpoint.method, endpoint.path, content=body, headers=headers)
    if reply.status_code != endpoint.expected_status:
        return f"probe answered {reply.status_code}, expected {endpoint.expected_status}"
    return None


# --- load generation: wrk ---------------------------------------------------------------


def lua_string(text: str) -> str:
    """A Lua long-bracket literal: no escaping, with a level the text cannot close."""
    level = "="
    while f"]{level}]" in text:
        level += "="
    return f"[{level}[{text}]{level}]"


def wrk_script(endpoint: Endpoint) -> str:
    """A wrk script: the request (cycling through the bodies) and a machine-readable summary."""
    lines = [f'wrk.method = "{endpoint.method}"']
    if endpoint.bodies:
        lines += [
            'wrk.headers["Content-Type"] = "application/json"',
            f"wrk.body = {lua_string(endpoint.bodies[0])}",
            "local bodies = {" + ", ".join(lua_string(b) for b in endpoint.bodies) + "}",
            "local prepared = {}",
            "local next_index = 0",
            "init = function(args)",
            "  for k, body in ipairs(bodies) do prepared[k] = wrk.format(nil, nil, nil, body) end",
            "end",
            "request = function()",
            "  next_index = next_index % #prepared + 1",
            "  return prepared[next_index]",
            "end",
        ]
    lines += [
        "done = function(summary, latency, requests)",
        "  local e = summary.errors",
        f'  io.write(string.format("{WRK_MARKER} %d %d %d %d %d %d %d\\n",',
        "    summary.requests, summary.duration, e.connect, e.read, e.write, e.status,",
        "    e.timeout))",
        "end",
    ]
    return "\n".join(lines) + "\n"


def run_wrk(
    base_url: str, endpoint: Endpoint, duration: int, connections: int, workdir: Path
) -> Measurement:
    script = workdir / "request.lua"
    script.write_text(wrk_script(endpoint))
    command = [
        "wrk",
        "--threads",
        "1",
        "--connections",
        str(connections),
        "--duration",
        f"{duration}s",
        "--timeout",
        "10s",
        "--script",
        str(script),
        base_url + endpoint.path,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


def parse_wrk(output: str) -> Measurement:
    for line in output.splitlines():
        if line.startswith(WRK_MARKER):
            requests, micros, connect, read, write, status, timeout = map(int, line.split()[1:])
            return Measurement(requests, micros / 1e6, status, connect + read + write + timeout)
    raise RuntimeError(f"no summary in wrk output:\n{output}")


# --- load generation: Python fallback ---------------------------------------------------


def python_load(
    url: str, endpoint: Endpoint, duration: int, connections: int
) -> tuple[int, float, int, int]:
    """Runs in its own process; returns (good, seconds, bad status, errors)."""
    return asyncio.run(_python_load(url, endpoint, duration, connections))


async def _python_load(
    url: str, endpoint: Endpoint, duration: int, connections: int
) -> tuple[int, float, int, int]:
    limits = httpx2.Limits(max_connections=connections, max_keepalive_connections=connections)
    headers = JSON_HEADERS if endpoint.bodies else None
    loop = asyncio.get_running_loop()
    async with httpx2.AsyncClient(limits=limits, timeout=10.0) as client:
        start = loop.time()
        deadline = start + duration

        async def worker(offset: int) -> tuple[int, int, int]:
            good = bad = errors = 0
            index = offset
            while loop.time() < deadline:
                body = endpoint.bodies[index % len(endpoint.bodies)] if endpoint.bodies else None
                index += 1
                try:
                    reply = await client.request(
                        endpoint.method, url, content=body, headers=headers
                    )
                except httpx2.HTTPError:
                    errors += 1
                    continue
                if reply.status_code == endpoint.expected_status:
                    good += 1
                else:
                    bad += 1
            return good, bad, errors

        counts = await asyncio.gather(*(worker(k) for k in range(connections)))
        seconds = loop.time() - start
    return (
        sum(c[0] for c in counts),
        seconds,
        sum(c[1] for c in counts),
        sum(c[2] for c in counts),
    )


def run_python(base_url: str, endpoint: Endpoint, duration: int, connections: int) -> Measurement:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        future = pool.submit(python_load, base_url + endpoint.path, endpoint, duration, connections)
        good, seconds, bad, errors = future.result()
    return Measurement(good, seconds, bad, errors)


# --- measurements -----------------------------------------------------------------------


@dataclass(frozen=True)
class LoadSettings:
    base_url: str
    duration: int  # seconds per endpoint, split over the rounds
    warmup: int
    connections: int
    use_wrk: bool
    workdir: Path
    rounds: int = 5


def measure(load: LoadSettings, endpoint: Endpoint, duration: int) -> Measurement:
    before = machine.read()
    if load.use_wrk:
        measured = run_wrk(load.base_url, endpoint, duration, load.connections, load.workdir)
    else:
        measured = run_python(load.base_url, endpoint, duration, load.connections)
    return replace(measured, busy=machine.busy_between(before, machine.read()))


def measure_endpoints(
    client: httpx2.Client, load: LoadSettings, endpoints: Sequence[Endpoint]
) -> list[tuple[Measurement | None, str | None]]:
    """Each endpoint's measurement (None if its probe failed) and problem, in order.

    The endpoints take turns: `rounds` rounds, each giving every endpoint its share of
    `duration`, and each endpoint's figures are its sum over the rounds. A shared machine's
    speed drifts by tens of percent over seconds (other tenants of the host); measured one
    after another, an endpoint that happened to run in slow seconds would be judged against
    a baseline that ran in fast ones. Taking turns, the drift falls on all of them alike, so
    the ratios between them, which the targets judge, hold still."""
    problems = {endpoint.key: probe(client, endpoint) for endpoint in endpoints}
    measured = [endpoint for endpoint in endpoints if problems[endpoint.key] is None]
    if load.warmup > 0:
        for endpoint in measured:
            measure(load, endpoint, load.warmup)
    rounds = max(1, min(load.rounds, load.duration))
    parts: dict[str, list[Measurement]] = {endpoint.key: [] for endpoint in measured}
    for _ in range(rounds):
        for endpoint in measured:
            parts[endpoint.key].append(measure(load, endpoint, load.duration // rounds))
    results: list[tuple[Measurement | None, str | None]] = []
    for endpoint in endpoints:
        if endpoint.key not in parts:
            results.append((None, problems[endpoint.key]))
            continue
        total = summed(parts[endpoint.key])
        results.append((total, total.problem))
    return results


def summed(parts: Sequence[Measurement]) -> Measurement:
    busy = [part.busy for part in parts if part.busy]
    return Measurement(
        sum(part.requests for part in parts),
        sum(part.seconds for part in parts),
        sum(part.bad_status for part in parts),
        sum(part.socket_errors for part in parts),
        (sum(b for b, _ in busy), sum(w for _, w in busy)) if len(busy) == len(parts) else None,
    )


# --- keep-alive latency -----------------------------------------------------------------

LATENCY_MARKER = "KOLL_LATENCY"
LATENCY_SCRIPT = f"""done = function(summary, latency, requests)
  io.write(string.format("{LATENCY_MARKER} %d %d %d\\n", summary.requests,
    latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass(frozen=True)
class Latency:
    requests: int
    median_ms: float
    p99_ms: float


def keepalive_latency(base_url: str, use_wrk: bool, workdir: Path) -> Latency:
    """`GET /healthz` one after another on one kept-alive connection, for a few seconds."""
    if not use_wrk:
        return _python_keepalive_latency(base_url)
    script = workdir / "latency.lua"
    script.write_text(LATENCY_SCRIPT)
    command = ["wrk", "--threads", "1", "--connections", "1", "--duration"]
    command += [f"{KEEPALIVE_SECONDS}s", "--script", str(script), f"{base_url}/healthz"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    for line in output.splitlines():
        if line.startswith(LATENCY_MARKER):
            requests, median, p99 = map(int, line.split()[1:])
            return Latency(requests, median / 1000, p99 / 1000)
    raise RuntimeError(f"no latency summary in wrk output:\n{output}")


def _python_keepalive_latency(base_url: str) -> Latency:
    times = []
    with httpx2.Client(base_url=base_url, timeout=10.0) as client:
        deadline = time.monotonic() + KEEPALIVE_SECONDS
        while time.monotonic() < deadline:
            start = time.perf_counter()
            client.get("/healthz").raise_for_status()
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return Latency(len(times), statistics.median(times), times[int(len(times) * 0.99)])


def print_latency(latency: Latency) -> None:
    verdict = "PASS" if latency.median_ms < KEEPALIVE_TARGET_MS else "FAIL"
    print(
        f"keep-alive GET /healthz on one connection ({latency.requests} requests): median "
        f"{latency.median_ms:.2f} ms, p99 {latency.p99_ms:.2f} ms, target median < "
        f"{KEEPALIVE_TARGET_MS:.0f} ms  {verdict}",
        flush=True,
    )
