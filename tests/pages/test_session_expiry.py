"""Sessions: cookie attributes, expiry after idleness and after the absolute lifetime, logout; API tokens
expire.

Time is moved by shifting `time.time` (what the signed cookie, the session stamp and the token check read);
freezegun's patched date type would break FastAPI's lazily built routes. The lifetime is
FAIRS_SESSION_MAX_AGE_SECONDS (12 hours by default).
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from fastapi.testclient import TestClient

from fairs import config
from fairs.app import create_app
from tests.api import helpers as h
from tests.conftest import shared_app
from tests.pages.conftest import HX, Browser, csrf_of, login

LIFETIME = 12 * 3600


def _cookie_attributes(set_cookie: str) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in set_cookie.split(";")[1:]}


def test_the_session_cookie_is_httponly_lax_and_secure_over_https(browser) -> None:
    b = browser("organiser")
    response = b.login("organiser")
    cookie = next(v for k, v in response.headers.multi_items() if k == "set-cookie" and "fairs_session" in v)
    assert {"httponly", "secure", "samesite", "path", "max-age"} <= _cookie_attributes(cookie), cookie
    assert "samesite=lax" in cookie.lower()


def test_without_https_the_cookie_is_not_secure(db_url, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("FAIRS_BASE_URL", "http://127.0.0.1:8000")
    config.get_settings.cache_clear()
    with TestClient(create_app()) as plain:
        response = login(plain, "organiser")
    cookie = response.headers["set-cookie"]
    assert "httponly" in _cookie_attributes(cookie) and "samesite=lax" in cookie.lower()
    assert "secure" not in _cookie_attributes(cookie), cookie


class Clock:
    """`time.time` moved forward by `tick`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.offset = 0.0
        real = time.time
        monkeypatch.setattr(time, "time", lambda: real() + self.offset)

    def tick(self, delta: dt.timedelta) -> None:
        self.offset += delta.total_seconds()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


def test_an_idle_session_expires(browser, clock) -> None:  # noqa: ANN001
    b = browser("organiser")
    clock.tick(dt.timedelta(seconds=LIFETIME - 60))
    assert b.get("/fairs", follow_redirects=False).status_code == 200  # used: the cookie is renewed
    clock.tick(dt.timedelta(seconds=LIFETIME + 1))
    response = b.get("/fairs", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    htmx = b.get("/fairs", htmx=True, follow_redirects=False)
    assert htmx.headers.get("hx-redirect", "").startswith("/login"), htmx.headers


def test_a_session_in_constant_use_still_ends_after_its_lifetime(browser, clock) -> None:  # noqa: ANN001
    b = browser("organiser")
    for _hour in range(LIFETIME // 3600 - 1):
        clock.tick(dt.timedelta(hours=1))
        assert b.get("/fairs", follow_redirects=False).status_code == 200
        # A refused redemption leaves a message in the session, so the cookie is signed afresh: on its
        # own the cookie would now live another full lifetime.
        typed = b.post("/coupons/00000000/redeem")
        assert typed.headers["location"].startswith("/coupons/")
        assert "fairs_session=" in typed.headers.get("set-cookie", "")
    clock.tick(dt.timedelta(hours=1, seconds=1))
    response = b.get("/fairs", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    # A form sent on the expired session is refused, and the user can log in again.
    refused = b.post("/fairs/schedule", {"year": "2031"})
    assert refused.status_code in (303, 403), refused.text[:200]
    b.login("organiser")
    assert b.get("/fairs", follow_redirects=False).status_code == 200


def test_logout_ends_the_session_for_pages_forms_and_htmx(browser, session) -> None:  # noqa: ANN001
    b = browser("organiser")
    old_token = b.csrf
    out = b.post("/logout")
    assert out.status_code == 303
    assert b.get("/fairs", follow_redirects=False).status_code == 303
    assert b.get("/fairs", htmx=True, follow_redirects=False).headers["hx-redirect"].startswith("/login")
    # The old CSRF token went with the session: a form from before the logout is refused, writes nothing.
    before = h.count(session, "fair")
    refused = b.client.post(
        "/fairs", data={"csrf_token": old_token, "date": "2031-03-10"}, follow_redirects=False
    )
    assert refused.status_code == 403
    assert h.count(session, "fair") == before
    # A new login gets a new token.
    b.login("organiser")
    assert b.csrf != old_token


def test_logout_in_one_browser_leaves_the_other_logged_in(client, db_url) -> None:  # noqa: ANN001
    """Two devices of the same user are two sessions: logging out of one ends only that one."""
    client.base_url = "https://testserver"
    phone = Browser(client)
    phone.login("partner_employment")
    with TestClient(shared_app(), base_url="https://testserver") as other:
        desk = Browser(other)
        desk.login("partner_employment")
        assert phone.post("/logout").status_code == 303
        assert phone.get("/inbox", follow_redirects=False).status_code == 303
        assert desk.get("/inbox", follow_redirects=False).status_code == 200


def test_a_blocked_account_is_logged_out_at_once(browser, auth) -> None:  # noqa: ANN001
    hdr = {"organiser": auth("organiser")}
    partner = browser("partner_employment")
    organiser = Browser(TestClient(shared_app(), base_url="https://testserver"))
    organiser.login("organiser")
    users = organiser.get("/users").text
    assert "partner_employment" in users and csrf_of(users)
    listed = h.expect(organiser.client.get(f"{h.API}/users", headers=hdr["organiser"]), 200)
    items = listed["items"] if isinstance(listed, dict) else listed
    user_id = next(u["id"] for u in items if u["username"] == "partner_employment")
    h.expect(organiser.client.post(f"{h.API}/users/{user_id}/deactivate", headers=hdr["organiser"]), 200)
    assert partner.get("/inbox", follow_redirects=False).status_code == 303


def test_api_tokens_expire(client, auth, clock) -> None:  # noqa: ANN001
    hdr = {"organiser": auth("organiser")}
    assert client.get(f"{h.API}/directions", headers=hdr["organiser"]).status_code == 200
    clock.tick(dt.timedelta(minutes=config.get_settings().token_ttl_minutes, seconds=1))
    h.expect(client.get(f"{h.API}/directions", headers=hdr["organiser"]), 401, "not_authenticated")


def test_htmx_marker_is_not_a_way_round_login(client) -> None:  # noqa: ANN001
    client.base_url = "https://testserver"
    response = client.get("/fairs", headers=HX, follow_redirects=False)
    assert response.status_code == 204 and response.headers["hx-redirect"].startswith("/login")
