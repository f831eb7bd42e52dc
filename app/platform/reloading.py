"""Watching the folders admins edit (questionnaires, task catalogues) while the service runs:
each is looked at every few seconds and reloaded at once on SIGHUP. What a reload does, and
what it refuses, is each feature's own (app.selfcheck.reloading, app.inventory.reloading)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Protocol

from anyio import to_thread

from app.core.questionnaires import questionnaire_files

logger = logging.getLogger("koll.reloading")
Fingerprint = tuple[tuple[str, int, int], ...]


def fingerprint(directory: Path) -> Fingerprint:
    """Names, modification times and sizes of the folder's YAML files (none if it is gone)."""
    entries = []
    for path in questionnaire_files([directory]):
        try:
            stat = path.stat()
        except OSError:  # removed between listing and looking
            continue
        entries.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(entries)


class Reloader(Protocol):
    def poll(self) -> None:
        """Reload if any file was added, removed or changed since the last look."""

    def reload(self) -> bool:
        """Load the folder anew and swap it in if sound; never raises."""


@contextlib.asynccontextmanager
async def watch_folders(reloaders: Sequence[Reloader], interval: float) -> AsyncIterator[None]:
    """Poll every `interval` seconds (0 turns polling off) and reload all at once on SIGHUP."""
    loop = asyncio.get_running_loop()
    tasks: set[asyncio.Task[None]] = set()

    async def reload_now() -> None:
        for reloader in reloaders:
            await to_thread.run_sync(reloader.reload)

    async def poll_forever() -> None:
        while True:
            await asyncio.sleep(interval)
            for reloader in reloaders:
                try:
                    await to_thread.run_sync(reloader.poll)
                except Exception:  # a bad moment must not stop the watching
                    logger.exception("reload failed")

    def on_hangup() -> None:
        task = loop.create_task(reload_now())
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    # Signal handlers can only be set in the main thread (not under a test client).
    with contextlib.suppress(ValueError, RuntimeError, NotImplementedError):
        loop.add_signal_handler(signal.SIGHUP, on_hangup)
    poller = loop.create_task(poll_forever()) if interval > 0 else None
    try:
        yield
    finally:
        if poller:
            poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await poller
        with contextlib.suppress(ValueError, RuntimeError, NotImplementedError):
            loop.remove_signal_handler(signal.SIGHUP)
