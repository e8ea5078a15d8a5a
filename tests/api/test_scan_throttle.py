"""Refused coupon look-ups, redeems and binds are throttled per user (30 in 5 minutes by default): then 429
with Retry-After, one scan row for the throttled attempts, never a refusal of a successful one. The count
is kept in the database (scan_failure), so it holds across app processes."""

from __future__ import annotations

import datetime as dt

from freezegun import freeze_time

from fairs.config import get_settings
from tests.api import helpers as h
from tests.api.test_foreign_codes import unknown_code
from tests.api.test_pads import bind


def _exhaust(client, headers: dict) -> None:  # noqa: ANN001
    for _n in range(get_settings().scan_failure_limit):
        h.expect(client.get(f"{h.API}/coupons/{unknown_code()}", headers=headers), 404, "unknown_code")


def _throttled(resp) -> int:  # noqa: ANN001
    h.expect(resp, 429, "too_many_attempts")
    seconds = int(resp.headers["Retry-After"])
    assert 0 < seconds <= get_settings().scan_failure_window_seconds
    assert resp.json()["retry_after"] == seconds
    return seconds


def test_refused_look_ups_are_throttled_and_logged_once(client, hdr, scene, orgs, session) -> None:
    partner = hdr["partner_hospital"]
    mine = h.issue(
        client, partner, booth=scene.hospital_booth, client_id=scene.client_id, org=orgs["hospital"],
        direction="hiv_testing",
    )  # fmt: skip
    theirs = h.issue(
        client, hdr["partner_employment"], booth=scene.employment_booth, client_id=scene.client_id,
        org=orgs["employment"], direction="employment_referral",
    )  # fmt: skip
    _exhaust(client, partner)
    scans = h.count(session, "scan")
    # Every refused path now answers 429, another organisation's code exactly as an unknown one.
    _throttled(client.get(f"{h.API}/coupons/{unknown_code()}", headers=partner))
    _throttled(client.get(f"{h.API}/coupons/{theirs['code']}", headers=partner))
    _throttled(h.redeem(client, partner, unknown_code()))
    target = {"client_id": scene.client_id, "org": orgs["hospital"], "direction": "hiv_testing"}
    _throttled(bind(client, partner, unknown_code(), **target))
    assert h.count(session, "scan") == scans + 1  # the throttled attempts are counted once
    # Successful look-ups and redeems are never throttled.
    h.expect(client.get(f"{h.API}/coupons/{mine['code']}", headers=partner), 200)
    h.expect(h.redeem(client, partner, mine["code"]), 200)
    # Other users are not affected.
    h.expect(client.get(f"{h.API}/coupons/{unknown_code()}", headers=hdr["organiser"]), 404, "unknown_code")


def test_the_limit_lifts_when_the_window_has_passed(client, hdr, scene) -> None:
    partner = hdr["partner_employment"]
    start = dt.datetime.now(dt.UTC)
    with freeze_time(start) as frozen:
        _exhaust(client, partner)
        seconds = _throttled(client.get(f"{h.API}/coupons/{unknown_code()}", headers=partner))
        assert seconds == get_settings().scan_failure_window_seconds
        frozen.tick(dt.timedelta(seconds=seconds - 1))
        _throttled(client.get(f"{h.API}/coupons/{unknown_code()}", headers=partner))
        frozen.tick(dt.timedelta(seconds=2))
        h.expect(client.get(f"{h.API}/coupons/{unknown_code()}", headers=partner), 404, "unknown_code")
