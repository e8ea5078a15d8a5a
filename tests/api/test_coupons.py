"""Coupons: issue at a booth, look up by token or short code, redeem at most once, outcome, cancel, expiry."""

from __future__ import annotations

import datetime as dt
import re
import secrets

from freezegun import freeze_time

from fairs.config import get_settings
from fairs.services.coupons import codes
from tests.api import helpers as h

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]+$")


def _employment_coupon(client, hdr, scene, orgs, *, direction="employment_referral") -> dict:
    return h.issue(
        client,
        hdr["partner_employment"],
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["employment"],
        direction=direction,
    )


def test_issued_coupon_shape(client, hdr, scene, orgs, session):
    coupon = _employment_coupon(client, hdr, scene, orgs)
    assert coupon["status"] == "issued"
    token = coupon["token"]
    assert TOKEN_RE.match(token) and len(token) >= 22
    assert len(token) * 6 >= 128
    assert coupon["url"] == f"{h.BASE_URL}/c/{token}"
    code = coupon["code"]
    assert len(code) == 9 and all(ch in h.CROCKFORD for ch in code)
    assert h.luhn32_check(code[:8]) == code[8]
    today = h.today()
    assert coupon["issued_on"] == today.isoformat()
    assert coupon["expires_on"] == (today + dt.timedelta(days=30)).isoformat()
    assert coupon["back_entered"] is False
    assert coupon["organisation_id"] == orgs["employment"]
    assert coupon["issuing_organisation_id"] == orgs["employment"]
    assert coupon["direction"] == "employment_referral"
    assert coupon["client_code"] == scene.client_code
    # Issuing registers the visit.
    assert h.count(session, "visit", fair_id=scene.fair["id"], client_id=scene.client_id) == 1


def test_tokens_and_codes_differ_between_coupons(client, hdr, scene, orgs):
    issued = [_employment_coupon(client, hdr, scene, orgs) for _ in range(5)]
    assert len({c["token"] for c in issued}) == 5
    assert len({c["code"] for c in issued}) == 5


def test_direction_not_received_is_400_and_writes_nothing(client, hdr, scene, orgs, session):
    resp = h.issue_resp(
        client,
        hdr["organiser"],
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["employment"],
        direction="rehab",
    )
    h.expect(resp, 400, "direction_not_received")
    resp = h.issue_resp(
        client,
        hdr["organiser"],
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["hospital"],
        direction="astrology",
    )
    h.expect(resp, 400, "unknown_direction")
    assert h.count(session, "coupon") == 0
    assert h.count(session, "visit") == 0
    assert h.count(session, "audit_entry", action="issue") == 0


def test_partner_issues_only_at_own_booth(client, hdr, scene, orgs, session):
    resp = h.issue_resp(
        client,
        hdr["partner_employment"],
        booth=scene.hospital_booth,
        client_id=scene.client_id,
        org=orgs["hospital"],
        direction="infectious",
    )
    h.expect(resp, 403, "other_booth")
    # From its own booth a partner may address another organisation.
    coupon = h.issue(
        client,
        hdr["partner_employment"],
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["hospital"],
        direction="infectious",
    )
    assert (
        coupon["organisation_id"] == orgs["hospital"]
        and coupon["issuing_organisation_id"] == orgs["employment"]
    )
    assert h.count(session, "coupon") == 1


def test_planned_or_cancelled_fair_is_409(client, hdr, orgs, session):
    org = hdr["organiser"]
    person = h.register(client, org)
    planned = h.make_fair(client, org, day=dt.date(2027, 1, 11))
    booth = h.add_booth(client, org, fair=planned, org=orgs["employment"])
    for username in ("organiser", "partner_employment"):
        resp = h.issue_resp(
            client,
            hdr[username],
            booth=booth,
            client_id=person["id"],
            org=orgs["employment"],
            direction="employment_referral",
        )
        h.expect(resp, 409, "fair_not_open")
    client.post(f"{h.API}/fairs/{planned['id']}/cancel", json={"reason": "холод"}, headers=org)
    resp = h.issue_resp(
        client,
        org,
        booth=booth,
        client_id=person["id"],
        org=orgs["employment"],
        direction="employment_referral",
    )
    h.expect(resp, 409, "fair_not_open")
    assert h.count(session, "coupon") == 0


def test_lookup_by_token_and_code_in_any_form(client, hdr, scene, orgs):
    coupon = _employment_coupon(client, hdr, scene, orgs)
    code = coupon["code"]
    dashed = f"{code[:4]}-{code[4:8]}-{code[8]}"
    assert coupon["code_display"] == dashed
    for ref in (
        coupon["token"],
        code,
        code.lower(),
        dashed,
        dashed.lower(),
        f"{code[:3]}-{code[3:6]}-{code[6:]}".lower(),
    ):
        body = h.expect(client.get(f"{h.API}/coupons/{ref}", headers=hdr["partner_employment"]), 200)
        assert body["id"] == coupon["id"], ref
    # A well-formed code (right check character) that nobody issued, and an unknown token.
    body = "".join(secrets.choice(h.CROCKFORD) for _ in range(8))
    unknown = body + h.luhn32_check(body)
    if unknown != code:
        h.expect(client.get(f"{h.API}/coupons/{unknown}", headers=hdr["organiser"]), 404, "unknown_code")
        h.expect(h.redeem(client, hdr["organiser"], unknown), 404, "unknown_code")
    h.expect(
        client.get(f"{h.API}/coupons/{secrets.token_urlsafe(24)}", headers=hdr["organiser"]),
        404,
        "unknown_code",
    )
    h.expect(h.redeem(client, hdr["organiser"], secrets.token_urlsafe(24)), 404, "unknown_code")


def test_redeem_once(client, hdr, scene, orgs, session):
    coupon = _employment_coupon(client, hdr, scene, orgs)
    partner = hdr["partner_employment"]
    done = h.expect(h.redeem(client, partner, coupon["code"].lower()), 200)
    assert done["status"] == "redeemed"
    assert done["redeemed_on"] == h.today().isoformat()
    assert done["redeemed_by"] == "partner_employment"
    # A second scan, by token or by code, by the partner or the organiser: 409 with when and by whom.
    for who, ref in (("partner_employment", coupon["token"]), ("organiser", coupon["code"])):
        problem = h.expect(h.redeem(client, hdr[who], ref), 409, "already_redeemed")
        assert problem["redeemed_on"] == h.today().isoformat()
        assert problem["redeemed_by"] == "partner_employment"
    assert h.count(session, "audit_entry", action="redeem", entity="coupon", entity_id=coupon["id"]) == 1
    assert (
        h.expect(client.get(f"{h.API}/coupons/{coupon['token']}", headers=partner), 200)["status"]
        == "redeemed"
    )


def test_redeem_refusals(client, hdr, scene, orgs, session):
    to_hospital = h.issue(
        client,
        hdr["organiser"],
        booth=scene.hospital_booth,
        client_id=scene.client_id,
        org=orgs["hospital"],
        direction="hiv_testing",
    )
    # Addressed to the hospital, issued by the hospital: the employment centre may neither see nor redeem it.
    # By code it is to them a code that does not exist; by QR token they are told it is another's.
    h.expect(h.redeem(client, hdr["partner_employment"], to_hospital["code"]), 404, "unknown_code")
    h.expect(client.get(f"{h.API}/coupons/{to_hospital['code']}", headers=hdr["partner_employment"]), 404)
    h.expect(h.redeem(client, hdr["partner_employment"], to_hospital["token"]), 403, "other_organisation")
    # Issued at the employment booth, addressed to the hospital: the issuer sees it but cannot redeem it.
    issued_here = h.issue(
        client,
        hdr["partner_employment"],
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["hospital"],
        direction="infectious",
    )
    h.expect(client.get(f"{h.API}/coupons/{issued_here['code']}", headers=hdr["partner_employment"]), 200)
    h.expect(h.redeem(client, hdr["partner_employment"], issued_here["code"]), 403, "other_organisation")
    # Another district's organiser does not find it.
    h.expect(h.redeem(client, hdr["organiser_b"], to_hospital["code"]), 404, "unknown_code")
    # Committee and admin are refused.
    h.expect(h.redeem(client, hdr["committee"], to_hospital["code"]), 403)
    h.expect(h.redeem(client, hdr["admin"], to_hospital["code"]), 403)
    # A cancelled coupon is gone.
    h.expect(h.cancel(client, hdr["organiser"], to_hospital["code"], reason="ошибка"), 200)
    problem = h.expect(h.redeem(client, hdr["partner_hospital"], to_hospital["code"]), 410, "cancelled")
    assert problem["reason"] == "ошибка"
    assert h.count(session, "audit_entry", action="redeem") == 0
    assert h.count(session, "coupon", status="issued") == 1


def test_mistyped_code_every_single_substitution(client, hdr, scene, orgs, monkeypatch):
    # 279 refusals by one user: above the throttle's limit (tests/api/test_scan_throttle.py).
    monkeypatch.setenv("FAIRS_SCAN_FAILURE_LIMIT", "1000")
    get_settings.cache_clear()
    coupon = _employment_coupon(client, hdr, scene, orgs)
    code = coupon["code"]
    headers = hdr["partner_employment"]
    variants = 0
    for position in range(9):
        for symbol in h.CROCKFORD:
            if symbol == code[position]:
                continue
            typo = code[:position] + symbol + code[position + 1 :]
            problem = h.expect(h.redeem(client, headers, typo), 400, "mistyped_code")
            assert problem["status"] == 400
            variants += 1
    assert variants == 9 * 31
    # None of the typos redeemed anything.
    assert h.expect(client.get(f"{h.API}/coupons/{code}", headers=headers), 200)["status"] == "issued"
    h.expect(client.get(f"{h.API}/coupons/{code[:8]}", headers=headers), 400, "mistyped_code")
    h.expect(client.get(f"{h.API}/coupons/{code}0", headers=headers), 400, "mistyped_code")
    h.expect(client.get(f"{h.API}/coupons/{code[:8]}U", headers=headers), 400, "mistyped_code")


def test_outcome_after_redemption_from_the_directions_list(client, hdr, scene, orgs, session):
    coupon = _employment_coupon(client, hdr, scene, orgs)
    partner = hdr["partner_employment"]
    h.expect(h.set_outcome(client, partner, coupon["code"], outcome="employed"), 409, "not_redeemed")
    h.expect(h.redeem(client, partner, coupon["code"]), 200)
    for wrong in ("aid_given", "treatment_started", "registered_jobseeker", "nonsense"):
        h.expect(h.set_outcome(client, partner, coupon["code"], outcome=wrong), 400, "unknown_outcome")
    body = h.expect(h.set_outcome(client, partner, coupon["code"], outcome="employed"), 200)
    assert body["outcome"] == "employed"
    assert body["outcome_on"] == h.today().isoformat()
    future = h.today() + dt.timedelta(days=1)
    h.expect(
        h.set_outcome(client, partner, coupon["code"], outcome="not_hired", day=future), 400, "date_in_future"
    )
    assert (
        h.expect(client.get(f"{h.API}/coupons/{coupon['code']}", headers=partner), 200)["outcome"]
        == "employed"
    )
    assert h.count(session, "audit_entry", action="outcome", entity_id=coupon["id"]) == 1
    # The hospital's staff cannot record an outcome on the employment centre's coupon (not theirs: unknown).
    h.expect(
        h.set_outcome(client, hdr["partner_hospital"], coupon["code"], outcome="not_hired"),
        404,
        "unknown_code",
    )


def test_cancel_organisers_only(client, hdr, scene, orgs, session):
    coupon = _employment_coupon(client, hdr, scene, orgs)
    h.expect(h.cancel(client, hdr["partner_employment"], coupon["code"]), 403)
    h.expect(h.cancel(client, hdr["committee"], coupon["code"]), 403)
    h.expect(h.cancel(client, hdr["organiser"], coupon["code"], reason="  "), 400, "reason_required")
    body = h.expect(h.cancel(client, hdr["organiser"], coupon["code"], reason="выдан по ошибке"), 200)
    assert body["status"] == "cancelled" and body["cancel_reason"] == "выдан по ошибке"
    h.expect(h.cancel(client, hdr["organiser"], coupon["code"]), 409, "cancelled")
    h.expect(h.redeem(client, hdr["organiser"], coupon["token"]), 410, "cancelled")
    redeemed = _employment_coupon(client, hdr, scene, orgs)
    h.expect(h.redeem(client, hdr["partner_employment"], redeemed["code"]), 200)
    h.expect(h.cancel(client, hdr["organiser"], redeemed["code"]), 409, "already_redeemed")
    assert h.count(session, "audit_entry", action="cancel") == 1


def test_expiry_with_a_frozen_clock(client, hdr, scene, orgs, auth, session):
    first = _employment_coupon(client, hdr, scene, orgs)
    second = _employment_coupon(client, hdr, scene, orgs)
    expires_on = dt.date.fromisoformat(first["expires_on"])
    # Noon in Minsk (UTC+3) on the last valid day: still good.
    with freeze_time(dt.datetime.combine(expires_on, dt.time(9, 0)), tick=True):
        assert h.today() == expires_on
        headers = auth("partner_employment")  # tokens are dated, so one is made under the frozen clock
        h.expect(h.redeem(client, headers, first["code"]), 200)
    # The next day: 410 expired, and the coupon reads as expired.
    with freeze_time(dt.datetime.combine(expires_on + dt.timedelta(days=1), dt.time(9, 0)), tick=True):
        headers = auth("partner_employment")
        problem = h.expect(h.redeem(client, headers, second["code"]), 410, "expired")
        assert problem["expires_on"] == expires_on.isoformat()
        assert (
            h.expect(client.get(f"{h.API}/coupons/{second['code']}", headers=headers), 200)["status"]
            == "expired"
        )
    assert h.count(session, "coupon", status="issued") == 1
    assert h.count(session, "audit_entry", action="redeem") == 1


def test_code_collision_draws_again(client, hdr, scene, orgs, session, monkeypatch):
    first = _employment_coupon(client, hdr, scene, orgs)
    fresh = "ABCDEFGH" + h.luhn32_check("ABCDEFGH")
    draws = iter([first["code"], first["code"], fresh])
    monkeypatch.setattr(codes, "new_short_code", lambda: next(draws))
    second = _employment_coupon(client, hdr, scene, orgs)
    assert second["code"] == fresh
    assert h.count(session, "coupon") == 2
    assert h.count(session, "audit_entry", action="issue") == 2
    # A generator stuck on a taken code gives up cleanly, writing nothing.
    monkeypatch.setattr(codes, "new_short_code", lambda: first["code"])
    h.expect(
        h.issue_resp(
            client,
            hdr["organiser"],
            booth=scene.employment_booth,
            client_id=scene.client_id,
            org=orgs["employment"],
            direction="employment_referral",
        ),
        409,
        "code_exhausted",
    )
    assert h.count(session, "coupon") == 2
    assert h.count(session, "audit_entry", action="issue") == 2


def test_a_blocked_account_can_neither_issue_nor_redeem_with_its_old_token(client, hdr, scene, orgs, session):
    # Issue and redeem read the account inside their own transaction (api/deps.BearerCaller, settled by
    # the lifecycle): a token of an account blocked since it was issued gets 401 and nothing is written.
    coupon = _employment_coupon(client, hdr, scene, orgs)
    partner, org = hdr["partner_employment"], hdr["organiser"]
    users = {u["username"]: u for u in client.get("/api/v1/users", headers=org).json()}
    h.expect(client.post(f"/api/v1/users/{users['partner_employment']['id']}/deactivate", headers=org), 200)
    coupons_before, scans_before = h.count(session, "coupon"), h.count(session, "scan")
    refused = h.issue_resp(
        client,
        partner,
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["employment"],
        direction="employment_referral",
    )
    assert refused.status_code == 401 and refused.json()["code"] == "not_authenticated"
    refused = h.redeem(client, partner, coupon["code"])
    assert refused.status_code == 401 and refused.json()["code"] == "not_authenticated"
    assert (h.count(session, "coupon"), h.count(session, "scan")) == (coupons_before, scans_before)
    # A committee member's valid token: 403 from the same check, nothing written either.
    refused = h.redeem(client, hdr["committee"], coupon["code"])
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert h.count(session, "scan") == scans_before
    assert client.get(f"/api/v1/coupons/{coupon['code']}", headers=org).json()["status"] == "issued"


def test_every_json_route_settles_its_caller_inside_its_own_transaction(client, hdr, scene, session):
    # Not only the hot routes: an ordinary write route (a consultation) refuses a blocked account's token
    # with 401 and a committee token with 403 from the same check, and writes nothing either way.
    org, partner = hdr["organiser"], hdr["partner_employment"]
    consult = {
        "booth": scene.employment_booth,
        "client_id": scene.client_id,
        "direction": "employment_referral",
    }
    refused = h.consult(client, hdr["committee"], **consult)
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    users = {u["username"]: u for u in client.get("/api/v1/users", headers=org).json()}
    h.expect(client.post(f"/api/v1/users/{users['partner_employment']['id']}/deactivate", headers=org), 200)
    refused = h.consult(client, partner, **consult)
    assert refused.status_code == 401 and refused.json()["code"] == "not_authenticated"
    assert h.count(session, "consultation") == 0
    h.expect(h.consult(client, org, **consult), 201)
    assert h.count(session, "consultation") == 1
    # The body is validated before the account is read (docs/security.md): a malformed one is 422, whoever
    # holds the token.
    booth_id = scene.employment_booth["id"]
    malformed = client.post(f"/api/v1/booths/{booth_id}/consultations", json={}, headers=hdr["committee"])
    assert malformed.status_code == 422
