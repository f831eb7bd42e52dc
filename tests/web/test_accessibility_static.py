"""Accessibility facts checked without a browser: page weight, no outside resources, page titles,
labelled radios, and the contrast of the chart's colours. The browser tests are tests/browser/."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from app.core.questionnaires import Questionnaire
from app.main import create_app
from app.platform import migrate
from app.platform.settings import Settings
from app.selfcheck import chart
from app.web import plotting
from tests.support import QUESTIONNAIRES, all_answers

MAX_PAGE_BYTES = 60_000  # HTML and CSS of one page
SITE = "Koll på lärares avlastningsbehov"


class PageParser(HTMLParser):
    """The title, stylesheets, outside references, and each radio with the label around it."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.stylesheets: list[str] = []
        self.resources: list[str] = []  # src of anything, href of <link>
        self.radios: list[str] = []  # the text of the label each radio is in ("" if none)
        self._in_title = False
        self._label_depth = 0
        self._label_text: list[str] = []
        self._label_radios = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "title":
            self._in_title = True
        if tag == "link":
            self.resources.append(attributes.get("href") or "")
            if attributes.get("rel") == "stylesheet":
                self.stylesheets.append(attributes.get("href") or "")
        if "src" in attributes:
            self.resources.append(attributes["src"] or "")
        if tag == "label":
            self._label_depth += 1
            self._label_text = []
            self._label_radios = 0
        if tag == "input" and attributes.get("type") == "radio":
            if self._label_depth:
                self._label_radios += 1
            else:
                self.radios.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "label" and self._label_depth:
            self._label_depth -= 1
            text = " ".join("".join(self._label_text).split())
            self.radios.extend([text] * self._label_radios)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._label_depth:
            self._label_text.append(data)


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


@dataclass(frozen=True)
class Site:
    pages: dict[str, str]  # every page a respondent meets, by name: its HTML
    files: dict[str, bytes]  # the stylesheets they link to, by path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, rektor: Questionnaire) -> Site:
    """The pages once, from an app on SQLite: what is checked here does not depend on storage."""
    database = tmp_path_factory.mktemp("static") / "koll.sqlite3"
    settings = Settings(database_url=f"sqlite:///{database}", questionnaires_dir=QUESTIONNAIRES)
    migrate.upgrade(settings)
    with TestClient(create_app(settings), follow_redirects=False) as client:
        result = client.post("/check/rektor", data={k: "2" for k in all_answers(rektor, 2)})
        missing = client.post("/check/rektor", data={rektor.statements[0].id: "4"})
        assert missing.status_code == 422
        not_found = client.get("/finns-inte")
        assert not_found.status_code == 404
        pages = {
            "start": client.get("/").text,
            "rektor-form": client.get("/check/rektor").text,
            "huvudman-form": client.get("/check/huvudman").text,
            "rektor-422": missing.text,
            "results": client.get(result.headers["location"]).text,
            "not-found": not_found.text,
            "about": client.get("/om").text,
            "statement": client.get("/tillganglighet").text,
        }
        linked = {href for html in pages.values() for href in parse(html).stylesheets}
        files = {href: client.get(href).content for href in linked}
    return Site(pages, files)


def test_every_page_with_its_css_weighs_under_60_kb(site: Site) -> None:
    for name, html in site.pages.items():
        stylesheets = parse(html).stylesheets
        assert stylesheets, name
        weight = len(html.encode()) + sum(len(site.files[href]) for href in stylesheets)
        assert weight < MAX_PAGE_BYTES, f"{name}: {weight} bytes of HTML and CSS"


def test_pages_load_nothing_from_outside(site: Site) -> None:
    for name, html in site.pages.items():
        for resource in parse(html).resources:
            assert resource.startswith("/") and not resource.startswith("//"), (name, resource)
        assert "<script" not in html, name
    for css in site.files.values():
        assert b"@import" not in css and b"url(" not in css


def test_titles_say_where_you_are(site: Site) -> None:
    titles = {name: parse(html).title for name, html in site.pages.items()}
    assert titles == {
        "start": f"Välj självskattning – {SITE}",
        "rektor-form": f"Självskattning för rektor – {SITE}",
        "huvudman-form": f"Självskattning för huvudman – {SITE}",
        "rektor-422": f"Fel: Självskattning för rektor – {SITE}",
        "results": f"Resultat – Självskattning för rektor – {SITE}",
        "not-found": f"Sidan finns inte – {SITE}",
        "about": f"Om tjänsten – {SITE}",
        "statement": f"Tillgänglighetsredogörelse – {SITE}",
    }
    for html in site.pages.values():
        assert html.startswith('<!doctype html>\n<html lang="sv">')


@pytest.mark.parametrize("name", ["rektor-form", "huvudman-form", "rektor-422"])
def test_every_radio_is_inside_its_label(site: Site, name: str) -> None:
    radios = parse(site.pages[name]).radios
    assert radios and all(radios), [i for i, text in enumerate(radios) if not text]


def test_the_error_summary_takes_focus_and_links_to_focusable_statements(site: Site) -> None:
    html = site.pages["rektor-422"]
    summary = re.search(r'<div class="error-summary"[^>]*>', html)
    assert summary and "autofocus" in summary.group() and 'tabindex="-1"' in summary.group()
    for target in re.findall(r'<a href="#(q-[^"]+)"', html):
        assert re.search(rf'<fieldset [^>]*id="{target}" tabindex="-1"', html), target


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """The WCAG 2.1 contrast ratio of two #rrggbb colours."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_ratio_matches_known_values() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54


@pytest.mark.parametrize("band", plotting.BAND_COLOURS)
def test_chart_text_and_bars_keep_their_contrast_on_every_level_band(band: str) -> None:
    assert contrast(plotting.TEXT_COLOUR, band) >= 4.5  # text (WCAG 1.4.3)
    assert contrast(chart.BAR_COLOUR, band) >= 3  # the bars, graphics (WCAG 1.4.11)


def test_chart_bars_and_text_stand_out_on_white() -> None:
    assert contrast(chart.BAR_COLOUR, "#ffffff") >= 3
    assert contrast(plotting.TEXT_COLOUR, "#ffffff") >= 4.5
