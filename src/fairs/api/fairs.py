"""Fairs: list, plan, schedule a year, open, close, move, cancel; booths and visits."""

from __future__ import annotations

from datetime import date

from fastapi import Query, Response, status

from fairs.api.deps import ApiOrganiser, ApiReader, SessionDep
from fairs.api.routing import Router
from fairs.api.schemas import (
    BoothIn,
    BoothOut,
    ClosedDayIn,
    ClosedDayOut,
    FairDefaultsIn,
    FairDefaultsOut,
    FairIn,
    FairMoveIn,
    FairOpenIn,
    FairOut,
    ReasonIn,
    ScheduleIn,
    VisitIn,
    VisitOut,
)
from fairs.clock import local_today
from fairs.models import ClosedDay, District, Fair
from fairs.services import clients, peers, registry, schedule

router = Router(prefix="/api/v1/fairs", tags=["fairs"])


def fair_out(fair: Fair, shift: tuple[date, str] | None = None) -> FairOut:
    """The API form of a fair (`shift`: from `schedule.shifts_of`)."""
    return FairOut(
        id=fair.id,
        date=fair.date,
        venue=fair.venue,
        starts_at=fair.starts_at,
        ends_at=fair.ends_at,
        status=fair.status,
        held=fair.opened_at is not None and fair.status != "cancelled",
        shifted_from=shift[0] if shift else None,
        shift_reason=shift[1] if shift else None,
        not_held=schedule.not_held(fair, local_today()),
    )


def fairs_out(session: SessionDep, fairs: list[Fair]) -> list[FairOut]:
    """The API form of fairs, with the shifts of the schedule (holidays and closed days)."""
    shifts = schedule.shifts_of(session, fairs)
    return [fair_out(f, shifts.get(f.id)) for f in fairs]


def one_fair_out(session: SessionDep, fair: Fair) -> FairOut:
    """The API form of one fair."""
    return fairs_out(session, [fair])[0]


def closed_day_out(closed: ClosedDay) -> ClosedDayOut:
    """The API form of a closed day."""
    return ClosedDayOut(id=closed.id, date=closed.date, reason=closed.reason)


def defaults_out(district: District) -> FairDefaultsOut:
    """The API form of a district's defaults for new fairs."""
    return FairDefaultsOut(
        district_id=district.id,
        venue=district.default_venue,
        starts_at=district.default_starts_at,
        ends_at=district.default_ends_at,
    )


@router.get("", response_model=list[FairOut])
def list_fairs(
    session: SessionDep, user: ApiReader, date_from: date | None = None, date_to: date | None = None
) -> list[FairOut]:
    """Fairs of the user's district(s), by date (optionally in a range)."""
    return fairs_out(session, schedule.list_fairs(session, actor=user, start=date_from, end=date_to))


@router.post("", response_model=FairOut, status_code=status.HTTP_201_CREATED)
def create_fair(session: SessionDep, user: ApiOrganiser, body: FairIn) -> FairOut:
    """Plan one fair (on a public holiday or a closed day of the district: 409 unless `confirm`)."""
    fair = schedule.create_fair(
        session,
        actor=user,
        day=body.date,
        venue=body.venue,
        starts_at=body.starts_at,
        ends_at=body.ends_at,
        confirm=body.confirm,
    )
    return one_fair_out(session, fair)


@router.post("/schedule", response_model=list[FairOut], status_code=status.HTTP_201_CREATED)
def schedule_year(session: SessionDep, user: ApiOrganiser, body: ScheduleIn) -> list[FairOut]:
    """Plan a fair on the second Monday of every month of a year (the next working day after a holiday),
    at the district's default venue and hours; months that have one are skipped."""
    created = schedule.generate_year(session, actor=user, year=body.year, venue=body.venue)
    return fairs_out(session, created)


@router.get("/defaults", response_model=FairDefaultsOut)
def get_defaults(session: SessionDep, user: ApiOrganiser) -> FairDefaultsOut:
    """The venue and hours new fairs of the organiser's district get."""
    return defaults_out(schedule.district_defaults(session, actor=user))


@router.put("/defaults", response_model=FairDefaultsOut)
def set_defaults(session: SessionDep, user: ApiOrganiser, body: FairDefaultsIn) -> FairDefaultsOut:
    """Set the venue and hours new fairs of the organiser's district get (the schedule uses them)."""
    district = schedule.set_district_defaults(
        session, actor=user, venue=body.venue, starts_at=body.starts_at, ends_at=body.ends_at
    )
    return defaults_out(district)


@router.get("/closed-days", response_model=list[ClosedDayOut])
def list_closed_days(
    session: SessionDep, user: ApiOrganiser, year: int | None = Query(None, ge=2000, le=2100)
) -> list[ClosedDayOut]:
    """The closed days of the organiser's district (of one year, if given), by date."""
    return [closed_day_out(c) for c in schedule.list_closed_days(session, actor=user, year=year)]


@router.post("/closed-days", response_model=ClosedDayOut, status_code=status.HTTP_201_CREATED)
def add_closed_day(session: SessionDep, user: ApiOrganiser, body: ClosedDayIn) -> ClosedDayOut:
    """Mark a day of the district closed: the year's schedule skips it like a public holiday."""
    return closed_day_out(schedule.add_closed_day(session, actor=user, day=body.date, reason=body.reason))


@router.delete("/closed-days/{closed_day_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_closed_day(session: SessionDep, user: ApiOrganiser, closed_day_id: int) -> Response:
    """Open a closed day again (fairs already planned stay where they are)."""
    schedule.remove_closed_day(session, actor=user, closed_day_id=closed_day_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{fair_id}", response_model=FairOut)
def get_fair(session: SessionDep, user: ApiReader, fair_id: int) -> FairOut:
    """One fair."""
    return one_fair_out(session, schedule.get_fair(session, actor=user, fair_id=fair_id))


@router.post("/{fair_id}/open", response_model=FairOut)
def open_fair(
    session: SessionDep, user: ApiOrganiser, fair_id: int, body: FairOpenIn | None = None
) -> FairOut:
    """Open the fair on its day: from now on it counts as held. A fair of a past day needs `confirm`."""
    fair = schedule.open_fair(
        session,
        actor=user,
        fair=schedule.get_fair(session, actor=user, fair_id=fair_id),
        confirm=body is not None and body.confirm,
    )
    return one_fair_out(session, fair)


@router.post("/{fair_id}/close", response_model=FairOut)
def close_fair(session: SessionDep, user: ApiOrganiser, fair_id: int) -> FairOut:
    """Close the fair."""
    fair = schedule.close_fair(
        session, actor=user, fair=schedule.get_fair(session, actor=user, fair_id=fair_id)
    )
    return one_fair_out(session, fair)


@router.post("/{fair_id}/cancel", response_model=FairOut)
def cancel_fair(session: SessionDep, user: ApiOrganiser, fair_id: int, body: ReasonIn) -> FairOut:
    """Cancel a planned fair."""
    fair = schedule.get_fair(session, actor=user, fair_id=fair_id)
    schedule.cancel_fair(session, actor=user, fair=fair, reason=body.reason)
    return one_fair_out(session, fair)


@router.post("/{fair_id}/move", response_model=FairOut)
def move_fair(session: SessionDep, user: ApiOrganiser, fair_id: int, body: FairMoveIn) -> FairOut:
    """Move a planned fair to another day (onto a public holiday or a closed day: 409 unless `confirm`)."""
    fair = schedule.get_fair(session, actor=user, fair_id=fair_id)
    schedule.move_fair(session, actor=user, fair=fair, day=body.date, venue=body.venue, confirm=body.confirm)
    return one_fair_out(session, fair)


@router.get("/{fair_id}/booths", response_model=list[BoothOut])
def list_booths(session: SessionDep, user: ApiReader, fair_id: int) -> list[BoothOut]:
    """The booths at a fair."""
    fair = schedule.get_fair(session, actor=user, fair_id=fair_id)
    return [
        BoothOut(id=b.id, fair_id=b.fair_id, organisation_id=o.id, organisation=o.name, staff=b.staff)
        for b, o in registry.booths_of_fair(session, fair.id)
    ]


@router.post("/{fair_id}/booths", response_model=BoothOut, status_code=status.HTTP_201_CREATED)
def add_booth(session: SessionDep, user: ApiOrganiser, fair_id: int, body: BoothIn) -> BoothOut:
    """Put an organisation's booth at the fair."""
    fair = schedule.get_fair(session, actor=user, fair_id=fair_id)
    booth = registry.add_booth(
        session, actor=user, fair=fair, organisation_id=body.organisation_id, staff=body.staff
    )
    org = registry.get_organisation(session, actor=user, organisation_id=booth.organisation_id)
    return BoothOut(
        id=booth.id, fair_id=fair.id, organisation_id=org.id, organisation=org.name, staff=booth.staff
    )


@router.post("/{fair_id}/visits", response_model=VisitOut, status_code=status.HTTP_201_CREATED)
def record_visit(
    session: SessionDep, user: ApiOrganiser, fair_id: int, body: VisitIn, response: Response
) -> VisitOut:
    """Register a client at the fair (once per fair; a repeat answers 200 with the same visit); with
    `invitation` (a peer's slip: code or QR token) the client is recorded as recruited by its holder."""
    fair = schedule.get_fair(session, actor=user, fair_id=fair_id)
    client = clients.get_client(session, actor=user, client_id=body.client_id)
    visit, created = peers.record_visit(
        session, actor=user, fair=fair, client=client, categories=body.categories, invitation=body.invitation
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return VisitOut(
        id=visit.id, fair_id=fair.id, client_id=client.id, back_entered=visit.back_entered, created=created
    )
