"""Questionnaire versions while the service runs: v2 arrives, a broken v3 is refused, an
answered v1 cannot be changed, and a v1 result survives its file being deleted."""

from __future__ import annotations

import re
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.core.questionnaires import questionnaire_files
from app.main import create_app
from app.platform.settings import Settings
from tests.support import QUESTIONNAIRES

V1 = QUESTIONNAIRES / "rektor" / "v1.yaml"
NEW_STATEMENT = "Vi har avsatt tid i kalendern för alla fyra workshoppar."
REWORDED = "Vi har förankrat syftet och målen med inventeringen hos huvudmannen."


def distinct_urls(text: str) -> str:
    """v1 repeats material URLs, which only the versions shipped before the rule may: a
    version made from it points each repeat at a section of the page instead."""
    seen: list[str] = []

    def section(match: re.Match[str]) -> str:
        url = match.group(1)
        kept = url if url not in seen else f"{url}#avsnitt-{len(seen)}"
        seen.append(url)
        return f"url: {kept}"

    return re.sub(r"url: (\S+)", section, text)


def v2_text() -> str:
    """v1 with one statement reworded and one added: what an admin would do."""
    text = V1.read_text(encoding="utf-8").replace("version: 1", "version: 2", 1)
    text = distinct_urls(text)
    original = (
        "Vi har diskuterat och förankrat syftet och målen med inventeringen hos vår huvudman."
    )
    assert original in text
    text = text.replace(original, REWORDED)
    anchor = "      - id: tidsplan\n"
    assert anchor in text
    added = f"      - id: workshoppar-i-kalendern\n        text: {NEW_STATEMENT}\n"
    return text.replace(anchor, added + anchor, 1)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "questionnaires"
    (target / "rektor").mkdir(parents=True)
    shutil.copy(V1, target / "rektor" / "v1.yaml")
    return target


@pytest.fixture
def client(settings: Settings, folder: Path) -> Iterator[TestClient]:
    app = create_app(replace(settings, questionnaires_dir=folder, reload_interval=0))
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def reload(client: TestClient) -> None:
    client.app.state.reloader.poll()  # type: ignore[attr-defined]


def answer(client: TestClient) -> dict:  # type: ignore[type-arg]
    questionnaire = client.get("/api/v1/questionnaires/rektor").json()
    answers = {s["id"]: 2 for a in questionnaire["areas"] for s in a["statements"]}
    response = client.post(
        "/api/v1/responses", json={"questionnaire": "rektor", "answers": answers}
    )
    assert response.status_code == 201
    return response.json()


def test_a_new_version_is_served_and_old_results_keep_their_own(
    client: TestClient, folder: Path
) -> None:
    first = answer(client)
    old_page = client.get(f"/results/{first['id']}").text
    (folder / "rektor" / "v2.yaml").write_text(v2_text(), encoding="utf-8")
    reload(client)

    listed = client.get("/api/v1/questionnaires").json()["questionnaires"]
    assert [(q["id"], q["version"]) for q in listed] == [("rektor", 2)]
    form = client.get("/check/rektor").text
    assert NEW_STATEMENT in form and REWORDED in form
    second = answer(client)
    assert second["questionnaire"] == {"id": "rektor", "version": 2}

    again = client.get(f"/api/v1/responses/{first['id']}").json()
    assert again["questionnaire"] == {"id": "rektor", "version": 1}
    assert again == first
    fresh = create_app(client.app.state.koll.settings)  # type: ignore[attr-defined]
    with TestClient(fresh) as other:  # nothing cached: rendered from storage
        page = other.get(f"/results/{first['id']}").text
    assert REWORDED not in page and NEW_STATEMENT not in page
    assert page == old_page


def test_a_broken_file_is_refused_with_its_line_and_the_last_good_set_is_served(
    client: TestClient, folder: Path
) -> None:
    (folder / "rektor" / "v2.yaml").write_text(v2_text(), encoding="utf-8")
    reload(client)
    broken = v2_text().replace("version: 2", "version: 3", 1).replace("weight: 1", "weight: 0")
    broken = broken.replace("audience: principal", "audience: principal\nowner: nobody", 1)
    (folder / "rektor" / "v3.yaml").write_text(broken, encoding="utf-8")
    reload(client)

    assert client.get("/api/v1/questionnaires/rektor").json()["version"] == 2
    ready = client.get("/readyz")
    assert ready.status_code == 200
    problems = ready.json()["questionnaire_problems"]
    assert any(
        p.startswith(f"{folder / 'rektor' / 'v3.yaml'}:10:1: unknown field 'owner'")
        for p in problems
    ), problems
    assert NEW_STATEMENT in client.get("/check/rektor").text

    (folder / "rektor" / "v3.yaml").unlink()
    reload(client)
    assert client.get("/readyz").json()["questionnaire_problems"] == []


def test_changing_an_answered_version_is_refused(client: TestClient, folder: Path) -> None:
    answered = answer(client)
    before = client.get("/api/v1/questionnaires/rektor").json()
    v1 = folder / "rektor" / "v1.yaml"
    v1.write_text(
        v1.read_text(encoding="utf-8").replace("Stämmer helt", "Stämmer precis"), encoding="utf-8"
    )
    reload(client)

    problems = client.get("/readyz").json()["questionnaire_problems"]
    assert len(problems) == 1
    assert (
        "already has responses" in problems[0] and "add a new version (version: 2)" in problems[0]
    )
    assert client.get("/api/v1/questionnaires/rektor").json() == before
    assert "Stämmer precis" not in client.get("/check/rektor").text
    assert client.get(f"/api/v1/responses/{answered['id']}").status_code == 200


def test_comments_and_formatting_may_change_in_an_answered_version(
    client: TestClient, folder: Path
) -> None:
    answer(client)
    v1 = folder / "rektor" / "v1.yaml"
    v1.write_text(
        "# Reviewed in November.\n" + v1.read_text(encoding="utf-8").replace("\n\n", "\n"),
        encoding="utf-8",
    )
    reload(client)
    assert client.get("/readyz").json()["questionnaire_problems"] == []


def test_an_unanswered_version_may_still_be_edited(client: TestClient, folder: Path) -> None:
    v1 = folder / "rektor" / "v1.yaml"
    v1.write_text(
        v1.read_text(encoding="utf-8").replace("Stämmer helt", "Stämmer precis"), encoding="utf-8"
    )
    reload(client)
    assert client.get("/readyz").json()["questionnaire_problems"] == []
    assert "Stämmer precis" in client.get("/check/rektor").text


def test_a_result_renders_after_its_file_is_deleted(client: TestClient, folder: Path) -> None:
    first = answer(client)
    (folder / "rektor" / "v2.yaml").write_text(v2_text(), encoding="utf-8")
    reload(client)
    (folder / "rektor" / "v1.yaml").unlink()
    reload(client)
    fresh = create_app(client.app.state.koll.settings)  # type: ignore[attr-defined]
    with TestClient(fresh) as other:
        assert other.get(f"/api/v1/responses/{first['id']}").json() == first
        assert other.get(f"/results/{first['id']}").status_code == 200
        assert other.get(f"/results/{first['id']}/chart.svg").status_code == 200
        stored_v1 = other.get("/api/v1/questionnaires/rektor?version=1")
        assert stored_v1.status_code == 200 and stored_v1.json()["version"] == 1
        versions = other.get("/api/v1/questionnaires/rektor/versions").json()["versions"]
    assert [(v["version"], v["current"], v["served"], v["in_use"]) for v in versions] == [
        (1, False, False, True),
        (2, True, True, False),
    ]


def test_unknown_versions_are_404(client: TestClient) -> None:
    assert client.get("/api/v1/questionnaires/rektor?version=7").status_code == 404
    assert client.get("/api/v1/questionnaires/finns-inte/versions").status_code == 404


def test_the_folder_is_polled_while_the_service_runs(settings: Settings, folder: Path) -> None:
    app = create_app(replace(settings, questionnaires_dir=folder, reload_interval=0.1))
    with TestClient(app) as client:
        (folder / "rektor" / "v2.yaml").write_text(v2_text(), encoding="utf-8")
        deadline = time.monotonic() + 10
        while client.get("/api/v1/questionnaires/rektor").json()["version"] != 2:
            assert time.monotonic() < deadline, "v2 was not picked up"
            time.sleep(0.05)


def test_requests_keep_succeeding_during_reloads(client: TestClient, folder: Path) -> None:
    v2 = folder / "rektor" / "v2.yaml"
    v2.write_text(v2_text(), encoding="utf-8")
    reload(client)
    statuses: list[int] = []
    done = threading.Event()

    def visitor() -> None:
        while not done.is_set():
            statuses.append(client.get("/check/rektor").status_code)
            statuses.append(client.get("/api/v1/questionnaires/rektor").status_code)

    thread = threading.Thread(target=visitor)
    thread.start()
    try:
        for round_number in range(10):
            v2.write_text(
                v2_text().replace("title: ", f"title: R{round_number} ", 1), encoding="utf-8"
            )
            reload(client)
    finally:
        done.set()
        thread.join(timeout=30)
    assert statuses and set(statuses) == {200}


# Hostile files ------------------------------------------------------------------------------

BOMB = "".join(
    f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * 9) if i else 'lol'}]\n" for i in range(10)
)


def hostile_v2(kind: str) -> bytes:
    """v2 as someone careless or malicious might write it; what each must be refused for."""
    v2 = v2_text()
    if kind == "alias-bomb":
        return (v2 + BOMB).encode()
    if kind == "deep-nesting":
        return v2.replace("title: ", "intro: " + "[" * 250 + "]" * 250 + "\ntitle: ", 1).encode()
    if kind == "not-utf8":
        return (
            v2.replace("title: ", "title: Ny", 1).encode().replace(b"Ny", "Ny ö".encode("latin-1"))
        )
    raise AssertionError(kind)


@pytest.mark.parametrize(
    ("kind", "phrase"),
    [
        ("alias-bomb", "YAML aliases (*x0) are not allowed"),
        ("deep-nesting", "nested more than 20 levels deep"),
        ("not-utf8", "not UTF-8: byte 0xf6"),
    ],
)
def test_a_hostile_file_is_refused_on_readyz_while_the_last_good_set_is_served(
    client: TestClient, folder: Path, kind: str, phrase: str
) -> None:
    hostile = folder / "rektor" / "v2.yaml"
    hostile.write_bytes(hostile_v2(kind))
    reload(client)

    ready = client.get("/readyz")
    assert ready.status_code == 200
    [problem] = ready.json()["questionnaire_problems"]
    assert problem.startswith(f"{hostile}:") and phrase in problem, problem
    assert client.get("/api/v1/questionnaires/rektor").json()["version"] == 1
    assert client.get("/check/rektor").status_code == 200
    answer(client)


def test_a_file_over_the_size_limit_is_refused_unread(settings: Settings, folder: Path) -> None:
    limited = replace(settings, questionnaires_dir=folder, reload_interval=0)
    limited = replace(limited, questionnaire_max_bytes=V1.stat().st_size + 100)
    with TestClient(create_app(limited)) as client:
        huge = folder / "rektor" / "v2.yaml"
        with huge.open("wb") as sparse:  # 50 MB on paper; the reloader must not read it
            sparse.truncate(50 * 1024 * 1024)
        reload(client)
        [problem] = client.get("/readyz").json()["questionnaire_problems"]
        assert problem.startswith(f"{huge}:1:1: the file is 52,428,800 bytes; ")
        assert f"at most {limited.questionnaire_max_bytes:,} bytes" in problem
        assert client.get("/check/rektor").status_code == 200


def nested_folders(parent: Path, depth: int) -> list[Path]:
    folders = [parent / "djup"]
    for _ in range(depth - 1):
        folders.append(folders[-1] / "d")
    for path in folders:
        path.mkdir()
    return folders


def test_any_failure_to_reload_is_listed_on_readyz_and_cleared_once_it_is_over(
    client: TestClient, folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Python's own folder listing recurses: a folder nested 1,100 deep cannot be listed.
    folders = nested_folders(folder, 1_100)
    try:
        try:
            questionnaire_files([folder])
        except RecursionError:
            pass
        else:
            pytest.skip("this Python lists deeply nested folders without recursing")
        reload(client)
        ready = client.get("/readyz")
        assert ready.status_code == 200
        [problem] = ready.json()["questionnaire_problems"]
        assert problem.startswith(f"questionnaires in {folder} not reloaded, the previous ")
        assert "RecursionError" in problem
        assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [
            f"questionnaire reload failed: {problem}"
        ]
        assert client.get("/check/rektor").status_code == 200
        # A reload asked for (SIGHUP) fails the same way, and raises nothing either.
        assert client.app.state.reloader.reload() is False  # type: ignore[attr-defined]
        assert client.get("/readyz").json()["questionnaire_problems"] == [problem]
    finally:
        for path in reversed(folders):
            path.rmdir()
    reload(client)
    assert client.get("/readyz").json()["questionnaire_problems"] == []


def test_a_database_that_cannot_be_read_is_named_on_readyz(tmp_path: Path, folder: Path) -> None:
    # A database file without its tables: reachable, but the stored versions cannot be read.
    empty = Settings(
        database_url=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        questionnaires_dir=folder,
        reload_interval=0,
    )
    with TestClient(create_app(empty)) as client:
        [problem] = client.get("/readyz").json()["questionnaire_problems"]
    assert problem == (
        f"questionnaires in {folder} not reloaded: the versions that have responses could not "
        "be read from the database (OperationalError); trying again at the next look"
    )
