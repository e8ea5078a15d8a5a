"""Managing accounts through the API: the password reset (a temporary password, changed at the next login),
edits of name, role and place, and the guards around them (district, admins, one's own account)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from fairs.errors import DomainError
from fairs.models import District, Region, User
from fairs.services import accounts
from tests.api import helpers as h
from tests.world import PASSWORD

TEMPORARY = re.compile(r"^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$")
NEW_PASSWORD = "lantern-orchard-basalt"


def _id(session: Session, username: str) -> int:
    return session.exec(select(User.id).where(User.username == username)).one()


def _token(client, username: str, password: str):  # noqa: ANN001, ANN202
    return client.post(f"{h.API}/auth/token", data={"username": username, "password": password})


def _bearer(resp) -> dict[str, str]:  # noqa: ANN001
    return {"Authorization": f"Bearer {h.expect(resp, 200)['access_token']}"}


def test_reset_gives_a_temporary_password_that_must_be_changed(client, hdr, session) -> None:  # noqa: ANN001
    org, partner_id = hdr["organiser"], _id(session, "partner_employment")
    assert client.get(f"{h.API}/directions", headers=hdr["partner_employment"]).status_code == 200
    resp = client.post(f"{h.API}/users/{partner_id}/reset-password", headers=org)
    body = h.expect(resp, 200)
    temporary = body["temporary_password"]
    assert TEMPORARY.match(temporary) and resp.headers["cache-control"] == "no-store"
    assert body["user"]["must_change_password"] is True and "hash" not in str(body)
    # Every device is logged out at once: the token issued before the reset is dead.
    assert client.get(f"{h.API}/directions", headers=hdr["partner_employment"]).status_code == 401
    assert _token(client, "partner_employment", PASSWORD).status_code == 401  # the old password
    forced = _bearer(_token(client, "partner_employment", temporary))
    # Until the password is the person's own, every call but the change is refused.
    h.expect(client.get(f"{h.API}/directions", headers=forced), 403, "password_change_required")
    h.expect(client.get(f"{h.API}/inbox", headers=forced), 403, "password_change_required")
    change = f"{h.API}/users/me/password"
    wrong = {"current": "not-it-at-all", "new": NEW_PASSWORD}
    h.expect(client.post(change, json=wrong, headers=forced), 400, "wrong_password")
    same = {"current": temporary, "new": temporary}
    h.expect(client.post(change, json=same, headers=forced), 400, "same_password")
    fresh = _bearer(client.post(change, json={"current": temporary, "new": NEW_PASSWORD}, headers=forced))
    assert client.get(f"{h.API}/directions", headers=forced).status_code == 401  # the change ends it too
    assert client.get(f"{h.API}/directions", headers=fresh).status_code == 200
    assert _token(client, "partner_employment", NEW_PASSWORD).status_code == 200
    assert _token(client, "partner_employment", temporary).status_code == 401
    # Audited, without the password.
    rows = session.execute(text("SELECT action, details FROM audit_entry WHERE entity = 'user'")).all()
    assert ("reset_password" in {r[0] for r in rows}) and not any(temporary in str(r[1]) for r in rows)
    # An organiser resets only their district's accounts: another district's is a made-up id to them,
    # an admin's too; their own password they change on the account page; partners reset nothing.
    for target in (_id(session, "organiser_b"), _id(session, "admin"), 987_654):
        resp = client.post(f"{h.API}/users/{target}/reset-password", headers=org)
        h.expect(resp, 404, "user_not_found")
    own = client.post(f"{h.API}/users/{_id(session, 'organiser')}/reset-password", headers=org)
    h.expect(own, 409, "own_account")
    own = client.post(f"{h.API}/users/{_id(session, 'admin')}/reset-password", headers=hdr["admin"])
    h.expect(own, 409, "own_account")
    other = client.post(f"{h.API}/users/{partner_id}/reset-password", headers=hdr["partner_hospital"])
    h.expect(other, 403, "forbidden")
    # An admin resets anyone else's, in any district.
    h.expect(
        client.post(f"{h.API}/users/{_id(session, 'organiser_b')}/reset-password", headers=hdr["admin"]), 200
    )


def test_new_accounts_start_with_a_temporary_password(client, hdr, session) -> None:  # noqa: ANN001
    region_id = session.exec(select(Region.id)).one()
    body = {
        "username": "region.watch",
        "password": "long-enough-1",
        "role": "committee",
        "region_id": region_id,
    }
    created = h.expect(client.post(f"{h.API}/users", json=body, headers=hdr["admin"]), 201)
    assert (created["region_id"], created["district_id"], created["must_change_password"]) == (
        region_id,
        None,
        True,
    )
    body = {
        "username": "org.region",
        "password": "long-enough-1",
        "role": "organiser",
        "region_id": region_id,
    }
    h.expect(client.post(f"{h.API}/users", json=body, headers=hdr["admin"]), 400, "district_required")
    body = {"username": "adm.region", "password": "long-enough-1", "role": "admin", "region_id": region_id}
    h.expect(client.post(f"{h.API}/users", json=body, headers=hdr["admin"]), 400, "region_for_committee")
    # An organiser's new account lands in their district, whatever region or district is asked.
    body |= {"username": "c.local", "role": "committee", "district_id": 987_654}
    local = h.expect(client.post(f"{h.API}/users", json=body, headers=hdr["organiser"]), 201)
    organiser = session.get(User, _id(session, "organiser"))
    assert (local["district_id"], local["region_id"]) == (organiser.district_id, None)
    forced = _bearer(_token(client, "region.watch", "long-enough-1"))
    h.expect(client.get(f"{h.API}/reports/committee", headers=forced), 403, "password_change_required")


def test_role_and_organisation_edits(client, hdr, session, orgs) -> None:  # noqa: ANN001
    org, admin = hdr["organiser"], hdr["admin"]
    partner_id = _id(session, "partner_employment")
    url = f"{h.API}/users/{partner_id}"
    # The organisation changes: the old token stops, the account is the hospital's now.
    moved = h.expect(client.patch(url, json={"organisation_id": orgs["hospital"]}, headers=org), 200)
    assert moved["organisation_id"] == orgs["hospital"] and moved["role"] == "partner"
    assert client.get(f"{h.API}/directions", headers=hdr["partner_employment"]).status_code == 401
    # A partner needs an organisation of the district: another district's is one that does not exist.
    slutsk = session.execute(text("SELECT id FROM organisation WHERE name LIKE '%Слуцк%'")).scalar_one()
    for bad in (slutsk, 987_654, None):
        resp = client.patch(url, json={"organisation_id": bad}, headers=org)
        h.expect(resp, 400, "organisation_required")
    # Organisers: roles organiser, partner, committee, in their district; never an admin.
    h.expect(client.patch(url, json={"role": "admin"}, headers=org), 403, "forbidden")
    changed = h.expect(
        client.patch(url, json={"role": "committee", "full_name": "Петрова"}, headers=org), 200
    )
    assert (changed["role"], changed["organisation_id"], changed["full_name"]) == (
        "committee",
        None,
        "Петрова",
    )
    row = session.execute(
        text("SELECT details FROM audit_entry WHERE action = 'update' AND entity = 'user' ORDER BY id DESC")
    ).first()
    details = row[0] if isinstance(row[0], dict) else json.loads(row[0])
    assert details["before"] == {"role": "partner", "organisation_id": orgs["hospital"]}
    assert details["after"] == {"role": "committee", "organisation_id": None}
    assert details["full_name"] == "changed" and "Петрова" not in str(details)
    # Not another district's account (a made-up id's answer), nor an admin's, nor one's own role.
    for target in (_id(session, "organiser_b"), _id(session, "admin"), 987_654):
        h.expect(client.patch(f"{h.API}/users/{target}", json={"full_name": "X"}, headers=org), 404)
    own = f"{h.API}/users/{_id(session, 'organiser')}"
    h.expect(client.patch(own, json={"role": "committee"}, headers=org), 409, "own_account")
    assert (
        h.expect(client.patch(own, json={"full_name": "Иванова А."}, headers=org), 200)["role"] == "organiser"
    )
    h.expect(client.patch(url, json={"role": "partner"}, headers=hdr["partner_hospital"]), 403, "forbidden")
    # Admins: any district or a whole region; never their own role, never blocking themselves.
    region_id = session.exec(select(Region.id)).one()
    regional = h.expect(client.patch(url, json={"region_id": region_id}, headers=admin), 200)
    assert (regional["region_id"], regional["district_id"]) == (region_id, None)
    own = f"{h.API}/users/{_id(session, 'admin')}"
    h.expect(
        client.patch(own, json={"role": "organiser", "district_id": 1}, headers=admin), 409, "own_account"
    )
    h.expect(client.post(f"{own}/deactivate", headers=admin), 409, "own_account")
    h.expect(client.patch(url, json={"role": "admin"}, headers=admin), 400, "region_for_committee")
    promoted = h.expect(client.patch(url, json={"role": "admin", "region_id": None}, headers=admin), 200)
    assert promoted["role"] == "admin" and promoted["region_id"] is None


def test_the_last_active_admin_is_never_demoted_or_blocked(session) -> None:  # noqa: ANN001
    """Two admins acting on each other: whichever comes second (on a page loaded before the other's block)
    finds the other is the last active admin, and is refused."""
    first = session.exec(select(User).where(User.username == "admin")).one()
    second = accounts.create_user(
        session, actor=None, username="admin2", password=PASSWORD, role="admin", temporary=False
    )
    session.commit()
    accounts.set_active(session, actor=second, user_id=first.id, active=False)
    session.commit()
    district_id = session.exec(select(District.id)).first()
    with pytest.raises(DomainError) as demoted:
        accounts.update_account(
            session,
            actor=first,
            user_id=second.id,
            full_name="",
            role="organiser",
            organisation_id=None,
            district_id=district_id,
        )
    session.rollback()
    with pytest.raises(DomainError) as blocked:
        accounts.set_active(session, actor=first, user_id=second.id, active=False)
    assert demoted.value.code == blocked.value.code == "last_admin"


def test_the_readme_names_the_account_routes_that_exist() -> None:
    """The README's rows for accounts (pages and API) name routes the app has."""
    from tests.test_role_matrix import app_routes

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    routes = {(method, path.replace("{user_id}", "{id}")) for method, path in app_routes()}
    named = re.findall(r"`((?:GET|POST|PATCH)(?:, (?:GET|POST|PATCH))*) (/api/v1/users[^`]*)`", readme)
    assert len(named) >= 5, named
    for methods, path in named:
        for method in methods.split(", "):
            assert (method, path) in routes, (method, path)
    assert ("GET", "/users/{id}") in routes and "`/users/{id}`" in readme
    assert ("POST", "/api/v1/auth/token") in routes
