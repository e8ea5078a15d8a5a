"""The hours between midnight in Minsk and midnight in UTC (Minsk is UTC+3, no daylight saving).

At 20:59 UTC it is 23:59 in Minsk, the same calendar day in both; at 21:01 UTC it is already 00:01 of the next
day in Minsk while UTC still reads the old date. Every "today" of the app is the district's (Europe/Minsk), so
a "today" taken in UTC shows in these two minutes only. One fair, dated 2026-01-31 (the last day of a month,
so the next Minsk day is another month), is followed through its issue day and its coupons' last valid day;
at each minute the API state (`GET /api/v1/coupons/{ref}`), the page verdict (`/c/{token}`, as the receiving
partner), redemption, and the committee tally (which period counts the coupon, what is expired as of today)
are checked together. The whole story runs twice: with the default validity (30 days) and with
FAIRS_COUPON_VALIDITY_DAYS=7. Expected dates are written out by hand for each run.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient
from freezegun import freeze_time

from fairs import config
from tests.api import helpers as h
from tests.pages.conftest import browser  # noqa: F401  (the logged-in browser fixture)

FAIR_DAY = dt.date(2026, 1, 31)
VERDICT_RE = re.compile(r'data-verdict="([a-z_]+)"')
JANUARY = {"from": "2026-01-01", "to": "2026-01-31"}
FEBRUARY = {"from": "2026-02-01", "to": "2026-02-28"}

# validity setting (None: the default) → (last valid day of a coupon issued on 31 Jan,
#                                          last valid day of one issued on 1 Feb)
RUNS = {
    "default-30-days": (None, dt.date(2026, 3, 2), dt.date(2026, 3, 3)),
    "validity-7-days": ("7", dt.date(2026, 2, 7), dt.date(2026, 2, 8)),
}


def utc(day: dt.date, hour: int, minute: int) -> dt.datetime:
    """A moment in UTC."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=dt.UTC)


def state(client: TestClient, headers: dict, coupon: dict) -> dict:
    """The coupon as the API reads it now."""
    return h.expect(client.get(f"{h.API}/coupons/{coupon['code']}", headers=headers), 200)


def verdict(make_browser, coupon: dict) -> str:  # noqa: ANN001
    """The verdict the receiving partner's page shows for the coupon's QR token (logged in now)."""
    partner = make_browser("partner_employment")
    page = partner.get(f"/c/{coupon['token']}")
    assert page.status_code == 200, page.text[:300]
    found = VERDICT_RE.findall(page.text)
    assert len(found) == 1, found
    return found[0]


def report(client: TestClient, headers: dict, period: dict) -> dict:
    """The committee report of district A for a period, as of now."""
    return h.expect(client.get(f"{h.API}/reports/committee", params=period, headers=headers), 200)


def employment_row(rep: dict, org_id: int) -> dict:
    """The employment centre's row of the report's receiving organisations."""
    [row] = [o for o in rep["organisations"] if o["organisation_id"] == org_id]
    return row


@pytest.mark.parametrize("run", RUNS, ids=list(RUNS))
def test_a_fair_and_its_coupons_across_midnight_in_minsk(
    run: str,
    client: TestClient,
    auth,  # noqa: ANN001
    orgs: dict[str, int],
    browser,  # noqa: ANN001, F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    validity, last_day, last_day_late = RUNS[run]
    if validity:
        monkeypatch.setenv("FAIRS_COUPON_VALIDITY_DAYS", validity)
        config.get_settings.cache_clear()
    employment = orgs["employment"]
    # FastAPI reads the routes' signatures on first use: let it do so before freezegun swaps `date` for its
    # fake class (a frozen first request would fail on the signature, not on the app's clock).
    client.get("/api/v1/no-such-route")

    def issue(org: dict, booth: dict, person: dict) -> dict:
        direction = "employment_counselling"
        return h.issue(client, org, booth=booth, client_id=person["id"], org=employment, direction=direction)

    # 31 Jan, 20:59 UTC = 23:59 in Minsk: still the fair's day. Two coupons, issued on 31 Jan.
    with freeze_time(utc(FAIR_DAY, 20, 59), tick=True):
        org = auth("organiser")
        fair = h.make_open_fair(client, org, day=FAIR_DAY)
        booth = h.add_booth(client, org, fair=fair, org=employment)
        person = h.register(client, org)
        kept, late_redeemed = issue(org, booth, person), issue(org, booth, person)
        for coupon in (kept, late_redeemed):
            assert (coupon["issued_on"], coupon["expires_on"]) == ("2026-01-31", last_day.isoformat())
            assert state(client, org, coupon)["status"] == "issued"

    # 31 Jan, 21:01 UTC = 00:01 on 1 Feb in Minsk (UTC still says 31 Jan). The fair is still open: a coupon
    # issued now is issued on 1 Feb and lives a day longer; a redemption now is dated 1 Feb.
    with freeze_time(utc(FAIR_DAY, 21, 1), tick=True):
        org, partner = auth("organiser"), auth("partner_employment")
        after_midnight = issue(org, booth, person)
        assert (after_midnight["issued_on"], after_midnight["expires_on"]) == (
            "2026-02-01",
            last_day_late.isoformat(),
        )
        redeemed_early = issue(org, booth, person)
        assert redeemed_early["issued_on"] == "2026-02-01"
        assert verdict(browser, redeemed_early) == "valid"
        h.expect(h.redeem(client, partner, redeemed_early["code"]), 200)
        read = state(client, org, redeemed_early)
        assert (read["status"], read["redeemed_on"]) == ("redeemed", "2026-02-01")
        h.close_fair(client, org, fair=fair)

    # The last valid day, 20:59 UTC = 23:59 in Minsk: valid everywhere, and redeemable.
    with freeze_time(utc(last_day, 20, 59), tick=True):
        org, partner = auth("organiser"), auth("partner_employment")
        assert state(client, partner, kept)["status"] == "issued"
        assert verdict(browser, kept) == "valid"
        assert employment_row(report(client, org, JANUARY), employment)["expired_unused"] == 0
        h.expect(h.redeem(client, partner, late_redeemed["code"]), 200)
        read = state(client, org, late_redeemed)
        assert (read["status"], read["redeemed_on"]) == ("redeemed", last_day.isoformat())

    # 21:01 UTC = 00:01 of the next day in Minsk: expired everywhere, though UTC still says the last day.
    with freeze_time(utc(last_day, 21, 1), tick=True):
        org, partner = auth("organiser"), auth("partner_employment")
        assert state(client, partner, kept)["status"] == "expired"
        assert verdict(browser, kept) == "expired"
        problem = h.expect(h.redeem(client, partner, kept["code"]), 410, "expired")
        assert problem["expires_on"] == last_day.isoformat()
        # The coupon issued after midnight has one more day.
        assert state(client, partner, after_midnight)["status"] == "issued"
        assert verdict(browser, after_midnight) == "valid"
        january = report(client, org, JANUARY)
        february = report(client, org, FEBRUARY)

    # Every coupon counts in January, the month of its fair, whatever day it was issued or redeemed on.
    assert (january["fairs_held"], january["coupons_issued"], january["coupons_redeemed"]) == (1, 4, 2)
    [fair_row] = january["fairs"]
    assert (fair_row["date"], fair_row["coupons_issued"], fair_row["coupons_redeemed"]) == (
        "2026-01-31",
        4,
        2,
    )
    row = employment_row(january, employment)
    assert (row["coupons_received"], row["coupons_redeemed"], row["expired_unused"]) == (4, 2, 1)
    assert (february["fairs_held"], february["coupons_issued"], february["coupons_redeemed"]) == (0, 0, 0)
    assert february["fairs"] == []
