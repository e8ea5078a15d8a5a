"""Back-entered records: after a fair closes, organisers enter its paper records; partners cannot."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.api import helpers as h


@pytest.fixture
def closed(client, hdr, orgs):  # noqa: ANN201
    """A fair held 60 days ago and closed, with the employment booth, and a client."""
    org = hdr["organiser"]
    fair = h.make_open_fair(client, org, day=h.today() - dt.timedelta(days=60))
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    h.close_fair(client, org, fair=fair)
    person = h.register(client, org)
    return fair, booth, person["id"]


def test_organiser_back_enters_visit_consultation_coupon(client, hdr, orgs, closed, session):
    fair, booth, person = closed
    org = hdr["organiser"]
    visit = h.expect(h.visit(client, org, fair=fair, client_id=person), 201)
    assert visit["back_entered"] is True
    consultation = h.expect(
        h.consult(client, org, booth=booth, client_id=person, direction="employment_counselling"), 201
    )
    assert consultation["back_entered"] is True
    coupon = h.issue(
        client, org, booth=booth, client_id=person, org=orgs["employment"], direction="employment_referral"
    )
    assert coupon["back_entered"] is True
    assert coupon["issued_on"] == fair["date"]
    assert coupon["expires_on"] == (dt.date.fromisoformat(fair["date"]) + dt.timedelta(days=30)).isoformat()
    assert coupon["fair_date"] == fair["date"]
    rows = h.audit_rows(session, back_entered=True)
    assert [(r["action"], r["entity"]) for r in rows] == [
        ("create", "visit"),
        ("create", "consultation"),
        ("issue", "coupon"),
    ]
    assert h.count(session, "visit", back_entered=True) == 1
    assert h.count(session, "consultation", back_entered=True) == 1


def test_partner_cannot_back_enter(client, hdr, orgs, closed, session):
    fair, booth, person = closed
    partner = hdr["partner_employment"]
    h.expect(h.visit(client, partner, fair=fair, client_id=person), 403, "forbidden")  # organisers only
    h.expect(
        h.consult(client, partner, booth=booth, client_id=person, direction="employment_counselling"),
        403,
        "fair_closed",
    )
    resp = h.issue_resp(
        client,
        partner,
        booth=booth,
        client_id=person,
        org=orgs["employment"],
        direction="employment_referral",
    )
    h.expect(resp, 403, "fair_closed")
    for table in ("visit", "consultation", "coupon"):
        assert h.count(session, table) == 0, table
    assert h.count(session, "audit_entry", back_entered=True) == 0


def test_paper_stub_redemption_dates(client, hdr, orgs, closed, session):
    fair, booth, person = closed
    org = hdr["organiser"]
    issued_on = dt.date.fromisoformat(fair["date"])
    coupons = [
        h.issue(
            client,
            org,
            booth=booth,
            client_id=person,
            org=orgs["employment"],
            direction="employment_referral",
        )
        for _ in range(3)
    ]
    code = coupons[0]["code"]
    h.expect(
        h.redeem(client, org, code, redeemed_on=issued_on - dt.timedelta(days=1)), 400, "date_before_issue"
    )
    h.expect(h.redeem(client, org, code, redeemed_on=h.today() + dt.timedelta(days=1)), 400, "date_in_future")
    problem = h.expect(
        h.redeem(client, org, code, redeemed_on=issued_on + dt.timedelta(days=31)), 410, "expired"
    )
    assert problem["expires_on"] == (issued_on + dt.timedelta(days=30)).isoformat()
    # Without a date the coupon is redeemed today, which is past its expiry.
    h.expect(h.redeem(client, org, code), 410, "expired")
    assert h.count(session, "audit_entry", action="redeem") == 0
    # Inside the validity, boundaries included.
    for coupon, day in zip(
        coupons, (issued_on + dt.timedelta(days=5), issued_on, issued_on + dt.timedelta(days=30)), strict=True
    ):
        body = h.expect(h.redeem(client, org, coupon["code"], redeemed_on=day), 200)
        assert body["status"] == "redeemed" and body["redeemed_on"] == day.isoformat()
        assert body["redeemed_by"] == "Иванова А. А."
    rows = h.audit_rows(session, action="redeem")
    assert len(rows) == 3 and all(r["back_entered"] for r in rows)
    # Now redeemed: a second stub for the same coupon is 409 with the first stub's date.
    problem = h.expect(
        h.redeem(client, org, code, redeemed_on=issued_on + dt.timedelta(days=6)), 409, "already_redeemed"
    )
    assert problem["redeemed_on"] == (issued_on + dt.timedelta(days=5)).isoformat()
    # Outcome after a back-dated redemption may not precede it.
    h.expect(
        h.set_outcome(client, org, code, outcome="employed", day=issued_on + dt.timedelta(days=4)),
        400,
        "date_before_redemption",
    )
    h.expect(h.set_outcome(client, org, code, outcome="employed", day=issued_on + dt.timedelta(days=20)), 200)


def test_partner_cannot_back_date_a_redemption(client, hdr, scene, orgs, session):
    coupon = h.issue(
        client,
        hdr["partner_employment"],
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["employment"],
        direction="employment_referral",
    )
    yesterday = h.today() - dt.timedelta(days=1)
    h.expect(h.redeem(client, hdr["partner_employment"], coupon["code"], redeemed_on=yesterday), 403)
    assert h.count(session, "coupon", status="redeemed") == 0
    # Today's date is not a back-entry and the partner may give it.
    body = h.expect(h.redeem(client, hdr["partner_employment"], coupon["code"], redeemed_on=h.today()), 200)
    assert body["redeemed_on"] == h.today().isoformat()
    assert h.audit_rows(session, action="redeem")[0]["back_entered"] in (False, 0)


def test_partner_cannot_back_date_an_old_coupon(client, hdr, orgs, closed, session):
    fair, booth, person = closed
    coupon = h.issue(
        client,
        hdr["organiser"],
        booth=booth,
        client_id=person,
        org=orgs["employment"],
        direction="employment_referral",
    )
    day = dt.date.fromisoformat(fair["date"]) + dt.timedelta(days=3)
    h.expect(h.redeem(client, hdr["partner_employment"], coupon["code"], redeemed_on=day), 403)
    assert h.count(session, "coupon", status="redeemed") == 0
