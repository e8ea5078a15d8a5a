"""What the issuing partner reads of a coupon its booth gave to another organisation: only whether it was
redeemed, and on which day (it follows its referrals). The time, who redeemed it and its outcome (for an HIV
test, "treatment started" tells the result) belong to the receiving organisation and the organisers, on
every face of the JSON API."""

from __future__ import annotations

import pytest

from tests.api import helpers as h

RECEIVER_SIDE = ("redeemed_at", "redeemed_by", "outcome", "outcome_on")


@pytest.fixture
def hiv_coupon(client, hdr, scene, orgs) -> dict:  # noqa: ANN001
    """An HIV-testing coupon issued at the employment centre's booth to the hospital, redeemed by the
    hospital with the outcome "treatment started"."""
    coupon = h.issue(
        client,
        hdr["partner_employment"],
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["hospital"],
        direction="hiv_testing",
    )
    h.expect(h.redeem(client, hdr["partner_hospital"], coupon["code"]), 200)
    h.expect(h.set_outcome(client, hdr["partner_hospital"], coupon["code"], outcome="treatment_started"), 200)
    return coupon


def _hidden(answer: dict) -> None:
    assert answer["status"] == "redeemed" and answer["redeemed_on"] == h.today().isoformat()
    assert {field: answer[field] for field in RECEIVER_SIDE} == dict.fromkeys(RECEIVER_SIDE)


def _shown(answer: dict) -> None:
    assert answer["status"] == "redeemed"
    assert answer["outcome"] == "treatment_started"
    assert answer["outcome_on"] == h.today().isoformat() and answer["redeemed_on"] == h.today().isoformat()
    assert answer["redeemed_by"] and answer["redeemed_at"]


@pytest.mark.parametrize("by", ["code", "token"])
def test_the_issuer_reads_only_that_it_was_redeemed(client, hdr, hiv_coupon, by) -> None:
    answer = h.expect(client.get(f"{h.API}/coupons/{hiv_coupon[by]}", headers=hdr["partner_employment"]), 200)
    _hidden(answer)


@pytest.mark.parametrize("who", ["partner_hospital", "organiser"])
def test_the_receiver_and_the_organiser_read_the_outcome(client, hdr, hiv_coupon, who) -> None:
    _shown(h.expect(client.get(f"{h.API}/coupons/{hiv_coupon['code']}", headers=hdr[who]), 200))


def test_the_issuers_list_of_the_clients_coupons_hides_the_outcome(client, hdr, scene, hiv_coupon) -> None:
    listed = h.expect(
        client.get(
            f"{h.API}/coupons", params={"client_id": scene.client_id}, headers=hdr["partner_employment"]
        ),
        200,
    )
    [answer] = [c for c in listed["items"] if c["code"] == hiv_coupon["code"]]
    _hidden(answer)
    for who in ("partner_hospital", "organiser"):
        listed = h.expect(
            client.get(f"{h.API}/coupons", params={"client_id": scene.client_id}, headers=hdr[who]), 200
        )
        _shown(next(c for c in listed["items"] if c["code"] == hiv_coupon["code"]))


def test_an_unredeemed_coupon_reads_alike_for_the_issuer_and_the_receiver(client, hdr, scene, orgs) -> None:
    coupon = h.issue(
        client,
        hdr["partner_employment"],
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["hospital"],
        direction="hiv_testing",
    )
    mine = h.expect(client.get(f"{h.API}/coupons/{coupon['code']}", headers=hdr["partner_employment"]), 200)
    theirs = h.expect(client.get(f"{h.API}/coupons/{coupon['code']}", headers=hdr["partner_hospital"]), 200)
    assert mine == theirs and mine["status"] == "issued"
