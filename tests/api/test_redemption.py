"""A redemption is one transaction: a refusal leaves nothing of the redemption behind, only its scan row
and (with an Idempotency-Key) the first answer, which a repeat gets again, on the API and on the page."""

from __future__ import annotations

import pytest

from tests.api import helpers as h


def _coupon(client, hdr, scene, orgs) -> dict:  # noqa: ANN001
    return h.issue(
        client,
        hdr["organiser"],
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["employment"],
        direction="employment_counselling",
    )


def _state(session, coupon_id: int) -> dict:  # noqa: ANN001
    return {
        "redeem_audit": h.count(session, "audit_entry", action="redeem", entity_id=coupon_id),
        "scans": h.count(session, "scan", coupon_id=coupon_id),
        "redeemed": h.count(session, "coupon", id=coupon_id, status="redeemed"),
    }


@pytest.mark.parametrize("refusal", ["already_redeemed", "other_organisation", "cancelled"])
def test_a_refusal_writes_its_scan_and_its_answer_and_nothing_else(
    client,
    hdr,
    scene,
    orgs,
    session,
    refusal: str,  # noqa: ANN001
) -> None:
    coupon = _coupon(client, hdr, scene, orgs)
    partner = hdr["partner_employment"]
    if refusal == "already_redeemed":
        h.expect(h.redeem(client, partner, coupon["code"]), 200)
    elif refusal == "cancelled":
        h.expect(h.cancel(client, hdr["organiser"], coupon["code"]), 200)
    else:
        partner = hdr["partner_hospital"]
    session.expire_all()
    before = _state(session, coupon["id"])
    key = {"Idempotency-Key": f"refused-{refusal}"}
    first = client.post(f"{h.API}/coupons/{coupon['token']}/redeem", headers={**partner, **key})
    status = {"already_redeemed": 409, "other_organisation": 403, "cancelled": 410}[refusal]
    assert (first.status_code, first.json()["code"]) == (status, refusal)
    session.expire_all()
    after = _state(session, coupon["id"])
    assert after == {**before, "scans": before["scans"] + 1}
    assert h.count(session, "idempotency_key", key=f"refused-{refusal}", status=status) == 1
    again = client.post(f"{h.API}/coupons/{coupon['token']}/redeem", headers={**partner, **key})
    assert (again.status_code, again.json()) == (first.status_code, first.json())
    session.expire_all()
    assert _state(session, coupon["id"]) == after  # the repeat did nothing, not even a scan row
