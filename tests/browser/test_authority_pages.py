"""The authorities' web view in Chromium: a new user's way from the one-time link to the
comparison, every page and state checked with axe-core at desktop and at 360 px (no sideways
scrolling), sign-in by keyboard only, and the sign-in errors and the 429 last (the limit
counts this client's failures for 15 minutes). Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.flows import (
    DESKTOP,
    PHONE,
    PROJECT_ROOT,
    Server,
    assert_accessible,
    focus_is_visible,
    screenshot,
)

pytestmark = pytest.mark.browser

PASSWORD = "ett långt lösenord för provet"
EMAIL = "anna@provkommun.se"


def koll(server: Server, *args: str) -> list[str]:
    """A `koll` command on the server's database; the lines it printed."""
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=PROJECT_ROOT,
        env=server.env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout.strip().splitlines()


def check(page: Page, name: str) -> None:
    """Accessible at desktop width and at 360 px, without sideways scrolling on the phone."""
    assert_accessible(page, name)
    screenshot(page, f"authority-{name}")
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} is {width} px wide at a 360 px viewport"
    assert_accessible(page, f"{name} at 360 px")
    screenshot(page, f"authority-{name}-phone")
    page.set_viewport_size(DESKTOP)


@pytest.fixture(scope="module")
def first_link(server: Server) -> str:
    """An authority and its first user, made on the command line; the user's one-time link."""
    authority_id = koll(server, "authority", "create", "Webbkommunen")[0].split()[2]
    path = koll(server, "authority", "add-user", authority_id, EMAIL)[-1]
    return server.url + path


@pytest.fixture(scope="module")
def user(browser: Browser, server: Server, first_link: str) -> Iterator[BrowserContext]:
    """The user, having set a password through the link; a browser of their own."""
    context = browser.new_context(base_url=server.url, viewport=DESKTOP)
    page = context.new_page()
    page.goto(first_link)
    check(page, "set-password")
    page.get_by_label("Nytt lösenord").fill(PASSWORD)
    page.get_by_label("Skriv lösenordet igen").fill(PASSWORD)
    page.get_by_role("button", name="Spara lösenordet").click()
    expect(page.get_by_role("status")).to_contain_text("Lösenordet är sparat")
    page.close()
    yield context
    context.close()


def test_a_used_link_is_gone(user: BrowserContext, first_link: str) -> None:
    page = user.new_page()
    answer = page.goto(first_link)
    assert answer is not None and answer.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("Länken går inte längre att använda")
    check(page, "link-gone")


def test_sign_in_with_the_keyboard_only(user: BrowserContext) -> None:
    page = user.new_page()
    answer = page.goto("/authority/schools")
    assert answer is not None
    expect(page).to_have_url(re.compile(r"/authority/login\?next="))
    check(page, "signed-out")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Enter")
    reached = []
    for _ in range(20):
        page.keyboard.press("Tab")
        assert focus_is_visible(page)
        reached.append(
            page.evaluate("document.activeElement.id || document.activeElement.textContent")
        )
        if reached[-1] == "email":
            break
    page.keyboard.type(EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/authority/schools$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Skolor")
    check(page, "empty-account")
    page.get_by_role("link", name="Omgångar").click()
    expect(page.get_by_text("Ni har inte startat någon omgång ännu.")).to_be_visible()
    check(page, "empty-account-home")


def test_import_errors_then_ten_schools(user: BrowserContext, tmp_path: Path) -> None:
    page = user.new_page()
    page.goto("/authority/schools")
    rows = "".join(f"Skola {n};{20000000 + n}\n" for n in range(1, 11))
    bad = tmp_path / "fel.csv"
    bad.write_bytes(
        ("Skola;Skolenhetskod\n" + rows.replace(";20000003", ";2000003")).encode("cp1252")
    )
    page.get_by_label("CSV-fil", exact=True).set_input_files(str(bad))
    page.get_by_role("button", name="Läs in filen").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Rad 4: skolenhetskoden ska vara exakt 8 siffror.")
    check(page, "import-errors")
    good = tmp_path / "skolor.csv"
    good.write_bytes(("Skola;Skolenhetskod\n" + rows).encode("cp1252"))
    page.get_by_label("CSV-fil", exact=True).set_input_files(str(good))
    page.get_by_role("button", name="Läs in filen").click()
    expect(page.get_by_role("status")).to_contain_text("10 skolor lästes in.")
    check(page, "schools")


def test_a_round_without_and_with_answers(
    user: BrowserContext, browser: Browser, server: Server
) -> None:
    page = user.new_page()
    page.goto("/authority/rounds/new")
    check(page, "new-round")
    page.get_by_role("button", name="Starta omgången").click()
    expect(page.locator("#error-summary")).to_contain_text("Välj en enkät.")
    check(page, "new-round-errors")
    page.get_by_label(re.compile("rektor", re.IGNORECASE)).first.check()
    page.get_by_label("Omgångens namn").fill("VT 2027, rektorer")
    page.get_by_role("button", name="Starta omgången").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("VT 2027, rektorer")
    expect(page.get_by_text("0 av 10 har svarat.")).to_be_visible()
    check(page, "round-without-answers")
    links = [page.get_by_label(f"Länk för Skola {n}", exact=True).input_value() for n in (1, 2)]
    round_url = page.url
    respondent = browser.new_context(viewport=DESKTOP)
    for link in links:
        form = respondent.new_page()
        form.goto(link)
        for group in form.locator("form fieldset.statement").all():
            group.get_by_role("radio").nth(2).check()
        form.get_by_role("button", name="Visa resultat").click()
        expect(form).to_have_url(re.compile("/results/"))
    respondent.close()
    page.goto(round_url)
    expect(page.get_by_text("2 av 10 har svarat.")).to_be_visible()
    check(page, "round-with-answers")
    page.get_by_role("link", name="Se jämförelsen").click()
    table = page.get_by_role("table", name=re.compile("Poäng"))
    expect(table.get_by_role("columnheader").first).to_be_visible()
    expect(page.locator("figure.chart img")).to_be_visible()
    check(page, "comparison")
    page.get_by_role("link", name=re.compile("^Sammanlagt")).click()
    expect(page).to_have_url(re.compile("sort=overall"))
    # The address changes before the sorted page has loaded; a click before then can land on
    # the page being left, and no download follows.
    page.wait_for_load_state("load")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel-fil (.xlsx)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.get_by_role("link", name="Skola 1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Skola 1")
    check(page, "school-history")
    page.goto("/authority")
    check(page, "home")


def test_users_and_token_pages(user: BrowserContext) -> None:
    page = user.new_page()
    page.goto("/authority/users")
    check(page, "users")
    page.get_by_label("Kollegans e-postadress").fill("bo@provkommun.se")
    page.get_by_role("button", name="Skapa en länk").click()
    expect(page.get_by_label("Länk för bo@provkommun.se")).to_have_value(
        re.compile("/authority/password/")
    )
    check(page, "user-invited")
    page.goto("/authority/token")
    check(page, "token")
    page.get_by_role("button", name="Byt API-nyckel").click()
    expect(page.get_by_label("Ny API-nyckel")).not_to_have_value("")
    check(page, "token-rotated")
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("status")).to_have_text("Du är utloggad.")


def test_sign_in_errors_and_then_too_many(browser: Browser, server: Server) -> None:
    """Last in the file: it uses up this client's five failures."""
    context = browser.new_context(base_url=server.url, viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto("/authority/login")
    page.get_by_label("E-postadress").fill(EMAIL)
    page.get_by_label("Lösenord").fill("fel lösenord helt och hållet")
    page.get_by_role("button", name="Logga in").click()
    expect(page.locator("#error-summary")).to_contain_text("Fel e-postadress eller lösenord.")
    context.close()
    context = browser.new_context(base_url=server.url, viewport=DESKTOP)
    page = context.new_page()
    page.goto("/authority/login")
    page.get_by_label("E-postadress").fill(EMAIL)
    page.get_by_label("Lösenord").fill("fel lösenord helt och hållet")
    page.get_by_role("button", name="Logga in").click()
    check(page, "sign-in-error")
    for _ in range(5):
        page.get_by_label("Lösenord").fill("fel lösenord helt och hållet")
        with page.expect_response(re.compile("/authority/login$")) as answer:
            page.get_by_role("button", name="Logga in").click()
        if answer.value.status == 429:
            break
    assert answer.value.status == 429
    assert int(answer.value.headers["retry-after"]) > 0
    expect(page.locator("#error-summary")).to_contain_text("För många misslyckade inloggningar")
    check(page, "sign-in-429")
    context.close()
