"""The issuing organisation's outgoing referrals (GET /api/v1/coupons/issued): the coupons its booth gave out,
newest first, with whether and on which day each was used, never the receiver's outcome, its day or who
redeemed; filters by state and period, pages; organisers read any organisation of their district; a second
district's staff see nothing of the first's."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update
from sqlmodel import Session, select

from fairs.models import Coupon, Organisation, Role
from fairs.services import accounts
from tests import world
from tests.api import helpers as h

URL = f"{h.API}/coupons/issued"
RECEIVER_ONLY = ("outcome", "outcome_on", "outcome_name", "redeemed_by", "redeemed_at", "token")


def _set(session: Session, code: str, **values: object) -> None:
    session.execute(update(Coupon).where(Coupon.code == code).values(**values))


def test_the_issuer_reads_its_outgoing_coupons_and_nothing_of_the_receivers_side(
    client, hdr, scene, orgs, session, auth
) -> None:
    partner = hdr["partner_employment"]

    def issue(to: str, direction: str, headers: dict = partner, booth: dict = scene.employment_booth) -> dict:
        return h.issue(
            client, headers, booth=booth, client_id=scene.client_id, org=orgs[to], direction=direction
        )

    hiv = issue("hospital", "hiv_testing")
    h.expect(h.redeem(client, hdr["partner_hospital"], hiv["code"]), 200)
    h.expect(h.set_outcome(client, hdr["partner_hospital"], hiv["code"], outcome="treatment_started"), 200)
    waiting = issue("hospital", "infectious")
    old = issue("employer", "employment_referral")  # issued 40 days ago, expired unused
    cancelled = issue("hospital", "psychoneuro")
    h.expect(h.cancel(client, hdr["organiser"], cancelled["code"]), 200)
    theirs = issue("employment", "employment_counselling", hdr["partner_hospital"], scene.hospital_booth)
    today = h.today()
    _set(
        session,
        old["code"],
        issued_on=today - dt.timedelta(days=40),
        expires_on=today - dt.timedelta(days=10),
    )

    listed = h.expect(client.get(URL, headers=partner), 200)
    assert [i["code"] for i in listed["items"]] == [waiting["code"], hiv["code"], old["code"]]
    assert listed["counts"] == {"waiting": 1, "redeemed": 1, "expired": 1} and listed["total"] == 3
    redeemed = listed["items"][1]
    assert redeemed["state"] == "redeemed" and redeemed["redeemed_on"] == today.isoformat()
    assert redeemed["organisation"] == "Центральная районная больница"
    assert redeemed["direction"] == "hiv_testing" and redeemed["client_code"] == scene.client_code
    assert redeemed["expires_on"] == hiv["expires_on"] and redeemed["issued_on"] == today.isoformat()
    assert not set(RECEIVER_ONLY) & set().union(*listed["items"]), "the receiver's side must not show"
    assert listed["items"][2]["state"] == "expired" and listed["items"][2]["redeemed_on"] is None
    assert listed["items"][0]["state"] == "waiting"

    # Filters: state, period (inclusive), both; a period backwards is refused; pages.
    def codes(**params: object) -> list[str]:
        return [i["code"] for i in h.expect(client.get(URL, params=params, headers=partner), 200)["items"]]

    assert codes(state="redeemed") == [hiv["code"]]
    assert codes(state="expired") == [old["code"]]
    assert codes(state="waiting") == [waiting["code"]]
    assert codes(to=(today - dt.timedelta(days=40)).isoformat()) == [old["code"]]
    assert codes(**{"from": today.isoformat(), "state": "expired"}) == []
    period = h.expect(client.get(URL, params={"from": today.isoformat()}, headers=partner), 200)
    assert period["counts"] == {"waiting": 1, "redeemed": 1, "expired": 0}
    backwards = {"from": today.isoformat(), "to": (today - dt.timedelta(days=1)).isoformat()}
    h.expect(client.get(URL, params=backwards, headers=partner), 400, "invalid_period")
    second = h.expect(client.get(URL, params={"per_page": 2, "page": 2}, headers=partner), 200)
    assert [i["code"] for i in second["items"]] == [old["code"]] and second["total"] == 3

    # The hospital's booth issued one coupon: only that one is in its list.
    assert [i["code"] for i in h.expect(client.get(URL, headers=hdr["partner_hospital"]), 200)["items"]] == [
        theirs["code"]
    ]
    # A partner asks for no other organisation's list.
    h.expect(client.get(URL, params={"organisation_id": orgs["hospital"]}, headers=partner), 403, "forbidden")

    # Organisers: any organisation of their district, by id; they pick one.
    organiser = hdr["organiser"]
    h.expect(client.get(URL, headers=organiser), 400, "organisation_required")
    by_organiser = h.expect(
        client.get(URL, params={"organisation_id": orgs["employment"]}, headers=organiser), 200
    )
    assert [i["code"] for i in by_organiser["items"]] == [waiting["code"], hiv["code"], old["code"]]
    h.expect(client.get(URL, headers=hdr["committee"]), 403, "forbidden")

    # District B: its organiser does not find district A's organisation; its partner sees nothing of A.
    params = {"organisation_id": orgs["employment"]}
    h.expect(client.get(URL, params=params, headers=hdr["organiser_b"]), 404, "organisation_not_found")
    slutsk = session.exec(select(Organisation).where(Organisation.name == "Центр занятости (Слуцк)")).one()
    accounts.create_user(
        session,
        actor=None,
        username="partner_slutsk",
        password=world.PASSWORD,
        role=Role.partner,
        organisation_id=slutsk.id,
    )
    partner_b = auth("partner_slutsk")
    answer = client.get(URL, headers=partner_b)
    assert h.expect(answer, 200)["items"] == [] and h.expect(answer, 200)["total"] == 0
    assert scene.client_code not in answer.text and hiv["code"] not in answer.text
    h.expect(client.get(URL, params=params, headers=partner_b), 403, "forbidden")


def test_the_readme_rows_name_the_routes_and_their_parameters() -> None:
    from pathlib import Path

    from fastapi.routing import APIRoute, iter_route_contexts

    from fairs.app import create_app

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "| `/referrals` |" in readme and "`GET /api/v1/coupons/issued?state=waiting" in readme
    routes = {
        r.path: r.original_route
        for r in iter_route_contexts(create_app().routes)
        if isinstance(r.original_route, APIRoute)
    }
    issued = routes["/api/v1/coupons/issued"]
    assert {p.alias for p in issued.dependant.query_params} >= {"state", "from", "to", "organisation_id"}
    assert {p.alias for p in routes["/referrals"].dependant.query_params} >= {"state", "from", "to"}
