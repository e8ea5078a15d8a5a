"""Fairs with booth consultations in a period and in the same period a year earlier, made through the API;
the records are kept so a test works out every expected figure from them (never from the tally).

Shared by tests/api/test_report_consultations.py and tests/exports/test_comparison.py."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tests.api import helpers as h

BOOTH_OF = {
    "employment_counselling": "employment",
    "hiv_testing": "hospital",
    "employment_referral": "employment",
}


def year_ago(day: dt.date) -> dt.date:
    """The same date a year earlier; a month's last day stays its last day."""
    last = calendar.monthrange(day.year - 1, day.month)[1]
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return day.replace(year=day.year - 1, day=last)
    return day.replace(year=day.year - 1, day=min(day.day, last))


@dataclass
class World:
    """What was recorded: visits, consultations and coupons as (fair date, person, direction)."""

    start: dt.date
    end: dt.date
    fairs: list[dt.date] = field(default_factory=list)
    visits: set[tuple[dt.date, str]] = field(default_factory=set)
    consultations: list[tuple[dt.date, str, str]] = field(default_factory=list)
    coupons: list[tuple[dt.date, str, str]] = field(default_factory=list)

    @property
    def earlier(self) -> tuple[dt.date, dt.date]:
        return year_ago(self.start), year_ago(self.end)

    def params(self, **extra: str) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), **extra}

    def figures(self, start: dt.date, end: dt.date) -> dict[str, Any]:
        """The expected figures for fairs dated in [start, end], counted from the records."""

        def inside(rows: Any) -> list:
            return [row for row in rows if start <= row[0] <= end]

        consulted, coupons = inside(self.consultations), inside(self.coupons)
        visits = inside(self.visits)
        return {
            "fairs_held": len(inside([(day,) for day in self.fairs])),
            "visits": len(visits),
            "persons_consulted": len({person for _day, person in visits}),
            "consultations": len(consulted),
            "persons_consulted_at_booths": len({person for _day, person, _d in consulted}),
            "persons_referred": len({person for _day, person, _d in coupons}),
            "coupons_issued": len(coupons),
            "directions": {
                code: {
                    "persons": len({p for _day, p, d in coupons if d == code}),
                    "persons_consulted": len({p for _day, p, d in consulted if d == code}),
                }
                for code in BOOTH_OF
            },
        }


def build(client: Any, auth: Any, orgs: dict[str, int]) -> World:
    """Three fairs of district A: two in the period (60 and 40 days ago), one a year before the first;
    and one before the period (100 days ago) that neither period counts. Five persons; P1 is consulted
    at two booths in two directions (and twice in one), P5 only visits."""
    org = auth("organiser")
    today = h.today()
    world = World(start=today - dt.timedelta(days=70), end=today - dt.timedelta(days=30))
    names = [("Анна", "Иван", 1985), ("Мария", "Олег", 1990), ("Ольга", "Павел", 1979)]
    names += [("Вера", "Пётр", 1982), ("Нина", "Фёдор", 1975)]
    people = {
        f"P{n}": h.register(client, org, mother=m, father=f, birth_year=y)["id"]
        for n, (m, f, y) in enumerate(names, start=1)
    }

    def fair(
        day: dt.date, *, consult: list[tuple[str, str]], coupons: list[tuple[str, str]], visit: list[str]
    ):
        made = h.make_open_fair(client, org, day=day)
        booths = {
            key: h.add_booth(client, org, fair=made, org=orgs[key]) for key in ("employment", "hospital")
        }
        h.close_fair(client, org, fair=made)
        world.fairs.append(day)
        for person in visit:
            h.expect(h.visit(client, org, fair=made, client_id=people[person]), 201)
            world.visits.add((day, person))
        for person, direction in consult:
            booth = booths[BOOTH_OF[direction]]
            h.expect(h.consult(client, org, booth=booth, client_id=people[person], direction=direction), 201)
            world.consultations.append((day, person, direction))
            world.visits.add((day, person))
        for person, direction in coupons:
            booth = booths[BOOTH_OF[direction]]
            h.issue(
                client,
                org,
                booth=booth,
                client_id=people[person],
                org=orgs["employment"],
                direction=direction,
            )
            world.coupons.append((day, person, direction))
            world.visits.add((day, person))

    fair(
        today - dt.timedelta(days=60),
        consult=[
            ("P1", "employment_counselling"),
            ("P1", "hiv_testing"),
            ("P1", "hiv_testing"),
            ("P2", "hiv_testing"),
        ],
        coupons=[("P1", "employment_referral")],
        visit=["P5"],
    )
    fair(
        today - dt.timedelta(days=40),
        consult=[("P2", "employment_counselling"), ("P3", "hiv_testing")],
        coupons=[("P3", "employment_counselling")],
        visit=["P1"],
    )
    fair(
        year_ago(today - dt.timedelta(days=50)),
        consult=[("P4", "employment_counselling")],
        coupons=[],
        visit=[],
    )
    fair(
        today - dt.timedelta(days=100),
        consult=[("P4", "hiv_testing"), ("P5", "hiv_testing")],
        coupons=[],
        visit=[],
    )
    return world
