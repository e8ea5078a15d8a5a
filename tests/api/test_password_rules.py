"""Password rules through both faces: common and breached passwords are refused (ASVS 2.1.7), strong ones
pass, and the forms show the minimum length the rule really has."""

from __future__ import annotations

import re

import pytest

from fairs.services.accounts import PASSWORD_MIN_LENGTH
from tests.api import helpers as h
from tests.pages.conftest import Browser
from tests.world import PASSWORD

# 13 of these 17 were accepted before issue 12 (long enough, not a sequence, not in the short list).
BREACHED_OR_GUESSABLE = [
    "P@ssw0rd2026",
    "1q2w3e4r5t",
    "1q2w3e4r5t6y",
    "qwertyuiop123",
    "iloveyou2026",
    "Password2026!",
    "trustno1trustno1",
    "baseball1234",
    "superman123",
    "michael1985",
    "zaq12wsxcde",
    "qazwsxedc123",
    "Welcome2026",
    "Summer2026!",
    "1qaz2wsx3edc",
    "starwars1977",
    "abcd1234abcd",
]
STRONG = ["three quiet rivers", "violet-harbour-lantern-47", "кофейник на подоконнике", "kx8#mQ2vLp-walrus"]


@pytest.fixture
def browser(client):  # noqa: ANN001, ANN201
    """`browser("organiser")`: the test client logged in through the login form (https: Secure cookie)."""
    client.base_url = "https://testserver"

    def make(username: str) -> Browser:
        b = Browser(client)
        b.login(username)
        return b

    return make


def _create(client, auth, password: str, username: str = "newuser"):  # noqa: ANN001, ANN202
    body = {"username": username, "password": password, "role": "committee"}
    return client.post(f"{h.API}/users", json=body, headers=auth("organiser"))


@pytest.mark.parametrize("password", BREACHED_OR_GUESSABLE)
def test_breached_and_guessable_passwords_are_refused(client, auth, session, password: str) -> None:
    before = h.count(session, "user")
    h.expect(_create(client, auth, password), 400, "weak_password")
    assert h.count(session, "user") == before


@pytest.mark.parametrize("password", STRONG)
def test_strong_passwords_pass(client, auth, password: str) -> None:
    h.expect(_create(client, auth, password), 201)
    token = client.post(f"{h.API}/auth/token", data={"username": "newuser", "password": password})
    h.expect(token, 200)


def test_a_breached_password_is_refused_as_a_new_own_password(browser) -> None:  # noqa: ANN001
    b = browser("committee")
    form = {"current": PASSWORD, "new": "P@ssw0rd2026", "repeat": "P@ssw0rd2026"}
    assert b.post("/account/password", form).status_code == 400
    # Still the old password: a token for it, none for the refused one.
    client = b.client
    h.expect(client.post(f"{h.API}/auth/token", data={"username": "committee", "password": PASSWORD}), 200)


def test_the_username_makes_a_password_guessable(client, auth) -> None:  # noqa: ANN001
    # zxcvbn is given the username: its l33t spelling plus a year is easy to guess for whoever knows the
    # name (the plain substring check misses it), while the same password for another username passes.
    h.expect(_create(client, auth, "V4s1l3nk0-85", username="vasilenko"), 400, "weak_password")
    h.expect(_create(client, auth, "V4s1l3nk0-85", username="petrova"), 201)


def test_the_forms_show_the_minimum_length_of_the_rule(browser, client, auth) -> None:  # noqa: ANN001
    b = browser("organiser")
    for url in ("/users", "/account/password"):
        page = b.get(url).text
        minimums = set(re.findall(r'name="(?:password|new|repeat)"[^>]*minlength="(\d+)"', page))
        assert minimums == {str(PASSWORD_MIN_LENGTH)}, (url, minimums)
        assert f"{PASSWORD_MIN_LENGTH} " in page  # the label says it (Russian: "не короче 10 символов")
    # And the rule agrees: one character less is refused, the minimum accepted.
    h.expect(_create(client, auth, "kx8#mQ2vL"[: PASSWORD_MIN_LENGTH - 1]), 400, "weak_password")
    h.expect(_create(client, auth, "kx8#mQ2vLp-z"[:PASSWORD_MIN_LENGTH]), 201)
