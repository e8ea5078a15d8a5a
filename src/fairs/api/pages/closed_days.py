"""Pages: the district's closed days (marked and opened again from the fairs page)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from fairs.api.deps import PageOrganiser, SessionDep, csrf_protect
from fairs.api.pages.common import flash, redirect, refusal_note
from fairs.api.pages.fair_calendar import calendar_page, day_text, refused_in_list, year_or_this
from fairs.api.routing import Router, on_refusal
from fairs.i18n import _
from fairs.services import schedule

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)


@router.post("/fairs/closed-days")
def add_closed_day(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    day: Annotated[date, Form()],
    reason: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Mark a day of the district closed: the year's schedule skips it like a public holiday."""
    typed = {"day": day.isoformat(), "reason": reason}
    on_refusal(
        lambda error: calendar_page(
            request,
            session,
            user,
            year_or_this(day.year),
            notes=[refusal_note(error, "closed-days")],
            status=error.status,
            closed_typed=typed,
        )
    )
    schedule.add_closed_day(session, actor=user, day=day, reason=reason)
    flash(request, _("%(day)s is a closed day of the district.") % {"day": day_text(day)})
    return redirect(request, f"/fairs?year={day.year}#closed-days")


@router.post("/fairs/closed-days/{closed_day_id}/delete")
def remove_closed_day(
    request: Request, session: SessionDep, user: PageOrganiser, closed_day_id: int
) -> Response:
    """Open a closed day again (fairs already planned stay where they are)."""
    on_refusal(lambda error: refused_in_list(request, session, user, error, year_or_this(None), None))
    closed = schedule.remove_closed_day(session, actor=user, closed_day_id=closed_day_id)
    flash(request, _("%(day)s is no longer a closed day.") % {"day": day_text(closed.date)})
    return redirect(request, f"/fairs?year={closed.date.year}#closed-days")
