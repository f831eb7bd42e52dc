"""The Swedish pages: choosing a track, the form, the 422 re-render, results and charts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.core.questionnaires import Questionnaire
from app.main import create_app
from app.platform.settings import Settings
from tests.support import ACTIVITIES_YAML, MINIMAL_YAML, all_answers, stored_responses


class FormParser(HTMLParser):
    """Collects fieldsets with their radio inputs, and links, from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.fieldsets: list[str] = []
        self.radios: dict[str, list[tuple[str, bool]]] = {}
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "fieldset":
            self.fieldsets.append(attributes["id"] or "")
        elif tag == "input" and attributes.get("type") == "radio":
            name = attributes["name"] or ""
            self.radios.setdefault(name, []).append(
                (attributes["value"] or "", "checked" in attributes)
            )
        elif tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"] or "")


def parse(html: str) -> FormParser:
    parser = FormParser()
    parser.feed(html)
    return parser


def test_start_page_offers_both_tracks(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="sv">' in page.text
    links = parse(page.text).links
    assert "/check/rektor" in links and "/check/huvudman" in links
    assert links.index("/check/rektor") < links.index("/check/huvudman")


@pytest.mark.parametrize("questionnaire_id", ["rektor", "huvudman"])
def test_form_has_a_fieldset_and_radio_group_per_statement(
    client: TestClient, catalog, questionnaire_id: str
) -> None:  # type: ignore[no-untyped-def]
    questionnaire: Questionnaire = catalog.current(questionnaire_id).questionnaire
    page = client.get(f"/check/{questionnaire_id}")
    assert page.status_code == 200
    form = parse(page.text)
    ids = [s.id for s in questionnaire.statements]
    assert len(form.fieldsets) == len(ids)
    assert all(
        statement_id in fieldset for statement_id, fieldset in zip(ids, form.fieldsets, strict=True)
    )
    expected_values = [str(o.value) for o in questionnaire.scale.options] + ["dont_know"]
    assert {name: [v for v, _ in values] for name, values in form.radios.items()} == dict.fromkeys(
        ids, expected_values
    )
    assert page.text.count("<legend>") == len(ids)


def test_complete_post_redirects_to_a_stored_result(
    client: TestClient, rektor: Questionnaire
) -> None:
    response = client.post(
        "/check/rektor", data={k: str(v) for k, v in all_answers(rektor, 3).items()}
    )
    assert response.status_code == 303
    location = response.headers["location"]
    assert re.fullmatch(r"/results/[A-Za-z0-9_-]{22,}", location)
    assert stored_responses(client) == 1
    page = client.get(location)
    assert page.status_code == 200
    for area in rektor.areas:
        assert area.title in page.text
    assert f'src="{location}/chart.svg"' in page.text
    assert 'alt="Stapeldiagram' in page.text
    assert "<table>" in page.text


def test_results_page_lists_weak_areas_first_with_material(
    client: TestClient, rektor: Questionnaire
) -> None:
    location = client.post("/check/rektor", data={k: "1" for k in all_answers(rektor, 1)}).headers[
        "location"
    ]
    page = client.get(location).text
    weak_section = page.index("Områden att arbeta vidare med")
    material_section = page.index("Stödmaterial")
    table = page.index("<table>")
    assert weak_section < material_section < table
    first_weak = rektor.areas[0].title
    assert page.index(first_weak, weak_section) < material_section
    assert (
        'href="https://www.skolverket.se/' in page.text
        if hasattr(page, "text")
        else 'href="https://www.skolverket.se/' in page
    )


def test_missing_answers_rerender_the_form_with_422(
    client: TestClient, rektor: Questionnaire
) -> None:
    ids = [s.id for s in rektor.statements]
    given = {ids[0]: "4", ids[2]: "dont_know"}
    response = client.post("/check/rektor", data=given)
    assert response.status_code == 422
    form = parse(response.text)
    checked = {name: value for name, values in form.radios.items() for value, on in values if on}
    assert checked == given
    summary = response.text[: response.text.index("<form")]
    assert 'class="error-summary"' in summary
    summary_links = [link for link in form.links if link.startswith("#q-")]
    missing = [i for i in ids if i not in given]
    assert summary_links == [f"#q-{i}" for i in missing]
    for link in summary_links:
        assert f'id="{link[1:]}"' in response.text
    assert response.text.count('class="statement has-error"') == len(missing)
    assert "<title>Fel:" in response.text
    assert stored_responses(client) == 0


def test_a_value_off_the_scale_is_shown_as_an_error(
    client: TestClient, rektor: Questionnaire
) -> None:
    data = {k: "3" for k in all_answers(rektor, 3)}
    first = rektor.statements[0].id
    data[first] = "9"
    response = client.post("/check/rektor", data=data)
    assert response.status_code == 422
    assert [link for link in parse(response.text).links if link.startswith("#q-")] == [
        f"#q-{first}"
    ]
    assert stored_responses(client) == 0


def test_unknown_questionnaire_and_result_are_swedish_404_pages(client: TestClient) -> None:
    for path in ("/check/finns-inte", "/results/finns-inte", "/results/finns-inte/chart.svg"):
        page = client.get(path)
        assert page.status_code == 404
    page = client.get("/check/finns-inte")
    assert "Sidan finns inte" in page.text and page.headers["content-type"].startswith("text/html")


def test_form_post_over_64_kib_is_413(client: TestClient) -> None:
    response = client.post("/check/rektor", data={"x": "y" * 70_000})
    assert response.status_code == 413
    assert "För stor förfrågan" in response.text
    assert stored_responses(client) == 0


def test_charts_are_svg_and_png_and_the_same_bytes_each_time(
    client: TestClient, rektor: Questionnaire
) -> None:
    location = client.post("/check/rektor", data={k: "2" for k in all_answers(rektor, 2)}).headers[
        "location"
    ]
    svg = client.get(f"{location}/chart.svg")
    png = client.get(f"{location}/chart.png")
    assert svg.headers["content-type"] == "image/svg+xml"
    assert svg.content.lstrip().startswith(b"<?xml") and b"<svg" in svg.content
    assert png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert svg.headers["cache-control"] == "private, max-age=31536000, immutable"
    # A second app has empty caches: it renders the same chart anew.
    other = create_app(client.app.state.koll.settings)  # type: ignore[attr-defined]
    with TestClient(other) as second:
        assert second.get(f"{location}/chart.svg").content == svg.content
        assert second.get(f"{location}/chart.png").content == png.content


@pytest.mark.parametrize(
    "path", ["/", "/check/rektor", "/check/finns-inte", "/api/v1/questionnaires"]
)
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "script-src" not in csp or "'unsafe-inline'" not in csp
    assert "default-src 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def test_pages_have_no_inline_script_or_style(client: TestClient, rektor: Questionnaire) -> None:
    location = client.post("/check/rektor", data={k: "2" for k in all_answers(rektor, 2)}).headers[
        "location"
    ]
    for path in ("/", "/check/rektor", location):
        html = client.get(path).text
        assert "<script" not in html and "style=" not in html and "<style" not in html


def test_questionnaire_text_is_escaped(tmp_path: Path, settings: Settings) -> None:
    folder = tmp_path / "q"
    folder.mkdir()
    hostile = MINIMAL_YAML.replace(
        "text: Vi har en plan.", "text: '<script>alert(1)</script> & <b>'"
    )
    (folder / "prov.yaml").write_text(hostile)
    with TestClient(
        create_app(replace(settings, questionnaires_dir=folder)), follow_redirects=False
    ) as client:
        form = client.get("/check/prov").text
        assert "<script>" not in form
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;" in form
        location = client.post(
            "/check/prov", data={"p1": "1", "p2": "1", "s1": "1", "s2": "1"}
        ).headers["location"]
        assert "<script>" not in client.get(location).text


def test_the_form_says_what_is_kept_and_who_can_see_the_result(client: TestClient) -> None:
    page = client.get("/check/rektor").text
    sharing = page.index('<h2 id="sharing">Vem ser svaren?</h2>')
    assert sharing < page.index("<fieldset")
    said = " ".join(page[sharing : page.index("<form")].split())
    assert "Inga namn eller andra personuppgifter sparas." in said
    assert "alla som har länken kan se resultatet" in said
    assert "inbjudan" not in said


def test_result_page_shows_the_overall_level_and_the_answers_in_weak_areas(
    tmp_path: Path, settings: Settings
) -> None:
    folder = tmp_path / "q"
    folder.mkdir()
    described = MINIMAL_YAML.replace(
        "{id: low, label: Behöver utvecklas, min: 0, weak: true}",
        "{id: low, label: Behöver utvecklas, min: 0, weak: true, description: Mycket att göra.}",
    )
    (folder / "prov.yaml").write_text(described)
    # plan: p1 = 2 (n 0.5), p2 = 1 (n 0): 100 × (0.5 + 3·0) / 4 = 12.5 → low.
    # samverkan: s1 dont_know, s2 = 3 reversed (n 0): 0 → low. Overall 6.25 → low.
    # Weak areas lowest first: samverkan, plan. Answers lowest first: samverkan s2, then s1
    # (dont_know last); plan p2, then p1.
    with TestClient(
        create_app(replace(settings, questionnaires_dir=folder)), follow_redirects=False
    ) as client:
        location = client.post(
            "/check/prov", data={"p1": "2", "p2": "1", "s1": "dont_know", "s2": "3"}
        ).headers["location"]
        page = client.get(location).text
    overall = page[page.index('<p class="overall">') :]
    overall = overall[: overall.index("</p>")]
    assert "Behöver utvecklas" in overall
    weak = page[page.index("Områden att arbeta vidare med") : page.index("Stödmaterial")]
    plan, samverkan = weak.index("<h3>Plan</h3>"), weak.index("<h3>Samverkan</h3>")
    assert samverkan < weak.index("Det är oklart vem") < weak.index("Vi samverkar.") < plan
    assert plan < weak.index("Planen är känd.") < weak.index("Vi har en plan.")
    assert "Svar: <strong>Vet inte</strong>" in weak[samverkan:plan]
    assert "Svar: <strong>Stämmer delvis</strong>" in weak[plan:]
    # low is the overall level and both weak areas' level: its description is shown once.
    assert page.count("Mycket att göra.") == 1


@pytest.fixture
def activities_client(tmp_path: Path, settings: Settings) -> Iterator[TestClient]:
    """An app serving ACTIVITIES_YAML: plan → skriv-plan, visa-plan; samverkan → boka-mote."""
    folder = tmp_path / "q"
    folder.mkdir()
    (folder / "prov.yaml").write_text(ACTIVITIES_YAML)
    with TestClient(
        create_app(replace(settings, questionnaires_dir=folder)), follow_redirects=False
    ) as client:
        yield client


def result_location(client: TestClient, answers: dict[str, str]) -> str:
    response = client.post("/check/prov", data=answers)
    assert response.status_code == 303, response.text
    return response.headers["location"]


def test_result_page_lists_the_activities_of_weak_areas_only(
    activities_client: TestClient,
) -> None:
    # plan: 100 × (1 + 3) / 4 = 100 → high (not weak); samverkan: s1 = 1 → 0, s2 = 3 reversed
    # → 0: 0 → low (weak). Only samverkan is listed, with its one activity.
    page = activities_client.get(
        result_location(activities_client, {"p1": "3", "p2": "3", "s1": "1", "s2": "3"})
    ).text
    weak = page[page.index("Områden att arbeta vidare med") : page.index("Stödmaterial")]
    assert "<h4>Exempel på aktiviteter</h4>" in weak
    assert '<li id="aktivitet-boka-mote">Boka ett möte.</li>' in weak
    assert weak.index("Vi samverkar.") < weak.index("Exempel på aktiviteter")
    assert "Skriv en plan." not in page and "aktivitet-skriv-plan" not in page


def test_result_page_says_how_to_print(activities_client: TestClient) -> None:
    page = activities_client.get(
        result_location(activities_client, {"p1": "1", "p2": "1", "s1": "1", "s2": "3"})
    ).text
    hint = page[page.index('<p class="print-hint">') :]
    hint = " ".join(hint[: hint.index("</p>")].split())
    assert "<strong>Skriv ut</strong>" in hint and "Ctrl+P" in hint and "A4" in hint
    assert page.index('class="print-hint"') < page.index("Områden att arbeta vidare med")


def test_result_page_offers_the_narrow_chart_to_narrow_screens(
    activities_client: TestClient,
) -> None:
    location = result_location(activities_client, {"p1": "2", "p2": "2", "s1": "2", "s2": "2"})
    page = activities_client.get(location).text
    picture = page[page.index("<picture>") : page.index("</picture>")]
    source = re.search(r"<source ([^>]*)>", picture)
    assert source is not None
    attributes = dict(re.findall(r'(\w+)="([^"]*)"', source.group(1)))
    assert attributes["media"] == "(max-width: 30rem)"
    assert attributes["srcset"] == f"{location}/chart.svg?layout=narrow"
    # 3.4 inches at 96 CSS px an inch; the wide chart is 8 inches.
    assert attributes["width"] == "326"
    assert f'<img src="{location}/chart.svg" width="768"' in picture
    narrow = activities_client.get(f"{location}/chart.svg?layout=narrow")
    assert narrow.status_code == 200
    assert narrow.headers["content-type"] == "image/svg+xml"
    assert narrow.headers["cache-control"] == "private, max-age=31536000, immutable"
    wide = activities_client.get(f"{location}/chart.svg")
    assert narrow.content != wide.content
    assert b'width="244.8pt"' in narrow.content  # 3.4 inches
    # The page's height for each layout is the chart's own (96 px an inch, 72 pt an inch).
    height_pt = float(re.search(rb'height="([\d.]+)pt"', narrow.content).group(1))  # type: ignore[union-attr]
    assert attributes["height"] == str(round(height_pt / 72 * 96))
    png = activities_client.get(f"{location}/chart.png?layout=narrow")
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("layout", ["tall", "", "NARROW"])
def test_an_unknown_chart_layout_is_a_404_page(activities_client: TestClient, layout: str) -> None:
    location = result_location(activities_client, {"p1": "2", "p2": "2", "s1": "2", "s2": "2"})
    response = activities_client.get(f"{location}/chart.svg?layout={layout}")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]


def test_a_weak_area_about_tasks_links_the_task_catalogue(
    client: TestClient, rektor: Questionnaire
) -> None:
    # Every statement answered 1 ("Stämmer inte alls"): every area scores 0 and is weak.
    answers = {key: str(value) for key, value in all_answers(rektor, 1).items()}
    response = client.post(f"/check/{rektor.id}", data=answers, follow_redirects=False)
    page = client.get(response.headers["location"]).text
    about_tasks = [area for area in rektor.areas if area.task_catalogue]
    assert about_tasks, "the shipped rektor questionnaire marks an area about tasks"
    weak = page[page.index("Områden att arbeta vidare med") : page.index("Nästa steg")]
    assert weak.count('<a href="/uppgifter">') == len(about_tasks)
    task_area = weak.index(f"<h3>{about_tasks[0].title}</h3>")
    assert '<a href="/uppgifter">' in weak[task_area:]
    next_step = page[page.index("Nästa steg") : page.index("Stödmaterial")]
    assert '<a href="/uppgifter">' in next_step and '<a href="/inventering">' in next_step
    assert client.get("/uppgifter").status_code == 200
