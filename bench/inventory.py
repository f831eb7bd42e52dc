"""The inventory's speed, against a real `koll serve` on a throwaway database.

* requests per second for `GET /healthz` (the trivial baseline), the participation form
  `GET /p/{token}` (target: at least 0.5 of the baseline) and `POST /api/v1/participations`
  (at least 0.2), each at the same concurrency, with wrk when it is on PATH;
* `GET /api/v1/inventories/{id}/workshop1` for a closed inventory of 100 participations over
  the shipped catalogue, one request after another: p50 and p95 in ms (target: p95 < 20 ms).

A measurement, not a test: it prints PASS/FAIL per line and exits 0 whatever the figures.

    .venv/bin/python bench/inventory.py --duration 5 --connections 16
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx2
from load import Endpoint, LoadSettings, measure_endpoints, running_server
from throwaway import throwaway_database

FORM_TARGET = 0.5
POST_TARGET = 0.2
WORKSHOP1_P95_TARGET_MS = 20.0
PARTICIPATIONS = 100
LATENCY_REQUESTS = 200


def create(client: httpx2.Client) -> dict[str, Any]:
    response = client.post("/api/v1/inventories", json={"name": "Benchmark"})
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    return body


def random_tasks(task_ids: list[str], rng: random.Random) -> dict[str, Any]:
    return {
        task: {
            "hours": rng.choice([0, 0.5, 1, 1.5, 2, 3, 5]),
            "energy": rng.randint(1, 5),
            "teacher": rng.choice(["yes", "partly", "no"]),
        }
        for task in task_ids
    }


def token_of(inventory: dict[str, Any]) -> str:
    return str(inventory["links"]["participate"]).rsplit("/p/", 1)[1]


def workshop1_latency(
    client: httpx2.Client, task_ids: list[str], rng: random.Random
) -> list[float]:
    inventory = create(client)
    for index in range(PARTICIPATIONS):
        body = {
            "token": token_of(inventory),
            "role": ("teacher", "other_staff", "leadership")[index % 3],
            "tasks": random_tasks(task_ids, rng),
        }
        client.post("/api/v1/participations", json=body).raise_for_status()
    headers = {"Authorization": f"Bearer {inventory['manage_token']}"}
    client.post(f"/api/v1/inventories/{inventory['id']}/close", headers=headers).raise_for_status()
    path = f"/api/v1/inventories/{inventory['id']}/workshop1"
    times = []
    for _ in range(LATENCY_REQUESTS):
        start = time.perf_counter()
        response = client.get(path, headers=headers)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200 and response.json()["visible"] is True
    return times


def rates(client: httpx2.Client, load: LoadSettings, endpoints: list[Endpoint]) -> bool:
    """Each endpoint's rate as a ratio to the first's; False if one could not be measured."""
    baseline = None
    for endpoint, (measured, problem) in zip(
        endpoints, measure_endpoints(client, load, endpoints), strict=True
    ):
        if measured is None:
            print(f"{endpoint.label}: not measured: {problem}")
            return False
        if baseline is None:
            baseline = measured.rate
            print(f"{endpoint.label:32} {measured.rate:9.0f} req/s  (baseline)")
            continue
        ratio = measured.rate / baseline if baseline else 0.0
        target = endpoint.target or 0.0
        verdict = "PASS" if ratio >= target else "FAIL"
        note = f"  {problem}" if problem else ""
        print(
            f"{endpoint.label:32} {measured.rate:9.0f} req/s  {ratio:5.2f} of baseline "
            f"(target {target})  {verdict}{note}"
        )
    return True


def endpoints_for(token: str, bodies: tuple[str, ...]) -> list[Endpoint]:
    participations = "/api/v1/participations"
    return [
        Endpoint("healthz", "GET /healthz", "GET", "/healthz", 200, None),
        Endpoint("form", "GET /p/{token}", "GET", f"/p/{token}", 200, FORM_TARGET),
        Endpoint(
            "post", f"POST {participations}", "POST", participations, 201, POST_TARGET, bodies
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    rng = random.Random(14)
    use_wrk = shutil.which("wrk") is not None
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        with (
            throwaway_database(args.database_url, workdir) as (url, _is_sqlite),
            running_server(workdir, url, 1) as base_url,
        ):
            client = httpx2.Client(base_url=base_url, timeout=30)
            catalogue = client.get("/api/v1/catalogues/uppgifter").json()
            task_ids = [t["id"] for a in catalogue["areas"] for t in a["tasks"]]
            token = token_of(create(client))
            bodies = tuple(
                json.dumps(
                    {"token": token, "role": "teacher", "tasks": random_tasks(task_ids, rng)}
                )
                for _ in range(32)
            )
            load = LoadSettings(
                base_url, args.duration, args.warmup, args.connections, use_wrk, workdir
            )
            client_name = "wrk" if use_wrk else "python client"
            print(
                f"koll inventory bench: {client_name}, {args.connections} connections, "
                f"{args.duration} s each in {load.rounds} rounds, {url.split(':')[0]}"
            )
            if not rates(client, load, endpoints_for(token, bodies)):
                return 1
            times = workshop1_latency(client, task_ids, rng)
            p50 = statistics.median(times)
            p95 = statistics.quantiles(times, n=20)[-1]
            verdict = "PASS" if p95 < WORKSHOP1_P95_TARGET_MS else "FAIL"
            print(
                f"GET workshop1 ({PARTICIPATIONS} participations)  p50 {p50:.1f} ms  "
                f"p95 {p95:.1f} ms  (target p95 < {WORKSHOP1_P95_TARGET_MS:.0f} ms)  {verdict}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
