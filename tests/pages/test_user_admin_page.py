"""The accounts pages: a reset shows the temporary password once and the account is led to the password form
until it chooses its own; edits of role and place; the admin's form on a new, empty district; an
organiser's new accounts land in their own district."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from fairs.models import User
from tests.api import helpers as h
from tests.pages.conftest import HX, Browser, csrf_of

SHOWN = re.compile(r'id="temporary-password">([^<]+)<')
NEW_PASSWORD = "lantern-orchard-basalt"


def _log_in(client, username: str, password: str):  # noqa: ANN001, ANN202
    page = client.get("/login")
    form = {"username": username, "password": password, "csrf_token": csrf_of(page.text)}
    return client.post("/login", data=form, follow_redirects=False)


def _user(session: Session, username: str) -> User:
    session.expire_all()
    return session.exec(select(User).where(User.username == username)).one()


def test_reset_then_forced_change_then_free(browser, client, session: Session) -> None:  # noqa: ANN001
    partner = _user(session, "partner_employment")
    browser("partner_employment")
    partner_cookies = dict(client.cookies)
    organiser = browser("organiser")
    assert f'href="/users/{partner.id}"' in organiser.get("/users").text
    assert "Сбросить пароль" in organiser.get(f"/users/{partner.id}").text
    reset = organiser.post(f"/users/{partner.id}/password")
    assert reset.status_code == 200 and reset.headers["cache-control"] == "no-store"
    temporary = SHOWN.search(reset.text).group(1)
    assert "временный пароль" in reset.text.lower()
    # Shown once: the account's page does not show it again.
    assert temporary not in organiser.get(f"/users/{partner.id}").text
    # The partner's browser was logged out by the reset.
    client.cookies.clear()
    client.cookies.update(partner_cookies)
    assert client.get("/scan", follow_redirects=False).headers["location"].startswith("/login")
    client.cookies.clear()
    assert _log_in(client, "partner_employment", "correct-horse-1").status_code == 401
    assert _log_in(client, "partner_employment", temporary).status_code == 303
    # Every page leads to the password form, which says why; logging out and the language still work.
    for url in ("/scan", "/fairs", "/", "/login", "/exports/committee.xlsx"):
        moved = client.get(url, follow_redirects=False)
        assert (moved.status_code, moved.headers["location"]) == (303, "/account/password"), url
    assert client.get("/inbox", headers=HX).headers["hx-redirect"] == "/account/password"
    form = client.get("/account/password")
    assert form.status_code == 200 and 'id="must-change"' in form.text
    csrf = csrf_of(form.text)
    posted = client.post("/inbox/coupons/X/outcome", data={"csrf_token": csrf}, follow_redirects=False)
    assert (posted.status_code, posted.headers["location"]) == (303, "/account/password")
    lang = client.post("/lang", data={"csrf_token": csrf, "lang": "ru", "next": "/"}, follow_redirects=False)
    assert lang.status_code == 303
    change = {"csrf_token": csrf, "current": temporary, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD}
    done = client.post("/account/password", data=change, follow_redirects=False)
    assert (done.status_code, done.headers["location"]) == (303, "/scan")
    assert client.get("/scan").status_code == 200
    assert 'id="must-change"' not in client.get("/account/password").text
    assert _user(session, "partner_employment").must_change_password is False


def test_edit_page_changes_role_and_keeps_what_was_typed(browser, session: Session, orgs) -> None:  # noqa: ANN001
    partner = _user(session, "partner_employment")
    organiser = browser("organiser")
    url = f"/users/{partner.id}"
    # A partner without an organisation: refused in place, in Russian, the typed name kept.
    refused = organiser.post(url, {"full_name": "Сидорова Н. П.", "role": "partner", "organisation_id": ""})
    assert refused.status_code == 400
    assert "должен относиться к организации" in refused.text and 'value="Сидорова Н. П."' in refused.text
    # An organiser cannot make an admin (their form does not offer it; a forged one is refused).
    assert 'value="admin"' not in organiser.get(url).text
    forged = organiser.post(url, {"full_name": "Сидорова", "role": "admin"})
    assert forged.status_code == 403 and 'value="Сидорова"' in forged.text
    generation = partner.token_generation
    saved = organiser.post(url, {"full_name": "Сидорова Н. П.", "role": "committee"})
    assert (saved.status_code, saved.headers["location"]) == (303, "/users")
    changed = _user(session, "partner_employment")
    assert (changed.role, changed.organisation_id, changed.full_name) == ("committee", None, "Сидорова Н. П.")
    assert changed.district_id == _user(session, "organiser").district_id
    assert changed.token_generation == generation + 1  # its API tokens stop
    # One's own role: refused; another district's account: not found, as a made-up id.
    me = _user(session, "organiser")
    own = organiser.post(f"/users/{me.id}", {"full_name": me.full_name, "role": "committee"})
    assert own.status_code == 409 and _user(session, "organiser").role == "organiser"
    other = _user(session, "organiser_b")
    for target in (other.id, 987_654):
        assert organiser.get(f"/users/{target}").status_code == 404
        assert organiser.post(f"/users/{target}/password").status_code == 404
    assert _user(session, "organiser_b").must_change_password is False


def test_admin_sets_up_a_new_district_and_its_organiser_adds_people(  # noqa: ANN001
    client, browser, auth, session: Session
) -> None:
    admin = auth("admin")
    region = h.expect(
        client.post(f"{h.API}/regions", json={"name": "Гомельская область"}, headers=admin), 201
    )
    body = {"name": "Речицкий район", "region_id": region["id"]}
    district = h.expect(client.post(f"{h.API}/districts", json=body, headers=admin), 201)
    b = browser("admin")
    form = b.get("/users").text
    assert f'<option value="{district["id"]}">Речицкий район</option>' in form
    assert f'<option value="{region["id"]}">Гомельская область</option>' in form
    # An organiser needs a district: a region alone is refused, what was typed is kept.
    typed = {"username": "rech.org", "full_name": "Ковалёв", "role": "organiser", "password": "long-enough-1"}
    refused = b.post("/users", {**typed, "region_id": str(region["id"])})
    assert refused.status_code == 400 and 'value="rech.org"' in refused.text
    assert f'<option value="{region["id"]}" selected>' in refused.text
    assert b.post("/users", {**typed, "district_id": str(district["id"])}).status_code == 303
    watch = {"username": "gomel.watch", "role": "committee", "password": "long-enough-1"}
    assert b.post("/users", {**watch, "region_id": str(region["id"])}).status_code == 303
    made = _user(session, "rech.org")
    assert (made.district_id, made.region_id, made.must_change_password) == (district["id"], None, True)
    regional = _user(session, "gomel.watch")
    assert (regional.district_id, regional.region_id, regional.role) == (None, region["id"], "committee")
    # The new organiser changes the given password, then adds a colleague: it lands in their district,
    # whatever district the form was made to send.
    client.cookies.clear()
    assert _log_in(client, "rech.org", "long-enough-1").status_code == 303
    page = client.get("/account/password")
    change = {"current": "long-enough-1", "new": NEW_PASSWORD, "repeat": NEW_PASSWORD}
    client.post("/account/password", data={"csrf_token": csrf_of(page.text), **change})
    organiser = Browser(client)
    organiser.csrf = csrf_of(client.get("/users").text)
    other = _user(session, "organiser_b").district_id
    colleague = {"username": "rech.clerk", "role": "committee", "password": "long-enough-1"}
    assert organiser.post("/users", {**colleague, "district_id": str(other)}).status_code == 303
    clerk = _user(session, "rech.clerk")
    assert (clerk.district_id, clerk.region_id, clerk.must_change_password) == (district["id"], None, True)
