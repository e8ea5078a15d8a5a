"""The coupon screen, throttled after too many refused codes: 429, Retry-After, a readable verdict."""

from __future__ import annotations

from tests.api.test_foreign_codes import unknown_code
from tests.api.test_scan_throttle import _exhaust


def test_the_coupon_screen_says_too_many_attempts(browser, client, auth) -> None:
    _exhaust(client, auth("partner_hospital"))
    b = browser("partner_hospital")
    for htmx in (False, True):
        page = b.get(f"/coupons/{unknown_code()}", htmx=htmx)
        assert page.status_code == 429 and 0 < int(page.headers["Retry-After"]) <= 300
        assert 'data-verdict="too_many_attempts"' in page.text
