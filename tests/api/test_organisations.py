"""Organisations: organisers register them in their district; other roles cannot; districts are separate."""

from __future__ import annotations

import pytest

from tests.api import helpers as h

NEW = {
    "name": "Территориальный центр социального обслуживания",
    "kind": "social",
    "address": "г. Солигорск, ул. Козлова, 1",
    "phone": "+375 174 111111",
    "directions": ["social_services", "documents", "housing"],
}


def test_organiser_registers_an_organisation(client, hdr, session):
    before = h.count(session, "audit_entry", action="create", entity="organisation")
    body = h.expect(client.post(f"{h.API}/organisations", json=NEW, headers=hdr["organiser"]), 201)
    assert body["name"] == NEW["name"]
    assert body["kind"] == "social"
    assert body["address"] == NEW["address"]
    assert body["phone"] == NEW["phone"]
    assert sorted(body["directions"]) == sorted(NEW["directions"])
    listed = h.expect(client.get(f"{h.API}/organisations", headers=hdr["organiser"]), 200)
    mine = [o for o in listed if o["id"] == body["id"]]
    assert mine == [body]
    assert h.count(session, "audit_entry", action="create", entity="organisation") == before + 1


@pytest.mark.parametrize("username", ["partner_employment", "committee", "admin"])
def test_other_roles_cannot_register(client, hdr, session, username):
    before = h.count(session, "organisation")
    resp = client.post(f"{h.API}/organisations", json=NEW, headers=hdr[username])
    h.expect(resp, 403)
    assert h.count(session, "organisation") == before


def test_unknown_direction_is_400_and_writes_nothing(client, hdr, session):
    orgs_before = h.count(session, "organisation")
    links_before = h.count(session, "organisationdirection")
    audit_before = h.count(session, "audit_entry")
    body = {**NEW, "directions": ["social_services", "astrology"]}
    h.expect(
        client.post(f"{h.API}/organisations", json=body, headers=hdr["organiser"]), 400, "unknown_direction"
    )
    assert h.count(session, "organisation") == orgs_before
    assert h.count(session, "organisationdirection") == links_before
    assert h.count(session, "audit_entry") == audit_before
    names = [o["name"] for o in client.get(f"{h.API}/organisations", headers=hdr["organiser"]).json()]
    assert NEW["name"] not in names


def test_duplicate_name_in_district_is_409(client, hdr):
    h.expect(client.post(f"{h.API}/organisations", json=NEW, headers=hdr["organiser"]), 201)
    h.expect(
        client.post(f"{h.API}/organisations", json=NEW, headers=hdr["organiser"]), 409, "organisation_exists"
    )
    # Another district may use the same name.
    h.expect(client.post(f"{h.API}/organisations", json=NEW, headers=hdr["organiser_b"]), 201)


def test_districts_do_not_see_each_other(client, hdr, orgs):
    a = {o["id"] for o in h.expect(client.get(f"{h.API}/organisations", headers=hdr["organiser"]), 200)}
    b = {o["id"] for o in h.expect(client.get(f"{h.API}/organisations", headers=hdr["organiser_b"]), 200)}
    assert set(orgs.values()) == a
    assert len(b) == 1
    assert not a & b
    created_b = h.expect(client.post(f"{h.API}/organisations", json=NEW, headers=hdr["organiser_b"]), 201)
    a_after = {o["id"] for o in client.get(f"{h.API}/organisations", headers=hdr["organiser"]).json()}
    assert created_b["id"] not in a_after
    # The district committee sees its district; the regional committee sees both.
    committee = {o["id"] for o in client.get(f"{h.API}/organisations", headers=hdr["committee"]).json()}
    region = {o["id"] for o in client.get(f"{h.API}/organisations", headers=hdr["committee_region"]).json()}
    assert committee == a
    assert region == a | b | {created_b["id"]}
    # A partner reads its district's organisations (it needs them to address coupons).
    partner = {o["id"] for o in client.get(f"{h.API}/organisations", headers=hdr["partner_hospital"]).json()}
    assert partner == a


def test_organiser_b_cannot_book_district_a_organisation(client, hdr, orgs):
    fair_b = h.make_fair(client, hdr["organiser_b"], day=h.today())
    resp = client.post(
        f"{h.API}/fairs/{fair_b['id']}/booths",
        json={"organisation_id": orgs["employment"]},
        headers=hdr["organiser_b"],
    )
    h.expect(resp, 404, "organisation_not_found")


def test_renaming_to_an_existing_name_is_refused(client, hdr, orgs):
    org = hdr["organiser"]
    body = {"name": "Красный Крест", "kind": "medical", "directions": ["infectious"]}
    resp = client.put(f"/api/v1/organisations/{orgs['hospital']}", json=body, headers=org)
    assert resp.status_code == 409 and resp.json()["code"] == "organisation_exists"
    body["name"] = "Центральная районная больница №1"
    resp = client.put(f"/api/v1/organisations/{orgs['hospital']}", json=body, headers=org)
    assert resp.status_code == 200 and resp.json()["name"] == body["name"]
    assert (
        client.put(
            f"/api/v1/organisations/{orgs['hospital']}", json=body, headers=hdr["partner_hospital"]
        ).status_code
        == 403
    )
