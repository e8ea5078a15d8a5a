"""The coupon screen (typed code, the QR's address the scan page opens, its htmx fragment) shows the issuing
partner only that its coupon was redeemed and on which day: not by whom, not the outcome."""

from __future__ import annotations

import pytest

from tests.api import helpers as h
from tests.pages.test_coupons import verdict

OUTCOME_NAMES = ("Начато лечение", "Treatment started")


@pytest.fixture
def redeemed_hiv_coupon(client, auth, api_coupon) -> dict:  # noqa: ANN001
    """An HIV-testing coupon of the employment centre's booth, redeemed by the hospital: treatment started."""
    coupon = api_coupon(booth="employment", to="hospital", direction="hiv_testing")
    hospital = auth("partner_hospital")
    h.expect(client.post(f"{h.API}/coupons/{coupon['code']}/redeem", headers=hospital), 200)
    h.expect(h.set_outcome(client, hospital, coupon["code"], outcome="treatment_started"), 200)
    return coupon


def _screens(coupon: dict) -> list[tuple[str, bool]]:
    return [
        (f"/coupons/{coupon['code']}", False),
        (f"/c/{coupon['token']}", False),
        (f"/c/{coupon['token']}", True),
    ]


def test_the_issuer_sees_only_that_it_was_redeemed(browser, redeemed_hiv_coupon) -> None:
    b = browser("partner_employment")
    for url, htmx in _screens(redeemed_hiv_coupon):
        page = b.get(url, htmx=htmx)
        assert page.status_code == 200, (url, page.text[:500])
        assert verdict(page.text) == "redeemed"
        assert h.today().strftime("%d.%m.%Y") in page.text, url
        for secret in (*OUTCOME_NAMES, "partner_hospital"):
            assert secret not in page.text, (url, secret)


@pytest.mark.parametrize("who", ["partner_hospital", "organiser"])
def test_the_receiver_and_the_organiser_see_the_outcome_and_the_redeemer(
    browser, redeemed_hiv_coupon, who
) -> None:
    b = browser(who)
    for url, htmx in _screens(redeemed_hiv_coupon):
        page = b.get(url, htmx=htmx)
        assert page.status_code == 200
        assert verdict(page.text) == "already_redeemed"
        assert any(name in page.text for name in OUTCOME_NAMES), url
        assert "partner_hospital" in page.text and h.today().strftime("%d.%m.%Y") in page.text
