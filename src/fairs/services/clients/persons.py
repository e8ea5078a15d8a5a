"""Persons: one row per client code over every district (models.Person), which each client and each of
its records carries, so that the report counts a person who moved between districts once."""

from __future__ import annotations

from sqlalchemy import Connection, and_, func, or_, update
from sqlmodel import Session, select

from fairs.db import insert_unless_taken
from fairs.models import Fair, Person, Visit

_person = Person.__table__
_fair = Fair.__table__
_visit = Visit.__table__


def person_of_code(session: Session, code: str) -> int:
    """The id of the person with client code `code`, made if there is none.

    `ON CONFLICT DO NOTHING`: a client registered under the same code in another district at the same
    moment makes the row first; this statement then waits for it, and the row is read."""
    made = insert_unless_taken(session, _person, ("code",)).run(session, {"code": code}).first()
    if made is not None:
        return made.id
    return session.execute(select(_person.c.id).where(_person.c.code == code)).scalar_one()


def note_first_fair(session: Session, *, person_id: int, fair_id: int, district_id: int) -> None:
    """Keep the person's first fair (`Person.first_fair_on`, `first_district_id`) after a new visit to fair
    `fair_id` of district `district_id`: one conditional UPDATE, so two desks recording visits of one person
    at once leave the earlier fair (on one day, the lower district id)."""
    day = select(_fair.c.date).where(_fair.c.id == fair_id).scalar_subquery()
    p = _person.c
    earlier = or_(
        p.first_fair_on.is_(None),
        p.first_fair_on > day,
        and_(p.first_fair_on == day, p.first_district_id > district_id),
    )
    first = {"first_fair_on": day, "first_district_id": district_id}
    session.execute(update(_person).where(p.id == person_id, earlier).values(first))


def refresh_first_fairs(connection: Session | Connection) -> None:
    """Work out every person's first fair again from the visits (for data written around the services, such
    as the benchmark's country)."""
    p, v, f = _person.c, _visit.c, _fair.c
    visited = _visit.join(_fair, f.id == v.fair_id)
    first_on = select(func.min(f.date)).select_from(visited).where(v.person_id == p.id).scalar_subquery()
    home = (
        select(func.min(f.district_id))
        .select_from(visited)
        .where(v.person_id == p.id, f.date == p.first_fair_on)
        .scalar_subquery()
    )
    connection.execute(update(_person).values(first_fair_on=first_on))
    connection.execute(update(_person).values(first_district_id=home))
