"""The tally's category pass agrees with a plain count by the definition of docs/report.md («The person's
categories in the period»), on the random history of test_tally_equivalence plus random dated category
changes, for the small and the large query shapes."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from fairs import db
from fairs.models import Category, Client, ClientCategory, Coupon, District, Fair, Role, User, Visit
from fairs.services import report
from fairs.services.clients import record_categories
from fairs.services.report import queries, reading
from tests.services.test_tally_equivalence import AS_OF, START, _history


def _changes(session: Session, seed: int) -> None:
    """Up to four dated changes per client and category, before, inside and after the periods, recorded
    by an organiser through the service one day at a time in a random order: back-dated recordings among
    them, which leave the later changes as they are and end the earlier ones (`held_until`)."""
    rng = random.Random(seed)
    codes = {category.id: category.code for category in session.exec(select(Category)).all()}
    organiser = session.exec(select(User).where(User.role == Role.organiser)).first()
    for client in session.exec(select(Client)).all():
        intended: dict[int, list[tuple[date, bool]]] = {}
        for category_id in rng.sample(sorted(codes), k=rng.randrange(len(codes) + 1)):
            offsets = sorted(rng.sample(range(-120, 420), k=rng.randrange(1, 5)))
            intended[category_id] = [(START + timedelta(days=n), rng.random() < 0.6) for n in offsets]
        days = sorted({day for changes in intended.values() for day, _held in changes})
        rng.shuffle(days)
        for day in days:
            held = [codes[key] for key, changes in intended.items() if _last(changes, day)]
            record_categories(session, actor=organiser, client=client, codes=held, day=day)
    session.commit()


def _last(changes: list[tuple[date, bool]], day: date) -> bool:
    """Held on `day` by the last of `changes` on or before it."""
    return ([held for on, held in changes if on <= day] or [False])[-1]


def _held_in(session: Session, period: report.Period) -> set[tuple[int, int]]:
    """(client, category) held on at least one day of the period: walk each day by the last change."""
    changes: dict[tuple[int, int], list[tuple[date, bool]]] = {}
    for row in session.exec(select(ClientCategory)).all():
        changes.setdefault((row.client_id, row.category_id), []).append((row.recorded_on, row.held))
    held = set()
    for key, rows in changes.items():
        rows.sort()
        day = period.start
        while day <= period.end:
            state = [h for on, h in rows if on <= day]
            if state and state[-1]:
                held.add(key)
                break
            day += timedelta(days=1)
    return held


def _reference(session: Session, ids: tuple[int, ...], period: report.Period) -> dict[str, tuple]:
    """Persons are clients within one district and client codes over several (a person who moved is in a
    category when any of their client rows is, and consulted when any of them visited)."""
    code = {c.id: c.code for c in session.exec(select(Client)).all()}

    def person(client_id: int):  # noqa: ANN202
        return code[client_id] if len(ids) > 1 else client_id

    fairs = {
        f.id
        for f in session.exec(select(Fair)).all()
        if f.district_id in ids and period.start <= f.date <= period.end
    }
    visited = {person(v.client_id) for v in session.exec(select(Visit)).all() if v.fair_id in fairs}
    coupons = [
        c for c in session.exec(select(Coupon)).all() if c.fair_id in fairs and c.status != "cancelled"
    ]
    referred = {person(c.client_id) for c in coupons}
    served = {person(c.client_id) for c in coupons if c.status == "redeemed"}
    held = {(person(client_id), category_id) for client_id, category_id in _held_in(session, period)}
    persons = visited | referred
    result = {}
    for category in session.exec(select(Category)).all():
        members = {client for client, category_id in held if category_id == category.id}
        result[category.code] = (len(visited & members), len(referred & members), len(served & members))
    anyone = {client for client, _category in held}
    result["none"] = tuple(len(group - anyone) for group in (visited, referred, served))
    result["total"] = (len(visited), len(referred), len(served))
    assert persons  # the history is not empty
    return result


@pytest.mark.parametrize("shape", ["small", "large", "large, no masks"])
def test_the_category_pass_agrees_with_a_plain_count(
    db_url: str, monkeypatch: pytest.MonkeyPatch, shape: str
):
    engine = db.make_engine(db_url)
    with Session(engine) as session:
        _history(session, seed=5)
        _changes(session, seed=6)
    if shape.startswith("large"):
        monkeypatch.setattr(reading, "LARGE_SCOPE_FAIRS", 0)
        monkeypatch.setattr(reading, "LARGE_SCOPE_SHARE", 0.0)
    if shape.endswith("no masks"):  # category ids (and months, directions) as if too large for a mask
        monkeypatch.setattr(queries, "MASK_BITS", 1)
    with Session(engine) as session:
        district_ids = tuple(session.exec(select(District.id)).all())
        periods = [
            report.Period(START, date(2026, 3, 31)),
            report.Period.month(2025, 11),
            report.Period(date(2025, 12, 10), date(2026, 2, 3)),
        ]
        for ids in (district_ids, district_ids[:1]):
            for period in periods:
                scope = report.TallyScope(ids, "")
                tally = report.committee_tally(session, scope=scope, period=period, as_of=AS_OF, locale="en")
                observed = {
                    row.code: (row.persons_consulted, row.persons_referred, row.persons_served)
                    for row in tally.categories
                }
                assert observed == _reference(session, ids, period), (ids, period)
                assert (tally.categories[-1].persons_consulted, tally.categories[-1].persons_referred) == (
                    tally.persons_consulted,
                    tally.persons_referred,
                )
        assert sum(row.persons_consulted for row in tally.categories[:-2]) > 0
    engine.dispose()
