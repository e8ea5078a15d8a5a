"""Persons: one row per client code over every district (models.Person), which each client and each of
its records carries, so that the report counts a person who moved between districts once."""

from __future__ import annotations

from sqlmodel import Session, select

from fairs.db import insert_unless_taken
from fairs.models import Person

_person = Person.__table__


def person_of_code(session: Session, code: str) -> int:
    """The id of the person with client code `code`, made if there is none.

    `ON CONFLICT DO NOTHING`: a client registered under the same code in another district at the same
    moment makes the row first; this statement then waits for it, and the row is read."""
    made = insert_unless_taken(session, _person, ("code",)).run(session, {"code": code}).first()
    if made is not None:
        return made.id
    return session.execute(select(_person.c.id).where(_person.c.code == code)).scalar_one()
