"""/om and /tillganglighet, with and without the operator's settings, and the operator in the
footer of every kind of page, error pages included (start-up: test_operator.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.core.questionnaires import Questionnaire
from app.main import create_app
from app.platform.settings import Settings
from tests.support import (
    add_school,
    all_answers,
    invitation_path,
    new_authority,
    start_round,
)

NAME = "Linköpings kommun"
EMAIL = "tillganglighet@linkoping.se"
MISSING = "Uppgift saknas: driftansvarig har inte angett"
SKOLVERKET = "https://www.skolverket.se/"
SUPPORT = f"{SKOLVERKET}skolutveckling/inspiration-och-stod-i-arbetet/stod-i-arbetet/"
# The public pages of Skolverket the service points to, and no others.
PUBLIC_PAGES = {
    f"{SUPPORT}koll-pa-larares-avlastningsbehov",
    f"{SUPPORT}koll-pa-kompetens",
    f"{SKOLVERKET}skolutveckling/leda-och-organisera-skolan/leda-personal/"
    "avlasta-larare-med-lararassistenter-och-andra-kompletterande-kompetenser",
    f"{SKOLVERKET}skolutveckling/leda-och-organisera-skolan/leda-personal/"
    "strategisk-kompetensforsorjning",
    f"{SKOLVERKET}om-oss/press/pressmeddelanden/pressmeddelanden/"
    "2020-02-25-sa-kan-larare-fa-mer-tid-till-karnuppdraget",
}


def footer(html: str) -> str:
    return html[html.index("<footer") :]


@contextmanager
def operated(settings: Settings, name: str | None, contact: str | None) -> Iterator[TestClient]:
    with TestClient(
        create_app(replace(settings, operator_name=name, operator_contact=contact)),
        follow_redirects=False,
    ) as client:
        yield client


@pytest.fixture
def with_operator(settings: Settings) -> Iterator[TestClient]:
    with operated(settings, NAME, EMAIL) as client:
        yield client


# The pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/om", "/tillganglighet"])
def test_without_the_settings_the_pages_say_what_is_missing(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    main_part = page.text[: page.text.index("<footer")]
    assert f"{MISSING} vem som" in main_part
    assert f"{MISSING} någon kontaktväg" in main_part
    assert "mailto:" not in page.text
    assert f"{MISSING} vem som driver tjänsten" in footer(page.text)


def test_about_names_the_operator_the_sources_and_what_is_kept(with_operator: TestClient) -> None:
    page = with_operator.get("/om").text
    assert f"Tjänsten drivs av {NAME}." in page
    assert f"{NAME}, inte Skolverket, som ansvarar" in page
    assert MISSING not in page
    assert f'href="{SUPPORT}koll-pa-larares-avlastningsbehov"' in page
    for fact in ("IP-adresser", "kakor", "allmän handling", "offentlighetsprincipen"):
        assert fact in page
    assert "Alla som har länken kan se" in page
    assert f"Det är {NAME} som bestämmer hur länge" in page


def test_about_links_only_the_public_support_pages(with_operator: TestClient) -> None:
    page = with_operator.get("/om").text
    outside = {link.split('"', 1)[0] for link in page.split('href="')[1:]}
    outside = {link for link in outside if link.startswith("http")}
    assert outside == PUBLIC_PAGES


def test_when_skolverket_runs_it_the_pages_do_not_deny_it(settings: Settings) -> None:
    with operated(settings, "Skolverket", "https://www.skolverket.se/kontakt") as client:
        page = client.get("/om").text
        assert "Tjänsten drivs av Skolverket." in page
        assert "inte Skolverket" not in page and "inte Skolverkets egen" not in page


def test_a_name_that_only_contains_skolverk_is_not_skolverket(settings: Settings) -> None:
    with operated(settings, "Friskolverksamheten AB", None) as client:
        assert "Friskolverksamheten AB, inte Skolverket" in client.get("/om").text


def test_the_statement_names_the_operator_and_links_the_contact(
    with_operator: TestClient,
) -> None:
    page = with_operator.get("/tillganglighet").text
    assert f"{NAME} står bakom Koll på lärares avlastningsbehov" in page
    main_part = page[: page.index("<footer")]
    assert main_part.count(f'href="mailto:{EMAIL}"') == 2
    assert "(2018:1937)" in page and "Digg" in page
    assert "[" not in main_part  # no placeholder of Digg's template is left


# The footer -----------------------------------------------------------------------------------


def every_kind_of_page(client: TestClient, rektor: Questionnaire) -> dict[str, Any]:
    """Each kind of page a visitor can meet, by name: its response."""
    account = new_authority(client.app, "Provkommunen")  # type: ignore[arg-type]
    school = add_school(client, account, "Provskolan", "12345678")
    invitation = invitation_path(start_round(client, account), school["id"])
    answers = {k: str(v) for k, v in all_answers(rektor, 2).items()}
    result = client.post("/check/rektor", data=answers).headers["location"]
    return {
        "start": client.get("/"),
        "form": client.get("/check/rektor"),
        "form-422": client.post("/check/rektor", data={}),
        "result": client.get(result),
        "invitation": client.get(invitation),
        "about": client.get("/om"),
        "statement": client.get("/tillganglighet"),
        "not-found": client.get("/finns-inte"),
        "unknown-result": client.get("/results/finns-inte"),
        "refused-by-the-guard": client.get("/check/%00"),
        "too-large": client.post("/check/rektor", data={"x": "y" * 70_000}),
    }


def test_every_page_names_the_operator_and_links_the_two_pages(
    with_operator: TestClient, rektor: Questionnaire
) -> None:
    pages = every_kind_of_page(with_operator, rektor)
    assert {name: page.status_code for name, page in pages.items()} == {
        **dict.fromkeys(["start", "form", "result", "invitation", "about", "statement"], 200),
        "form-422": 422,
        **dict.fromkeys(["not-found", "unknown-result", "refused-by-the-guard"], 404),
        "too-large": 413,
    }
    for name, page in pages.items():
        bottom = footer(page.text)
        assert f"Tjänsten drivs av {NAME}." in bottom, name
        assert f'<a href="mailto:{EMAIL}">' in bottom, name
        assert '<a href="/om">Om tjänsten</a>' in bottom, name
        assert '<a href="/tillganglighet">Tillgänglighetsredogörelse</a>' in bottom, name
        assert MISSING not in bottom, name


def test_without_the_settings_every_footer_says_so(
    client: TestClient, rektor: Questionnaire
) -> None:
    for name, page in every_kind_of_page(client, rektor).items():
        bottom = footer(page.text)
        assert f"{MISSING} vem som driver tjänsten." in bottom, name
        assert f"{MISSING} någon kontaktväg." in bottom, name
        assert '<a href="/om">Om tjänsten</a>' in bottom, name


def test_a_web_address_is_linked_as_it_is(settings: Settings) -> None:
    contact = "https://www.linkoping.se/kontakt?amne=koll&sida=1"
    with operated(settings, NAME, contact) as client:
        bottom = footer(client.get("/").text)
        # As it is (escaped for HTML), and breakable after its slashes on a narrow screen.
        assert '<a href="https://www.linkoping.se/kontakt?amne=koll&amp;sida=1">' in bottom
        assert "https:/<wbr>/<wbr>www.<wbr>linkoping.<wbr>se/<wbr>kontakt?<wbr>" in bottom
        assert "mailto:" not in bottom


def test_the_operator_settings_are_escaped(settings: Settings) -> None:
    name = '<script>alert(1)</script> & "Co"'
    contact = 'https://example.se/"><script>alert(2)</script>'
    with operated(settings, name, contact) as client:
        for path in ("/", "/om", "/tillganglighet", "/finns-inte"):
            html = client.get(path).text
            assert "<script" not in html, path
            assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Co&#34;" in html, path
            assert 'href="https://example.se/&#34;&gt;&lt;script&gt;alert(2)' in html, path


def test_the_pages_have_no_inline_script_or_style(with_operator: TestClient) -> None:
    for path in ("/om", "/tillganglighet"):
        html = with_operator.get(path).text
        assert "<script" not in html and "style=" not in html and "<style" not in html
