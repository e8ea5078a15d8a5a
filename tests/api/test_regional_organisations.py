"""Regional organisations: registered once in a home district, they serve every district of its region
(listed, booths, coupons, the partner's inbox) and no district of another region; only the home district
edits them; each district's report counts its own fairs' coupons to them."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from fairs.models import District, Region, Role
from fairs.services import accounts
from tests.api import helpers as h
from tests.world import PASSWORD

REGIONAL = {
    "name": "Областной наркологический диспансер",
    "kind": "medical",
    "address": "г. Минск",
    "directions": ["psychoneuro", "hiv_testing"],
    "serves_region": True,
}


@pytest.fixture
def other_region(session: Session) -> dict[str, int]:
    """A district of another region with its organiser (`organiser_c`)."""
    region = Region(name="Гомельская область")
    session.add(region)
    session.flush()
    district = District(name="Мозырский район", region_id=region.id)
    session.add(district)
    session.flush()
    accounts.create_user(
        session,
        actor=None,
        username="organiser_c",
        password=PASSWORD,
        role=Role.organiser,
        district_id=district.id,
    )
    session.commit()
    return {"region": region.id, "district": district.id}


def _partner_of(session: Session, organisation_id: int) -> None:
    accounts.create_user(
        session,
        actor=None,
        username="partner_regional",
        password=PASSWORD,
        role=Role.partner,
        organisation_id=organisation_id,
    )
    session.commit()


def _names(client, headers: dict) -> dict[str, dict]:  # noqa: ANN001
    return {o["name"]: o for o in h.expect(client.get(f"{h.API}/organisations", headers=headers), 200)}


def _report(client, headers: dict, **params) -> dict:  # noqa: ANN001
    today = h.today().isoformat()
    query = {"from": today, "to": today, **params}
    return h.expect(client.get(f"{h.API}/reports/committee", params=query, headers=headers), 200)


def _received(body: dict, organisation_id: int) -> list[tuple[int, int]]:
    return [
        (row["coupons_received"], row["coupons_redeemed"])
        for row in body["organisations"]
        if row["organisation_id"] == organisation_id
    ]


def test_a_regional_organisation_serves_its_region_and_nothing_else(
    client, hdr, auth, session, orgs, other_region
):
    org_a, org_b = hdr["organiser"], hdr["organiser_b"]
    org_c = auth("organiser_c")
    regional = h.expect(client.post(f"{h.API}/organisations", json=REGIONAL, headers=org_a), 201)
    assert regional["serves_region"] is True
    rid = regional["id"]
    # Listed in every district of the region, with its home district; never in another region.
    assert _names(client, org_b)[REGIONAL["name"]]["serves_region"] is True
    assert REGIONAL["name"] in _names(client, hdr["committee_region"])
    assert REGIONAL["name"] not in _names(client, org_c)
    # A district's own organisations stay its own.
    assert "Центр занятости" not in _names(client, org_b)
    assert _names(client, org_a)["Центр занятости"]["serves_region"] is False
    # Only the home district edits it (and may un-mark it); the rest of the region reads it.
    body = {**REGIONAL, "phone": "+375 17 000"}
    h.expect(client.put(f"{h.API}/organisations/{rid}", json=body, headers=org_b), 403, "other_district")
    h.expect(client.put(f"{h.API}/organisations/{rid}", json=body, headers=org_c), 404)
    assert h.expect(client.put(f"{h.API}/organisations/{rid}", json=body, headers=org_a), 200)["phone"]
    assert h.count(session, "audit_entry", entity="organisation", entity_id=rid, action="update") == 1

    # District B gives it a booth at its fair and sends it a coupon of a client of B.
    fair_b = h.make_open_fair(client, org_b)
    booth_b = h.add_booth(client, org_b, fair=fair_b, org=rid)
    own_b = next(o["id"] for o in _names(client, org_b).values() if o["name"] == "Центр занятости (Слуцк)")
    own_booth_b = h.add_booth(client, org_b, fair=fair_b, org=own_b)
    person_b = h.register(client, org_b, mother="Ольга", father="Павел")
    coupon_b = h.issue(
        client, org_b, booth=own_booth_b, client_id=person_b["id"], org=rid, direction="hiv_testing"
    )
    assert booth_b["organisation_id"] == rid
    # District A sends it one too.
    fair_a = h.make_open_fair(client, org_a)
    booth_a = h.add_booth(client, org_a, fair=fair_a, org=orgs["employment"])
    person_a = h.register(client, org_a)
    coupon_a = h.issue(
        client, org_a, booth=booth_a, client_id=person_a["id"], org=rid, direction="psychoneuro"
    )
    # Another region's fair neither gets its booth nor sends it coupons.
    fair_c = h.make_open_fair(client, org_c)
    resp = client.post(f"{h.API}/fairs/{fair_c['id']}/booths", json={"organisation_id": rid}, headers=org_c)
    h.expect(resp, 404, "organisation_not_found")

    # Its staff see the coupons addressed to it from every district of the region, and redeem them.
    _partner_of(session, rid)
    partner = auth("partner_regional")
    inbox = h.expect(client.get(f"{h.API}/inbox", params={"state": "expected"}, headers=partner), 200)
    assert {row["code"] for row in inbox["items"]} == {coupon_a["code"], coupon_b["code"]}
    assert inbox["counts"]["expected"] == 2
    listed = h.expect(client.get(f"{h.API}/coupons", headers=partner), 200)
    assert {c["code"] for c in listed["items"]} == {coupon_a["code"], coupon_b["code"]}
    h.expect(client.get(f"{h.API}/coupons/{coupon_b['code']}", headers=partner), 200)
    assert h.redeem(client, partner, coupon_b["token"]).status_code == 200
    # ...but no client of district B beyond the coupon, and no other organisation's coupon there.
    h.expect(client.get(f"{h.API}/clients/{person_b['id']}", headers=partner), 404)
    h.expect(client.get(f"{h.API}/coupons/{coupon_b['code']}", headers=hdr["partner_hospital"]), 404)

    # District B's organiser reads nothing of district A through the regional organisation.
    h.expect(client.get(f"{h.API}/clients/{person_a['id']}", headers=org_b), 404)
    h.expect(client.get(f"{h.API}/coupons/{coupon_a['code']}", headers=org_b), 404)
    b_coupons = h.expect(client.get(f"{h.API}/coupons", headers=org_b), 200)["items"]
    assert {c["code"] for c in b_coupons} == {coupon_b["code"]}
    inbox_params = {"state": "expected", "organisation_id": rid}
    h.expect(client.get(f"{h.API}/inbox", params=inbox_params, headers=org_b), 404)
    # District A's organiser sees the regional organisation's inbox of district A only.
    seen_by_a = h.expect(client.get(f"{h.API}/inbox", params=inbox_params, headers=org_a), 200)
    assert [row["code"] for row in seen_by_a["items"]] == [coupon_a["code"]]
    assert seen_by_a["counts"]["redeemed"] == 0

    # Each district's report counts its own fairs' coupons to it; the region's, both, by district too.
    assert _received(_report(client, org_a), rid) == [(1, 0)]
    assert _received(_report(client, org_b), rid) == [(1, 1)]
    region = hdr["committee_region"]
    assert _received(_report(client, region), rid) == [(2, 1)]
    ids = {d.name: d.id for d in session.exec(select(District)).all()}
    for name, expected in (("Солигорский район", [(1, 0)]), ("Слуцкий район", [(1, 1)])):
        assert _received(_report(client, region, district=ids[name]), rid) == expected
    assert _received(_report(client, org_c), rid) == []
