"""The production benchmark: bench/selfcheck.py for the four configurations, in one sitting.

SQLite and PostgreSQL, each with `koll serve --workers 1` and `--workers 2`, each on a
throwaway database (bench/throwaway.py), then one table of the figures and one of the
targets, each PASS, FAIL or NOT MEASURED:

* per configuration, ratios to its own `GET /healthz` rate (the trivial endpoint), where a
  target is set: one SQLite worker's pages and submissions, one PostgreSQL worker's
  submissions, and one SQLite worker's cold chart;
* two workers against one on the same database: `/healthz` and submissions;
* keep-alive latency (sequential requests on one connection) in every configuration.

PostgreSQL is the server of `--postgresql-url` (default KOLL_TEST_POSTGRESQL_URL, else the
role `make postgres` makes); without one the PostgreSQL half is NOT MEASURED and says why.
It is a measurement, not a test: it exits 0 whatever the figures, 1 only if it cannot measure.

    make bench
    .venv/bin/python bench/production.py --duration 5 --connections 16
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

from load import KEEPALIVE_TARGET_MS
from selfcheck import (
    COLD_CHART_TARGET_MS,
    MEASUREMENT_ERRORS,
    Figures,
    arguments,
    measure_configuration,
)
from throwaway import postgresql_problem

DEFAULT_POSTGRESQL_URL = "postgresql+psycopg://koll_test:koll_test@127.0.0.1:5432/koll_test"
LABELS = {"form": "form", "results": "results", "chart": "warm chart", "submission": "submission"}
# Two workers against one on the same database, on a machine with at least two cores.
SCALING_TARGETS = {"healthz": 1.6, "submission": 1.5}
PAUSE_SECONDS = 2.0  # between configurations: let the last server's processes go


@dataclass(frozen=True)
class Configuration:
    database: str  # "SQLite" or "PostgreSQL"
    workers: int

    @property
    def name(self) -> str:
        return f"{self.database} x{self.workers}"


CONFIGURATIONS = tuple(
    Configuration(database, workers) for database in ("SQLite", "PostgreSQL") for workers in (1, 2)
)


def run_all(
    args: argparse.Namespace, postgresql_url: str | None
) -> dict[Configuration, Figures | str]:
    """Figures per configuration, or why it was not measured."""
    results: dict[Configuration, Figures | str] = {}
    for configuration in CONFIGURATIONS:
        if configuration.database == "PostgreSQL" and postgresql_url is None:
            results[configuration] = "no PostgreSQL server"
            continue
        url = postgresql_url if configuration.database == "PostgreSQL" else None
        print(f"\n== {configuration.name} ==", flush=True)
        try:
            results[configuration] = measure_configuration(args, url, configuration.workers)
        except MEASUREMENT_ERRORS as error:
            print(f"bench: could not measure {configuration.name}: {error}", file=sys.stderr)
            results[configuration] = f"could not measure: {error}"
        time.sleep(PAUSE_SECONDS)
    return results


FIGURE_ROW = "{:<15} {:>10} {:>6} {:>8} {:>11} {:>11} {:>13} {:>14} {:>15}"


def print_figures(results: dict[Configuration, Figures | str]) -> None:
    print("\n== figures (requests/s of /healthz; the others as ratios to it) ==")
    print(
        FIGURE_ROW.format(
            "configuration",
            "healthz/s",
            "form",
            "results",
            "warm chart",
            "submission",
            "submission/s",
            "cold chart ms",
            "keep-alive ms",
        )
    )
    for configuration, figures in results.items():
        if isinstance(figures, str):
            print(f"{configuration.name:<15} not measured: {figures}")
            continue
        baseline = figures.rates.get("healthz", 0.0)

        def ratio(key: str, rates: dict[str, float] = figures.rates, base: float = baseline) -> str:
            return f"{rates[key] / base:.2f}" if key in rates and base else "-"

        print(
            FIGURE_ROW.format(
                configuration.name,
                f"{baseline:.0f}",
                ratio("form"),
                ratio("results"),
                ratio("chart"),
                ratio("submission"),
                f"{figures.rates.get('submission', 0.0):.0f}",
                f"{max(figures.cold_ms):.1f} max",
                f"{figures.latency.median_ms:.2f} median",
            )
        )
        load = "/".join(f"{value:.2f}" for value in figures.load_average)
        print(f"{'':<15} load average at its start {load}; {cores_text(figures)}")


def cores_text(figures: Figures) -> str:
    """The machine's busy cores during /healthz and submissions: with two workers, how much
    of the machine there was left to grow into (the load generator shares it)."""
    busy = figures.cores_busy
    if "healthz" not in busy or "submission" not in busy:
        return "cores busy not known (no /proc/stat)"
    return (
        f"cores busy of {os.cpu_count()}: {busy['healthz']:.2f} during /healthz, "
        f"{busy['submission']:.2f} during submissions"
    )


def target_rows(results: dict[Configuration, Figures | str]) -> list[tuple[str, str, str, str]]:
    """(what, measured, target, verdict) for every target."""
    rows: list[tuple[str, str, str, str]] = []
    for configuration, figures in results.items():
        if isinstance(figures, str):
            rows.append((f"{configuration.name}: every target", "-", "-", "NOT MEASURED"))
            continue
        baseline = figures.rates.get("healthz", 0.0)
        for key, target in figures.targets.items():
            value = figures.rates.get(key, 0.0) / baseline if baseline else 0.0
            broken = key in figures.problems or "healthz" in figures.problems
            verdict = "FAIL" if broken or value < target else "PASS"
            what = f"{configuration.name}: {LABELS[key]} / healthz"
            rows.append((what, f"{value:.2f}", f">= {target:.1f}", verdict))
        if configuration == Configuration("SQLite", 1):
            worst = max(figures.cold_ms)
            verdict = "PASS" if worst < COLD_CHART_TARGET_MS else "FAIL"
            what = f"{configuration.name}: cold chart, slowest"
            rows.append((what, f"{worst:.1f} ms", f"< {COLD_CHART_TARGET_MS:.0f} ms", verdict))
        latency = figures.latency.median_ms
        verdict = "PASS" if latency < KEEPALIVE_TARGET_MS else "FAIL"
        what = f"{configuration.name}: keep-alive /healthz, median"
        rows.append((what, f"{latency:.2f} ms", f"< {KEEPALIVE_TARGET_MS:.0f} ms", verdict))
    rows += scaling_rows(results)
    return rows


def scaling_rows(results: dict[Configuration, Figures | str]) -> list[tuple[str, str, str, str]]:
    rows = []
    for database in ("SQLite", "PostgreSQL"):
        one = results.get(Configuration(database, 1))
        two = results.get(Configuration(database, 2))
        for key, target in SCALING_TARGETS.items():
            what = f"{database}: {key} rate, x2 / x1"
            if not isinstance(one, Figures) or not isinstance(two, Figures):
                rows.append((what, "-", f">= {target:.1f}", "NOT MEASURED"))
                continue
            value = two.rates.get(key, 0.0) / one.rates[key] if one.rates.get(key) else 0.0
            verdict = "PASS" if value >= target else "FAIL"
            rows.append((what, f"{value:.2f}", f">= {target:.1f}", verdict))
    return rows


def print_targets(rows: list[tuple[str, str, str, str]]) -> None:
    print("\n== targets ==")
    row = "{:<46} {:>10} {:>10}  {}"
    print(row.format("target", "measured", "target", "result"))
    for what, value, target, verdict in rows:
        print(row.format(what, value, target, verdict))
    verdicts = [verdict for *_, verdict in rows]
    print(
        f"{verdicts.count('PASS')} PASS, {verdicts.count('FAIL')} FAIL, "
        f"{verdicts.count('NOT MEASURED')} NOT MEASURED; cpu_count={os.cpu_count()}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument(
        "--postgresql-url",
        default=os.environ.get("KOLL_TEST_POSTGRESQL_URL", DEFAULT_POSTGRESQL_URL),
        help="a PostgreSQL server the role may create databases on",
    )
    args = parser.parse_args(argv)
    postgresql_url: str | None = args.postgresql_url
    problem = postgresql_problem(args.postgresql_url)
    if problem:
        print(
            f"PostgreSQL not measured ({problem}): "
            "set KOLL_TEST_POSTGRESQL_URL or run make postgres"
        )
        postgresql_url = None
    started = time.monotonic()
    results = run_all(args, postgresql_url)
    print_figures(results)
    print_targets(target_rows(results))
    print(f"bench/production.py took {time.monotonic() - started:.0f} s")
    measured = [figures for figures in results.values() if isinstance(figures, Figures)]
    return 0 if measured else 1


if __name__ == "__main__":
    sys.exit(main())
