"""Signing in and out, one-time password links, sessions and their expiry, CSRF, the limit on
failed sign-ins and the return path, on both databases."""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from http.cookies import SimpleCookie

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import Session

from app.authorities import passwords, users
from app.authorities.deps import SESSION_COOKIE, safe_return_path
from app.authorities.models import AuthorityUser, SignInSession
from app.authorities.signin_limit import signin_limiter
from app.platform.db import transaction
from app.platform.tables import utc_now
from tests.support import Account, Staff, csrf_of, new_user, password_link, sign_in


class Clock:
    """A clock a test moves by hand, for what expires."""

    def __init__(self) -> None:
        self.now = utc_now()
        self.seconds = 1000.0

    def __call__(self) -> object:
        return self.now

    def monotonic(self) -> float:
        return self.seconds

    def advance(self, delta: timedelta) -> None:
        self.now += delta
        self.seconds += delta.total_seconds()


@pytest.fixture
def clock(app: FastAPI) -> Clock:
    moved = Clock()
    app.state.koll.clock = moved
    app.state.koll.signin_failures = signin_limiter(clock=moved.monotonic)
    return moved


@pytest.fixture
def anna(app: FastAPI, linkoping: Account) -> Staff:
    return new_user(app, linkoping, "anna@linkoping.se")


def sessions_stored(app: FastAPI) -> int:
    with Session(app.state.koll.engine) as session:
        return session.execute(select(func.count()).select_from(SignInSession)).scalar_one()


def login_form(client: TestClient) -> str:
    return csrf_of(client.get("/authority/login").text)


def test_signed_out_pages_send_to_sign_in_and_back(client: TestClient, anna: Staff) -> None:
    answer = client.get("/authority/schools?x=1")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/authority/login?next=/authority/schools%3Fx%3D1"
    page = client.get(answer.headers["location"])
    assert "Logga in för att fortsätta." in page.text
    assert 'name="next" value="/authority/schools?x=1"' in page.text
    form = {"csrf": csrf_of(page.text), "email": anna.email, "password": anna.password}
    signed_in = client.post("/authority/login", data={**form, "next": "/authority/schools?x=1"})
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == "/authority/schools?x=1"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("/authority/rounds/abc", "/authority/rounds/abc"),
        ("/authority", "/authority"),
        ("//evil.example/authority", "/authority"),
        ("https://evil.example/authority", "/authority"),
        ("/\\evil.example", "/authority"),
        ("/authorityx", "/authority"),
        ("/results/abc", "/authority"),
        ("/authority/\x00", "/authority"),
        ("javascript:alert(1)", "/authority"),
        ("", "/authority"),
    ],
)
def test_the_return_path_stays_in_the_web_view(given: str, expected: str) -> None:
    assert safe_return_path(given) == expected


def test_signing_in_never_leads_off_the_site(client: TestClient, anna: Staff) -> None:
    form = {"csrf": login_form(client), "email": anna.email, "password": anna.password}
    answer = client.post("/authority/login", data={**form, "next": "//evil.example/x"})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/authority"


def test_wrong_address_and_wrong_password_answer_alike(
    client: TestClient, anna: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    verified: list[str] = []
    real = passwords.HASHER

    class Spy:
        def verify(self, hash: str, password: str) -> bool:
            verified.append(hash)
            return real.verify(hash, password)

        def hash(self, password: str) -> str:
            return real.hash(password)

    monkeypatch.setattr(passwords, "HASHER", Spy())
    passwords._dummy_hash.cache_clear()
    token = login_form(client)
    wrong_password = client.post(
        "/authority/login", data={"csrf": token, "email": anna.email, "password": "fel lösenord!!"}
    )
    wrong_address = client.post(
        "/authority/login",
        data={"csrf": token, "email": "ingen@linkoping.se", "password": anna.password},
    )
    assert wrong_password.status_code == wrong_address.status_code == 422
    for answer in (wrong_password, wrong_address):
        assert "Fel e-postadress eller lösenord." in answer.text
    # The same work both times: an argon2id verification, against a dummy hash for nobody.
    assert len(verified) == 2
    assert all(h.startswith("$argon2id$") for h in verified)


def test_a_user_without_a_password_cannot_sign_in(
    app: FastAPI, client: TestClient, linkoping: Account
) -> None:
    waiting = new_user(app, linkoping, "ny@linkoping.se", password=None)
    form = {"csrf": login_form(client), "email": waiting.email, "password": ""}
    assert client.post("/authority/login", data=form).status_code == 422


def test_setting_a_password_from_the_link(
    app: FastAPI, client: TestClient, linkoping: Account
) -> None:
    path = password_link(app, linkoping, "Bo@Linkoping.se")
    page = client.get(path)
    assert page.status_code == 200
    assert "bo@linkoping.se" in page.text
    token = csrf_of(page.text)
    short = client.post(
        path, data={"csrf": token, "password": "elva tecken", "password_repeat": "elva tecken"}
    )
    assert short.status_code == 422
    assert "minst 12 tecken" in short.text
    differ = client.post(
        path, data={"csrf": token, "password": "tolv tecken!", "password_repeat": "tolv tecken?"}
    )
    assert differ.status_code == 422
    assert "inte likadana" in differ.text
    done = client.post(
        path, data={"csrf": token, "password": "tolv tecken!", "password_repeat": "tolv tecken!"}
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/authority/login?done=password_set"
    with Session(app.state.koll.engine) as session:
        user = session.scalars(select(AuthorityUser)).one()
        assert user.password_hash and user.password_hash.startswith("$argon2id$")
        assert "tolv tecken!" not in user.password_hash
    # Used once: the link is gone, with a Swedish page.
    again = client.get(path)
    assert again.status_code == 410
    assert "har redan använts eller är äldre än 72 timmar" in again.text
    assert (
        client.post(
            path, data={"csrf": token, "password": "x" * 12, "password_repeat": "x" * 12}
        ).status_code
        == 410
    )
    sign_in(client, Staff("", "bo@linkoping.se", "tolv tecken!"))


def test_a_link_expires_after_72_hours(
    app: FastAPI, client: TestClient, linkoping: Account, clock: Clock
) -> None:
    path = password_link(app, linkoping, "bo@linkoping.se")
    clock.advance(timedelta(hours=71, minutes=59))
    assert client.get(path).status_code == 200
    clock.advance(timedelta(minutes=2))
    assert client.get(path).status_code == 410


def test_an_unknown_link_is_404(client: TestClient) -> None:
    assert client.get("/authority/password/nothing-like-a-token").status_code == 404


def test_a_new_password_ends_every_session(
    app: FastAPI, client: TestClient, linkoping: Account, anna: Staff
) -> None:
    sign_in(client, anna)
    with transaction(app.state.koll.engine, write=True) as session:
        user = session.get_one(AuthorityUser, anna.id)
        token = users.new_password_link(session, user, utc_now())
    other = TestClient(app, follow_redirects=False)
    path = f"/authority/password/{token}"
    form = {
        "csrf": csrf_of(other.get(path).text),
        "password": "ett annat lösenord",
        "password_repeat": "ett annat lösenord",
    }
    assert other.post(path, data=form).status_code == 303
    assert client.get("/authority").status_code == 303
    assert sessions_stored(app) == 0


def test_the_session_cookie(client: TestClient, anna: Staff) -> None:
    form = {"csrf": login_form(client), "email": anna.email, "password": anna.password}
    answer = client.post("/authority/login", data=form)
    header = answer.headers["set-cookie"]
    cookie = SimpleCookie(header)[SESSION_COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"].lower() == "lax"
    assert cookie["path"] == "/"
    assert not cookie["secure"]
    assert len(cookie.value) >= 43  # 256 bits, URL-safe base64


def test_the_session_cookie_is_secure_on_an_https_site(
    app: FastAPI, linkoping: Account, anna: Staff
) -> None:
    app.state.koll.settings = type(app.state.koll.settings)(
        **{**app.state.koll.settings.__dict__, "public_url": "https://koll.example.se"}
    )
    client = TestClient(app, base_url="https://koll.example.se", follow_redirects=False)
    form = {"csrf": login_form(client), "email": anna.email, "password": anna.password}
    answer = client.post("/authority/login", data=form)
    assert answer.status_code == 303
    assert SimpleCookie(answer.headers["set-cookie"])[SESSION_COOKIE]["secure"] is True


def test_only_a_hash_of_the_session_id_is_stored(
    app: FastAPI, client: TestClient, anna: Staff
) -> None:
    sign_in(client, anna)
    cookie = client.cookies[SESSION_COOKIE]
    with Session(app.state.koll.engine) as session:
        [stored] = session.scalars(select(SignInSession)).all()
    assert stored.id_hash != cookie
    assert cookie not in stored.id_hash


def test_no_session_fixation(app: FastAPI, client: TestClient, anna: Staff) -> None:
    planted = "a-value-an-attacker-chose-for-the-victim-0123456789"
    client.cookies.set(SESSION_COOKIE, planted, domain="testserver.local")
    sign_in(client, anna)
    assert client.cookies[SESSION_COOKIE] != planted
    attacker = TestClient(app, follow_redirects=False)
    attacker.cookies.set(SESSION_COOKIE, planted)
    assert attacker.get("/authority").status_code == 303


def test_signing_out_ends_the_session(app: FastAPI, client: TestClient, anna: Staff) -> None:
    token = sign_in(client, anna)
    old = client.cookies[SESSION_COOKIE]
    answer = client.post("/authority/logout", data={"csrf": token})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/authority/login?done=signed_out"
    assert "Du är utloggad." in client.get(answer.headers["location"]).text
    assert sessions_stored(app) == 0
    replay = TestClient(app, follow_redirects=False)
    replay.cookies.set(SESSION_COOKIE, old)
    assert replay.get("/authority").status_code == 303


def test_a_session_ends_after_an_idle_hour(client: TestClient, anna: Staff, clock: Clock) -> None:
    sign_in(client, anna)
    clock.advance(timedelta(minutes=59))
    assert client.get("/authority").status_code == 200  # and this request counts as activity
    clock.advance(timedelta(minutes=59))
    assert client.get("/authority").status_code == 200
    clock.advance(timedelta(minutes=60, seconds=1))
    assert client.get("/authority").status_code == 303


def test_a_session_ends_after_twelve_hours_however_busy(
    client: TestClient, anna: Staff, clock: Clock
) -> None:
    sign_in(client, anna)
    for _ in range(23):
        clock.advance(timedelta(minutes=30))
        assert client.get("/authority").status_code == 200
    clock.advance(timedelta(minutes=30))
    assert client.get("/authority").status_code == 303


def test_a_removed_users_session_ends_at_once(
    app: FastAPI, client: TestClient, anna: Staff
) -> None:
    sign_in(client, anna)
    with transaction(app.state.koll.engine, write=True) as session:
        assert users.remove_user(session, anna.id) is not None
    assert client.get("/authority").status_code == 303
    assert sessions_stored(app) == 0


def test_forms_without_the_csrf_token_are_refused(
    app: FastAPI, client: TestClient, anna: Staff
) -> None:
    token = sign_in(client, anna)
    for bad in ({}, {"csrf": ""}, {"csrf": token[:-2] + "xx"}):
        answer = client.post("/authority/logout", data=bad)
        assert answer.status_code == 403
        assert "Formuläret kunde inte tas emot" in answer.text
    assert sessions_stored(app) == 1
    assert client.get("/authority").status_code == 200
    # A token of another browser's cookie is no good either.
    other = TestClient(app, follow_redirects=False)
    foreign = login_form(other)
    assert client.post("/authority/logout", data={"csrf": foreign}).status_code == 403


def test_sign_in_needs_the_forms_token(app: FastAPI, client: TestClient, anna: Staff) -> None:
    login_form(client)
    answer = client.post("/authority/login", data={"email": anna.email, "password": anna.password})
    assert answer.status_code == 403
    assert sessions_stored(app) == 0


def test_five_failures_for_one_address_lock_it_for_15_minutes(
    client: TestClient, anna: Staff, clock: Clock
) -> None:
    token = login_form(client)
    wrong = {"csrf": token, "email": anna.email, "password": "inte rätt lösenord"}
    for _ in range(5):
        assert client.post("/authority/login", data=wrong).status_code == 422
    right = {**wrong, "password": anna.password}
    locked = client.post("/authority/login", data=right)
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) == 900
    assert "För många misslyckade inloggningar" in locked.text
    clock.advance(timedelta(minutes=14))
    still = client.post("/authority/login", data=right)
    assert still.status_code == 429
    assert 0 < int(still.headers["retry-after"]) <= 60
    clock.advance(timedelta(minutes=1, seconds=1))
    assert client.post("/authority/login", data=right).status_code == 303


def test_five_failures_from_one_client_lock_it(
    client: TestClient, anna: Staff, clock: Clock
) -> None:
    token = login_form(client)
    for number in range(5):
        form = {"csrf": token, "email": f"nr{number}@linkoping.se", "password": "x" * 12}
        assert client.post("/authority/login", data=form).status_code == 422
    form = {"csrf": token, "email": anna.email, "password": anna.password}
    assert client.post("/authority/login", data=form).status_code == 429


def test_passwords_tokens_and_session_ids_never_reach_the_logs(
    app: FastAPI, client: TestClient, linkoping: Account, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    path = password_link(app, linkoping, "cecilia@linkoping.se")
    secret = "hemligt lösenord 123"
    token = csrf_of(client.get(path).text)
    client.post(path, data={"csrf": token, "password": secret, "password_repeat": secret})
    csrf = sign_in(client, Staff("", "cecilia@linkoping.se", secret))
    rotated = client.post("/authority/token", data={"csrf": csrf})
    assert rotated.status_code == 200
    [new_token] = re.findall(r'id="new-token" type="text" readonly value="([^"]+)"', rotated.text)
    client.post(
        "/authority/login", data={"csrf": csrf, "email": "x@y.se", "password": secret + "!"}
    )
    # Everything the app logged (the test client logs the URLs it asks for, on its own side).
    logged = "\n".join(
        record.getMessage() for record in caplog.records if not record.name.startswith("httpx")
    )
    assert "POST /authority/password/{token}" in logged  # the access log ran
    link_token = path.rsplit("/", 1)[1]
    cookie = client.cookies[SESSION_COOKIE]
    for hidden in (secret, link_token, cookie, csrf, linkoping.token, new_token):
        assert hidden not in logged


def test_setting_a_password_needs_the_forms_token(
    app: FastAPI, client: TestClient, linkoping: Account
) -> None:
    path = password_link(app, linkoping, "bo@linkoping.se")
    client.get(path)
    form = {"password": "tolv tecken!", "password_repeat": "tolv tecken!"}
    assert client.post(path, data=form).status_code == 403
    assert client.post(path, data={**form, "csrf": "fel"}).status_code == 403
    # Nothing changed: the link still works and there is no password to sign in with.
    assert client.get(path).status_code == 200
    with Session(app.state.koll.engine) as session:
        assert session.scalars(select(AuthorityUser)).one().password_hash is None
