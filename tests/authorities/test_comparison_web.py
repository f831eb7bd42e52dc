"""Rounds and the comparison in the browser's pages, on the hand-scored `prov` questionnaire
(tests/support.py; the figures are worked out in tests/authorities/test_comparison.py):

A "Åsa skola": plan 100.0 high, samverkan 0.0 low (weak); overall 50.0.
B "Öjebyn": plan 37.5 low (weak), samverkan 100.0 high; overall 68.75 → 68.8.
C "Ängby skola": no answer.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from app.platform.settings import Settings
from tests.support import (
    MINIMAL_YAML,
    Account,
    add_school,
    answer,
    app_over,
    csrf_of,
    get_json,
    invitation_path,
    new_authority,
    new_user,
    sign_in,
)

A_ANSWERS = {"p1": 3, "p2": 3, "s1": 1, "s2": 3}
B_ANSWERS = {"p1": 1, "p2": 2, "s1": 3, "s2": 1}


@pytest.fixture
def client(settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    with app_over(settings, {"prov.yaml": MINIMAL_YAML}, tmp_path / "questionnaires") as client:
        yield client


@pytest.fixture
def app(client: TestClient) -> FastAPI:
    application: FastAPI = client.app  # type: ignore[assignment]
    return application


@pytest.fixture
def account(app: FastAPI) -> Account:
    return new_authority(app, "Linköpings kommun")


@pytest.fixture
def csrf(app: FastAPI, client: TestClient, account: Account) -> str:
    return sign_in(client, new_user(app, account, "anna@linkoping.se"))


@pytest.fixture
def round_id(client: TestClient, account: Account, csrf: str) -> str:
    """A round made on the page, with A and B answering through their links."""
    a = add_school(client, account, "Åsa skola", "18000001")
    b = add_school(client, account, "Öjebyn", "18000002")
    add_school(client, account, "Ängby skola", "18000003")
    made = client.post(
        "/authority/rounds", data={"csrf": csrf, "name": "VT 2027", "questionnaire": "prov"}
    )
    assert made.status_code == 303
    made_id = made.headers["location"].rsplit("/", 1)[1]
    body = get_json(client, account, f"/api/v1/rounds/{made_id}")
    answer(client, invitation_path(body, a["id"]), A_ANSWERS)
    answer(client, invitation_path(body, b["id"]), B_ANSWERS)
    return made_id


def body_rows(html: str) -> list[str]:
    """The school names of the comparison table's body, in order."""
    tbody = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', tbody)


def test_a_new_round_needs_a_questionnaire_and_a_name(client: TestClient, csrf: str) -> None:
    form = client.get("/authority/rounds/new")
    assert form.status_code == 200
    assert 'value="prov"' in form.text
    refused = client.post(
        "/authority/rounds", data={"csrf": csrf, "name": " ", "questionnaire": ""}
    )
    assert refused.status_code == 422
    assert "Välj en enkät." in refused.text
    assert "Namnet får inte vara tomt." in refused.text
    unknown = client.post(
        "/authority/rounds", data={"csrf": csrf, "name": "X", "questionnaire": "nej"}
    )
    assert unknown.status_code == 422
    assert (
        client.post("/authority/rounds", data={"name": "X", "questionnaire": "prov"}).status_code
        == 403
    )


def test_the_round_page_before_anyone_answered(
    client: TestClient, account: Account, csrf: str
) -> None:
    add_school(client, account, "Åsa skola", "18000001")
    made = client.post(
        "/authority/rounds", data={"csrf": csrf, "name": "VT 2027", "questionnaire": "prov"}
    )
    page = client.get(made.headers["location"])
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert "0 av 1 har svarat." in page.text
    [link] = re.findall(r'readonly value="(http://testserver/i/[^"]+)"', page.text)
    assert client.get(link.removeprefix("http://testserver")).status_code == 200


def test_the_round_page_with_answers(client: TestClient, account: Account, round_id: str) -> None:
    page = client.get(f"/authority/rounds/{round_id}").text
    assert "2 av 3 har svarat." in page
    missing = page.split("<h2>Har inte svarat</h2>", 1)[1]
    assert "Ängby skola (18000003)" in missing
    assert "Åsa skola" not in missing
    home = client.get("/authority").text
    assert "2 av 3 (67 %)" in home


def test_all_links_as_csv_are_the_apis_file(
    client: TestClient, account: Account, round_id: str
) -> None:
    page_file = client.get(f"/authority/rounds/{round_id}/invitations.csv")
    api_file = client.get(f"/api/v1/rounds/{round_id}/invitations.csv", headers=account.headers)
    assert page_file.status_code == 200
    assert page_file.content == api_file.content
    assert page_file.headers["cache-control"] == "no-store"
    rows = list(csv.reader(io.StringIO(page_file.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Skola", "Skolenhetskod", "Länk", "Svarat"]
    assert len(rows) == 4


def test_the_comparison_table(client: TestClient, round_id: str) -> None:
    page = client.get(f"/authority/rounds/{round_id}/comparison")
    assert page.status_code == 200
    html = page.text
    assert '<caption id="comparison-caption">' in html
    assert '<th scope="col" aria-sort="ascending">' in html
    # Swedish order: Å, then Ä, then Ö.
    assert body_rows(html) == ["Åsa skola", "Ängby skola", "Öjebyn"]
    # Score and level in words in every cell.
    assert '100,0 <span class="level-word">På plats</span>' in html
    assert '37,5 <span class="level-word">Behöver utvecklas</span>' in html
    assert "(har inte svarat)" in html
    # Summary per area: plan 100 and 37.5 → mean 68.8, min 37.5, max 100; samverkan 0 and 100.
    foot = html.split("<tfoot>", 1)[1]
    assert re.search(r"Medel</th><td></td><td>68,8</td><td>50,0</td>", foot)
    assert re.search(r"Lägst</th><td></td><td>37,5</td><td>0,0</td>", foot)
    assert re.search(r"Högst</th><td></td><td>100,0</td><td>100,0</td>", foot)
    assert re.search(r"Har svarat</th><td></td><td>2</td><td>2</td>", foot)
    assert re.search(r"Svaga</th><td></td><td>1</td><td>1</td>", foot)
    assert f'src="/authority/rounds/{round_id}/comparison.svg"' in html


def test_sorting_by_any_column(client: TestClient, round_id: str) -> None:
    def order(query: str) -> list[str]:
        return body_rows(client.get(f"/authority/rounds/{round_id}/comparison?{query}").text)

    # Plan: B 37.5, A 100.0, C none (last either way); overall: A 50.0, B 68.8.
    assert order("sort=plan&order=asc") == ["Öjebyn", "Åsa skola", "Ängby skola"]
    assert order("sort=plan&order=desc") == ["Åsa skola", "Öjebyn", "Ängby skola"]
    assert order("sort=overall&order=desc") == ["Öjebyn", "Åsa skola", "Ängby skola"]
    assert order("sort=school&order=desc") == ["Öjebyn", "Ängby skola", "Åsa skola"]
    # An unknown column falls back to the names.
    assert order("sort=nope") == ["Åsa skola", "Ängby skola", "Öjebyn"]


def test_filtering_schools_weak_in_an_area(client: TestClient, round_id: str) -> None:
    path = f"/authority/rounds/{round_id}/comparison"
    assert body_rows(client.get(f"{path}?weak=plan").text) == ["Öjebyn"]
    assert body_rows(client.get(f"{path}?weak=samverkan").text) == ["Åsa skola"]


def test_the_downloads_are_the_apis_files(
    client: TestClient, account: Account, round_id: str
) -> None:
    for extension in ("csv", "svg"):
        page_file = client.get(f"/authority/rounds/{round_id}/comparison.{extension}")
        api_file = client.get(
            f"/api/v1/rounds/{round_id}/comparison.{extension}", headers=account.headers
        )
        assert page_file.status_code == 200
        assert page_file.content == api_file.content
    excel = client.get(f"/authority/rounds/{round_id}/comparison.xlsx")
    assert excel.status_code == 200
    sheet = load_workbook(io.BytesIO(excel.content)).worksheets[0]
    assert next(c.value for c in sheet[1]) == "Skola"
    # The bearer API is as strict as before: the session cookie opens none of it.
    assert client.get(f"/api/v1/rounds/{round_id}/comparison.svg").status_code == 401


def test_another_authoritys_round_is_404_like_a_missing_one(
    app: FastAPI, client: TestClient, round_id: str
) -> None:
    other = TestClient(app, follow_redirects=False)
    sign_in(other, new_user(app, new_authority(app, "Norrköpings kommun"), "bo@norrkoping.se"))
    for suffix in (
        "",
        "/comparison",
        "/comparison.csv",
        "/comparison.xlsx",
        "/comparison.svg",
        "/invitations.csv",
    ):
        cross = other.get(f"/authority/rounds/{round_id}{suffix}")
        missing = other.get(f"/authority/rounds/0000000000000000{suffix}")
        assert cross.status_code == missing.status_code == 404, suffix
        assert cross.text == missing.text
    assert "VT 2027" not in other.get("/authority").text


def test_a_schools_history(client: TestClient, account: Account, round_id: str) -> None:
    school = next(
        s for s in get_json(client, account, "/api/v1/schools")["schools"] if s["name"] == "Öjebyn"
    )
    page = client.get(f"/authority/schools/{school['id']}")
    assert page.status_code == 200
    assert '<caption id="history-caption">Poäng (0–100) per område och omgång' in page.text
    assert re.search(r"VT 2027</th>\s*<td>68,8</td>\s*<td>37,5</td><td>100,0</td>", page.text)
    chart = client.get(f"/authority/schools/{school['id']}/history.svg")
    api_chart = client.get(f"/api/v1/schools/{school['id']}/history.svg", headers=account.headers)
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert chart.content == api_chart.content


def test_signing_out_at_the_end(client: TestClient, round_id: str) -> None:
    csrf = csrf_of(client.get(f"/authority/rounds/{round_id}/comparison").text)
    assert client.post("/authority/logout", data={"csrf": csrf}).status_code == 303
    assert client.get(f"/authority/rounds/{round_id}/comparison").status_code == 303


HOSTILE_YAML = MINIMAL_YAML.replace(
    "label: På plats,", 'label: "<b>På</b> plats & <script>x</script>",'
).replace("title: Plan\n", 'title: "Plan <img src=x onerror=alert(1)>"\n')


def test_admins_and_users_text_is_escaped_in_every_cell(settings: Settings, tmp_path: Path) -> None:
    """The table's cells are escaped once in Python rather than by the template: a level
    label, an area title and a school name with markup all come out as text."""
    with app_over(settings, {"prov.yaml": HOSTILE_YAML}, tmp_path / "q") as client:
        application: FastAPI = client.app  # type: ignore[assignment]
        account = new_authority(application, "Linköpings kommun")
        csrf = sign_in(client, new_user(application, account, "anna@linkoping.se"))
        school = add_school(client, account, '<i>Åsa</i> & "skola"', "18000001")
        made = client.post(
            "/authority/rounds", data={"csrf": csrf, "name": "VT 2027", "questionnaire": "prov"}
        )
        round_id = made.headers["location"].rsplit("/", 1)[1]
        body = get_json(client, account, f"/api/v1/rounds/{round_id}")
        answer(client, invitation_path(body, school["id"]), A_ANSWERS)
        html = client.get(f"/authority/rounds/{round_id}/comparison").text
    for markup in ("<script>", "<b>", "<img src=x", "<i>"):
        assert markup not in html, html[max(0, html.find(markup) - 200) :][:400]
    label = "&lt;b&gt;På&lt;/b&gt; plats &amp; &lt;script&gt;x&lt;/script&gt;"
    assert f'100,0 <span class="level-word">{label}</span>' in html
    assert "Plan &lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;i&gt;Åsa&lt;/i&gt; &amp; " in html
