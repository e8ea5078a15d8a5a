"""Usernames follow one rule on the page, the API and the CLI: ASCII letters, digits and `_ . @ -`, and not
confusable with an existing username (Cyrillic look-alikes, `0`/`o`, `1`/`l`, `rn`/`m`)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from fairs.cli import app as cli_app
from tests.api import helpers as h
from tests.pages.conftest import Browser

STRONG = "violet-harbour-lantern-47"
# Refused by the alphabet (page and API answer alike: the API's schema says 422, the page 400).
HOSTILE = [
    "оrganiser",  # Cyrillic о
    "organisеr",  # Cyrillic е
    "new\u0000user",
    "new\u200buser",  # zero-width space
    "new\u202euser",  # right-to-left override
    "new\tuser",
    "<script>x</script>",
    "a\"onmouseover='x'",
    "ｏｒｇａｎｉｓｅｒ",  # full width
    "new user",
    "user\u00a0name",
]
# Refused as look-alikes of existing usernames (base world: organiser, partner_employment, committee, admin).
CONFUSABLE = [
    "0rganiser",
    "organ1ser",
    "Organiser.",
    "org_aniser",
    "cornmittee",
    "adm1n",
    "partner-employment",
]


@pytest.fixture
def web(client) -> Browser:  # noqa: ANN001
    """The organiser, logged in on the pages (https: the session cookie is Secure)."""
    client.base_url = "https://testserver"
    b = Browser(client)
    b.login("organiser")
    return b


def _page_create(web: Browser, username: str):  # noqa: ANN202
    form = {"username": username, "password": STRONG, "role": "committee", "full_name": "Test"}
    return web.post("/users", form)


@pytest.mark.parametrize("username", HOSTILE)
def test_the_page_refuses_names_outside_the_alphabet(web, session, username: str) -> None:  # noqa: ANN001
    before = h.count(session, "user")
    resp = _page_create(web, username)
    assert resp.status_code == 400, (resp.status_code, resp.text[:200])
    assert h.count(session, "user") == before


@pytest.mark.parametrize("username", HOSTILE)
def test_the_api_refuses_the_same_names(client, auth, session, username: str) -> None:  # noqa: ANN001
    before = h.count(session, "user")
    body = {"username": username, "password": STRONG, "role": "committee"}
    resp = client.post(f"{h.API}/users", json=body, headers=auth("organiser"))
    assert (resp.status_code, resp.json()["code"]) == (422, "validation_error"), resp.text
    assert h.count(session, "user") == before


@pytest.mark.parametrize("username", CONFUSABLE)
def test_look_alikes_of_existing_names_are_refused_on_both_faces(
    web, client, auth, session, username
) -> None:  # noqa: ANN001
    before = h.count(session, "user")
    resp = _page_create(web, username)
    assert resp.status_code == 409, (resp.status_code, resp.text[:200])
    body = {"username": username, "password": STRONG, "role": "committee"}
    h.expect(client.post(f"{h.API}/users", json=body, headers=auth("organiser")), 409, "username_confusable")
    assert h.count(session, "user") == before


def test_the_cli_refuses_a_look_alike(session) -> None:  # noqa: ANN001
    before = h.count(session, "user")
    result = CliRunner().invoke(
        cli_app, ["users", "create", "adm1n", "--role", "admin", "--password", STRONG]
    )
    assert result.exit_code == 2, result.output
    assert h.count(session, "user") == before


def test_distinct_names_still_pass(web, client, auth, session) -> None:  # noqa: ANN001
    assert _page_create(web, "olga.petrova").status_code == 303
    body = {"username": "ivan_2", "password": STRONG, "role": "committee"}
    h.expect(client.post(f"{h.API}/users", json=body, headers=auth("organiser")), 201)
    assert h.count(session, "user", username="olga.petrova") == 1
