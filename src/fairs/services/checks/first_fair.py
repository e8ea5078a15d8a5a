"""A person's first fair: the date of their first visit to any fair of any district, and the district that
held it (the one that keeps the person's checks; on the rare day a person visited fairs of two districts, the
lower id, so that a region counts every person in one cohort of one district). Kept on the person's row by
every new visit (`Person.first_fair_on`, `first_district_id`, services/clients/persons.note_first_fair), so a
country's cohorts are read from an index instead of worked out from every visit."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Subquery
from sqlmodel import Session, select

from fairs.models import Person

_person = Person.__table__.c


def first_fairs(
    *,
    since: date | None = None,
    until: date | None = None,
    person_id: int | None = None,
    district_ids: tuple[int, ...] | None = None,
) -> Subquery:
    """(person_id, first_on, district_id) of every person (or one) whose first fair lies in [since, until],
    held by one of `district_ids` when given."""
    query = select(
        _person.id.label("person_id"),
        _person.first_fair_on.label("first_on"),
        _person.first_district_id.label("district_id"),
    ).where(_person.first_fair_on.is_not(None))
    if person_id is not None:
        query = query.where(_person.id == person_id)
    if district_ids is not None:
        query = query.where(_person.first_district_id.in_(district_ids))
    if since is not None:
        query = query.where(_person.first_fair_on >= since)
    if until is not None:
        query = query.where(_person.first_fair_on <= until)
    return query.subquery("home")


def first_fair_of(session: Session, person_id: int) -> tuple[date, int] | None:
    """(date, district id) of the person's first fair; None before they came to one."""
    row = session.execute(
        select(_person.first_fair_on, _person.first_district_id).where(_person.id == person_id)
    ).first()
    return (row[0], row[1]) if row and row[0] is not None else None
