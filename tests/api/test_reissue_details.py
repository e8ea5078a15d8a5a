"""Re-issue: the replacement's audit row (who, district, the codes, the receiver, the client) and every
refusal in words (found by the mutation run, docs/testing.md)."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import text

from tests.api import helpers as h


def _old_coupons(client, org, orgs, person, count: int) -> list[dict]:
    fair = h.make_fair(client, org, day=h.today() - dt.timedelta(days=20))
    h.open_fair(client, org, fair=fair)
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    h.close_fair(client, org, fair=fair)
    direction = "employment_referral"
    return [
        h.issue(client, org, booth=booth, client_id=person["id"], org=orgs["employment"], direction=direction)
        for _ in range(count)
    ]


def _reissue(client, org, coupon):
    return client.post(f"{h.API}/coupons/{coupon['code']}/reissue", headers=org)


def test_the_replacement_is_audited_with_both_codes(client, hdr, orgs, session):
    org = hdr["organiser"]
    person = h.register(client, org)
    [old] = _old_coupons(client, org, orgs, person, 1)
    new = h.expect(_reissue(client, org, old), 201)
    row = session.execute(
        text(
            'SELECT a.user_id, a.district_id, a.details, u.username FROM audit_entry a JOIN "user" u'
            " ON u.id = a.user_id WHERE a.action = 'issue' AND a.entity = 'coupon' AND a.entity_id = :id"
        ),
        {"id": new["id"]},
    ).one()
    district = session.execute(text("SELECT district_id FROM coupon WHERE id = :id"), {"id": old["id"]})
    assert (row.username, row.district_id) == ("organiser", district.scalar_one())
    details = row.details if isinstance(row.details, dict) else json.loads(row.details)
    assert details == {
        "code": new["code"],
        "reissued_from": old["code"],
        "organisation_id": orgs["employment"],
        "client": person["code"],
    }


def test_refusals_in_words(client, hdr, orgs, session):
    org = hdr["organiser"]
    person = h.register(client, org)
    redeemed, cancelled, inactive, undirected = _old_coupons(client, org, orgs, person, 4)
    h.expect(h.redeem(client, org, redeemed["code"], redeemed_on=h.today()), 200)
    h.expect(h.cancel(client, org, cancelled["code"]), 200)
    body = h.expect(_reissue(client, org, redeemed), 409, "already_redeemed")
    assert body["detail"] == "Погашенный талон нельзя перевыдать."
    body = h.expect(_reissue(client, org, cancelled), 409, "cancelled")
    assert body["detail"] == "Отменённый талон нельзя перевыдать."
    session.execute(
        text(
            "DELETE FROM organisationdirection WHERE organisation_id = :org AND direction_id ="
            " (SELECT direction_id FROM coupon WHERE id = :id)"
        ),
        {"org": orgs["employment"], "id": undirected["id"]},
    )
    body = h.expect(_reissue(client, org, undirected), 409, "direction_not_received")
    assert body["detail"] == "Центр занятости больше не принимает талоны по этому направлению."
    session.execute(
        text("UPDATE organisation SET is_active = false WHERE id = :id"), {"id": orgs["employment"]}
    )
    body = h.expect(_reissue(client, org, inactive), 409, "organisation_inactive")
    assert body["detail"] == "Принимающая организация больше не принимает направления."
    assert h.count(session, "coupon", status="issued") == 2
