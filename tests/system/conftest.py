"""Every test here is process-level (marked `process` below), and a throwaway PostgreSQL
cluster is here that the fault tests may stop and restart.

It is Debian's: `pg_createcluster` makes it on a free port, `pg_ctlcluster` stops and starts
it (as root, which CI is; pg_ctlcluster runs the server as the postgres user), and
`pg_dropcluster` removes it. The shared test server is never stopped, so test runs of other
people on the same machine go on undisturbed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.system.support import PASSWORD, ROLE, Cluster, free_port, run

PREFIX = "koll_faults_"
HERE = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in tests/system/ is process-level: `-m "not process"` leaves them all out."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.process)


def cluster_problem() -> str | None:
    if os.geteuid() != 0:
        return "the fault tests stop and start a PostgreSQL cluster, which needs root"
    if not (shutil.which("pg_createcluster") and Path("/usr/lib/postgresql").is_dir()):
        return "Debian's postgresql package (pg_createcluster) is not installed"
    return None


def newest_version() -> str:
    return sorted(Path("/usr/lib/postgresql").iterdir(), key=lambda p: int(p.name))[-1].name


def drop_clusters_of_finished_runs(version: str) -> None:
    """A killed run leaves its cluster behind; drop those whose process is gone."""
    for config in Path(f"/etc/postgresql/{version}").glob(f"{PREFIX}*"):
        pid = config.name.removeprefix(PREFIX)
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            subprocess.run(["pg_dropcluster", "--stop", version, config.name], cwd="/", check=False)


@pytest.fixture(scope="session")
def throwaway_cluster() -> Iterator[Cluster]:
    problem = cluster_problem()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {problem}")
        pytest.skip(problem)
    version = newest_version()
    drop_clusters_of_finished_runs(version)
    cluster = Cluster(version, f"{PREFIX}{os.getpid()}", free_port())
    run(
        [
            "pg_createcluster",
            "--port",
            str(cluster.port),
            "--start-conf",
            "manual",
            version,
            cluster.name,
        ]
    )
    try:
        cluster.start()
        cluster.psql(f"CREATE ROLE {ROLE} LOGIN PASSWORD '{PASSWORD}'")
        yield cluster
    finally:
        subprocess.run(["pg_dropcluster", "--stop", version, cluster.name], cwd="/", check=False)
