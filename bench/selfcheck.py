"""Throughput and chart-latency self-check of a real `koll serve` process.

What it measures, in one run of `koll serve --workers N` (`--workers`, default 1) against a
throwaway database: a fresh SQLite file in a temporary folder, or with `--database-url` a new
database on that PostgreSQL server, migrated by `koll db upgrade` and dropped afterwards (the
URL's own database is only connected to, never changed):

* requests per second, each endpoint for a fixed time at the same concurrency, and how many
  of the machine's cores were busy meanwhile (the load generator's work included), for
  `GET /healthz` (the trivial baseline), `GET /check/rektor`, `GET /results/{id}`,
  `GET /results/{id}/chart.svg` (cached, "warm") and `POST /api/v1/responses`, each as a
  ratio to the baseline against a target ratio;
* the cold chart: the first `chart.svg` request for each of several new results, in ms;
* keep-alive latency: `GET /healthz` one request after another on one connection, in ms
  (a response that waits for the client's delayed ACK shows here as some 40 ms);
* the in-process render time of `app.selfcheck.chart.area_chart` for one result's bars, after
  one warm-up (its text measures are then remembered, as in a long-running server).

The load generator is `wrk` when it is on PATH (light enough on a small machine for the
ratios to be honest), else a Python client in a separate process, whose figures are then
bound by the client rather than the server. It is a measurement, not a test: it prints
PASS/FAIL per line and exits 0 whatever the figures; it exits 1 only if it cannot measure.

Run it from the project root (`make bench` runs bench/production.py, which runs this for
SQLite and PostgreSQL with one worker and with two):

    .venv/bin/python bench/selfcheck.py --duration 5 --connections 16
    .venv/bin/python bench/selfcheck.py --workers 2 --database-url "$KOLL_TEST_POSTGRESQL_URL"
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
from load import (
    JSON_HEADERS,
    Endpoint,
    Latency,
    LoadSettings,
    Measurement,
    keepalive_latency,
    measure_endpoints,
    print_latency,
    running_server,
)
from throwaway import throwaway_database

QUESTIONNAIRE = "rektor"
ANSWER_VALUES: tuple[int | str, ...] = (1, 2, 3, 4, "dont_know")
COLD_CHART_TARGET_MS = 50.0
SETTLE_SECONDS = 1.0
IN_PROCESS_RENDERS = 20
POST_BODIES = 64  # distinct random answer sets the POST load cycles through


@dataclass(frozen=True)
class Seed:
    statement_ids: tuple[str, ...]
    result_id: str
    result: dict[str, Any]
    levels: tuple[dict[str, Any], ...]


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


def ratio_targets(is_sqlite: bool, workers: int) -> dict[str, float]:
    """Minimum ratios to /healthz, by endpoint key, where a target is set: the pages and
    submissions of one SQLite worker, and submissions of one PostgreSQL worker. Two workers
    are judged against one (bench/production.py)."""
    if workers != 1:
        return {}
    if is_sqlite:
        return {"form": 0.8, "results": 0.8, "chart": 0.8, "submission": 0.5}
    return {"submission": 0.3}


def endpoints(seeded: Seed, rng: random.Random, targets: dict[str, float]) -> list[Endpoint]:
    result = f"/results/{seeded.result_id}"
    bodies = tuple(response_body(seeded.statement_ids, rng) for _ in range(POST_BODIES))
    return [
        Endpoint("healthz", "GET /healthz", "GET", "/healthz", 200, None),
        Endpoint(
            "form",
            f"GET /check/{QUESTIONNAIRE}",
            "GET",
            f"/check/{QUESTIONNAIRE}",
            200,
            targets.get("form"),
        ),
        Endpoint("results", "GET /results/{id}", "GET", result, 200, targets.get("results")),
        Endpoint(
            "chart",
            "GET /results/{id}/chart.svg",
            "GET",
            f"{result}/chart.svg",
            200,
            targets.get("chart"),
        ),
        Endpoint(
            "submission",
            "POST /api/v1/responses",
            "POST",
            "/api/v1/responses",
            201,
            targets.get("submission"),
            bodies,
        ),
    ]


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

ROW = "{:<30} {:>10} {:>7} {:>8} {:>11}  {}"


def print_header(
    args: argparse.Namespace, use_wrk: bool, database_url: str | None, workers: int
) -> None:
    generator = "wrk" if use_wrk else "python (httpx2)"
    # Other work on the machine skews every figure; the load average makes that visible.
    load_average = "/".join(f"{value:.2f}" for value in os.getloadavg())
    database = "sqlite" if database_url is None else "postgresql"
    print(
        f"koll bench: database={database} workers={workers} cpu_count={os.cpu_count()} "
        f"python={platform.python_version()} loadavg={load_average} generator={generator} "
        f"duration={args.duration}s in {LoadSettings.rounds} rounds warmup={args.warmup}s "
        f"connections={args.connections}",
        flush=True,
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
    target = f">= {endpoint.target:.1f}" if endpoint.target is not None else "-"
    if endpoint.key == "healthz":
        target = "baseline"
    if problem:
        verdict = f"FAIL ({problem})"
    elif endpoint.target is None:
        verdict = "-"
    else:
        verdict = "PASS" if ratio_value is not None and ratio_value >= endpoint.target else "FAIL"
    busy = measurement.cores_busy if measurement else None
    cores = f"{busy:.2f} of {os.cpu_count()}" if busy is not None else "-"
    print(ROW.format(endpoint.label, rate, ratio, target, cores, verdict), flush=True)


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


@dataclass(frozen=True)
class Figures:
    """One configuration's figures, for bench/production.py's table."""

    load_average: tuple[float, float, float]  # at the start
    rates: dict[str, float]  # requests per second by endpoint key; absent if not measured
    cores_busy: dict[str, float]  # the machine's busy cores during each, where /proc/stat tells
    problems: dict[str, str]
    targets: dict[str, float]
    cold_ms: tuple[float, ...]
    latency: Latency


def measure_configuration(
    args: argparse.Namespace, database_url: str | None, workers: int
) -> Figures:
    """Serve a throwaway database (see `throwaway_database`) with `workers` processes and
    measure every endpoint, the cold chart and the keep-alive latency, printing as it goes."""
    use_wrk = shutil.which("wrk") is not None
    print_header(args, use_wrk, database_url, workers)
    load_average = os.getloadavg()
    rng = random.Random(args.seed)
    rates: dict[str, float] = {}
    cores_busy: dict[str, float] = {}
    problems: dict[str, str] = {}
    with (
        tempfile.TemporaryDirectory(prefix="koll-bench-") as tmp,
        throwaway_database(database_url, Path(tmp)) as (url, is_sqlite),
        running_server(Path(tmp), url, workers) as base_url,
        httpx2.Client(base_url=base_url, timeout=30.0) as client,
    ):
        targets = ratio_targets(is_sqlite, workers)
        seeded = seed(client, rng)
        load = LoadSettings(
            base_url, args.duration, args.warmup, args.connections, use_wrk, Path(tmp)
        )
        latency = keepalive_latency(base_url, use_wrk, Path(tmp))
        print(ROW.format("endpoint", "requests/s", "ratio", "target", "cores busy", "result"))
        measured = endpoints(seeded, rng, targets)
        for endpoint, (measurement, problem) in zip(
            measured, measure_endpoints(client, load, measured), strict=True
        ):
            if measurement:
                rates[endpoint.key] = measurement.rate
                if measurement.cores_busy is not None:
                    cores_busy[endpoint.key] = measurement.cores_busy
            if problem:
                problems[endpoint.key] = problem
            print_row(endpoint, measurement, problem, rates.get("healthz", 0.0))
        cold = cold_chart_times(client, seeded, args.cold)
    print_cold(cold, in_process_render_times(seeded))
    print_latency(latency)
    return Figures(load_average, rates, cores_busy, problems, targets, tuple(cold), latency)


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive whole number")
    return value


def arguments(description: str) -> argparse.ArgumentParser:
    """The options every configuration is measured with (bench/production.py takes them too)."""
    parser = argparse.ArgumentParser(description=description)
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
    return parser


MEASUREMENT_ERRORS = (RuntimeError, OSError, httpx2.HTTPError, subprocess.CalledProcessError)


def main(argv: Sequence[str] | None = None) -> int:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=None,
        help="a PostgreSQL server to make a throwaway database on (default: a new SQLite file)",
    )
    parser.add_argument(
        "--workers", type=positive_int, default=1, help="koll serve --workers (default 1)"
    )
    args = parser.parse_args(argv)
    try:
        measure_configuration(args, args.database_url, args.workers)
    except MEASUREMENT_ERRORS as error:
        print(f"bench: could not measure: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
