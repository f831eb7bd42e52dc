"""Browser fixtures: the real server in a subprocess, and Debian's Chromium driven by Playwright.

Playwright's own browser download does not work here, so the tests launch the `chromium` found
on PATH. Without it the browser tests skip locally with one line, and fail in CI (CI=true),
where `.ci/run` installs Chromium first.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.browser.flows import Server
from tests.support import QUESTIONNAIRES

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_NAMES = ("chromium", "chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_SECONDS = 60
NO_CHROMIUM = "chromium not found: browser tests skipped"
_skipped_browser = pytest.StashKey[bool]()


def find_chromium() -> str | None:
    return next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without Chromium, leave the browser tests out with one line, except in CI."""
    browser_tests = [item for item in items if item.get_closest_marker("browser")]
    if not browser_tests or find_chromium() or os.environ.get("CI") == "true":
        return
    config.hook.pytest_deselected(items=browser_tests)
    items[:] = [item for item in items if not item.get_closest_marker("browser")]
    config.stash[_skipped_browser] = True


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if config.stash.get(_skipped_browser, False):
        terminalreporter.write_line(NO_CHROMIUM, yellow=True, bold=True)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    found = find_chromium()
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium not found: CI=true, so the browser tests must run", pytrace=False)
        pytest.skip(NO_CHROMIUM)
    return found


@pytest.fixture(scope="session")
def playwright(chromium_executable: str) -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright, chromium_executable: str) -> Iterator[Browser]:
    launched = playwright.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
    yield launched
    launched.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"koll serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"koll serve did not answer /healthz in time:\n{log.read_text()}")


@pytest.fixture(scope="session")
def server(chromium_executable: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`koll serve` on a free port with its own SQLite database, which it upgrades itself."""
    folder = tmp_path_factory.mktemp("server")
    port = _free_port()
    env = {
        **os.environ,
        "KOLL_DATABASE_URL": f"sqlite:///{folder / 'koll.sqlite3'}",
        "KOLL_QUESTIONNAIRES_DIR": str(QUESTIONNAIRES),
    }
    log = folder / "server.log"
    command = [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1"]
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, "--port", str(port)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, process, log)
        yield Server(url, env)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - a hung server
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def base_url(server: Server) -> str:
    return server.url


def koll(server: Server, *args: str) -> str:
    """Run a `koll` command against the server's database; its standard output."""
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=PROJECT_ROOT,
        env=server.env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout


def api(server: Server, method: str, path: str, token: str, body: object = None) -> Any:
    """Call the JSON API as an authority; the decoded answer."""
    request = urllib.request.Request(
        f"{server.url}{path}",
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


@pytest.fixture(scope="session")
def authority_token(server: Server) -> str:
    """A new authority (huvudman) account; its API token is the last line `koll` prints."""
    return koll(server, "authority", "create", "Provkommunen").strip().splitlines()[-1]


@pytest.fixture(scope="session")
def invitation_url(server: Server, authority_token: str) -> str:
    """A principal's invitation link: a school, and a round of the principal track."""
    api(
        server,
        "POST",
        "/api/v1/schools",
        authority_token,
        {"name": "Provskolan", "school_unit_code": "12345678"},
    )
    survey_round = api(
        server,
        "POST",
        "/api/v1/rounds",
        authority_token,
        {"name": "VT 2027, rektor", "questionnaire": "rektor"},
    )
    [invitation] = survey_round["invitations"]
    url: str = invitation["url"]
    return url


@pytest.fixture
def context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    """A fresh browser profile per test: a desktop window with JavaScript on (axe needs it)."""
    fresh = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    yield fresh
    fresh.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
