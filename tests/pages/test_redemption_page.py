"""The page face of a redemption (the QR's page): a repeat of the form (same key) gets the first answer and
does nothing again; another key is told the coupon is already redeemed."""

from __future__ import annotations

import re

from tests.api import helpers as h


def _state(session, coupon_id: int) -> dict:  # noqa: ANN001
    return {
        "redeem_audit": h.count(session, "audit_entry", action="redeem", entity_id=coupon_id),
        "scans": h.count(session, "scan", coupon_id=coupon_id),
        "redeemed": h.count(session, "coupon", id=coupon_id, status="redeemed"),
    }


def test_the_page_repeat_of_a_redemption_gets_the_first_answer(browser, api_coupon, session) -> None:  # noqa: ANN001
    coupon = api_coupon(booth="employment", to="employment", direction="employment_counselling")
    b = browser("partner_employment")
    page = b.get(f"/c/{coupon['token']}")
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page.text)[1]
    first = b.post(f"/coupons/{coupon['token']}/redeem", {"idempotency_key": key}, htmx=True)
    session.expire_all()
    done = _state(session, coupon["id"])
    assert done == {"redeem_audit": 1, "scans": 2, "redeemed": 1}  # the page's look-up, the redemption
    again = b.post(f"/coupons/{coupon['token']}/redeem", {"idempotency_key": key}, htmx=True)
    assert first.status_code == again.status_code == 200
    session.expire_all()
    assert _state(session, coupon["id"]) == done  # the repeat did nothing
    other = b.post(f"/coupons/{coupon['token']}/redeem", {"idempotency_key": "another-key"}, htmx=True)
    assert other.status_code == 409
    session.expire_all()
    assert _state(session, coupon["id"]) == {**done, "scans": 3}  # the refusal's scan row
