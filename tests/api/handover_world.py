"""A person of district A handed over to district B (same region), built through the JSON API at fixed
days: three coupons at A's fair of Monday 16 November 2026 (one redeemed there, two open), the handover on
Wednesday 18 November; district C of the same region sees nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fastapi.testclient import TestClient
from freezegun import freeze_time
from sqlmodel import Session, select

from fairs.models import Organisation, Role
from fairs.services import accounts
from tests.api import helpers as h
from tests.api.region_world import _district_c
from tests.world import PASSWORD

FAIR_DAY = dt.datetime(2026, 11, 16, 7, 0)  # Monday, 10:00 in Minsk
HANDOVER_DAY = dt.datetime(2026, 11, 18, 7, 0)  # Wednesday
NOVEMBER = {"from": "2026-11-01", "to": "2026-11-30"}
SLUTSK_CENTRE = "Центр занятости (Слуцк)"


@dataclass
class HandedWorld:
    """What was made: the person's client in A, the coupons, and the Slutsk centre (B's receiver)."""

    client_id: int
    code: str
    counselling: dict  # open, employment_counselling: re-issued in B (the Slutsk centre receives it)
    testing: dict  # open, hiv_testing: nobody in B receives it, stays open at home
    referral: dict  # redeemed at A's fair: not open, stays
    slutsk: int


def build_person(client: TestClient, session: Session, auth, orgs: dict[str, int]) -> HandedWorld:  # noqa: ANN001
    """The person of A with three coupons at A's fair (the caller hands them over)."""
    _district_c(session)
    slutsk = session.exec(select(Organisation).where(Organisation.name == SLUTSK_CENTRE)).one().id
    accounts.create_user(
        session,
        actor=None,
        username="partner_slutsk",
        password=PASSWORD,
        role=Role.partner,
        organisation_id=slutsk,
    )
    session.commit()
    with freeze_time(FAIR_DAY, tick=True):  # tokens made in the frozen time, as the requests are
        org = auth("organiser")
        fair = h.make_open_fair(client, org, day=FAIR_DAY.date())
        employment = h.add_booth(client, org, fair=fair, org=orgs["employment"])
        hospital = h.add_booth(client, org, fair=fair, org=orgs["hospital"])
        person = h.register(client, org)
        h.expect(h.visit(client, org, fair=fair, client_id=person["id"]), 201)
        h.expect(h.consult(client, org, booth=hospital, client_id=person["id"], direction="hiv_testing"), 201)
        made = {
            name: h.issue(
                client, org, booth=booth, client_id=person["id"], org=orgs[key], direction=direction
            )
            for name, booth, key, direction in (
                ("counselling", employment, "employment", "employment_counselling"),
                ("testing", hospital, "hospital", "hiv_testing"),
                ("referral", employment, "employment", "employment_referral"),
            )
        }
        h.expect(h.redeem(client, auth("partner_employment"), made["referral"]["code"]), 200)
    return HandedWorld(
        person["id"], person["code"], made["counselling"], made["testing"], made["referral"], slutsk
    )
