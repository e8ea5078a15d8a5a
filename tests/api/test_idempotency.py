"""Idempotency-Key on redeem: a repeat of the same request gets the first answer (status and body) again, the
same key with another request is refused, keys are per user and expire after 24 hours; the page form carries
a key of its own."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from freezegun import freeze_time

from fairs.app import create_app
from tests.api import helpers as h
from tests.api.test_race import serving


def _coupon(client, hdr, scene, orgs) -> dict:
    return h.issue(
        client,
        hdr["organiser"],
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["employment"],
        direction="employment_referral",
    )


def _redeem(client, headers: dict, ref: str, key: str, body: dict | None = None):
    return client.post(
        f"{h.API}/coupons/{ref}/redeem", json=body, headers={**headers, "Idempotency-Key": key}
    )


def test_a_repeat_gets_the_first_answer(client, hdr, scene, orgs, session):
    partner = hdr["partner_employment"]
    coupon = _coupon(client, hdr, scene, orgs)
    first = _redeem(client, partner, coupon["code"], "tap-1")
    assert first.status_code == 200 and first.json()["status"] == "redeemed"
    again = _redeem(client, partner, coupon["code"], "tap-1")
    assert (again.status_code, again.content) == (200, first.content)
    assert again.headers["content-type"] == "application/json"
    # Without the key (or with another) the truth: already redeemed.
    h.expect(h.redeem(client, partner, coupon["code"]), 409, "already_redeemed")
    h.expect(_redeem(client, partner, coupon["code"], "tap-2"), 409, "already_redeemed")
    # Hyphens and case do not make it another request.
    pretty = f"{coupon['code'][:4].lower()}-{coupon['code'][4:8]}-{coupon['code'][8:]}"
    assert _redeem(client, partner, pretty, "tap-1").content == first.content
    assert h.count(session, "audit_entry", action="redeem") == 1
    assert h.count(session, "scan", result="redeemed") == 1


def test_a_refusal_is_replayed_too(client, hdr, scene, orgs):
    partner = hdr["partner_employment"]
    coupon = _coupon(client, hdr, scene, orgs)
    h.expect(h.cancel(client, hdr["organiser"], coupon["code"]), 200)
    first = _redeem(client, partner, coupon["code"], "k")
    h.expect(first, 410, "cancelled")
    again = _redeem(client, partner, coupon["code"], "k")
    assert (again.status_code, again.content) == (410, first.content)
    assert again.headers["content-type"].startswith(h.PROBLEM_JSON)


def test_the_same_key_for_another_request_is_refused(client, hdr, scene, orgs, session):
    partner = hdr["partner_employment"]
    one, two = _coupon(client, hdr, scene, orgs), _coupon(client, hdr, scene, orgs)
    h.expect(_redeem(client, partner, one["code"], "same"), 200)
    h.expect(_redeem(client, partner, two["code"], "same"), 422, "idempotency_key_reused")
    yesterday = {"redeemed_on": (h.today() - dt.timedelta(days=1)).isoformat()}
    h.expect(_redeem(client, hdr["organiser"], one["code"], "mine"), 409)
    h.expect(_redeem(client, hdr["organiser"], one["code"], "mine", yesterday), 422, "idempotency_key_reused")
    assert h.count(session, "coupon", status="redeemed") == 1
    # Keys are each user's own: the hospital's "same" is another key.
    hospital = h.issue(
        client,
        hdr["organiser"],
        booth=scene.hospital_booth,
        client_id=scene.client_id,
        org=orgs["hospital"],
        direction="hiv_testing",
    )
    h.expect(_redeem(client, hdr["partner_hospital"], hospital["code"], "same"), 200)


@pytest.mark.parametrize("key", ["", "x" * 65, "ключ", "tab\there"])
def test_malformed_keys(client, hdr, scene, orgs, key):
    coupon = _coupon(client, hdr, scene, orgs)
    resp = client.post(
        f"{h.API}/coupons/{coupon['code']}/redeem",
        headers={**hdr["partner_employment"], "Idempotency-Key": key.encode("utf-8")},
    )
    h.expect(resp, 422, "validation_error")


def test_keys_expire_after_a_day(client, hdr, scene, orgs, auth, session):
    one, two = _coupon(client, hdr, scene, orgs), _coupon(client, hdr, scene, orgs)
    h.expect(_redeem(client, hdr["partner_employment"], one["code"], "old"), 200)
    with freeze_time(dt.datetime.now(dt.UTC) + dt.timedelta(hours=23), tick=True):
        h.expect(
            _redeem(client, auth("partner_employment"), two["code"], "old"), 422, "idempotency_key_reused"
        )
    with freeze_time(dt.datetime.now(dt.UTC) + dt.timedelta(hours=25), tick=True):
        h.expect(_redeem(client, auth("partner_employment"), two["code"], "old"), 200)
    assert h.count(session, "idempotency_key") == 1


def test_concurrent_repeats_redeem_once(client, hdr, scene, orgs, session, db_url):
    coupon = _coupon(client, hdr, scene, orgs)
    headers = {**hdr["partner_employment"], "Idempotency-Key": "blip"}
    path = f"{h.API}/coupons/{coupon['token']}/redeem"
    threads = 6
    barrier = threading.Barrier(threads)
    with serving(create_app()) as base_url:

        def fire(_n: int) -> httpx.Response:
            with httpx.Client(base_url=base_url, headers=headers, timeout=60) as http:
                http.get("/healthz")
                barrier.wait(timeout=30)
                return http.post(path)

        with ThreadPoolExecutor(max_workers=threads) as pool:
            answers = list(pool.map(fire, range(threads)))
    assert {r.status_code for r in answers} == {200}, [r.text for r in answers]
    assert len({r.content for r in answers}) == 1
    assert h.count(session, "audit_entry", action="redeem") == 1
    assert h.count(session, "scan", result="redeemed") == 1
    assert h.count(session, "scan") == 1


def test_the_page_form_carries_a_key(client, hdr, scene, orgs, session):
    from tests.pages.conftest import Browser, csrf_of

    one, two = _coupon(client, hdr, scene, orgs), _coupon(client, hdr, scene, orgs)
    client.base_url = "https://testserver"
    b = Browser(client)
    b.login("partner_employment")
    page = b.get(f"/coupons/{one['code']}").text
    assert csrf_of(page)
    key = page.split('name="idempotency_key" value="', 1)[1].split('"', 1)[0]
    assert len(key) >= 16
    # A double tap (or a resubmit after a blip): both show the green "redeemed now".
    for _attempt in range(2):
        done = b.post(f"/coupons/{one['code']}/redeem", {"idempotency_key": key})
        assert done.status_code == 303
        assert 'data-verdict="redeemed_now"' in b.get(done.headers["location"]).text
    tapped = b.post(f"/coupons/{one['code']}/redeem", {"idempotency_key": key}, htmx=True)
    assert tapped.status_code == 200 and 'data-verdict="redeemed_now"' in tapped.text
    # Without the key: the truth.
    plain = b.post(f"/coupons/{one['code']}/redeem", htmx=True)
    assert 'data-verdict="already_redeemed"' in plain.text
    # The same key for another coupon is refused and redeems nothing.
    reused = b.post(f"/coupons/{two['code']}/redeem", {"idempotency_key": key}, htmx=True)
    assert reused.status_code == 422
    assert h.count(session, "coupon", status="redeemed") == 1
    # The page's keys are not the API's: the same key through the API is another request.
    h.expect(_redeem(client, hdr["partner_employment"], one["code"], key), 422, "idempotency_key_reused")
