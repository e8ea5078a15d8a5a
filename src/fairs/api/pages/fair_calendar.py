"""The fairs page's views, shared by its routers (fairs.py, fair_lifecycle.py, closed_days.py): the
calendar page or its list, and answering an action on it."""

from __future__ import annotations

from datetime import date

from fastapi import Request
from fastapi.responses import Response

from fairs.api.deps import SessionDep
from fairs.api.pages.common import flash, local_or, redirect, refusal_note, refuse, render, wants_fragment
from fairs.clock import local_today
from fairs.errors import DomainError
from fairs.models import Fair, Role, User
from fairs.services import schedule

LIST_SLOT = "fair-list"
# Refusals that a confirmation overrides: planning or moving onto a public holiday or a closed day.
CONFIRMABLE = ("public_holiday", "closed_day")


def year_or_this(value: int | None) -> int:
    """The year asked for, or this year (Minsk time) when none or an unlikely one is asked."""
    return value if value is not None and 2000 <= value <= 2100 else local_today().year


def calendar_page(
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
    """The fairs page of `year` (only its list for htmx), with notes, typed values or a confirmation."""
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


def after_action(
    request: Request, session: SessionDep, user: User, fair: Fair, message: str, next_url: str | None
) -> Response:
    """A fair list fragment for htmx, else a redirect (to `next` when given) with the message."""
    if wants_fragment(request) and not next_url:
        return calendar_page(
            request,
            session,
            user,
            fair.date.year,
            notes=[{"kind": "ok", "text": message, "where": LIST_SLOT}],
        )
    flash(request, message)
    return redirect(request, local_or(next_url, f"/fairs?year={fair.date.year}"))


def refused_in_list(
    request: Request, session: SessionDep, user: User, error: DomainError, year: int, next_url: str | None
) -> Response:
    """A refusal answered in the fair list for htmx, else a redirect (to `next` when given) with it."""
    if wants_fragment(request) and not next_url:
        return calendar_page(
            request,
            session,
            user,
            year,
            notes=[refusal_note(error, LIST_SLOT)],
            status=error.status,
        )
    refuse(request, error)
    return redirect(request, local_or(next_url, f"/fairs?year={year}"))


def day_text(day: date) -> str:
    """A fair's day as people write it: 09.03.2026."""
    return day.strftime("%d.%m.%Y")
