"""Changing one's password; accounts still on a published demo password must change it first."""

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


def test_a_demo_password_must_be_changed_before_anything_else(client, demo_user):
    resp = _login(client, "olga", DEMO_PASSWORD)
    assert resp.status_code == 303 and resp.headers["location"] == "/account/password"
    for page in ("/fairs", "/clients", "/organisations"):
        moved = client.get(page, follow_redirects=False)
        assert moved.status_code == 303 and moved.headers["location"] == "/account/password", page
    form_page = client.get("/account/password")
    assert form_page.status_code == 200 and 'name="new"' in form_page.text
    csrf = csrf_of(form_page.text)
    # The new password follows the rules: the demo one again, the username, or a short one are refused.
    for new, reason in ((DEMO_PASSWORD, "демо"), ("olga-olga-olga", "имя пользователя"), ("short", "10")):
        form = {"current": DEMO_PASSWORD, "new": new, "repeat": new, "csrf_token": csrf}
        refused = client.post("/account/password", data=form, follow_redirects=False)
        assert refused.status_code == 400 and reason in refused.text, new
    form = {
        "current": DEMO_PASSWORD,
        "new": "three quiet rivers",
        "repeat": "three quiet rivers",
        "csrf_token": csrf,
    }
    done = client.post("/account/password", data=form, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/fairs"
    assert client.get("/fairs", follow_redirects=False).status_code == 200


def test_the_api_refuses_a_token_for_a_demo_password(client, demo_user):
    resp = client.post(f"{h.API}/auth/token", data={"username": "olga", "password": DEMO_PASSWORD})
    h.expect(resp, 403, "password_change_required")


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
