"""A refused redemption with status 400 is replayed as that refusal, not as a kept success (the boundary of
the stored answers: below 400 is a success body, 400 and above a refusal; found by the mutation run,
docs/testing.md)."""

from __future__ import annotations

import datetime as dt

from tests.api import helpers as h


def test_a_400_refusal_is_replayed_as_a_refusal(client, hdr, scene, orgs, session):
    organiser = hdr["organiser"]
    coupon = h.issue(
        client,
        organiser,
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["employment"],
        direction="employment_referral",
    )
    body = {"redeemed_on": (h.today() + dt.timedelta(days=1)).isoformat()}
    headers = {**organiser, "Idempotency-Key": "paper-stub-1"}
    first = client.post(f"{h.API}/coupons/{coupon['code']}/redeem", json=body, headers=headers)
    h.expect(first, 400, "date_in_future")
    again = client.post(f"{h.API}/coupons/{coupon['code']}/redeem", json=body, headers=headers)
    h.expect(again, 400, "date_in_future")
    assert again.json()["detail"] == first.json()["detail"]
    assert h.count(session, "coupon", status="redeemed") == 0


def test_the_page_form_refuses_a_key_that_is_not_printable_ascii(client, hdr, scene, orgs, session):
    """The API's header is checked by its pattern; the page's form field reaches the service's own check."""
    from tests.pages.conftest import Browser

    coupon = h.issue(
        client,
        hdr["organiser"],
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["employment"],
        direction="employment_referral",
    )
    client.base_url = "https://testserver"
    b = Browser(client)
    b.login("partner_employment")
    refused = b.post(f"/coupons/{coupon['code']}/redeem", {"idempotency_key": "ключ"}, htmx=True)
    assert refused.status_code == 422
    assert (
        'role="alert" data-error="invalid_idempotency_key">Недопустимый ключ идемпотентности.</p>'
        in refused.text
    )
    assert h.count(session, "coupon", status="redeemed") == 0
    assert h.count(session, "idempotency_key") == 0
