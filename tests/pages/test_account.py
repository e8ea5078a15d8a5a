"""Changing one's password; outside demo mode a published demo password never logs in."""

from __future__ import annotations

import pytest

from fairs import config
from fairs.demo import demo_logins
from fairs.models import Role
from fairs.services import accounts
from tests.api import helpers as h
from tests.pages.conftest import csrf_of
from tests.world import PASSWORD

DEMO_PASSWORD = demo_logins()[0][2]


def _login(client, username: str, password: str):  # noqa: ANN001, ANN202
    client.base_url = "https://testserver"
    csrf = csrf_of(client.get("/login").text)
    form = {"username": username, "password": password, "csrf_token": csrf}
    return client.post("/login", data=form, follow_redirects=False)


@pytest.fixture
def demo_user(session):  # noqa: ANN001, ANN201
    """An organiser account that still has a published demo password."""
    user = accounts.create_user(
        session,
        actor=None,
        username="olga",
        password=DEMO_PASSWORD,
        role=Role.organiser,
        district_id=1,
        check_rules=False,
    )
    session.commit()
    return user


@pytest.mark.parametrize("username", ["olga", "nobody-at-all", "organiser"])
def test_a_published_demo_password_never_logs_in_outside_demo_mode(client, session, demo_user, username):
    # Whoever read the README must not be the one to choose the account's password: refused on the page
    # and on the API alike, for a real account or not (the answer tells nothing), pointing to the CLI.
    page = _login(client, username, DEMO_PASSWORD)
    assert page.status_code == 403, page.text
    assert "fairs users set-password" in page.text
    assert client.get("/fairs", follow_redirects=False).headers["location"].startswith("/login")
    resp = client.post(f"{h.API}/auth/token", data={"username": username, "password": DEMO_PASSWORD})
    body = h.expect(resp, 403, "demo_password")
    assert "fairs users set-password" in body["detail"] and "access_token" not in body
    assert h.count(session, "user_session") == 0
    assert h.count(session, "login_failure") == 0  # refused before any look-up: nothing to lock anyone out


def test_the_administrator_replaces_a_demo_password_from_the_cli(client, demo_user):
    from typer.testing import CliRunner

    from fairs.cli import app as cli_app

    new = "three quiet rivers"
    result = CliRunner().invoke(cli_app, ["users", "set-password", "olga", "--password", new])
    assert result.exit_code == 0, result.output
    assert _login(client, "olga", new).headers["location"] == "/fairs"
    h.expect(client.post(f"{h.API}/auth/token", data={"username": "olga", "password": new}), 200)


def test_a_demo_password_is_refused_as_a_new_password(client, browser):
    b = browser("committee")  # not "organiser": the demo password holds that name, refused for that
    form = {"current": PASSWORD, "new": DEMO_PASSWORD, "repeat": DEMO_PASSWORD}
    refused = b.post("/account/password", form)
    assert refused.status_code == 400 and "демо" in refused.text


def test_demo_mode_lets_demo_passwords_be(client, demo_user, monkeypatch):
    monkeypatch.setenv("FAIRS_DEMO", "1")
    config.get_settings.cache_clear()
    resp = client.post(f"{h.API}/auth/token", data={"username": "olga", "password": DEMO_PASSWORD})
    h.expect(resp, 200)
    assert _login(client, "olga", DEMO_PASSWORD).headers["location"] == "/fairs"


def test_changing_ones_password_needs_the_current_one(client, browser, session):
    b = browser("organiser")
    form = {"current": "not-the-password", "new": "three quiet rivers", "repeat": "three quiet rivers"}
    assert b.post("/account/password", form).status_code == 400
    assert b.post("/account/password", {**form, "current": PASSWORD, "repeat": "other"}).status_code == 400
    # Both refusals changed nothing: the old password still gives a token, the new one does not, no audit row.
    token = f"{h.API}/auth/token"
    h.expect(client.post(token, data={"username": "organiser", "password": PASSWORD}), 200)
    refused = client.post(token, data={"username": "organiser", "password": "three quiet rivers"})
    assert refused.status_code == 401, refused.text
    assert h.count(session, "audit_entry", action="set_password") == 0
    assert b.post("/account/password", {**form, "current": PASSWORD}).status_code == 303
    assert h.count(session, "audit_entry", action="set_password") == 1
    resp = client.post(
        f"{h.API}/auth/token", data={"username": "organiser", "password": "three quiet rivers"}
    )
    h.expect(resp, 200)
