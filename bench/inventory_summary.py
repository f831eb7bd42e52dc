"""Benchmark: an authority's inventory summary across 200 schools, and the inventory's step pages.

Seeds a throwaway database (through the real migrations) with an authority of 200 schools,
each with an inventory of 40 participations over the shipped catalogue (most closed, every
tenth still open; every fourth school also has an older inventory) and workshops 3 and 4
filled in, beside 20 other authorities of 10 such schools each. Then starts `koll serve` with
one worker and:

* times GET /api/v1/inventories/summary one request at a time: the first request (nothing of
  workshop 1 known yet), then the median and p95 of the rest (target: p95 < 100 ms);
* measures with wrk (when on PATH) the rate of each step page that exists
  (`/inventering/{manage_token}/workshop2`, `workshop3`, `workshop4`, `handlingsplan`)
  against GET /healthz (target: at least 0.3 of it).

A measurement, not a test: it prints PASS/FAIL per line and exits 0 whatever the figures.
Run: .venv/bin/python bench/inventory_summary.py [--requests 300] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2
from inventory import rates
from load import Endpoint, LoadSettings, running_server
from sqlalchemy import insert
from throwaway import throwaway_database

from app.authorities import accounts
from app.authorities.models import Authority, School
from app.core.catalogues import Catalogues, CatalogueVersion
from app.inventory.models import (
    CatalogueDefinition,
    Inventory,
    InventoryRecord,
    Participation,
    ParticipationAnswer,
)
from app.inventory.tokens import hash_token
from app.platform import migrate
from app.platform.db import make_engine, transaction
from app.platform.settings import PROJECT_ROOT, Settings

BIG, OTHERS, OTHER_SCHOOLS = 200, 20, 10
PARTICIPATIONS = 40
SUMMARY_P95_TARGET_MS = 100.0
STEP_TARGET = 0.3
STEPS = ("workshop2", "workshop3", "workshop4", "handlingsplan")
HOURS = (0, 0.5, 1, 1.5, 2, 3, 5)
DECISIONS = ("hand_over", "simplify", "stop", "keep")
ROLE_TITLES = ("Lärarassistent", "lärarassistent ", "Elevkoordinator", "IT-tekniker")


def seed(url: str, version: CatalogueVersion) -> tuple[str, str]:
    """Fill the database; the big authority's token and a manage token of one of its schools."""
    rng = random.Random(15)
    start = datetime(2026, 9, 1, tzinfo=UTC)
    catalogue = version.catalogue
    task_ids = [task.id for task in catalogue.tasks]
    rows: dict[str, list[dict[str, Any]]] = {k: [] for k in "asipxr"}
    rows["c"] = [
        {
            "hash": version.hash,
            "catalogue_id": catalogue.id,
            "version": catalogue.version,
            "definition": catalogue.model_dump(mode="json"),
            "created_at": start,
        }
    ]
    tokens = [accounts.new_secret() for _ in range(1 + OTHERS)]
    manage_token = accounts.new_secret()
    for a, token in enumerate(tokens):
        authority_id = f"a{a}"
        rows["a"].append(
            {
                "id": authority_id,
                "name": f"Kommun {a}",
                "token_hash": accounts.hash_token(token),
                "created_at": start,
            }
        )
        for s in range(BIG if a == 0 else OTHER_SCHOOLS):
            school_id = f"a{a}s{s}"
            rows["s"].append(
                {
                    "id": school_id,
                    "authority_id": authority_id,
                    "name": f"Skola {s:03d}",
                    "school_unit_code": f"{a:04d}{s:04d}",
                    "created_at": start,
                }
            )
            kept = manage_token if (a, s) == (0, 0) else accounts.new_secret()
            if s % 4 == 1:
                _inventory(rows, rng, task_ids, authority_id, school_id, "old", start, True)
            later = start + timedelta(days=60)
            _inventory(
                rows, rng, task_ids, authority_id, school_id, "new", later, s % 10 != 9, kept
            )
    engine = make_engine(url)
    try:
        with transaction(engine, write=True) as session:
            for model, key in (
                (CatalogueDefinition, "c"),
                (Authority, "a"),
                (School, "s"),
                (Inventory, "i"),
                (Participation, "p"),
                (ParticipationAnswer, "x"),
                (InventoryRecord, "r"),
            ):
                for chunk in range(0, len(rows[key]), 20_000):
                    session.execute(insert(model), rows[key][chunk : chunk + 20_000])
    finally:
        engine.dispose()
    print(
        f"seeded: {len(rows['a'])} authorities, {len(rows['s'])} schools, "
        f"{len(rows['i'])} inventories, {len(rows['p'])} participations, "
        f"{len(rows['x'])} answers, {len(rows['r'])} workshop documents"
    )
    return tokens[0], manage_token


def _inventory(
    rows: dict[str, list[dict[str, Any]]],
    rng: random.Random,
    task_ids: list[str],
    authority_id: str,
    school_id: str,
    which: str,
    created: datetime,
    closed: bool,
    manage_token: str | None = None,
) -> None:
    inventory_id = f"{school_id}{which}"
    rows["i"].append(
        {
            "id": inventory_id,
            "name": f"Inventering {inventory_id}",
            "catalogue_id": "uppgifter",
            "catalogue_version": 1,
            "definition_hash": rows["c"][0]["hash"],
            "min_respondents": 5,
            "manage_token_hash": hash_token(manage_token or accounts.new_secret()),
            "participate_token_hash": hash_token(accounts.new_secret()),
            "authority_id": authority_id,
            "school_id": school_id,
            "staff_count": 60,
            "selfcheck_result_id": None,
            "created_at": created,
            "closed_at": created + timedelta(days=14) if closed else None,
        }
    )
    for p in range(PARTICIPATIONS):
        participation_id = f"{inventory_id}p{p}"
        rows["p"].append(
            {
                "id": participation_id,
                "inventory_id": inventory_id,
                "role": ("teacher", "teacher", "other_staff", "leadership")[p % 4],
                "submitted_on": created.date() + timedelta(days=p % 10),
            }
        )
        for task in task_ids:
            hours = rng.choice(HOURS)
            if hours:
                rows["x"].append(
                    {
                        "participation_id": participation_id,
                        "task_id": task,
                        "tenths": int(hours * 10),
                        "energy": rng.randint(1, 5),
                        "teacher": rng.choice(("yes", "partly", "no")),
                    }
                )
    for kind, body in _documents(rng, task_ids).items():
        rows["r"].append(
            {"inventory_id": inventory_id, "kind": kind, "body": body, "updated_at": created}
        )


def _documents(rng: random.Random, task_ids: list[str]) -> dict[str, Any]:
    chosen = rng.sample(task_ids, 10)
    priorities = [
        {"task": t, "decision": rng.choice(DECISIONS), "consequences": "Mer tid för eleverna."}
        for t in chosen
    ]
    effect = {
        "indicator": "Lärarnas tid för planering",
        "baseline": "2 timmar i veckan",
        "target": "4 timmar i veckan",
        "follow_up": date(2027, 6, 15).isoformat(),
        "method": "Enkät till lärarna",
        "responsible": "Rektor",
    }
    roles = [
        {
            "title": rng.choice(ROLE_TITLES),
            "tasks": chosen[:3],
            "fte_percent": rng.choice((25, 50, 75, 100)),
            "requirements": "Erfarenhet av arbete i skolan.",
            "placement": "Leds av rektor, arbetar i arbetslaget.",
            "effects": [effect, {**effect, "indicator": "Elevernas närvaro"}],
        }
        for _ in range(rng.randint(1, 3))
    ]
    return {"workshop3": {"priorities": priorities}, "workshop4": {"roles": roles}}


def summary_latency(base_url: str, token: str, requests: int) -> tuple[float, list[float]]:
    """The first request's time (ms), and each of the following ones'."""
    path = "/api/v1/inventories/summary"
    with httpx2.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}) as client:
        started = time.perf_counter()
        first = client.get(path)
        cold = (time.perf_counter() - started) * 1000
        body = first.json()
        assert first.status_code == 200 and len(body["schools"]) == BIG, first.status_code
        assert sum(s["visible"] for s in body["schools"]) == BIG - BIG // 10
        for _ in range(20):  # warm-up
            client.get(path)
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    return cold, timings


def step_rates(base_url: str, load: LoadSettings, manage_token: str) -> None:
    """Each step page's rate as a ratio to /healthz; a page not there (404) is reported so."""
    with httpx2.Client(base_url=base_url, timeout=30) as client:
        endpoints = [Endpoint("healthz", "GET /healthz", "GET", "/healthz", 200, None)]
        for step in STEPS:
            path = f"/inventering/{manage_token}/{step}"
            label = f"GET /inventering/{{token}}/{step}"
            if client.get(path).status_code == 404:
                print(f"{label:32} not measured: the page does not exist (404)")
                continue
            endpoints.append(Endpoint(step, label, "GET", path, 200, STEP_TARGET))
        rates(client, load, endpoints)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    version = Catalogues.load(PROJECT_ROOT / "catalogues").current("uppgifter")
    assert version is not None
    use_wrk = shutil.which("wrk") is not None
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        with throwaway_database(args.database_url, workdir) as (url, _is_sqlite):
            migrate.upgrade(Settings(database_url=url))
            started = time.perf_counter()
            token, manage_token = seed(url, version)
            print(f"seeding took {time.perf_counter() - started:.1f} s, {url.split(':')[0]}")
            with running_server(workdir, url, 1) as base_url:
                cold, timings = summary_latency(base_url, token, args.requests)
                median = statistics.median(timings)
                p95 = statistics.quantiles(timings, n=100)[94]
                verdict = "PASS" if p95 < SUMMARY_P95_TARGET_MS else "FAIL"
                print(f"GET /api/v1/inventories/summary, {BIG} schools, sequential over HTTP:")
                print(f"  first request {cold:.1f} ms (workshop 1's sums not yet known)")
                print(
                    f"  {args.requests} requests after it: median {median:.1f} ms, "
                    f"p95 {p95:.1f} ms (target p95 < {SUMMARY_P95_TARGET_MS:.0f} ms): {verdict}"
                )
                load = LoadSettings(
                    base_url, args.duration, args.warmup, args.connections, use_wrk, workdir
                )
                client_name = "wrk" if use_wrk else "python client"
                print(
                    f"step pages: {client_name}, {args.connections} connections, "
                    f"{args.duration} s each, in turns over {load.rounds} rounds"
                )
                step_rates(base_url, load, manage_token)
    return 0


if __name__ == "__main__":
    sys.exit(main())
