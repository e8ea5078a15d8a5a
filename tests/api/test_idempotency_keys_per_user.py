"""Idempotency keys: each user's own even when two users pick the same key, kept for exactly 24 hours, and
the reuse refusal in words (found by the mutation run, docs/testing.md)."""

from __future__ import annotations

import datetime as dt

from freezegun import freeze_time

from tests.api import helpers as h


def _coupon(client, hdr, scene, orgs, *, hospital: bool = False) -> dict:
    return h.issue(
        client,
        hdr["organiser"],
        booth=scene.hospital_booth if hospital else scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["hospital" if hospital else "employment"],
        direction="hiv_testing" if hospital else "employment_referral",
    )


def _redeem(client, headers: dict, ref: str, key: str):
    return client.post(f"{h.API}/coupons/{ref}/redeem", headers={**headers, "Idempotency-Key": key})


def test_two_users_with_one_key_each_get_their_own_answer(client, hdr, scene, orgs, session):
    mine, theirs = _coupon(client, hdr, scene, orgs), _coupon(client, hdr, scene, orgs, hospital=True)
    first = _redeem(client, hdr["partner_employment"], mine["code"], "same")
    h.expect(first, 200)
    h.expect(_redeem(client, hdr["partner_hospital"], theirs["code"], "same"), 200)
    again = _redeem(client, hdr["partner_employment"], mine["code"], "same")
    assert (again.status_code, again.content) == (200, first.content)
    reused = _redeem(client, hdr["partner_hospital"], mine["code"], "same")
    body = h.expect(reused, 422, "idempotency_key_reused")
    assert body["detail"] == "Этот ключ идемпотентности уже использован для другого запроса."
    assert h.count(session, "idempotency_key") == 2


def test_a_key_is_kept_for_exactly_a_day(client, hdr, scene, orgs, auth):
    one, two = _coupon(client, hdr, scene, orgs), _coupon(client, hdr, scene, orgs)
    start = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with freeze_time(start):
        h.expect(_redeem(client, auth("partner_employment"), one["code"], "day"), 200)
    with freeze_time(start + dt.timedelta(hours=24)):
        h.expect(
            _redeem(client, auth("partner_employment"), two["code"], "day"), 422, "idempotency_key_reused"
        )
    with freeze_time(start + dt.timedelta(hours=24, seconds=1)):
        h.expect(_redeem(client, auth("partner_employment"), two["code"], "day"), 200)
