"""When an expected person arrived: the first fair of the district they were released to that a client with
their code visited, from the day they were registered on. Not stored: it follows the visits as they are."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ScalarSelect
from sqlmodel import Session, func, select

from fairs.models import Client, ExpectedPerson, Fair, Visit


def arrived_on() -> ScalarSelect:
    """The date of the person's first fair since registration (NULL: not arrived), correlated to the
    `expected_person` row of the enclosing query. A client's suffixed code (`АНИВ185-2`) shares the base."""
    return (
        select(func.min(Fair.date))
        .select_from(Visit)
        .join(Fair, Fair.id == Visit.fair_id)
        .join(Client, Client.id == Visit.client_id)
        .where(
            Client.district_id == ExpectedPerson.district_id,
            Client.base_code == ExpectedPerson.code,
            Fair.district_id == ExpectedPerson.district_id,
            Fair.date >= ExpectedPerson.registered_on,
        )
        .correlate(ExpectedPerson)
        .scalar_subquery()
    )


def expected_and_arrived(
    session: Session, *, district_ids: list[int], start: date, end: date
) -> tuple[int, int]:
    """For the committee's report: people expected in the districts with a planned release date in
    [start, end], and how many of them have come to a fair of that district since they were registered
    (whenever it was held). Counted in one SQL statement."""
    if not district_ids:
        return 0, 0
    query = select(func.count(), func.count(arrived_on())).where(
        ExpectedPerson.district_id.in_(district_ids),
        ExpectedPerson.release_on >= start,
        ExpectedPerson.release_on <= end,
    )
    expected, arrived = session.exec(query).one()
    return int(expected), int(arrived)


def due_at_fair(session: Session, *, district_id: int, day: date) -> list[tuple[str, date]]:
    """(client code, planned release date) of the people expected in the district, released on or before
    `day` and not come to a fair yet: whom the fair day's visitors may include (codes only, by date)."""
    query = (
        select(ExpectedPerson.code, ExpectedPerson.release_on)
        .where(
            ExpectedPerson.district_id == district_id,
            ExpectedPerson.release_on <= day,
            arrived_on().is_(None),
        )
        .order_by(ExpectedPerson.release_on, ExpectedPerson.code)
    )
    return [(code, release_on) for code, release_on in session.exec(query).all()]
