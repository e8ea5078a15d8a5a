"""Audit: each create, issue, redeem, outcome and cancel writes exactly one audit row; refusals none."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import text

from tests.api import helpers as h


def audit_counter(session) -> Counter:
    return Counter((r["action"], r["entity"]) for r in h.audit_rows(session))


def test_each_action_writes_one_row(client, hdr, orgs, session):
    org = hdr["organiser"]
    partner = hdr["partner_employment"]
    last = audit_counter(session)
    user_ids = dict(
        session.execute(
            text("SELECT username, id FROM \"user\" WHERE username IN ('organiser', 'partner_employment')")
        ).all()
    )

    def step(resp, status: int, *expected: tuple[str, str], by: str = "organiser") -> dict:
        nonlocal last
        body = h.expect(resp, status)
        now = audit_counter(session)
        assert now - last == Counter(expected), (now - last, expected)
        assert last - now == Counter()
        newest = h.audit_rows(session)[-len(expected) :] if expected else []
        assert all(r["user_id"] == user_ids[by] for r in newest), newest
        last = now
        return body

    new_org = {"name": "Церковь", "kind": "religious", "directions": ["rehab", "humanitarian"]}
    step(client.post(f"{h.API}/organisations", json=new_org, headers=org), 201, ("create", "organisation"))
    fair = step(
        client.post(f"{h.API}/fairs", json={"date": h.today().isoformat(), "confirm": True}, headers=org),
        201,
        ("create", "fair"),
    )
    step(client.post(f"{h.API}/fairs/{fair['id']}/open", headers=org), 200, ("open", "fair"))
    resp = client.post(
        f"{h.API}/fairs/{fair['id']}/booths", json={"organisation_id": orgs["employment"]}, headers=org
    )
    booth = step(resp, 201, ("create", "booth"))
    person = step(
        client.post(
            f"{h.API}/clients",
            json={"mother_name": "Анна", "father_name": "Иван", "sex": "M", "birth_year": 1985},
            headers=org,
        ),
        201,
        ("create", "client"),
    )
    step(h.visit(client, org, fair=fair, client_id=person["id"]), 201, ("create", "visit"))
    step(
        h.visit(client, org, fair=fair, client_id=person["id"]), 200
    )  # the same visit: nothing new, 200 not 201
    step(
        h.consult(client, partner, booth=booth, client_id=person["id"], direction="employment_counselling"),
        201,
        ("create", "consultation"),
        by="partner_employment",
    )
    resp = h.issue_resp(
        client,
        partner,
        booth=booth,
        client_id=person["id"],
        org=orgs["employment"],
        direction="employment_referral",
    )
    coupon = step(resp, 201, ("issue", "coupon"), by="partner_employment")
    resp = h.issue_resp(
        client,
        org,
        booth=booth,
        client_id=person["id"],
        org=orgs["employment"],
        direction="employment_referral",
    )
    spare = step(resp, 201, ("issue", "coupon"))
    step(h.redeem(client, partner, coupon["code"]), 200, ("redeem", "coupon"), by="partner_employment")
    step(
        h.set_outcome(client, partner, coupon["code"], outcome="employed"),
        200,
        ("outcome", "coupon"),
        by="partner_employment",
    )
    step(h.cancel(client, org, spare["code"]), 200, ("cancel", "coupon"))
    # Refusals leave no trace.
    step(h.redeem(client, partner, coupon["code"]), 409)
    step(h.redeem(client, partner, spare["code"]), 410)
    step(h.cancel(client, org, spare["code"]), 409)
    step(h.set_outcome(client, partner, coupon["code"], outcome="aid_given"), 400)
    step(
        h.issue_resp(
            client, partner, booth=booth, client_id=person["id"], org=orgs["employment"], direction="rehab"
        ),
        400,
    )
    step(client.post(f"{h.API}/fairs/{fair['id']}/close", headers=org), 200, ("close", "fair"))
    # Consent and personal fields are audited too.
    step(
        client.post(
            f"{h.API}/clients",
            json={
                "mother_name": "Анна",
                "father_name": "Иван",
                "sex": "M",
                "birth_year": 1985,
                "consent": True,
                "phone": "+375291112233",
            },
            headers=org,
        ),
        200,
        ("consent", "client"),
        ("update_personal", "client"),
    )
    # The coupon's rows point at it.
    rows = h.audit_rows(session, entity="coupon", entity_id=coupon["id"])
    assert [r["action"] for r in rows] == ["issue", "redeem", "outcome"]
    details = session.execute(text("SELECT details FROM audit_entry WHERE entity = 'client'")).scalars().all()
    assert "+375291112233" not in str(details)
