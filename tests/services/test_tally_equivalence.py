"""The tally's passes agree with a plain count over the rows, on a random history, for every query shape.

The shapes: a small scope (seek by fair, one connection), a large one (index scans in group order, passes
side by side on their own connections), and the fallbacks for too many directions or months for a mask.
"""

from __future__ import annotations

import random
import statistics
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from fairs import db
from fairs.models import (
    Booth,
    Client,
    Consultation,
    Coupon,
    Direction,
    District,
    Fair,
    Organisation,
    Outcome,
    Person,
    Visit,
)
from fairs.services import report
from fairs.services.report import queries as q
from fairs.services.report import reading

AS_OF = date(2026, 3, 20)
START = date(2025, 6, 1)


def _history(session: Session, seed: int) -> None:
    """Fairs (held, planned, cancelled) over ten months in both districts, visits and coupons."""
    rng = random.Random(seed)
    districts = session.exec(select(District.id)).all()
    organisations = session.exec(select(Organisation.id)).all()
    directions = session.exec(select(Direction.id)).all()
    outcomes: dict[int, list[int]] = defaultdict(list)
    for outcome in session.exec(select(Outcome)).all():
        outcomes[outcome.direction_id].append(outcome.id)
    fairs = []
    for district_id in districts:
        day = START + timedelta(days=rng.randrange(5))
        while day < date(2026, 4, 1):
            status = rng.choice(["closed", "closed", "closed", "planned", "cancelled"])
            fair = Fair(district_id=district_id, date=day, status=status)
            fair.opened_at = None if status == "planned" or rng.random() < 0.2 else datetime.now(UTC)
            fairs.append(fair)
            day += timedelta(days=rng.choice([9, 14, 20, 28, 31]))
    session.add_all(fairs)
    session.flush()
    # 45 clients in the first district and 25 in the next, who share their codes with the first 25: persons
    # who moved, counted once over both districts.
    persons = [Person(code=f"C{i}") for i in range(45)]
    session.add_all(persons)
    session.flush()
    clients = [
        Client(
            district_id=districts[i // 45],
            code=f"C{i % 45}",
            person_id=persons[i % 45].id,
            base_code=f"C{i % 45}",
            sex="F",
            birth_year=1980,
        )
        for i in range(70)
    ]
    session.add_all(clients)
    session.flush()
    booths = {}
    for fair in fairs:
        for org_id in rng.sample(organisations, k=min(3, len(organisations))):
            booths[fair.id, org_id] = Booth(fair_id=fair.id, organisation_id=org_id)
    session.add_all(booths.values())
    session.flush()
    # Records of a fair are of its district's clients (issuing and consulting check it).
    local = defaultdict(list)
    for client in clients:
        local[client.district_id].append(client)
    served = [f for f in fairs if local[f.district_id]]
    in_district = {f.id: f for f in served}
    visits = set()
    for _ in range(400):
        fair = rng.choice(served)
        client = rng.choice(local[fair.district_id])
        visits.add((fair.id, client.id, client.person_id))
    session.add_all(Visit(fair_id=f, client_id=c, person_id=p) for f, c, p in visits)
    booths_served = [key for key in booths if key[0] in in_district]
    for number in range(600):
        fair_id, org_id = rng.choice(booths_served)
        fair = in_district[fair_id]
        direction_id = rng.choice(directions)
        issued_on = fair.date + timedelta(days=rng.choice([0, 0, 0, 1, 6]))
        status = rng.choice(["issued", "redeemed", "redeemed", "cancelled"])
        redeemed_on = issued_on + timedelta(days=rng.randrange(40)) if status == "redeemed" else None
        outcome_id = None
        if rng.random() < 0.7 and outcomes[direction_id]:
            outcome_id = rng.choice(outcomes[direction_id])
        client = rng.choice(local[fair.district_id])
        session.add(
            Coupon(
                district_id=fair.district_id,
                token=f"t{seed}-{number}",
                code=f"{seed % 100:02d}{number:07d}",
                fair_id=fair_id,
                booth_id=booths[fair_id, org_id].id,
                client_id=client.id,
                person_id=client.person_id,
                issuing_organisation_id=org_id,
                organisation_id=rng.choice(organisations),
                direction_id=direction_id,
                status=status,
                issued_on=issued_on,
                expires_on=issued_on + timedelta(days=rng.choice([10, 30])),
                redeemed_on=redeemed_on,
                outcome_id=outcome_id,
            )
        )
    # Booth consultations (the same person often twice, in one direction or several).
    for _ in range(300):
        fair_id, org_id = rng.choice(booths_served)
        booth = booths[fair_id, org_id]
        client = rng.choice(local[in_district[fair_id].district_id][:40])
        direction_id = rng.choice(directions)
        session.add(
            Consultation(
                booth_id=booth.id, client_id=client.id, person_id=client.person_id, direction_id=direction_id
            )
        )
    session.commit()


def _reference(
    session: Session, district_ids: tuple[int, ...], period: report.Period, by_code: bool | None = None
) -> dict:
    """Every number by its definition (docs/report.md), counted in Python over all rows; persons by client
    code over several districts (`by_code` None), else as `by_code` says."""
    if by_code is None:
        by_code = len(district_ids) > 1
    fairs = {
        f.id: f
        for f in session.exec(select(Fair)).all()
        if f.district_id in district_ids and period.start <= f.date <= period.end
    }
    visits = [v for v in session.exec(select(Visit)).all() if v.fair_id in fairs]
    coupons = [
        c for c in session.exec(select(Coupon)).all() if c.fair_id in fairs and c.status != "cancelled"
    ]
    booths = [b for b in session.exec(select(Booth)).all() if b.fair_id in fairs]
    booth_ids = {b.id for b in booths}
    consulted = [c for c in session.exec(select(Consultation)).all() if c.booth_id in booth_ids]
    codes = {o.id: o.code for o in session.exec(select(Outcome)).all()}
    redeemed = [c for c in coupons if c.status == "redeemed"]
    unused = [c for c in coupons if c.status == "issued"]

    code = {c.id: c.code for c in session.exec(select(Client)).all()}

    def persons(rows: list) -> int:
        """Distinct clients within one district, distinct client codes over several."""
        return len({code[row.client_id] if by_code else row.client_id for row in rows})

    def month(fair_id: int) -> date:
        return fairs[fair_id].date.replace(day=1)

    directions = {}
    for d in session.exec(select(Direction)).all():
        mine = [c for c in coupons if c.direction_id == d.id]
        days = [(c.redeemed_on - c.issued_on).days for c in mine if c.status == "redeemed" and c.redeemed_on]
        outcomes: dict[str, int] = defaultdict(int)
        for c in mine:
            if c.outcome_id is not None:
                outcomes[codes[c.outcome_id]] += 1
        directions[d.code] = (
            persons(mine),
            len(mine),
            sum(c.status == "redeemed" for c in mine),
            statistics.median(days) if days else None,
            dict(outcomes),
        )
    organisations = {}
    for org_id in {c.organisation_id for c in coupons}:
        mine = [c for c in coupons if c.organisation_id == org_id]
        outcomes = defaultdict(int)
        for c in mine:
            if c.outcome_id is not None:
                outcomes[codes[c.outcome_id]] += 1
        organisations[org_id] = (
            len(mine),
            sum(c.status == "redeemed" for c in mine),
            sum(c.status == "issued" and c.expires_on < AS_OF for c in mine),
            dict(outcomes),
        )
    return {
        "fairs_held": sum(f.opened_at is not None and f.status != "cancelled" for f in fairs.values()),
        "fairs_planned": sum(f.status != "cancelled" for f in fairs.values()),
        "visits": len(visits),
        "persons_consulted": persons(visits),
        "persons_referred": persons(coupons),
        "coupons_issued": len(coupons),
        "coupons_redeemed": len(redeemed),
        "employed_persons": persons([c for c in coupons if codes.get(c.outcome_id) == "employed"]),
        "jobseeker_registered_persons": persons(
            [c for c in coupons if codes.get(c.outcome_id) == "registered_jobseeker"]
        ),
        "employment_referred_persons": directions["employment_referral"][0],
        "overdue_unredeemed": sum(c.issued_on <= AS_OF - timedelta(days=14) for c in unused),
        "directions": directions,
        "organisations": organisations,
        "fairs": {
            fair_id: (
                sum(b.fair_id == fair_id for b in booths),
                sum(v.fair_id == fair_id for v in visits),
                len({c.client_id for c in coupons if c.fair_id == fair_id}),  # a fair is one district's
                sum(c.fair_id == fair_id for c in coupons),
                sum(c.fair_id == fair_id for c in redeemed),
            )
            for fair_id in fairs
        },
        "consulted": (
            len(consulted),
            persons(consulted),
            {
                d.code: persons([c for c in consulted if c.direction_id == d.id])
                for d in session.exec(select(Direction))
            },
        ),
        "months": {
            m: (
                sum(month(v.fair_id) == m for v in visits),
                persons([v for v in visits if month(v.fair_id) == m]),
                persons([c for c in coupons if month(c.fair_id) == m]),
            )
            for m in period.months()
        },
    }


def _observed(tally: report.Tally) -> dict:
    return {
        "fairs_held": tally.fairs_held,
        "fairs_planned": tally.fairs_planned,
        "visits": tally.visits,
        "persons_consulted": tally.persons_consulted,
        "persons_referred": tally.persons_referred,
        "coupons_issued": tally.coupons_issued,
        "coupons_redeemed": tally.coupons_redeemed,
        "employed_persons": tally.employed_persons,
        "jobseeker_registered_persons": tally.jobseeker_registered_persons,
        "employment_referred_persons": tally.employment_referred_persons,
        "overdue_unredeemed": tally.overdue_unredeemed,
        "directions": {
            d.code: (d.persons, d.coupons_issued, d.coupons_redeemed, d.median_days, d.outcomes)
            for d in tally.directions
        },
        "organisations": {
            o.organisation_id: (o.coupons_received, o.coupons_redeemed, o.expired_unused, o.outcomes)
            for o in tally.organisations
        },
        "fairs": {
            f.fair_id: (f.booths, f.visitors, f.persons_referred, f.coupons_issued, f.coupons_redeemed)
            for f in tally.fairs
        },
        "consulted": (
            tally.consultations,
            tally.persons_consulted_at_booths,
            {d.code: d.persons_consulted for d in tally.directions},
        ),
        "months": {m.month: (m.visits, m.persons_consulted, m.persons_referred) for m in tally.months},
    }


SHAPES = {
    "small": {"LARGE_SCOPE_FAIRS": 10**9},
    "large": {"LARGE_SCOPE_FAIRS": 0, "LARGE_SCOPE_SHARE": 0.0},
    "large, no masks": {"LARGE_SCOPE_FAIRS": 0, "LARGE_SCOPE_SHARE": 0.0, "MASK_BITS": 2},
    "small, no masks": {"LARGE_SCOPE_FAIRS": 10**9, "MASK_BITS": 2},
    # Fairs by id ranges (the default above: each scope's fairs here make one or two), by the id list,
    # and by either, whichever a scope and period make (one range at most).
    "large, fair id list": {"LARGE_SCOPE_FAIRS": 0, "LARGE_SCOPE_SHARE": 0.0, "MAX_FAIR_RUNS": 0},
    "large, one range at most": {"LARGE_SCOPE_FAIRS": 0, "LARGE_SCOPE_SHARE": 0.0, "MAX_FAIR_RUNS": 1},
}
ON_QUERIES = ("MASK_BITS", "MAX_FAIR_RUNS")


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_shape_agrees_with_a_plain_count(db_url: str, monkeypatch: pytest.MonkeyPatch, shape: str):
    engine = db.make_engine(db_url)
    with Session(engine) as session:
        _history(session, seed=sum(map(ord, shape)))
    for name, value in SHAPES[shape].items():
        monkeypatch.setattr(q if name in ON_QUERIES else reading, name, value)
    with Session(engine) as session:
        district_ids = tuple(session.exec(select(District.id)).all())
        scopes = [district_ids, district_ids[:1]]
        periods = [
            report.Period(START, date(2026, 3, 31)),
            report.Period.month(2025, 11),
            report.Period(date(2025, 12, 10), date(2026, 2, 3)),
        ]
        for ids in scopes:
            for period in periods:
                scope = report.TallyScope(ids, "")
                tally = report.committee_tally(session, scope=scope, period=period, as_of=AS_OF, locale="en")
                assert _observed(tally) == _reference(session, ids, period), (ids, period)
                if ids == district_ids and period == periods[0]:  # the history is not trivial
                    assert tally.persons_referred > 30 and tally.coupons_redeemed > 100
                    # and persons who moved make counting by code differ from counting by client
                    by_client = _reference(session, ids, period, by_code=False)
                    assert by_client["persons_referred"] > tally.persons_referred
                    assert tally.persons_consulted_at_booths > 20 and tally.consultations > 100
                plan = reading.plan_for(session, len(tally.fairs))
                assert plan.large == shape.startswith("large")
    engine.dispose()


def test_a_large_tally_from_an_autocommit_session(session: Session, monkeypatch: pytest.MonkeyPatch):
    # No transaction to share a snapshot from (PostgreSQL): each pass reads its own, same numbers.
    _history(session, seed=7)
    monkeypatch.setattr(reading, "LARGE_SCOPE_FAIRS", 0)
    monkeypatch.setattr(reading, "LARGE_SCOPE_SHARE", 0.0)
    district_ids = tuple(session.exec(select(District.id)).all())
    period = report.Period(START, date(2026, 3, 31))
    scope = report.TallyScope(district_ids, "")
    tally = report.committee_tally(session, scope=scope, period=period, as_of=AS_OF, locale="en")
    assert _observed(tally) == _reference(session, district_ids, period)


def test_fair_id_ranges_skip_only_the_fairs_of_other_scopes(session: Session) -> None:
    _history(session, seed=11)
    first, second = session.exec(select(District.id)).all()[:2]
    fair_ids = {
        d: sorted(session.exec(select(Fair.id).where(Fair.district_id == d)).all()) for d in (first, second)
    }
    where = q.Where((first, second), START, date(2026, 3, 31), AS_OF)
    every = sorted(fair_ids[first] + fair_ids[second])
    assert q.with_fair_runs(session, where, every).fair_runs == ((every[0], every[-1]),)
    # One district's fairs of one month in each of two months: two ranges, none reaching the other's fairs.
    picked = [fair_ids[first][0], fair_ids[first][1], fair_ids[first][3]]
    runs = q.with_fair_runs(session, where, picked).fair_runs
    assert runs == ((picked[0], picked[1]), (picked[2], picked[2]))
    assert q.with_fair_runs(session, where, []).fair_runs is None
