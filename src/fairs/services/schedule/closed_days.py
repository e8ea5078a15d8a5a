"""A district's own closed days (date + reason): the year's schedule skips them like public holidays, and
planning or moving a fair onto one asks for confirmation (calendar.py)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from fairs.errors import Conflict, Invalid, NotFound
from fairs.i18n import _
from fairs.models import ClosedDay, User
from fairs.services import audit
from fairs.services.schedule.calendar import ClosedDays
from fairs.services.scope import ensure_organiser_of, home_district


def _organisers_district(actor: User) -> int:
    district_id = home_district(actor)
    ensure_organiser_of(actor, district_id)
    return district_id


def list_closed_days(session: Session, *, actor: User, year: int | None = None) -> list[ClosedDay]:
    """The closed days of the organiser's district (of one year, if given), by date."""
    query = select(ClosedDay).where(ClosedDay.district_id == _organisers_district(actor))
    if year is not None:
        query = query.where(ClosedDay.date >= date(year, 1, 1), ClosedDay.date <= date(year, 12, 31))
    return list(session.exec(query.order_by(ClosedDay.date)).all())


def add_closed_day(session: Session, *, actor: User, day: date, reason: str) -> ClosedDay:
    """Mark a day of the organiser's district as closed, with the reason shown beside shifted fairs."""
    district_id = _organisers_district(actor)
    reason = reason.strip()[:200]
    if not reason:
        raise Invalid(_("A reason is required."), code="reason_required")
    if not 2000 <= day.year <= 2100:
        raise Invalid(_("The date is out of range."), code="date_out_of_range")
    same = select(ClosedDay.id).where(ClosedDay.district_id == district_id, ClosedDay.date == day)
    if session.exec(same).first():
        raise Conflict(_("This day is already a closed day."), code="closed_day_exists")
    closed = ClosedDay(district_id=district_id, date=day, reason=reason)
    session.add(closed)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create",
        entity="closed_day",
        entity_id=closed.id,
        district_id=district_id,
        details={"date": day.isoformat(), "reason": reason},
    )
    return closed


def remove_closed_day(session: Session, *, actor: User, closed_day_id: int) -> ClosedDay:
    """Open a closed day again (fairs already planned stay where they are)."""
    district_id = _organisers_district(actor)
    closed = session.get(ClosedDay, closed_day_id)
    if closed is None or closed.district_id != district_id:
        raise NotFound(_("No such closed day."), code="closed_day_not_found")
    session.delete(closed)
    audit.record(
        session,
        actor=actor,
        action="delete",
        entity="closed_day",
        entity_id=closed.id,
        district_id=district_id,
        details={"date": closed.date.isoformat()},
    )
    return closed


def closed_days_of(
    session: Session, district_ids: list[int], *, start: date | None = None, end: date | None = None
) -> dict[int, ClosedDays]:
    """The closed days of these districts (in a date range), as date → reason per district."""
    result: dict[int, dict[date, str]] = {district_id: {} for district_id in district_ids}
    if not district_ids:
        return result
    query = select(ClosedDay).where(ClosedDay.district_id.in_(district_ids))
    if start is not None:
        query = query.where(ClosedDay.date >= start)
    if end is not None:
        query = query.where(ClosedDay.date <= end)
    for closed in session.exec(query).all():
        result[closed.district_id][closed.date] = closed.reason
    return result
