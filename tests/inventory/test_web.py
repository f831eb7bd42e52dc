"""The inventory's pages on both databases: the catalogue page, creating, the participation
form and its 422, the thank-you page, and the management page below and above the threshold."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.support import stored_participations

T1 = "rastvard"


def create(client: TestClient, min_respondents: str = "5") -> tuple[str, str]:
    """The management page's path and the participation form's path."""
    response = client.post(
        "/inventering", data={"name": "Provskolan VT", "min_respondents": min_respondents}
    )
    assert response.status_code == 303
    manage = response.headers["location"].split("?")[0]
    page = client.get(manage).text
    [participate] = re.findall(r'value="https?://[^/"]+(/p/[^"]+)"', page)
    return manage, participate


def answer(client: TestClient, path: str, role: str, hours: str = "1,5") -> None:
    data = {"role": role, f"{T1}.hours": hours, f"{T1}.energy": "4", f"{T1}.teacher": "no"}
    response = client.post(path, data=data)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == path + "/tack"


def test_the_catalogue_page_lists_every_area_and_note(client: TestClient) -> None:
    page = client.get("/uppgifter")
    assert page.status_code == 200
    assert "Extra anpassningar och särskilt stöd" in page.text
    assert "Vara rastvärd" in page.text
    assert "utvecklingssamtalen hållas av lärare" in page.text


def test_the_start_page_refuses_a_bad_threshold_keeping_the_name(client: TestClient) -> None:
    assert "Starta en inventering" in client.get("/inventering").text
    response = client.post("/inventering", data={"name": "Provskolan", "min_respondents": "2"})
    assert response.status_code == 422
    assert 'value="Provskolan"' in response.text
    assert 'href="#min_respondents"' in response.text


def test_the_whole_round_through_the_pages(client: TestClient) -> None:
    manage, participate = create(client)
    page = client.get(manage)
    assert "Spara adressen till den här sidan" in page.text
    assert page.headers["cache-control"] == "no-store"
    form = client.get(participate)
    assert form.status_code == 200
    assert "<title>Workshop 1: Provskolan VT" in form.text
    assert "Område 1 av 6" in form.text and "28 av 28." in form.text
    for role in ("teacher", "teacher", "other_staff", "leadership"):
        answer(client, participate, role)
    thanks = client.get(participate + "/tack")
    assert "Tack för dina svar" in thanks.text
    below = client.get(manage).text
    assert "Om du stänger nu visas inga siffror: 4 har svarat" in below
    assert "<img" not in below
    answer(client, participate, "teacher", hours="2")
    assert client.post(manage + "/stang").status_code == 303
    above = client.get(manage).text
    assert "timmar-per-omrade.svg" in above and "tid-och-energi.svg" in above
    assert "workshop1.xlsx" in above
    # 1.5 * 4 + 2 = 8.0 hours of rastvärd; the median is 1.5.
    assert (
        '<th scope="row">Vara rastvärd</th><td>5</td><td>8,0</td><td>1,5</td><td>4,0</td>' in above
    )
    chart = client.get(manage + "/tid-och-energi.svg")
    assert chart.status_code == 200 and chart.headers["content-type"] == "image/svg+xml"
    assert "Vara rastvärd" in chart.text  # the task with much time and energy is labelled
    assert client.get(manage + "/workshop1.xlsx").status_code == 200
    closed = client.get(participate)
    assert closed.status_code == 410 and "Inventeringen är stängd" in closed.text
    assert client.post(participate, data={"role": "teacher"}).status_code == 410


def test_a_refused_form_keeps_every_answer_and_stores_nothing(client: TestClient) -> None:
    _, participate = create(client)
    data = {
        f"{T1}.hours": "1,55",
        f"{T1}.energy": "4",
        "hembesok.hours": "3",
        "hembesok.teacher": "partly",
        "bildscheman.hours": "2,5",
        "bildscheman.energy": "2",
        "bildscheman.teacher": "yes",
    }
    response = client.post(participate, data=data)
    assert response.status_code == 422
    page = response.text
    assert 'href="#role"' in page
    assert f'href="#task-{T1}"' in page and 'href="#task-hembesok"' in page
    assert 'href="#task-bildscheman"' not in page
    assert 'value="1,55"' in page and 'value="2,5"' in page
    assert 'name="hembesok.teacher" value="partly" checked' in page
    assert stored_participations(client) == (0, 0)


def test_management_pages_of_unknown_tokens_are_404(client: TestClient) -> None:
    assert client.get("/inventering/okand").status_code == 404
    assert client.post("/inventering/okand/stang").status_code == 404
    assert client.get("/p/okand/tack").status_code == 404
