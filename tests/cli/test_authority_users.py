"""`koll authority add-user`, `list-users` and `remove-user`."""

from __future__ import annotations

import importlib
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from app.cli import main
from app.main import create_app
from app.platform.settings import Settings
from tests.support import Staff, csrf_of, new_authority, sign_in

# `app.cli.main` the module (the package exports its `main` function under the same name).
CLI = importlib.import_module("app.cli.main")


@pytest.fixture
def use_settings(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    # The commands read their settings through app.cli.main.
    monkeypatch.setattr(CLI, "get_settings", lambda: settings)
    return settings


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def test_a_user_from_the_command_line_to_the_signed_in_page(
    use_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    app = create_app(use_settings)
    try:
        account = new_authority(app, "Linköpings kommun")
        code, out, _ = run(capsys, "authority", "add-user", account.id, "Anna@Linkoping.se")
        assert code == 0
        link = out[-1]
        assert link.startswith("/authority/password/")
        assert any("KOLL_PUBLIC_URL is not set" in line for line in out)
        client = TestClient(app, follow_redirects=False)
        form = {
            "csrf": csrf_of(client.get(link).text),
            "password": "y" * 12,
            "password_repeat": "y" * 12,
        }
        assert client.post(link, data=form).status_code == 303
        sign_in(client, Staff("", "anna@linkoping.se", "y" * 12))
        code, out, _ = run(capsys, "authority", "list-users", account.id)
        assert code == 0
        [line] = out
        user_id, email, _created, state = line.split("\t")
        assert (email, state) == ("anna@linkoping.se", "password set")
        code, out, _ = run(capsys, "authority", "remove-user", user_id)
        assert code == 0
        assert client.get("/authority").status_code == 303
        assert run(capsys, "authority", "list-users", account.id)[1] == []
    finally:
        app.state.koll.db.close()


def test_the_link_is_absolute_with_a_public_url(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    public = replace(settings, public_url="https://koll.example.se")
    monkeypatch.setattr(CLI, "get_settings", lambda: public)
    app = create_app(public)
    try:
        account = new_authority(app, "Linköpings kommun")
        code, out, _ = run(capsys, "authority", "add-user", account.id, "anna@linkoping.se")
        assert code == 0
        assert out[-1].startswith("https://koll.example.se/authority/password/")
        assert not any("KOLL_PUBLIC_URL" in line for line in out)
    finally:
        app.state.koll.db.close()


def test_mistakes_are_refused(use_settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    app = create_app(use_settings)
    try:
        account = new_authority(app, "Linköpings kommun")
        assert run(capsys, "authority", "add-user", "nobody", "a@b.se")[0] == 1
        code, _, err = run(capsys, "authority", "add-user", account.id, "inte-en-adress")
        assert code == 2
        assert "not an e-mail address" in err
        assert run(capsys, "authority", "add-user", account.id, "a@b.se")[0] == 0
        code, _, err = run(capsys, "authority", "add-user", account.id, "A@B.se")
        assert code == 1
        assert "exists already" in err
        assert run(capsys, "authority", "remove-user", "nobody")[0] == 1
        assert run(capsys, "authority", "list-users", "nobody")[0] == 1
    finally:
        app.state.koll.db.close()
