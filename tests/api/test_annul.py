"""Annulling a redemption made in error: organisers only, with a reason, audited; the coupon is issued again
(or reads as expired when its validity has ended), its outcome cleared, and the report stops counting it."""

from __future__ import annotations

import datetime as dt
import json

from freezegun import freeze_time
from sqlalchemy import text

from tests.api import helpers as h


def _coupon(client, hdr, scene, orgs) -> dict:
    return h.issue(
        client,
        hdr["organiser"],
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["employment"],
        direction="employment_referral",
    )


def _annul(client, headers: dict, ref: str, reason: str = "redeemed by mistake at the wrong desk"):
    return client.post(f"{h.API}/coupons/{ref}/annul", json={"reason": reason}, headers=headers)


def _redeemed_in_report(client, headers: dict) -> int:
    today = h.today().isoformat()
    report = h.expect(
        client.get(f"{h.API}/reports/committee", params={"from": today, "to": today}, headers=headers), 200
    )
    return report["coupons_redeemed"]


def test_organiser_annuls_a_redemption(client, hdr, scene, orgs, session):
    partner, org = hdr["partner_employment"], hdr["organiser"]
    coupon = _coupon(client, hdr, scene, orgs)
    h.expect(h.redeem(client, partner, coupon["code"]), 200)
    h.expect(h.set_outcome(client, partner, coupon["code"], outcome="employed"), 200)
    assert _redeemed_in_report(client, org) == 1
    assert _redeemed_in_report(client, hdr["committee"]) == 1

    body = h.expect(_annul(client, org, coupon["token"], "  wrong coupon scanned  "), 200)
    assert body["status"] == "issued"
    assert body["redeemed_on"] is None and body["redeemed_by"] is None and body["outcome"] is None
    row = session.execute(
        text("SELECT details, user_id FROM audit_entry WHERE action = 'annul' AND entity_id = :i"),
        {"i": coupon["id"]},
    ).one()
    details = row.details if isinstance(row.details, dict) else json.loads(row.details)
    assert details["reason"] == "wrong coupon scanned"
    assert details["redeemed_on"] == h.today().isoformat()
    assert details["outcome_id"] is not None
    assert _redeemed_in_report(client, org) == 0
    assert _redeemed_in_report(client, hdr["committee"]) == 0
    # Issued again: the right organisation can redeem it afresh.
    h.expect(h.redeem(client, partner, coupon["code"]), 200)
    assert _redeemed_in_report(client, org) == 1


def test_refusals(client, hdr, scene, orgs, session):
    coupon = _coupon(client, hdr, scene, orgs)
    org = hdr["organiser"]
    h.expect(_annul(client, org, coupon["code"]), 409, "not_redeemed")
    h.expect(h.redeem(client, hdr["partner_employment"], coupon["code"]), 200)
    h.expect(_annul(client, hdr["partner_employment"], coupon["code"]), 403, "forbidden")
    h.expect(_annul(client, hdr["partner_hospital"], coupon["code"]), 404, "unknown_code")
    h.expect(_annul(client, hdr["committee"], coupon["code"]), 403)
    h.expect(_annul(client, hdr["admin"], coupon["code"]), 403)
    h.expect(_annul(client, hdr["organiser_b"], coupon["code"]), 404, "unknown_code")
    h.expect(_annul(client, org, coupon["code"], "   "), 400, "reason_required")
    h.expect(_annul(client, org, coupon["code"], ""), 422)
    h.expect(_annul(client, org, coupon["code"], "x" * 501), 422)
    h.expect(_annul(client, org, coupon["code"], "x" * 500), 200)
    h.expect(_annul(client, org, coupon["code"]), 409, "not_redeemed")
    assert h.count(session, "audit_entry", action="annul") == 1


def test_an_expired_coupon_reads_as_expired_after_annulment(client, hdr, scene, orgs, auth):
    coupon = _coupon(client, hdr, scene, orgs)
    h.expect(h.redeem(client, hdr["partner_employment"], coupon["code"]), 200)
    expires_on = dt.date.fromisoformat(coupon["expires_on"])
    with freeze_time(dt.datetime.combine(expires_on + dt.timedelta(days=1), dt.time(9, 0)), tick=True):
        body = h.expect(_annul(client, auth("organiser"), coupon["code"]), 200)
        assert body["status"] == "expired"
        h.expect(h.redeem(client, auth("partner_employment"), coupon["code"]), 410, "expired")


def test_the_page_form(client, hdr, scene, orgs, session):
    from tests.pages.conftest import Browser

    coupon = _coupon(client, hdr, scene, orgs)
    client.base_url = "https://testserver"
    b = Browser(client)
    b.login("organiser")
    assert "/annul" not in b.get(f"/coupons/{coupon['code']}").text  # not redeemed: nothing to annul
    h.expect(h.redeem(client, hdr["partner_employment"], coupon["code"]), 200)
    screen = b.get(f"/coupons/{coupon['code']}").text
    assert f'action="/coupons/{coupon["code"]}/annul"' in screen and "hx-confirm=" in screen
    # Without JavaScript the checkbox is the confirmation.
    unconfirmed = b.post(f"/coupons/{coupon['code']}/annul", {"reason": "wrong desk"}, htmx=True)
    assert unconfirmed.status_code == 400
    assert h.count(session, "coupon", status="redeemed") == 1
    done = b.post(f"/coupons/{coupon['code']}/annul", {"reason": "wrong desk", "confirm": "yes"})
    assert done.status_code == 303
    assert 'data-verdict="valid"' in b.get(done.headers["location"]).text
    assert h.count(session, "audit_entry", action="annul") == 1
    h.expect(h.redeem(client, hdr["partner_employment"], coupon["code"]), 200)
    b.login("partner_employment")
    screen = b.get(f"/coupons/{coupon['code']}").text
    assert "/annul" not in screen
    refused = b.post(f"/coupons/{coupon['code']}/annul", {"reason": "x", "confirm": "yes"}, htmx=True)
    assert refused.status_code == 403
    assert h.count(session, "coupon", status="redeemed") == 1
