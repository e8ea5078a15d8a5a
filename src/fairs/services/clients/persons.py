"""Persons: one row per client code over every district (models.Person), which each client and each of
its records carries, so that the report counts a person who moved between districts once."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from fairs.models import Person

_person = Person.__table__


def person_of_code(session: Session, code: str) -> int:
    """The id of the person with client code `code`, made if there is none.

    `ON CONFLICT DO NOTHING`: a client registered under the same code in another district at the same
    moment makes the row first; this statement then waits for it and finds it."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(dialect.insert(_person).values(code=code).on_conflict_do_nothing(index_elements=["code"]))
    return session.execute(select(_person.c.id).where(_person.c.code == code)).scalar_one()
