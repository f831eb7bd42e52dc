"""The operator as the pages show it (the contact's link, Skolverket or not, what is missing),
and its settings at start: a contact neither e-mail nor http(s) refused, and the warning of
`koll serve` when the operator has not filled them in."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from app.about.operator import Operator, missing_settings
from app.cli import listening, main
from app.platform.settings import Settings, get_settings
from tests.support import QUESTIONNAIRES

NAME = "Linköpings kommun"
EMAIL = "tillganglighet@linkoping.se"


@pytest.mark.parametrize(
    ("contact", "href"),
    [
        ("kontakt@kommun.se", "mailto:kontakt@kommun.se"),
        ("https://kommun.se/kontakt", "https://kommun.se/kontakt"),
        ("HTTP://kommun.se", "HTTP://kommun.se"),
        # Not taken by the settings; passed in by hand it is still never a script link.
        ("javascript:alert(1)", "mailto:javascript:alert(1)"),
        (None, None),
    ],
)
def test_the_contact_links_as_mail_or_as_it_is(contact: str | None, href: str | None) -> None:
    assert Operator("Kommunen", contact).contact_href == href


def test_the_contact_is_cut_where_it_may_wrap() -> None:
    parts = Operator(None, "barn-och-utbildning@kommun.se").contact_parts
    assert parts == ["barn-", "och-", "utbildning@", "kommun.", "se"]
    assert Operator(None, None).contact_parts == []


@pytest.mark.parametrize(
    ("name", "is_skolverket"),
    [
        ("Skolverket", True),
        ("Statens skolverk", True),
        ("SKOLVERKET", True),
        ("Friskolverksamheten AB", False),
        ("Linköpings kommun", False),
        (None, False),
    ],
)
def test_skolverket_is_known_by_its_name(name: str | None, is_skolverket: bool) -> None:
    assert Operator(name, None).is_skolverket is is_skolverket


def test_missing_settings_names_the_variables() -> None:
    assert missing_settings(Settings()) == ["KOLL_OPERATOR_NAME", "KOLL_OPERATOR_CONTACT"]
    given = Settings(operator_name="Kommunen", operator_contact="a@kommun.se")
    assert missing_settings(given) == []
    assert Operator.of(given) == Operator("Kommunen", "a@kommun.se")


# At start -------------------------------------------------------------------------------------


@pytest.fixture
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """A clean environment for `koll`, with the settings read anew."""
    for name in ("KOLL_OPERATOR_NAME", "KOLL_OPERATOR_CONTACT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KOLL_QUESTIONNAIRES_DIR", str(QUESTIONNAIRES))
    monkeypatch.setenv("KOLL_DATABASE_URL", f"sqlite:///{tmp_path / 'koll.sqlite3'}")
    monkeypatch.setenv("KOLL_SECRET_KEY_FILE", str(tmp_path / "secret.key"))
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


@pytest.mark.parametrize(
    "contact",
    [
        "javascript:alert(1)",
        "ftp://example.se/kontakt",
        "kontakt",
        "https://",
        "kontakt@localhost",
        "https://example.se/en sida",
        "mailto:kontakt@example.se",
        "http://[",
    ],
)
def test_a_contact_neither_email_nor_web_address_stops_the_start(
    environment: pytest.MonkeyPatch, contact: str
) -> None:
    environment.setenv("KOLL_OPERATOR_CONTACT", contact)
    with pytest.raises(ValueError, match=r"^KOLL_OPERATOR_CONTACT must be an e-mail address"):
        main(["serve"])


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("  kontakt@linkoping.se ", "kontakt@linkoping.se"),
        ("förvaltning@håbo.se", "förvaltning@håbo.se"),
        ("HTTPS://www.linkoping.se/kontakt", "HTTPS://www.linkoping.se/kontakt"),
        ("http://intranat.kommun.se", "http://intranat.kommun.se"),
        ("", None),
        ("   ", None),
    ],
)
def test_an_email_or_web_address_is_taken(
    environment: pytest.MonkeyPatch, given: str, kept: str | None
) -> None:
    environment.setenv("KOLL_OPERATOR_CONTACT", given)
    environment.setenv("KOLL_OPERATOR_NAME", "  Håbo kommun ")
    settings = Settings.from_env()
    assert settings.operator_contact == kept
    assert settings.operator_name == "Håbo kommun"


def serve_output(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    """What `koll serve` writes to stderr before the server would start (it is not started:
    `koll serve` hands its uvicorn configuration to `app.cli.listening.serve`)."""
    started: list[str] = []

    def serve(config: uvicorn.Config) -> int:
        started.append(str(config.app))
        return 0

    monkeypatch.setattr(listening, "serve", serve)
    assert main(["serve"]) == 0
    assert started == ["app.main:create_app"]
    return capsys.readouterr().err


def test_serve_warns_once_when_the_operator_is_not_given(
    environment: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    err = serve_output(capsys, environment)
    warnings = [line for line in err.splitlines() if "KOLL_OPERATOR" in line]
    assert len(warnings) == 1
    assert warnings[0].endswith(
        " WARNING koll: KOLL_OPERATOR_NAME and KOLL_OPERATOR_CONTACT not set: every page says "
        "the operator has not filled this in"
    )


def test_the_warning_is_a_json_line_when_the_log_is_json(
    environment: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    environment.setenv("KOLL_LOG_FORMAT", "json")
    err = serve_output(capsys, environment)
    entries = [json.loads(line) for line in err.splitlines() if line.strip()]
    assert [e["level"] for e in entries if "KOLL_OPERATOR" in e["message"]] == ["warning"]


def test_serve_names_only_the_setting_that_is_missing(
    environment: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    environment.setenv("KOLL_OPERATOR_NAME", NAME)
    err = serve_output(capsys, environment)
    assert "WARNING koll: KOLL_OPERATOR_CONTACT not set" in err
    assert "KOLL_OPERATOR_NAME" not in err


def test_serve_is_quiet_about_an_operator_who_is_given(
    environment: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    environment.setenv("KOLL_OPERATOR_NAME", NAME)
    environment.setenv("KOLL_OPERATOR_CONTACT", EMAIL)
    assert "KOLL_OPERATOR" not in serve_output(capsys, environment)
