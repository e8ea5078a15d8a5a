"""A stranger's bad passwords lock a username for unknown browsers only: a browser that has logged in as
that user before (its signed device cookie) still logs in, and its own failures lock that browser alone."""

from __future__ import annotations

import pytest

from fairs.security import device_cookie
from tests.pages.conftest import csrf_of
from tests.world import PASSWORD

DEVICE = "fairs_device"


@pytest.fixture
def attempt(client):  # noqa: ANN001, ANN201
    """`attempt(username, password)` → the login form's answer, from whatever browser `client` is now."""
    client.base_url = "https://testserver"  # the cookies are Secure in the tests

    def post(username: str, password: str):  # noqa: ANN202
        csrf = csrf_of(client.get("/login").text)
        form = {"username": username, "password": password, "csrf_token": csrf}
        return client.post("/login", data=form, follow_redirects=False)

    return post


def known_browser(client, attempt, username: str = "organiser") -> str:  # noqa: ANN001
    """Log in once as `username`, log out, and return the device cookie the browser kept."""
    assert attempt(username, PASSWORD).status_code == 303
    device = client.cookies.get(DEVICE)
    assert device
    client.cookies.clear()
    return device


def as_browser(client, device: str | None) -> None:  # noqa: ANN001
    client.cookies.clear()
    if device:
        client.cookies.set(DEVICE, device, domain="testserver.local")


def test_a_strangers_failures_do_not_lock_out_a_known_browser(client, attempt):
    device = known_browser(client, attempt)
    as_browser(client, None)  # the stranger
    for _ in range(5):
        assert attempt("organiser", "wrong-password").status_code == 401
    assert attempt("organiser", PASSWORD).status_code == 429  # unknown browsers stay locked out
    as_browser(client, device)  # the organiser's own browser
    welcome = attempt("organiser", PASSWORD)
    assert welcome.status_code == 303
    assert client.get(welcome.headers["location"], follow_redirects=False).status_code == 200


def test_a_known_browsers_own_failures_lock_that_browser_only(client, attempt):
    as_browser(client, known_browser(client, attempt))
    for _ in range(5):
        assert attempt("organiser", "wrong-password").status_code == 401
    assert attempt("organiser", PASSWORD).status_code == 429  # five guesses from it lock it
    # Its failures did not lock the username for other browsers.
    as_browser(client, None)
    assert attempt("organiser", PASSWORD).status_code == 303


def test_a_cookie_for_another_user_or_a_forged_one_does_not_help(client, attempt):
    device = known_browser(client, attempt, "partner_hospital")  # knows partner_hospital, not organiser
    as_browser(client, None)
    for _ in range(5):
        assert attempt("organiser", "wrong-password").status_code == 401
    as_browser(client, device)
    assert attempt("organiser", PASSWORD).status_code == 429
    forged = device_cookie({"organiser": "made-up-device"})[:-4] + "AAAA"  # a broken signature
    as_browser(client, forged)
    assert attempt("organiser", PASSWORD).status_code == 429
