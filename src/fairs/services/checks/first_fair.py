"""A person's first fair: the date of their first visit to any fair of any district, and the district that
held it (the one that keeps the person's checks). Not stored: it follows the visits as they are. On the rare
day a person visited fairs of two districts, the district with the lower id keeps them, so that a region
counts every person in one cohort of one district."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Subquery
from sqlmodel import Session, func, select

from fairs.models import Fair, Visit


def first_fairs(
    *,
    since: date | None = None,
    until: date | None = None,
    person_id: int | None = None,
    district_ids: tuple[int, ...] | None = None,
) -> Subquery:
    """(person_id, first_on, district_id) of every person (or one) whose first fair lies in [since, until];
    `district_ids`: only people who visited a fair of these districts in that range (whose first fair may
    lie there), so that the minimum is taken over their visits only, not over every person's."""
    first_on = func.min(Fair.date).label("first_on")
    first = select(Visit.person_id, first_on).join(Fair, Fair.id == Visit.fair_id)
    if person_id is not None:
        first = first.where(Visit.person_id == person_id)
    if district_ids is not None:
        seen = (
            select(Visit.person_id)
            .join(Fair, Fair.id == Visit.fair_id)
            .where(Fair.district_id.in_(district_ids))
        )
        if since is not None:
            seen = seen.where(Fair.date >= since)
        if until is not None:
            seen = seen.where(Fair.date <= until)
        first = first.where(Visit.person_id.in_(seen))
    first = first.group_by(Visit.person_id)
    if since is not None:
        first = first.having(func.min(Fair.date) >= since)
    if until is not None:
        first = first.having(func.min(Fair.date) <= until)
    first = first.subquery("first")
    home = (
        select(first.c.person_id, first.c.first_on, func.min(Fair.district_id).label("district_id"))
        .select_from(first)
        .join(Visit, Visit.person_id == first.c.person_id)
        .join(Fair, (Fair.id == Visit.fair_id) & (Fair.date == first.c.first_on))
        .group_by(first.c.person_id, first.c.first_on)
    )
    return home.subquery("home")


def first_fair_of(session: Session, person_id: int) -> tuple[date, int] | None:
    """(date, district id) of the person's first fair; None before they came to one."""
    home = first_fairs(person_id=person_id)
    row = session.execute(
        select(home.c.first_on, home.c.district_id).where(home.c.person_id == person_id)
    ).first()
    return (row.first_on, row.district_id) if row else None
