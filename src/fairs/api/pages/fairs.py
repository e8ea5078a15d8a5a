"""Pages: the fairs calendar (by year) under today's or the next fair, the district's default venue and
hours, the yearly schedule and planning one fair."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from fairs.api.deps import PageOrganiser, PageReader, SessionDep, csrf_protect
from fairs.api.pages.common import flash, redirect, refusal_note, wants_fragment
from fairs.api.pages.fair_calendar import (
    CONFIRMABLE,
    LIST_SLOT,
    after_action,
    calendar_page,
    day_text,
    refused_in_list,
    year_or_this,
)
from fairs.api.routing import Router, on_refusal
from fairs.errors import DomainError
from fairs.i18n import _
from fairs.services import schedule

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)


@router.get("/fairs")
def calendar(request: Request, session: SessionDep, user: PageReader, year: int | None = None) -> Response:
    """The fairs of a year with their status; organisers plan and run them from here."""
    return calendar_page(request, session, user, year_or_this(year))


@router.post("/fairs/defaults")
def set_defaults(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    venue: Annotated[str, Form(max_length=300)] = "",
    starts_at: Annotated[time, Form()] = time(9, 0),
    ends_at: Annotated[time, Form()] = time(18, 0),
) -> Response:
    """Set the district's default venue and hours for new fairs (the schedule uses them)."""
    typed = {"venue": venue, "starts_at": starts_at.strftime("%H:%M"), "ends_at": ends_at.strftime("%H:%M")}
    on_refusal(
        lambda error: calendar_page(
            request,
            session,
            user,
            year_or_this(None),
            notes=[refusal_note(error, "fair-defaults")],
            status=error.status,
            defaults=typed,
        )
    )
    schedule.set_district_defaults(session, actor=user, venue=venue, starts_at=starts_at, ends_at=ends_at)
    flash(request, _("The district's default venue and hours are saved."))
    return redirect(request, "/fairs")


@router.post("/fairs/schedule")
def generate_schedule(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    year: Annotated[int, Form(ge=2000, le=2100)],
    venue: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    """Plan a fair on the second Monday of every month of the year."""
    on_refusal(lambda error: refused_in_list(request, session, user, error, year, None))
    created = schedule.generate_year(session, actor=user, year=year, venue=venue)
    message = _("Fairs planned: %(count)s.") % {"count": len(created)}
    if not created:
        message = _("Every month of %(year)s already has a fair.") % {"year": year}
    if wants_fragment(request):
        return calendar_page(
            request, session, user, year, notes=[{"kind": "ok", "text": message, "where": LIST_SLOT}]
        )
    flash(request, message)
    return redirect(request, f"/fairs?year={year}")


@router.post("/fairs")
def create_fair(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    day: Annotated[date, Form()],
    venue: Annotated[str, Form(max_length=300)] = "",
    starts_at: Annotated[time, Form()] = time(9, 0),
    ends_at: Annotated[time, Form()] = time(18, 0),
    confirm: Annotated[bool, Form()] = False,
) -> Response:
    """Plan one fair on a chosen day (a public holiday or a closed day of the district asks first)."""
    typed = {
        "day": day.isoformat(),
        "venue": venue,
        "starts_at": starts_at.strftime("%H:%M"),
        "ends_at": ends_at.strftime("%H:%M"),
    }

    def refused(error: DomainError) -> Response:
        if error.code in CONFIRMABLE:  # the confirmation step, with what was typed
            ask = {**typed, "text": error.message}
            return calendar_page(request, session, user, year_or_this(day.year), status=error.status, ask=ask)
        return refused_in_list(request, session, user, error, year_or_this(day.year), None)

    on_refusal(refused)
    fair = schedule.create_fair(
        session, actor=user, day=day, venue=venue, starts_at=starts_at, ends_at=ends_at, confirm=confirm
    )
    message = _("The fair of %(day)s is planned.") % {"day": day_text(fair.date)}
    return after_action(request, session, user, fair, message, None)
