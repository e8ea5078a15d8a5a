"""User accounts: organisers manage their district's, admins everyone's; blocked accounts are locked out."""

from __future__ import annotations

from tests.api import helpers as h
from tests.world import PASSWORD


def _new(client, headers, **body):  # noqa: ANN001, ANN003, ANN202
    return client.post("/api/v1/users", headers=headers, json={"password": "long-enough-1", **body})


def test_organiser_creates_accounts_of_their_district_only(client, hdr, orgs):
    org = hdr["organiser"]
    partner = h.expect(
        _new(client, org, username="emp2", role="partner", organisation_id=orgs["employment"]), 201
    )
    assert partner["organisation_id"] == orgs["employment"] and partner["is_active"] is True
    assert not {"password", "password_hash"} & partner.keys() and "hash" not in str(partner)
    assert "long-enough-1" not in str(partner) and partner["must_change_password"] is True
    assert _new(client, org, username="boss", role="admin").status_code == 403
    assert _new(client, org, username="emp2", role="committee").json()["code"] == "username_taken"
    # The other district's organiser cannot give accounts at district A's organisations.
    # To them it is an organisation that does not exist: the same refusal, nothing created.
    other = _new(
        client, hdr["organiser_b"], username="x1", role="partner", organisation_id=orgs["employment"]
    )
    none = _new(client, hdr["organiser_b"], username="x1", role="partner", organisation_id=987_654)
    assert (other.status_code, other.json()["code"]) == (400, "organisation_required")
    assert (none.status_code, none.json()) == (other.status_code, other.json())
    for role in ("partner_employment", "committee"):
        assert _new(client, hdr[role], username="x2", role="partner").status_code == 403
        assert client.get("/api/v1/users", headers=hdr[role]).status_code == 403
    listed = {u["username"] for u in client.get("/api/v1/users", headers=org).json()}
    assert {"organiser", "partner_employment", "committee", "emp2"} <= listed
    assert "organiser_b" not in listed and "admin" not in listed
    token = client.post("/api/v1/auth/token", data={"username": "emp2", "password": "long-enough-1"})
    assert token.status_code == 200


def test_a_blocked_account_is_locked_out_at_once(client, hdr, session):
    org = hdr["organiser"]
    users = {u["username"]: u for u in client.get("/api/v1/users", headers=org).json()}
    target = users["partner_employment"]
    partner = hdr["partner_employment"]
    assert client.get("/api/v1/directions", headers=partner).status_code == 200
    blocked = h.expect(client.post(f"/api/v1/users/{target['id']}/deactivate", headers=org), 200)
    assert blocked["is_active"] is False
    assert client.get("/api/v1/directions", headers=partner).status_code == 401  # the old token is dead
    login = client.post("/api/v1/auth/token", data={"username": "partner_employment", "password": PASSWORD})
    assert login.status_code == 401
    assert client.post(f"/api/v1/users/{users['organiser']['id']}/deactivate", headers=org).json()[
        "code"
    ] == ("own_account")
    assert h.expect(client.post(f"/api/v1/users/{target['id']}/activate", headers=org), 200)["is_active"]
    # Unblocking does not revive a token issued before the block (issue 12): a new login gives one.
    assert client.get("/api/v1/directions", headers=partner).status_code == 401
    login = client.post("/api/v1/auth/token", data={"username": "partner_employment", "password": PASSWORD})
    fresh = {"Authorization": f"Bearer {h.expect(login, 200)['access_token']}"}
    assert client.get("/api/v1/directions", headers=fresh).status_code == 200
    assert h.count(session, "audit_entry", entity="user", action="deactivate") == 1
    assert h.count(session, "audit_entry", entity="user", action="activate") == 1


def test_admin_creates_an_organiser_for_a_district(client, hdr, session):
    row = session.connection().exec_driver_sql("SELECT id FROM district ORDER BY id").first()
    created = h.expect(_new(client, hdr["admin"], username="org3", role="organiser", district_id=row[0]), 201)
    assert created["district_id"] == row[0]
    assert _new(client, hdr["admin"], username="org4", role="organiser").json()["code"] == "district_required"
