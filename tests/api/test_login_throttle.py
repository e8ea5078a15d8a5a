"""Login throttling: per typed username and per address, the same for real and unknown usernames."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from fairs.services import accounts
from fairs.services.accounts import login
from tests.api import helpers as h
from tests.pages.conftest import csrf_of
from tests.world import PASSWORD

TOKEN = f"{h.API}/auth/token"


def token(client, username: str, password: str):  # noqa: ANN001, ANN201
    return client.post(TOKEN, data={"username": username, "password": password})


def test_five_failures_lock_the_account_even_for_the_right_password(client, session):
    for _ in range(5):
        h.expect(token(client, "organiser", "wrong-password"), 401, "bad_credentials")
    problem = h.expect(token(client, "organiser", PASSWORD), 429, "too_many_attempts")
    assert 840 <= problem["retry_after"] <= 900
    assert "15" in problem["detail"]
    resp = token(client, "organiser", PASSWORD)
    assert 0 < int(resp.headers["Retry-After"]) <= 900
    # Other accounts are not affected.
    h.expect(token(client, "admin", PASSWORD), 200)
    # When the failures leave the 15-minute window, the right password works again.
    session.execute(
        text("UPDATE login_failure SET at = :at"), {"at": dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16)}
    )
    h.expect(token(client, "organiser", PASSWORD), 200)
    assert h.count(session, "login_failure", username="organiser") == 0  # a success clears them


def test_unknown_usernames_are_answered_the_same(client):
    real = [token(client, "organiser", "wrong-password") for _ in range(6)]
    ghost = [token(client, "nobody-here", "wrong-password") for _ in range(6)]
    assert [r.status_code for r in real] == [r.status_code for r in ghost] == [401] * 5 + [429]
    assert real[0].json()["detail"] == ghost[0].json()["detail"]
    assert real[-1].json()["detail"] == ghost[-1].json()["detail"]


def test_a_success_resets_the_count(client):
    for _ in range(4):
        h.expect(token(client, "organiser", "wrong-password"), 401)
    h.expect(token(client, "organiser", PASSWORD), 200)
    for _ in range(4):
        h.expect(token(client, "organiser", "wrong-password"), 401)
    h.expect(token(client, "organiser", PASSWORD), 200)


def test_failures_from_one_address_lock_the_address(client, monkeypatch):
    assert accounts.ADDRESS_LIMIT == 30
    monkeypatch.setattr(login, "ADDRESS_LIMIT", 8)  # the same rule, fewer slow password checks
    for n in range(8):
        h.expect(token(client, f"guess-{n}", "wrong-password"), 401)
    h.expect(token(client, "admin", PASSWORD), 429, "too_many_attempts")


def test_the_login_page_says_so(client):
    client.base_url = "https://testserver"  # the session cookie is Secure in the tests

    def attempt(password: str):  # noqa: ANN202
        csrf = csrf_of(client.get("/login").text)
        form = {"username": "organiser", "password": password, "csrf_token": csrf}
        return client.post("/login", data=form, follow_redirects=False)

    for _ in range(5):
        assert attempt("wrong-password").status_code == 401
    locked = attempt(PASSWORD)
    assert locked.status_code == 429
    assert "15" in locked.text and "uid" not in client.cookies.get("fairs_session", "")
    assert client.get("/fairs", follow_redirects=False).status_code in (303, 307)  # not logged in
