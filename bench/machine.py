"""How busy the machine's cores are while a load runs, from /proc/stat (Linux).

On a small machine the load generator, the server's workers and threads, and PostgreSQL share
the same cores, so a rate that stops growing with a second worker may mean the cores are full
rather than that the server waits. This makes that visible: the cores' busy time during a
measurement, in cores (1.0 = one core busy all the time).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

PROC_STAT = Path("/proc/stat")
# The fields of /proc/stat's "cpu" line that are work done on this machine, by position:
# user, nice, system, irq, softirq. Idle, iowait and steal (another guest's turn) are not.
BUSY_FIELDS = (0, 1, 2, 5, 6)


@dataclass(frozen=True)
class Reading:
    busy_ticks: int
    wall: float  # time.perf_counter() when read


def read(stat: Path = PROC_STAT) -> Reading | None:
    """All cores' busy ticks so far, or None where there is no /proc/stat."""
    try:
        first = stat.read_text().splitlines()[0].split()
    except (OSError, IndexError):
        return None
    if not first or first[0] != "cpu":
        return None
    fields = [int(value) for value in first[1:]]
    return Reading(sum(fields[i] for i in BUSY_FIELDS if i < len(fields)), time.perf_counter())


def busy_between(before: Reading | None, after: Reading | None) -> tuple[float, float] | None:
    """(busy core-seconds, wall seconds) between two readings; busy over wall is the average
    number of busy cores."""
    if before is None or after is None or after.wall <= before.wall:
        return None
    busy = (after.busy_ticks - before.busy_ticks) / os.sysconf("SC_CLK_TCK")
    return busy, after.wall - before.wall
