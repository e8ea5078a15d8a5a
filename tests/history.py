"""A known history for the committee's report, built through the JSON API (shared by report tests).

District A (organiser), second Mondays:
  F1 2025-11-10 held: booths employment, hospital     visits P1 P2 P3
  F2 2025-12-08 held: booths employment, redcross     visits P1 P4
  F3 2026-01-12 held: booths employment, hospital, rehab   visits P1 P2 P5
  F4 2026-02-09 held: booth hospital                  visits P3
  F5 2026-03-09 planned (never opened);  F6 2026-04-13 cancelled
District B (organiser_b): FB 2026-01-12 held, one visitor PB with one coupon.

Coupons (fair, person, direction → receiver, redeemed after N days, outcome):
  c1  F1 P1 employment_referral → employer     +3  employed
  c2  F1 P1 hiv_testing → hospital             +25 (in December) service_provided
  c3  F1 P2 employment_counselling → employment +1 registered_jobseeker
  c4  F1 P3 infectious → hospital              not redeemed (expired)
  c5  F2 P1 employment_referral → employer     +5  not_hired
  c6  F2 P4 humanitarian → redcross            +2  aid_given
  c7  F2 P4 employment_referral → employment   cancelled
  c8  F3 P2 employment_referral → employer     +7  employed
  c9  F3 P5 rehab → rehab                      +4  (no outcome)
  c10 F3 P1 hiv_testing → hospital             cancelled
  c11 F3 P5 psychological → rehab              not redeemed (expired)
  c12 F4 P3 infectious → hospital              +20 treatment_started
  cB  FB PB employment_counselling → Slutsk employment centre  +1 registered_jobseeker

The expected numbers are worked out by hand in the tests, not computed from this table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tests.api import helpers as h

D = dt.date.fromisoformat

FAIRS = {
    "F1": ("2025-11-10", ["employment", "hospital"], ["P1", "P2", "P3"]),
    "F2": ("2025-12-08", ["employment", "redcross"], ["P1", "P4"]),
    "F3": ("2026-01-12", ["employment", "hospital", "rehab"], ["P1", "P2", "P5"]),
    "F4": ("2026-02-09", ["hospital"], ["P3"]),
}
PERSONS = {
    "P1": ("Анна", "Иван", "M", 1985),
    "P2": ("Мария", "Пётр", "F", 1990),
    "P3": ("Ольга", "Сергей", "M", 1978),
    "P4": ("Нина", "Олег", "F", 1982),
    "P5": ("Вера", "Борис", "M", 1995),
}
# name: (fair, person, booth org, direction, receiver org, days to redemption or None, outcome, cancelled)
COUPONS = {
    "c1": ("F1", "P1", "employment", "employment_referral", "employer", 3, "employed", False),
    "c2": ("F1", "P1", "hospital", "hiv_testing", "hospital", 25, "service_provided", False),
    "c3": (
        "F1",
        "P2",
        "employment",
        "employment_counselling",
        "employment",
        1,
        "registered_jobseeker",
        False,
    ),
    "c4": ("F1", "P3", "hospital", "infectious", "hospital", None, None, False),
    "c5": ("F2", "P1", "employment", "employment_referral", "employer", 5, "not_hired", False),
    "c6": ("F2", "P4", "redcross", "humanitarian", "redcross", 2, "aid_given", False),
    "c7": ("F2", "P4", "employment", "employment_referral", "employment", None, None, True),
    "c8": ("F3", "P2", "employment", "employment_referral", "employer", 7, "employed", False),
    "c9": ("F3", "P5", "rehab", "rehab", "rehab", 4, None, False),
    "c10": ("F3", "P1", "hospital", "hiv_testing", "hospital", None, None, True),
    "c11": ("F3", "P5", "rehab", "psychological", "rehab", None, None, False),
    "c12": ("F4", "P3", "hospital", "infectious", "hospital", 20, "treatment_started", False),
}


@dataclass
class History:
    """What was built: fairs, persons (client ids and codes) and coupons by name."""

    fairs: dict[str, dict] = field(default_factory=dict)
    persons: dict[str, dict] = field(default_factory=dict)
    coupons: dict[str, dict] = field(default_factory=dict)


def _held_fair(client: Any, headers: dict, day: str) -> dict:
    fair = h.open_fair(client, headers, fair=h.make_fair(client, headers, day=D(day)))
    return fair


def build_history(client: Any, hdr: dict[str, dict], orgs: dict[str, int]) -> History:
    """Build the history above through the API; returns the records by name."""
    org = hdr["organiser"]
    history = History()
    booths: dict[tuple[str, str], dict] = {}
    for name, (day, booth_orgs, _visitors) in FAIRS.items():
        fair = _held_fair(client, org, day)
        for key in booth_orgs:
            booths[name, key] = h.add_booth(client, org, fair=fair, org=orgs[key])
        history.fairs[name] = h.close_fair(client, org, fair=fair)
    history.fairs["F5"] = h.make_fair(client, org, day=D("2026-03-09"))
    cancelled = h.make_fair(client, org, day=D("2026-04-13"))
    resp = client.post(f"{h.API}/fairs/{cancelled['id']}/cancel", json={"reason": "паводок"}, headers=org)
    history.fairs["F6"] = h.expect(resp, 200)
    for name, (mother, father, sex, year) in PERSONS.items():
        history.persons[name] = h.register(
            client, org, mother=mother, father=father, sex=sex, birth_year=year
        )
    for fair_name, (_day, _booths, visitors) in FAIRS.items():
        for person in visitors:
            resp = h.visit(
                client, org, fair=history.fairs[fair_name], client_id=history.persons[person]["id"]
            )
            assert resp.status_code in (200, 201), resp.text
    for name, (fair_name, person, booth_org, direction, receiver, days, outcome, cancel) in COUPONS.items():
        coupon = h.issue(
            client,
            org,
            booth=booths[fair_name, booth_org],
            client_id=history.persons[person]["id"],
            org=orgs[receiver],
            direction=direction,
        )
        if days is not None:
            day = D(coupon["issued_on"]) + dt.timedelta(days=days)
            h.expect(h.redeem(client, org, coupon["code"], redeemed_on=day), 200)
            if outcome:
                h.expect(h.set_outcome(client, org, coupon["code"], outcome=outcome, day=day), 200)
        if cancel:
            h.expect(h.cancel(client, org, coupon["code"]), 200)
        history.coupons[name] = coupon
    _district_b(client, hdr["organiser_b"])
    return history


def _district_b(client: Any, org: dict) -> None:
    """One held fair of the other district, with one referred person."""
    fair = _held_fair(client, org, "2026-01-12")
    slutsk = next(o for o in h.expect(client.get(f"{h.API}/organisations", headers=org), 200))
    booth = h.add_booth(client, org, fair=fair, org=slutsk["id"])
    h.close_fair(client, org, fair=fair)
    person = h.register(client, org, mother="Зоя", father="Юрий", sex="F", birth_year=1988)
    coupon = h.issue(
        client, org, booth=booth, client_id=person["id"], org=slutsk["id"], direction="employment_counselling"
    )
    day = D(coupon["issued_on"]) + dt.timedelta(days=1)
    h.expect(h.redeem(client, org, coupon["code"], redeemed_on=day), 200)
    h.expect(h.set_outcome(client, org, coupon["code"], outcome="registered_jobseeker", day=day), 200)
