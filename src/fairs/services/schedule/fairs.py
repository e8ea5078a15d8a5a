"""Fairs: the second-Monday schedule and the planned → open → closed lifecycle."""

from __future__ import annotations

from datetime import date, time

from sqlmodel import Session, select

from fairs.errors import Conflict, Invalid, NotFound
from fairs.i18n import _
from fairs.models import Booth, District, Fair, FairStatus, User, utcnow
from fairs.services import audit, registry
from fairs.services.schedule.calendar import (
    ensure_can_open,
    ensure_hours,
    ensure_movable_to,
    ensure_open_day,
    fair_day,
    shift_of,
)
from fairs.services.schedule.closed_days import closed_days_of
from fairs.services.schedule.office_days import is_office_day, real_fairs
from fairs.services.scope import ensure_organiser_of, home_district, visible_district_ids

DEFAULT_VENUE = ""


def _validate_date(day: date) -> None:
    if not 2000 <= day.year <= 2100:
        raise Invalid(_("The date is out of range."), code="date_out_of_range")


def create_fair(
    session: Session,
    *,
    actor: User,
    day: date,
    venue: str = DEFAULT_VENUE,
    starts_at: time = time(9, 0),
    ends_at: time = time(18, 0),
    confirm: bool = False,
) -> Fair:
    """Plan one fair in the actor's district; one fair per district per day. A public holiday or a closed
    day of the district needs `confirm`."""
    district_id = home_district(actor)
    ensure_organiser_of(actor, district_id)
    registry.ensure_open_district(session, district_id)  # a retired district plans no new fair
    _validate_date(day)
    ensure_hours(starts_at, ends_at)
    clash = select(Fair.id).where(Fair.district_id == district_id, Fair.date == day, real_fairs(Fair.kind))
    if session.exec(clash).first():
        raise Conflict(_("There is already a fair on this day."), code="fair_exists")
    closed = closed_days_of(session, [district_id], start=day, end=day)[district_id]
    ensure_open_day(day, closed, confirm=confirm)
    fair = Fair(district_id=district_id, date=day, venue=venue.strip(), starts_at=starts_at, ends_at=ends_at)
    session.add(fair)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create",
        entity="fair",
        entity_id=fair.id,
        district_id=district_id,
        details={"date": day.isoformat()},
    )
    return fair


def generate_year(session: Session, *, actor: User, year: int, venue: str = DEFAULT_VENUE) -> list[Fair]:
    """Plan a fair on the second Monday of every month of `year` (the next working day when that is a
    holiday or a closed day of the district), at the district's default venue (unless `venue` is given)
    and hours; months that have one are skipped."""
    district_id = home_district(actor)
    ensure_organiser_of(actor, district_id)
    registry.ensure_open_district(session, district_id)  # a retired district plans no new fair
    district = session.get(District, district_id)
    venue = venue.strip() or district.default_venue
    if not 2000 <= year <= 2100:
        raise Invalid(_("The date is out of range."), code="date_out_of_range")
    existing = {
        f.date.month
        for f in session.exec(
            select(Fair).where(
                Fair.district_id == district_id,
                Fair.date >= date(year, 1, 1),
                Fair.date <= date(year, 12, 31),
                real_fairs(Fair.kind),
            )
        ).all()
    }
    closed = closed_days_of(session, [district_id], start=date(year, 1, 1), end=date(year, 12, 31))
    created = []
    for month in range(1, 13):
        if month in existing:
            continue
        fair = Fair(
            district_id=district_id,
            date=fair_day(year, month, closed[district_id]),
            venue=venue,
            starts_at=district.default_starts_at,
            ends_at=district.default_ends_at,
        )
        session.add(fair)
        created.append(fair)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="schedule",
        entity="fair",
        entity_id=None,
        district_id=district_id,
        details={"year": year, "created": [f.date.isoformat() for f in created]},
    )
    return created


def get_fair(session: Session, *, actor: User, fair_id: int) -> Fair:
    """A fair the actor can see, else 404."""
    fair = session.get(Fair, fair_id)
    if fair is None or is_office_day(fair) or fair.district_id not in visible_district_ids(session, actor):
        raise NotFound(_("No such fair."), code="fair_not_found")
    return fair


def list_fairs(
    session: Session, *, actor: User, start: date | None = None, end: date | None = None
) -> list[Fair]:
    """Fairs of the actor's districts in a date range, by date."""
    query = select(Fair).where(
        Fair.district_id.in_(visible_district_ids(session, actor)), real_fairs(Fair.kind)
    )
    if start:
        query = query.where(Fair.date >= start)
    if end:
        query = query.where(Fair.date <= end)
    return list(session.exec(query.order_by(Fair.date)).all())


def shifts_of(session: Session, fairs: list[Fair]) -> dict[int, tuple[date, str] | None]:
    """For each fair: the second Monday the schedule moved it off and why (holiday or closed day), if any."""
    if not fairs:
        return {}
    closed = closed_days_of(
        session, sorted({f.district_id for f in fairs}), start=min(f.date for f in fairs).replace(day=1)
    )
    return {f.id: shift_of(f, closed[f.district_id]) for f in fairs}


def not_held(fair: Fair, today: date) -> bool:
    """A past fair that was never opened: not held, and counted as held nowhere."""
    return fair.status == FairStatus.planned and fair.date < today


def today_or_next(session: Session, *, actor: User, today: date) -> Fair | None:
    """The actor's fair of today, else the next one not cancelled (the top of the fairs page)."""
    query = (
        select(Fair)
        .where(
            Fair.district_id.in_(visible_district_ids(session, actor)),
            Fair.date >= today,
            Fair.status != FairStatus.cancelled,
            real_fairs(Fair.kind),
        )
        .order_by(Fair.date, Fair.id)
    )
    return session.exec(query.limit(1)).first()


ACTIONS = {FairStatus.open: "open", FairStatus.closed: "close", FairStatus.cancelled: "cancel"}
# Called at raise time so the message is in the request's language.
REFUSALS = {
    FairStatus.open: lambda: _("Only a planned or closed fair can be opened."),
    FairStatus.closed: lambda: _("Only an open fair can be closed."),
    FairStatus.cancelled: lambda: _("Only a planned fair can be cancelled."),
}


def _transition(session: Session, *, actor: User, fair: Fair, allowed: set[str], new: FairStatus) -> Fair:
    ensure_organiser_of(actor, fair.district_id)
    if fair.status not in allowed:
        raise Conflict(REFUSALS[new](), code="bad_fair_status")
    old = fair.status
    fair.status = new.value
    if new == FairStatus.open and fair.opened_at is None:
        fair.opened_at = utcnow()
    if new == FairStatus.closed:
        fair.closed_at = utcnow()
    session.add(fair)
    audit.record(
        session,
        actor=actor,
        action=ACTIONS[new],
        entity="fair",
        entity_id=fair.id,
        district_id=fair.district_id,
        details={"from": old, "to": new.value},
    )
    return fair


def open_fair(session: Session, *, actor: User, fair: Fair, confirm: bool = False) -> Fair:
    """Open a planned fair (or reopen a closed one) on its day; from then on it counts as held.

    A fair of a past day opens only with `confirm` (back-entering a day); a future one waits for its day."""
    ensure_organiser_of(actor, fair.district_id)
    if fair.status in ("planned", "closed"):
        ensure_can_open(fair, confirm=confirm)
    return _transition(session, actor=actor, fair=fair, allowed={"planned", "closed"}, new=FairStatus.open)


def close_fair(session: Session, *, actor: User, fair: Fair) -> Fair:
    """Close an open fair."""
    return _transition(session, actor=actor, fair=fair, allowed={"open"}, new=FairStatus.closed)


def cancel_fair(session: Session, *, actor: User, fair: Fair, reason: str) -> Fair:
    """Cancel a planned fair with a reason."""
    ensure_organiser_of(actor, fair.district_id)
    if not reason.strip():
        raise Invalid(_("A reason is required."), code="reason_required")
    fair.cancel_reason = reason.strip()[:500]
    return _transition(session, actor=actor, fair=fair, allowed={"planned"}, new=FairStatus.cancelled)


def move_fair(
    session: Session, *, actor: User, fair: Fair, day: date, venue: str | None = None, confirm: bool = False
) -> Fair:
    """Move a planned fair to another day (and venue): today at the earliest, two years ahead at most; onto
    a public holiday or a closed day of the district only with `confirm`."""
    ensure_organiser_of(actor, fair.district_id)
    _validate_date(day)
    if fair.status != FairStatus.planned:
        raise Conflict(_("Only a planned fair can be moved."), code="bad_fair_status")
    ensure_movable_to(day)
    clash = session.exec(
        select(Fair.id).where(
            Fair.district_id == fair.district_id, Fair.date == day, Fair.id != fair.id, real_fairs(Fair.kind)
        )
    ).first()
    if clash:
        raise Conflict(_("There is already a fair on this day."), code="fair_exists")
    closed = closed_days_of(session, [fair.district_id], start=day, end=day)[fair.district_id]
    ensure_open_day(day, closed, confirm=confirm)
    old = fair.date
    fair.date = day
    if venue is not None:
        fair.venue = venue.strip()
    session.add(fair)
    audit.record(
        session,
        actor=actor,
        action="move",
        entity="fair",
        entity_id=fair.id,
        district_id=fair.district_id,
        details={"from": old.isoformat(), "to": day.isoformat()},
    )
    return fair


def get_booth(session: Session, *, actor: User, booth_id: int) -> tuple[Booth, Fair]:
    """A booth (and its fair) the actor can see, else 404."""
    booth = session.get(Booth, booth_id)
    fair = session.get(Fair, booth.fair_id) if booth else None
    if (
        booth is None
        or fair is None
        or is_office_day(fair)
        or fair.district_id not in visible_district_ids(session, actor)
    ):
        raise NotFound(_("No such booth."), code="booth_not_found")
    return booth, fair
