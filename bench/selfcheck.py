"""Throughput and chart-latency self-check of a real `koll serve` process.

What it measures, in one run against a fresh SQLite database in a temporary directory:

* requests per second, each endpoint for a fixed time at the same concurrency, for
  `GET /healthz` (the trivial baseline), `GET /check/rektor`, `GET /results/{id}`,
  `GET /results/{id}/chart.svg` (cached, "warm") and `POST /api/v1/responses`, each as a
  ratio to the baseline against a target ratio;
* the cold chart: the first `chart.svg` request for each of several new results, in ms;
* the in-process render time of `app.charts.area_chart` for one result's bars.

The load generator is `wrk` when it is on PATH (light enough on a small machine for the
ratios to be honest), else a Python client in a separate process, whose figures are then
bound by the client rather than the server. It is a measurement, not a test: it prints
PASS/FAIL per line and exits 0 whatever the figures; it exits 1 only if it cannot measure.

Run it from the project root:

    make bench
    .venv/bin/python bench/selfcheck.py --duration 5 --connections 16
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import httpx2

ROOT = Path(__file__).resolve().parent.parent
KOLL = ROOT / ".venv" / "bin" / "koll"
QUESTIONNAIRE = "rektor"
ANSWER_VALUES: tuple[int | str, ...] = (1, 2, 3, 4, "dont_know")
JSON_HEADERS = {"Content-Type": "application/json"}
STARTUP_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0  # `koll serve` gives requests in flight 25 s after SIGTERM
COLD_CHART_TARGET_MS = 100.0
SETTLE_SECONDS = 1.0
IN_PROCESS_RENDERS = 20
POST_BODIES = 64  # distinct random answer sets the POST load cycles through
WRK_MARKER = "KOLL_BENCH"


@dataclass(frozen=True)
class Endpoint:
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

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0

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


@dataclass(frozen=True)
class Seed:
    statement_ids: tuple[str, ...]
    result_id: str
    result: dict[str, Any]
    levels: tuple[dict[str, Any], ...]


# --- the server -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def server_env(database: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["KOLL_DATABASE_URL"] = f"sqlite:///{database}"
    env.setdefault("KOLL_QUESTIONNAIRES_DIR", str(ROOT / "questionnaires"))
    return env


@contextmanager
def running_server(workdir: Path) -> Iterator[str]:
    """Serve from a fresh database in `workdir`; yields the base URL; always stops the server."""
    port = free_port()
    log_path = workdir / "server.log"
    command = [str(KOLL), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=server_env(workdir / "koll.sqlite3"),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            base_url = f"http://127.0.0.1:{port}"
            wait_until_healthy(base_url, process, log_path)
            yield base_url
        finally:
            stop(process)


def wait_until_healthy(base_url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    with httpx2.Client(base_url=base_url, timeout=2.0) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}:\n{tail(log_path)}")
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


# --- seeding ----------------------------------------------------------------------------


def random_answers(statement_ids: Sequence[str], rng: random.Random) -> dict[str, int | str]:
    return {statement_id: rng.choice(ANSWER_VALUES) for statement_id in statement_ids}


def response_body(statement_ids: Sequence[str], rng: random.Random) -> str:
    return json.dumps(
        {"questionnaire": QUESTIONNAIRE, "answers": random_answers(statement_ids, rng)}
    )


def post_response(client: httpx2.Client, body: str) -> dict[str, Any]:
    reply = client.post("/api/v1/responses", content=body, headers=JSON_HEADERS)
    if reply.status_code != 201:
        raise RuntimeError(f"POST /api/v1/responses answered {reply.status_code}: {reply.text}")
    result: dict[str, Any] = reply.json()
    return result


def seed(client: httpx2.Client, rng: random.Random, count: int = 5) -> Seed:
    reply = client.get(f"/api/v1/questionnaires/{QUESTIONNAIRE}")
    reply.raise_for_status()
    questionnaire = reply.json()
    statement_ids = tuple(
        statement["id"] for area in questionnaire["areas"] for statement in area["statements"]
    )
    results = [post_response(client, response_body(statement_ids, rng)) for _ in range(count)]
    return Seed(statement_ids, results[0]["id"], results[0], tuple(questionnaire["levels"]))


def endpoints(seeded: Seed, rng: random.Random) -> list[Endpoint]:
    result = f"/results/{seeded.result_id}"
    bodies = tuple(response_body(seeded.statement_ids, rng) for _ in range(POST_BODIES))
    return [
        Endpoint("GET /healthz", "GET", "/healthz", 200, None),
        Endpoint(f"GET /check/{QUESTIONNAIRE}", "GET", f"/check/{QUESTIONNAIRE}", 200, 0.5),
        Endpoint("GET /results/{id}", "GET", result, 200, 0.3),
        Endpoint("GET /results/{id}/chart.svg", "GET", f"{result}/chart.svg", 200, 0.5),
        Endpoint("POST /api/v1/responses", "POST", "/api/v1/responses", 201, 0.2, bodies),
    ]


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
    duration: int
    warmup: int
    connections: int
    use_wrk: bool
    workdir: Path


def measure(load: LoadSettings, endpoint: Endpoint, duration: int) -> Measurement:
    if load.use_wrk:
        return run_wrk(load.base_url, endpoint, duration, load.connections, load.workdir)
    return run_python(load.base_url, endpoint, duration, load.connections)


def measure_endpoint(
    client: httpx2.Client, load: LoadSettings, endpoint: Endpoint
) -> tuple[Measurement | None, str | None]:
    problem = probe(client, endpoint)
    if problem:
        return None, problem
    if load.warmup > 0:
        measure(load, endpoint, load.warmup)
    measurement = measure(load, endpoint, load.duration)
    return measurement, measurement.problem


def cold_chart_times(client: httpx2.Client, seeded: Seed, count: int) -> list[float]:
    """Milliseconds for the first chart request of each of `count` new results."""
    rng = random.Random(7)
    time.sleep(SETTLE_SECONDS)  # let requests still queued from the load runs finish
    times = []
    for _ in range(count):
        result_id = post_response(client, response_body(seeded.statement_ids, rng))["id"]
        start = time.perf_counter()
        reply = client.get(f"/results/{result_id}/chart.svg")
        elapsed = (time.perf_counter() - start) * 1000
        if reply.status_code != 200:
            raise RuntimeError(f"cold chart answered {reply.status_code}")
        times.append(elapsed)
    return times


def in_process_render_times(seeded: Seed, renders: int = IN_PROCESS_RENDERS) -> list[float]:
    """Milliseconds per `area_chart` call for the seeded result's bars, after one warm-up."""
    # Imported here: matplotlib is slow to import and the Python load generator needs none of it.
    from app.selfcheck.chart import Band, Bar, area_chart

    bars = [Bar(area["title"], area["score"]) for area in seeded.result["areas"]]
    bands = [Band(level["label"], level["min"]) for level in seeded.levels]
    area_chart(bars, bands)
    times = []
    for _ in range(renders):
        start = time.perf_counter()
        area_chart(bars, bands)
        times.append((time.perf_counter() - start) * 1000)
    return times


# --- reporting --------------------------------------------------------------------------

ROW = "{:<30} {:>10} {:>7} {:>8}  {}"


def print_header(args: argparse.Namespace, use_wrk: bool) -> None:
    generator = "wrk" if use_wrk else "python (httpx2)"
    # Other work on the machine skews every figure; the load average makes that visible.
    load_average = "/".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"koll bench: cpu_count={os.cpu_count()} python={platform.python_version()} "
        f"loadavg={load_average} generator={generator} duration={args.duration}s "
        f"warmup={args.warmup}s connections={args.connections}"
    )
    if not use_wrk:
        print(
            "warning: wrk not found; the Python load generator is client-bound, so these "
            "figures understate the server (apt-get install wrk)"
        )


def print_row(
    endpoint: Endpoint, measurement: Measurement | None, problem: str | None, baseline: float
) -> None:
    rate = f"{measurement.rate:.1f}" if measurement else "-"
    ratio_value = measurement.rate / baseline if measurement and baseline else None
    ratio = f"{ratio_value:.2f}" if ratio_value is not None else "-"
    target = f">= {endpoint.target:.1f}" if endpoint.target is not None else "baseline"
    if problem:
        verdict = f"FAIL ({problem})"
    elif endpoint.target is None:
        verdict = "-"
    else:
        verdict = "PASS" if ratio_value is not None and ratio_value >= endpoint.target else "FAIL"
    print(ROW.format(endpoint.label, rate, ratio, target, verdict), flush=True)


def print_cold(cold: Sequence[float], renders: Sequence[float]) -> None:
    median, worst = statistics.median(cold), max(cold)
    verdict = "PASS" if worst < COLD_CHART_TARGET_MS else "FAIL"
    print(
        f"cold chart.svg ({len(cold)} new results): median {median:.1f} ms, max {worst:.1f} ms, "
        f"target max < {COLD_CHART_TARGET_MS:.0f} ms  {verdict}"
    )
    print(
        f"in-process area_chart render ({len(renders)} renders): median "
        f"{statistics.median(renders):.1f} ms (min {min(renders):.1f}, max {max(renders):.1f})"
    )


# --- main -------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> None:
    use_wrk = shutil.which("wrk") is not None
    print_header(args, use_wrk)
    rng = random.Random(args.seed)
    with (
        tempfile.TemporaryDirectory(prefix="koll-bench-") as tmp,
        running_server(Path(tmp)) as base_url,
        httpx2.Client(base_url=base_url, timeout=30.0) as client,
    ):
        seeded = seed(client, rng)
        load = LoadSettings(
            base_url, args.duration, args.warmup, args.connections, use_wrk, Path(tmp)
        )
        print(ROW.format("endpoint", "requests/s", "ratio", "target", "result"))
        baseline = 0.0
        for endpoint in endpoints(seeded, rng):
            measurement, problem = measure_endpoint(client, load, endpoint)
            if endpoint.target is None and measurement:
                baseline = measurement.rate
            print_row(endpoint, measurement, problem, baseline)
        cold = cold_chart_times(client, seeded, args.cold)
    print_cold(cold, in_process_render_times(seeded))


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive whole number")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--duration", type=positive_int, default=5, help="seconds per endpoint (default 5)"
    )
    parser.add_argument(
        "--warmup", type=int, default=1, help="unmeasured seconds before each (default 1)"
    )
    parser.add_argument(
        "--connections", type=positive_int, default=16, help="concurrent connections (default 16)"
    )
    parser.add_argument(
        "--cold", type=positive_int, default=10, help="new results for the cold chart (default 10)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed for the answers")
    args = parser.parse_args(argv)
    try:
        run(args)
    except (RuntimeError, OSError, httpx2.HTTPError, subprocess.CalledProcessError) as error:
        print(f"bench: could not measure: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
