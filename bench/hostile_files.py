"""Hostile questionnaire files: how fast they are refused, and at what cost in memory.

Builds each file in a temporary folder (an alias bomb, deep nesting, a valid file of 50 MB, a
non-UTF-8 file of 5 MB, a file with too many statements, and a generated file of 20,000
statements that still fits the size limit), then for each, in a fresh subprocess so that
one file's memory is not another's, times `check_files` (what `koll questionnaires validate`,
`koll serve` and the reloader use) and takes the peak memory it added (the process's maximum
resident set size, and tracemalloc's peak in a second run). Then it drops each file into the
folder of a running app and checks that the previous questionnaires are still served and the
problem is on /readyz.

Targets: refused in under 1 second, with under 50 MB extra memory, the last good set served.
A measurement, not a test: it prints PASS/FAIL per file and exits 0 whatever the figures.

Run it from the project root:

    make bench
    .venv/bin/python bench/hostile_files.py
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core.questionnaires import DEFAULT_MAX_BYTES, check_files
from app.platform.settings import PROJECT_ROOT

TARGET_SECONDS = 1.0
TARGET_EXTRA_MB = 50.0
GOOD = PROJECT_ROOT / "questionnaires" / "rektor" / "v1.yaml"
# A guard that no longer holds must not take the machine down with it.
CHILD_MEMORY_LIMIT = 2 * 1024**3
CHILD_TIMEOUT_SECONDS = 120
RAISED_LIMIT = 8 * 1024 * 1024  # for the files marked *, measured past the size limit


def good_text(version: int = 2) -> str:
    return GOOD.read_text(encoding="utf-8").replace("version: 1", f"version: {version}", 1)


def alias_bomb() -> bytes:
    # 10 levels of 9 aliases: 9**10 strings, several gigabytes once expanded.
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return ("\n".join(lines) + "\n").encode()


def deep_nesting() -> bytes:
    return ("a: " + "[" * 250 + "]" * 250 + "\n").encode()


def padded(text: str, size: int, encoding: str) -> bytes:
    """`text` followed by comment lines up to `size` bytes: as valid as `text` itself."""
    # The en dashes of the shipped text have no Latin-1 byte: "?" stands in for them.
    data = text.encode(encoding, errors="replace")
    line = "# utfyllnad för att göra filen större än någon enkät behöver\n".encode(encoding)
    return data + line * ((size - len(data)) // len(line) + 1)


def valid_50_mb() -> bytes:
    return padded(good_text(), 50 * 1024 * 1024, "utf-8")


def latin1_5_mb() -> bytes:
    return padded(good_text(), 5 * 1024 * 1024, "latin-1")


def statements(count: int) -> bytes:
    """The good questionnaire grown to `count` statements in all, spread over its areas."""
    text = good_text()
    anchor = "    statements:\n"
    areas = text.count(anchor)
    parts = text.split(anchor)
    added = count - text.count("      - id: ")
    for area in range(areas):
        share = range(area, added, areas)
        extra = "".join(f"      - {{id: extra-{n}, text: Påstående {n}.}}\n" for n in share)
        parts[area + 1] = extra + parts[area + 1]
    return anchor.join(parts).encode()


FILES: dict[str, Callable[[], bytes]] = {
    "alias bomb": alias_bomb,
    "deep nesting (250)": deep_nesting,
    "valid, 50 MB": valid_50_mb,
    "not UTF-8, 5 MB": latin1_5_mb,
    # The same file with the size limit raised past it, to time finding the bad byte.
    "not UTF-8, 5 MB *": latin1_5_mb,
    "301 statements": lambda: statements(301),
    "20,000 statements": lambda: statements(20_000),
}


def measure(path: Path, max_bytes: int) -> dict[str, Any]:
    """In the child: time one check, then its memory (tracemalloc slows parsing down)."""
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_LIMIT, CHILD_MEMORY_LIMIT))
    base_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    loaded, problems = check_files([path], max_bytes)
    seconds = time.perf_counter() - start
    rss_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base_kb) / 1024
    tracemalloc.start()
    check_files([path], max_bytes)
    traced_mb = tracemalloc.get_traced_memory()[1] / 1024**2
    tracemalloc.stop()
    first = str(problems[0]).removeprefix(f"{path}:") if problems else "accepted"
    return {
        "seconds": seconds,
        "extra_mb": max(rss_mb, traced_mb),
        "refused": bool(problems) and not loaded,
        "problem": first,
    }


def measure_in_child(path: Path, max_bytes: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--measure", str(path), "--max-bytes", str(max_bytes)]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=CHILD_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        late = f"still reading after {CHILD_TIMEOUT_SECONDS} s"
        return {
            "seconds": float(CHILD_TIMEOUT_SECONDS),
            "extra_mb": 0.0,
            "refused": False,
            "problem": late,
        }
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"seconds": 0.0, "extra_mb": 0.0, "refused": False, "problem": f"crashed: {last}"}
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def still_served(folder: Path, files: dict[str, Path]) -> dict[str, bool]:
    """Drop each file into a running app's folder: last good set served, problem on /readyz?"""
    import logging

    from fastapi.testclient import TestClient

    from app.main import create_app
    from app.platform import migrate
    from app.platform.settings import Settings

    served = folder / "served"
    (served / "rektor").mkdir(parents=True)
    shutil.copy(GOOD, served / "rektor" / "v1.yaml")
    settings = Settings(
        database_url=f"sqlite:///{folder / 'koll.sqlite3'}",
        questionnaires_dir=served,
        reload_interval=0,
    )
    migrate.upgrade(settings)
    # The reloader logs every refusal; the table says the same, once.
    logging.getLogger("koll.questionnaires").disabled = True
    outcome: dict[str, bool] = {}
    with TestClient(create_app(settings)) as client:
        reloader = client.app.state.reloader  # type: ignore[attr-defined]
        for name, path in files.items():
            dropped = served / "rektor" / "v2.yaml"
            shutil.copy(path, dropped)
            reloader.poll()
            problems = client.get("/readyz").json()["questionnaire_problems"]
            version = client.get("/api/v1/questionnaires/rektor").json().get("version")
            page = client.get("/check/rektor").status_code
            outcome[name] = bool(problems) and version == 1 and page == 200
            dropped.unlink()
            reloader.poll()
    return outcome


def report(
    results: dict[str, dict[str, Any]], sizes: dict[str, int], served: dict[str, bool]
) -> None:
    header = (
        f"{'file':<20} {'size':>12} {'seconds':>8} {'extra MB':>9} {'served':>7}  result  problem"
    )
    print(header)
    print("-" * len(header))
    for name, result in results.items():
        ok = (
            result["refused"]
            and result["seconds"] < TARGET_SECONDS
            and result["extra_mb"] < TARGET_EXTRA_MB
            and served.get(name, False)
        )
        problem = result["problem"]
        print(
            f"{name:<20} {sizes[name]:>12,} {result['seconds']:>8.3f} {result['extra_mb']:>9.1f} "
            f"{'yes' if served.get(name) else 'NO':>7}  {'PASS' if ok else 'FAIL':<6}  "
            f"{problem[:70] + ('…' if len(problem) > 70 else '')}"
        )
    print(
        f"\ntargets: refused in < {TARGET_SECONDS:g} s, < {TARGET_EXTRA_MB:g} MB extra memory, "
        f"previous questionnaires still served; size limit {DEFAULT_MAX_BYTES:,} bytes "
        f"(* measured with {RAISED_LIMIT:,}; served with the default)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure, args.max_bytes)))
        return 0
    with tempfile.TemporaryDirectory(prefix="koll-hostile-") as temporary:
        folder = Path(temporary)
        files: dict[str, Path] = {}
        for number, (name, build) in enumerate(FILES.items()):
            files[name] = folder / f"hostile-{number}.yaml"
            files[name].write_bytes(build())
        sizes = {name: path.stat().st_size for name, path in files.items()}
        results = {
            name: measure_in_child(path, RAISED_LIMIT if name.endswith("*") else args.max_bytes)
            for name, path in files.items()
        }
        try:
            served = still_served(folder, files)
        except Exception as error:  # a measurement: say what failed and show the rest
            print(f"(could not check serving: {type(error).__name__}: {error})")
            served = {}
    report(results, sizes, served)
    return 0


if __name__ == "__main__":
    sys.exit(main())
