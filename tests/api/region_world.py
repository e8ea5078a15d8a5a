"""A region of three districts with people who moved between them, built through the JSON API, and the
figures worked out by hand from what was created (sets of client codes, never the tally).

Districts: A (Солигорский, base world), B (Слуцкий, base world), C (Любанский, added here, same region).
P1 registered in A and B (moved), P2 in A, B and C, P3 only in B, P4 only in C, P5 only in A. The same
person has the same client code in each district (the code comes from stable attributes).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from fairs.models import District, Region, Role
from fairs.services import accounts
from tests.api import helpers as h
from tests.world import PASSWORD

PERIOD = ("2026-10-01", "2026-11-30")
PERSONS = {
    "P1": ("Анна", "Иван", "M", 1985),
    "P2": ("Мария", "Пётр", "F", 1990),
    "P3": ("Ольга", "Сергей", "M", 1979),
    "P4": ("Нина", "Олег", "F", 1982),
    "P5": ("Вера", "Антон", "M", 1995),
}
FAIRS = {"A": ["2026-10-12", "2026-11-09"], "B": ["2026-11-09"], "C": ["2026-11-09"]}
# (district, fair index, person, direction, receiver key, redeemed, outcome, cancelled)
COUPONS = [
    ("A", 0, "P1", "employment_referral", "employment", True, "employed", False),
    ("A", 1, "P2", "hiv_testing", "hospital", True, None, False),
    ("A", 1, "P5", "rehab", "rehab", False, None, False),
    ("B", 0, "P1", "employment_counselling", "own", True, "registered_jobseeker", False),
    ("B", 0, "P3", "employment_counselling", "own", False, None, True),  # cancelled: never counts
    ("C", 0, "P2", "hiv_testing", "own", True, None, False),
    ("C", 0, "P2", "employment_referral", "own", True, "employed", False),
    ("C", 0, "P4", "employment_referral", "own", False, None, False),
    ("A", 1, "P1", "employment_referral", "employment", True, "employed", False),
]
VISITS = [("A", 0, "P1"), ("A", 1, "P1"), ("A", 1, "P2"), ("A", 1, "P5"), ("B", 0, "P1"), ("B", 0, "P2")]
VISITS += [("B", 0, "P3"), ("C", 0, "P2"), ("C", 0, "P4")]
# (district, fair index, person, booth key, direction)
CONSULTATIONS = [("A", 1, "P2", "hospital", "hiv_testing"), ("C", 0, "P2", "own", "hiv_testing")]
CONSULTATIONS += [
    ("C", 0, "P4", "own", "employment_referral"),
    ("A", 0, "P1", "employment", "employment_referral"),
]


@dataclass
class Ledger:
    """What was created, as (district, client code, …) facts; the expected figures are counted from it."""

    district_ids: dict[str, int] = field(default_factory=dict)
    codes: dict[tuple[str, str], str] = field(default_factory=dict)  # (district, person) → client code
    visits: list[tuple[str, str, str]] = field(default_factory=list)  # (district, code, month)
    consulted: list[tuple[str, str, str]] = field(default_factory=list)  # (district, code, direction)
    coupons: list[tuple[str, str, str, str, bool, str | None]] = field(default_factory=list)
    # (district, code, direction, month, redeemed, outcome), counted coupons only

    def expected(self, districts: str) -> dict[str, Any]:
        """The figures of the districts named in `districts` ("A", "ABC"), persons by distinct code."""

        def persons(rows: list[tuple], *where: Any) -> int:
            return len({row[1] for row in rows if row[0] in districts and all(w(row) for w in where)})

        per_direction: dict[str, int] = defaultdict(int)
        for direction in {row[2] for row in self.coupons}:
            per_direction[direction] = persons(self.coupons, lambda r, d=direction: r[2] == d)
        booth: dict[str, int] = {}
        for direction in {row[2] for row in self.consulted}:
            booth[direction] = persons(self.consulted, lambda r, d=direction: r[2] == d)
        months = sorted({row[2] for row in self.visits})
        return {
            "visits": sum(1 for row in self.visits if row[0] in districts),
            "persons_consulted": persons(self.visits),
            "consultations": sum(1 for row in self.consulted if row[0] in districts),
            "persons_consulted_at_booths": persons(self.consulted),
            "persons_referred": persons(self.coupons),
            "coupons_issued": sum(1 for row in self.coupons if row[0] in districts),
            "coupons_redeemed": sum(1 for row in self.coupons if row[0] in districts and row[4]),
            "employment_referred_persons": per_direction["employment_referral"],
            "employed_persons": persons(self.coupons, lambda r: r[5] == "employed"),
            "jobseeker_registered_persons": persons(self.coupons, lambda r: r[5] == "registered_jobseeker"),
            "directions": dict(per_direction),
            "directions_consulted": booth,
            "months": {
                month: (
                    persons(self.visits, lambda r, m=month: r[2] == m),
                    persons(self.coupons, lambda r, m=month: r[3] == m),
                )
                for month in months
            },
        }


def _district_c(session: Session) -> int:
    """District C of the base world's region, with its organiser (`organiser_c`)."""
    region = session.exec(select(Region).where(Region.name == "Минская область")).one()
    district = District(name="Любанский район", region_id=region.id)
    session.add(district)
    session.flush()
    accounts.create_user(
        session,
        actor=None,
        username="organiser_c",
        password=PASSWORD,
        role=Role.organiser,
        district_id=district.id,
    )
    session.commit()
    return district.id


def build_region(client: Any, session: Session, hdr: dict, auth: Any, orgs: dict[str, int]) -> Ledger:
    """Build the region above; returns the ledger of what was made."""
    ledger = Ledger()
    _district_c(session)
    names = {"A": "Солигорский район", "B": "Слуцкий район", "C": "Любанский район"}
    by_name = {d.name: d.id for d in session.exec(select(District)).all()}
    ledger.district_ids = {key: by_name[name] for key, name in names.items()}
    heads = {"A": hdr["organiser"], "B": hdr["organiser_b"], "C": auth("organiser_c")}
    own_c = {
        "name": "Центр занятости (Любань)",
        "kind": "employment",
        "directions": ["employment_referral", "hiv_testing"],
    }
    h.expect(client.post(f"{h.API}/organisations", json=own_c, headers=heads["C"]), 201)
    fairs: dict[tuple[str, int], dict] = {}
    booths: dict[tuple[str, int, str], dict] = {}
    for key, days in FAIRS.items():
        org = heads[key]
        listed = h.expect(client.get(f"{h.API}/organisations", headers=org), 200)
        receivers = orgs if key == "A" else {"own": next(o["id"] for o in listed if "(" in o["name"])}
        for index, day in enumerate(days):
            fair = h.open_fair(client, org, fair=h.make_fair(client, org, day=dt.date.fromisoformat(day)))
            fairs[key, index] = fair
            for name, org_id in receivers.items():
                if name in ("employment", "hospital", "rehab", "own"):
                    booths[key, index, name] = h.add_booth(client, org, fair=fair, org=org_id)
    ids: dict[tuple[str, str], int] = {}
    for key, index, person in VISITS:
        if (key, person) not in ids:
            mother, father, sex, year = PERSONS[person]
            made = h.register(client, heads[key], mother=mother, father=father, sex=sex, birth_year=year)
            ids[key, person], ledger.codes[key, person] = made["id"], made["code"]
        resp = h.visit(client, heads[key], fair=fairs[key, index], client_id=ids[key, person])
        assert resp.status_code in (200, 201), resp.text
        ledger.visits.append((key, ledger.codes[key, person], FAIRS[key][index][:7]))
    for key, index, person, booth, direction in CONSULTATIONS:
        resp = h.consult(
            client,
            heads[key],
            booth=booths[key, index, booth],
            client_id=ids[key, person],
            direction=direction,
        )
        assert resp.status_code in (200, 201), resp.text
        ledger.consulted.append((key, ledger.codes[key, person], direction))
    for key, index, person, direction, receiver, redeemed, outcome, cancelled in COUPONS:
        org = heads[key]
        booth = booths[key, index, "own" if key != "A" else receiver]
        receiver_id = booth["organisation_id"]
        coupon = h.issue(
            client, org, booth=booth, client_id=ids[key, person], org=receiver_id, direction=direction
        )
        if redeemed:
            h.expect(h.redeem(client, org, coupon["code"]), 200)
        if outcome:
            h.expect(h.set_outcome(client, org, coupon["code"], outcome=outcome), 200)
        if cancelled:
            h.expect(h.cancel(client, org, coupon["code"]), 200)
            continue
        ledger.coupons.append(
            (key, ledger.codes[key, person], direction, FAIRS[key][index][:7], redeemed, outcome)
        )
    return ledger
