"""Retention of the people expected before release: their personal fields (full name, birth date) are
erased once both the day they were registered and their planned release day lie before the cut-off of
`fairs retention`; the client code, the dates and the district stay, so the report's counts of people
expected and arrived do not change. A person who came is a client by then, under the clients' retention."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select, update
from sqlmodel import Session

from fairs.models import ExpectedPerson
from fairs.services import audit

PERSONAL_FIELDS = ("full_name", "birth_date")


def _stale(cutoff: date):  # noqa: ANN202
    return (
        or_(*(getattr(ExpectedPerson, key).is_not(None) for key in PERSONAL_FIELDS)),
        ExpectedPerson.registered_on < cutoff,
        ExpectedPerson.release_on < cutoff,
    )


def stale_expected(session: Session, *, cutoff: date) -> list[tuple[int, int]]:
    """(id, district id) of every expected person holding personal fields whose registration and planned
    release both lie before `cutoff`."""
    query = select(ExpectedPerson.id, ExpectedPerson.district_id).where(*_stale(cutoff))
    return [(row[0], row[1]) for row in session.execute(query.order_by(ExpectedPerson.id))]


def erase_stale_expected(session: Session, *, cutoff: date) -> int:
    """Erase those personal fields in the caller's transaction, one audit row each: how many people."""
    stale = stale_expected(session, cutoff=cutoff)
    for start in range(0, len(stale), 500):
        ids = [expected_id for expected_id, _district in stale[start : start + 500]]
        session.execute(
            update(ExpectedPerson).where(ExpectedPerson.id.in_(ids)).values(**dict.fromkeys(PERSONAL_FIELDS))
        )
    for expected_id, district_id in stale:
        audit.record(
            session,
            actor=None,
            action="retention_erase",
            entity="expected_person",
            entity_id=expected_id,
            district_id=district_id,
            details={"cutoff": cutoff.isoformat()},
        )
    return len(stale)
