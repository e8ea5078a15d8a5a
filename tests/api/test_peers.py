"""Peers bring peers through the JSON API: slips given to a client, a peer who comes with one recorded as
recruited by that client (code to code), used once, expiring, voided, refused to other districts and
roles; the recruiter's incentive once the recruit's referral was redeemed."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session

from tests.api import helpers as h
from tests.api.conftest import Scene

PEERS = f"{h.API}/peers/invitations"


def give(client: TestClient, headers: dict, client_id: int, count: int = 3) -> list[dict]:
    return h.expect(client.post(PEERS, json={"client_id": client_id, "count": count}, headers=headers), 201)


def come(client: TestClient, headers: dict, fair: dict, client_id: int, invitation: str) -> object:
    body = {"client_id": client_id, "invitation": invitation}
    return client.post(f"{h.API}/fairs/{fair['id']}/visits", json=body, headers=headers)


def listed(client: TestClient, headers: dict) -> dict[str, dict]:
    return {one["code"]: one for one in h.expect(client.get(PEERS, headers=headers), 200)}


def test_a_peer_with_a_slip_is_recruited_by_its_holder(
    client: TestClient, session: Session, hdr: dict, scene: Scene
) -> None:
    org = hdr["organiser"]
    slips = give(client, org, scene.client_id)
    assert len(slips) == 3 and len({s["code"] for s in slips}) == 3
    for slip in slips:
        assert len(slip["code"]) == 9 and h.luhn32_check(slip["code"][:8]) == slip["code"][8]
        assert len(slip["token"]) >= 22 and slip["state"] == "open"
        assert slip["recruiter_code"] == scene.client_code and slip["recruit_code"] is None
        assert slip["expires_on"] == (h.today() + dt.timedelta(days=90)).isoformat()
    h.expect(
        client.post(PEERS, json={"client_id": scene.client_id, "count": 1}, headers=org),
        409,
        "too_many_invitations",
    )

    # A peer comes with the first slip, its code typed in lower case with hyphens.
    peer = h.register(client, org, mother="Вера", father="Олег")
    typed = f"{slips[0]['code'][:4]}-{slips[0]['code'][4:8]}-{slips[0]['code'][8]}".lower()
    assert h.expect(come(client, org, scene.fair, peer["id"], typed), 201)["created"] is True
    used = listed(client, org)[slips[0]["code"]]
    assert (used["state"], used["recruit_code"]) == ("used", peer["code"])
    # The same slip for the same person again: nothing new; for another person: used.
    h.expect(come(client, org, scene.fair, peer["id"], slips[0]["code"]), 200)
    other = h.register(client, org, mother="Нина", father="Пётр")
    h.expect(come(client, org, scene.fair, other["id"], slips[0]["code"]), 409, "invitation_used")
    # Refused with the slip, the visit is not recorded either: one transaction.
    assert h.count(session, "visit", client_id=other["id"]) == 0
    # The QR token reads as well as the code.
    h.expect(come(client, org, scene.fair, other["id"], slips[1]["token"]), 201)
    # The holder's own slip, a recruited client, a mistyped and an unknown code.
    h.expect(come(client, org, scene.fair, scene.client_id, slips[2]["code"]), 409, "own_invitation")
    h.expect(come(client, org, scene.fair, peer["id"], slips[2]["code"]), 409, "already_recruited")
    wrong = slips[2]["code"][:8] + ("0" if slips[2]["code"][8] != "0" else "1")
    h.expect(come(client, org, scene.fair, other["id"], wrong), 400, "bad_invitation_code")
    unknown = "ABCDEFGH" + h.luhn32_check("ABCDEFGH")
    h.expect(come(client, org, scene.fair, other["id"], unknown), 404, "invitation_not_found")
    rows = h.audit_rows(session, entity="peer_invitation", action="recruit")
    assert len(rows) == 2 and {r["entity_id"] for r in rows} == {slips[0]["id"], slips[1]["id"]}


def test_a_slip_expires_and_can_be_voided(
    client: TestClient, session: Session, hdr: dict, scene: Scene
) -> None:
    org = hdr["organiser"]
    first, second = give(client, org, scene.client_id, count=2)
    session.execute(
        text("UPDATE peer_invitation SET expires_on = :day WHERE code = :code"),
        {"day": h.today() - dt.timedelta(days=1), "code": first["code"]},
    )
    session.commit()
    peer = h.register(client, org, mother="Вера", father="Олег")
    assert listed(client, org)[first["code"]]["state"] == "expired"
    h.expect(come(client, org, scene.fair, peer["id"], first["code"]), 410, "invitation_expired")
    voided = h.expect(client.post(f"{PEERS}/{second['id']}/void", headers=org), 200)
    assert voided["state"] == "voided"
    h.expect(come(client, org, scene.fair, peer["id"], second["code"]), 410, "invitation_voided")
    # A voided slip frees its place: the client can be given another.
    assert len(give(client, org, scene.client_id, count=2)) == 2
    third = listed(client, org)
    fresh = next(code for code, one in third.items() if one["state"] == "open")
    h.expect(come(client, org, scene.fair, peer["id"], fresh), 201)
    used_id = third[fresh]["id"]
    h.expect(client.post(f"{PEERS}/{used_id}/void", headers=org), 409, "invitation_used")


def test_only_newcomers_are_recruited(client: TestClient, hdr: dict, scene: Scene) -> None:
    org = hdr["organiser"]
    earlier = h.make_open_fair(client, org, day=h.today() - dt.timedelta(days=28))
    regular = h.register(client, org, mother="Вера", father="Олег")
    h.expect(h.visit(client, org, fair=earlier, client_id=regular["id"]), 201)
    h.close_fair(client, org, fair=earlier)
    slip = give(client, org, scene.client_id, count=1)[0]
    h.expect(come(client, org, scene.fair, regular["id"], slip["code"]), 409, "not_a_newcomer")
    # Entered afterwards at the earlier fair, the slip had not been given yet.
    newcomer = h.register(client, org, mother="Нина", father="Пётр")
    h.expect(come(client, org, earlier, newcomer["id"], slip["code"]), 409, "given_after_fair")


def test_no_circle_of_recruiters(client: TestClient, hdr: dict, scene: Scene) -> None:
    """A gave B a slip and B came; B's slip cannot bring A (never at a fair yet) back as B's recruit."""
    org = hdr["organiser"]
    holder = h.register(client, org, mother="Вера", father="Олег")  # registered, never at a fair
    slip = give(client, org, holder["id"], count=1)[0]
    h.expect(come(client, org, scene.fair, scene.client_id, slip["code"]), 201)
    back = give(client, org, scene.client_id, count=1)[0]
    h.expect(come(client, org, scene.fair, holder["id"], back["code"]), 409, "circular_recruitment")


def test_incentive_once_the_recruits_referral_is_redeemed(
    client: TestClient, session: Session, hdr: dict, scene: Scene, orgs: dict
) -> None:
    org = hdr["organiser"]
    first, second = give(client, org, scene.client_id, count=2)
    h.expect(client.post(f"{PEERS}/{first['id']}/incentive", headers=org), 409, "not_used")
    peer = h.register(client, org, mother="Вера", father="Олег")
    h.expect(come(client, org, scene.fair, peer["id"], first["code"]), 201)
    h.expect(client.post(f"{PEERS}/{first['id']}/incentive", headers=org), 409, "no_redeemed_referral")
    coupon = h.issue(
        client,
        hdr["partner_employment"],
        booth=scene.employment_booth,
        client_id=peer["id"],
        org=orgs["employment"],
        direction="employment_counselling",
    )
    h.expect(h.redeem(client, hdr["partner_employment"], coupon["code"]), 200)
    made = h.expect(client.post(f"{PEERS}/{first['id']}/incentive", headers=org), 201)
    assert made["handed_on"] == h.today().isoformat()
    h.expect(client.post(f"{PEERS}/{first['id']}/incentive", headers=org), 409, "incentive_recorded")
    assert listed(client, org)[first["code"]]["incentive_on"] == h.today().isoformat()
    assert h.count(session, "peer_incentive") == 1


def test_other_districts_and_roles_are_refused(client: TestClient, hdr: dict, scene: Scene) -> None:
    org, org_b = hdr["organiser"], hdr["organiser_b"]
    slip = give(client, org, scene.client_id, count=1)[0]
    fair_b = h.make_open_fair(client, org_b)
    peer_b = h.register(client, org_b, mother="Вера", father="Олег")
    h.expect(come(client, org_b, fair_b, peer_b["id"], slip["code"]), 404, "invitation_not_found")
    h.expect(come(client, org_b, fair_b, peer_b["id"], slip["token"]), 404, "invitation_not_found")
    h.expect(client.post(f"{PEERS}/{slip['id']}/void", headers=org_b), 404, "invitation_not_found")
    h.expect(client.post(f"{PEERS}/{slip['id']}/incentive", headers=org_b), 404, "invitation_not_found")
    assert h.expect(client.get(PEERS, headers=org_b), 200) == []
    h.expect(client.post(PEERS, json={"client_id": scene.client_id}, headers=org_b), 404, "client_not_found")
    for role in ("partner_employment", "committee", "admin"):
        h.expect(client.post(PEERS, json={"client_id": scene.client_id}, headers=hdr[role]), 403)
        h.expect(client.get(PEERS, headers=hdr[role]), 403)
    assert listed(client, org)[slip["code"]]["state"] == "open"
