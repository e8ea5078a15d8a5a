"""Pages: the fairs calendar (by year) under today's or the next fair, the yearly schedule, the district's
closed days, and a fair's open / close / cancel / move."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from fairs.api.deps import PageOrganiser, PageReader, SessionDep, csrf_protect
from fairs.api.pages.common import (
    flash,
    is_local_path,
    local_or,
    redirect,
    refuse,
    render,
    wants_fragment,
)
from fairs.api.routing import Router, on_refusal
from fairs.clock import local_today
from fairs.errors import DomainError
from fairs.i18n import _
from fairs.models import Fair, Role, User
from fairs.services import schedule

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)

LIST_SLOT = "fair-list"
# Refusals that a confirmation overrides: planning or moving onto a public holiday or a closed day.
CONFIRMABLE = ("public_holiday", "closed_day")


def _year(value: int | None) -> int:
    return value if value is not None and 2000 <= value <= 2100 else local_today().year


def _calendar(
    request: Request,
    session: SessionDep,
    user: User,
    year: int,
    *,
    notes: list[dict] | None = None,
    status: int = 200,
    defaults: dict | None = None,
    ask: dict | None = None,
    closed_typed: dict | None = None,
) -> Response:
    today = local_today()
    fairs = schedule.list_fairs(session, actor=user, start=date(year, 1, 1), end=date(year, 12, 31))
    can_edit = user.role == Role.organiser
    closed_days = schedule.list_closed_days(session, actor=user, year=year) if can_edit else []
    context = {
        "year": year,
        "fairs": fairs,
        "shifts": schedule.shifts_of(session, fairs),
        "closed_dates": {c.date for c in closed_days},
        "closed_days": closed_days,
        "not_held": {fair.id for fair in fairs if schedule.not_held(fair, today)},
        "current": schedule.today_or_next(session, actor=user, today=today),
        "today": today,
        "can_edit": can_edit,
        "can_open_day": user.role in (Role.organiser, Role.partner),
        "messages": notes or [],
        "defaults": defaults or _defaults_of(session, user),
        "ask": ask,
        "closed_typed": closed_typed or {},
    }
    return render(request, "fairs.html", context, user=user, block="fair_list", status=status)


def _defaults_of(session: SessionDep, user: User) -> dict | None:
    if user.role != Role.organiser:
        return None
    district = schedule.district_defaults(session, actor=user)
    return {
        "venue": district.default_venue,
        "starts_at": district.default_starts_at.strftime("%H:%M"),
        "ends_at": district.default_ends_at.strftime("%H:%M"),
    }


def _after_action(
    request: Request, session: SessionDep, user: User, fair: Fair, message: str, next_url: str | None
) -> Response:
    """A fair list fragment for htmx, else a redirect (to `next` when given) with the message."""
    if wants_fragment(request) and not next_url:
        return _calendar(
            request,
            session,
            user,
            fair.date.year,
            notes=[{"kind": "ok", "text": message, "where": LIST_SLOT}],
        )
    flash(request, message)
    return redirect(request, local_or(next_url, f"/fairs?year={fair.date.year}"))


def _refused(
    request: Request, session: SessionDep, user: User, error: DomainError, year: int, next_url: str | None
) -> Response:
    if wants_fragment(request) and not next_url:
        return _calendar(
            request,
            session,
            user,
            year,
            notes=[{"kind": "error", "text": error.message, "where": LIST_SLOT}],
            status=error.status,
        )
    refuse(request, error)
    return redirect(request, local_or(next_url, f"/fairs?year={year}"))


@router.get("/fairs")
def calendar(request: Request, session: SessionDep, user: PageReader, year: int | None = None) -> Response:
    """The fairs of a year with their status; organisers plan and run them from here."""
    return _calendar(request, session, user, _year(year))


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
    note = {"kind": "error", "where": "fair-defaults"}
    on_refusal(
        lambda error: _calendar(
            request,
            session,
            user,
            _year(None),
            notes=[{**note, "text": error.message}],
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
    on_refusal(lambda error: _refused(request, session, user, error, year, None))
    created = schedule.generate_year(session, actor=user, year=year, venue=venue)
    message = _("Fairs planned: %(count)s.") % {"count": len(created)}
    if not created:
        message = _("Every month of %(year)s already has a fair.") % {"year": year}
    if wants_fragment(request):
        return _calendar(
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
            return _calendar(request, session, user, _year(day.year), status=error.status, ask=ask)
        return _refused(request, session, user, error, _year(day.year), None)

    on_refusal(refused)
    fair = schedule.create_fair(
        session, actor=user, day=day, venue=venue, starts_at=starts_at, ends_at=ends_at, confirm=confirm
    )
    return _after_action(
        request, session, user, fair, _("The fair of %(day)s is planned.") % {"day": _d(fair.date)}, None
    )


def _d(day: date) -> str:
    return day.strftime("%d.%m.%Y")


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
        lambda error: _calendar(
            request,
            session,
            user,
            _year(day.year),
            notes=[{"kind": "error", "where": "closed-days", "text": error.message}],
            status=error.status,
            closed_typed=typed,
        )
    )
    schedule.add_closed_day(session, actor=user, day=day, reason=reason)
    flash(request, _("%(day)s is a closed day of the district.") % {"day": _d(day)})
    return redirect(request, f"/fairs?year={day.year}#closed-days")


@router.post("/fairs/closed-days/{closed_day_id}/delete")
def remove_closed_day(
    request: Request, session: SessionDep, user: PageOrganiser, closed_day_id: int
) -> Response:
    """Open a closed day again (fairs already planned stay where they are)."""
    on_refusal(lambda error: _refused(request, session, user, error, _year(None), None))
    closed = schedule.remove_closed_day(session, actor=user, closed_day_id=closed_day_id)
    flash(request, _("%(day)s is no longer a closed day.") % {"day": _d(closed.date)})
    return redirect(request, f"/fairs?year={closed.date.year}#closed-days")


@router.get("/fairs/{fair_id}/open")
def open_form(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    fair_id: int,
    next: str = "",  # noqa: A002
) -> Response:
    """The confirmation step before opening a fair dated another day than today."""
    fair = schedule.get_fair(session, actor=user, fair_id=fair_id)
    context = {"fair": fair, "action": "open", "next": local_or(next, f"/fairs?year={fair.date.year}")}
    return render(request, "fair_change.html", context, user=user)


def _open_refused(
    request: Request, session: SessionDep, user: User, error: DomainError, fair: Fair, next_url: str
) -> Response:
    if error.code == "confirm_other_day":  # the confirmation step
        query = f"?next={quote(next_url)}" if is_local_path(next_url) else ""
        return redirect(request, f"/fairs/{fair.id}/open{query}")
    return _refused(request, session, user, error, fair.date.year, next_url)


@router.post("/fairs/{fair_id}/open")
def open_fair(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    fair_id: int,
    next: Annotated[str, Form(max_length=300)] = "",  # noqa: A002
    confirm: Annotated[bool, Form()] = False,
) -> Response:
    """Open the fair on its day (from now on it counts as held); another day asks for confirmation first."""
    fair = schedule.get_fair(session, actor=user, fair_id=fair_id)
    on_refusal(lambda error: _open_refused(request, session, user, error, fair, next))
    schedule.open_fair(session, actor=user, fair=fair, confirm=confirm)
    return _after_action(request, session, user, fair, _("The fair is open."), next)


@router.post("/fairs/{fair_id}/close")
def close_fair(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    fair_id: int,
    next: Annotated[str, Form(max_length=300)] = "",  # noqa: A002
) -> Response:
    """Close the fair (records added later are back-entered)."""
    fair = schedule.get_fair(session, actor=user, fair_id=fair_id)
    on_refusal(lambda error: _refused(request, session, user, error, fair.date.year, next))
    schedule.close_fair(session, actor=user, fair=fair)
    return _after_action(request, session, user, fair, _("The fair is closed."), next)


@router.get("/fairs/{fair_id}/cancel")
def cancel_form(request: Request, session: SessionDep, user: PageOrganiser, fair_id: int) -> Response:
    """The confirmation step before cancelling a fair: asks for the reason."""
    fair = schedule.get_fair(session, actor=user, fair_id=fair_id)
    return render(request, "fair_change.html", {"fair": fair, "action": "cancel"}, user=user)


@router.post("/fairs/{fair_id}/cancel")
def cancel_fair(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    fair_id: int,
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Cancel a planned fair, with a reason."""
    fair = schedule.get_fair(session, actor=user, fair_id=fair_id)
    on_refusal(
        lambda error: _refused(request, session, user, error, fair.date.year, f"/fairs/{fair_id}/cancel")
    )
    schedule.cancel_fair(session, actor=user, fair=fair, reason=reason)
    return _after_action(
        request, session, user, fair, _("The fair is cancelled."), f"/fairs?year={fair.date.year}"
    )


@router.get("/fairs/{fair_id}/move")
def move_form(request: Request, session: SessionDep, user: PageOrganiser, fair_id: int) -> Response:
    """The form to move a planned fair to another day."""
    fair = schedule.get_fair(session, actor=user, fair_id=fair_id)
    return render(request, "fair_change.html", {"fair": fair, "action": "move"}, user=user)


@router.post("/fairs/{fair_id}/move")
def move_fair(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    fair_id: int,
    day: Annotated[date, Form()],
    venue: Annotated[str, Form(max_length=300)] = "",
    confirm: Annotated[bool, Form()] = False,
) -> Response:
    """Move a planned fair to another day (and venue); onto a public holiday or a closed day, after asking."""
    fair = schedule.get_fair(session, actor=user, fair_id=fair_id)

    def refused(error: DomainError) -> Response:
        if error.code in CONFIRMABLE:  # the confirmation step, with what was typed
            ask = {"day": day.isoformat(), "venue": venue, "text": error.message}
            context = {"fair": fair, "action": "move", "ask": ask}
            return render(request, "fair_change.html", context, user=user, status=error.status)
        return _refused(request, session, user, error, fair.date.year, f"/fairs/{fair_id}/move")

    on_refusal(refused)
    schedule.move_fair(session, actor=user, fair=fair, day=day, venue=venue, confirm=confirm)
    return _after_action(
        request,
        session,
        user,
        fair,
        _("The fair is moved to %(day)s.") % {"day": _d(fair.date)},
        f"/fairs?year={fair.date.year}",
    )
