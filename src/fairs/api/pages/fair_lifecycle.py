"""Pages: a fair's lifecycle - open (another day than today asks first), close, cancel with a reason,
move to another day."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from fairs.api.deps import PageOrganiser, SessionDep, csrf_protect
from fairs.api.pages.common import is_local_path, local_or, redirect, render
from fairs.api.pages.fair_calendar import CONFIRMABLE, after_action, day_text, refused_in_list
from fairs.api.routing import Router, on_refusal
from fairs.errors import DomainError
from fairs.i18n import _
from fairs.models import Fair, User
from fairs.services import schedule

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)


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
    return refused_in_list(request, session, user, error, fair.date.year, next_url)


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
    return after_action(request, session, user, fair, _("The fair is open."), next)


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
    on_refusal(lambda error: refused_in_list(request, session, user, error, fair.date.year, next))
    schedule.close_fair(session, actor=user, fair=fair)
    return after_action(request, session, user, fair, _("The fair is closed."), next)


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
    back = f"/fairs/{fair_id}/cancel"
    on_refusal(lambda error: refused_in_list(request, session, user, error, fair.date.year, back))
    schedule.cancel_fair(session, actor=user, fair=fair, reason=reason)
    return after_action(
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
        return refused_in_list(request, session, user, error, fair.date.year, f"/fairs/{fair_id}/move")

    on_refusal(refused)
    schedule.move_fair(session, actor=user, fair=fair, day=day, venue=venue, confirm=confirm)
    return after_action(
        request,
        session,
        user,
        fair,
        _("The fair is moved to %(day)s.") % {"day": day_text(fair.date)},
        f"/fairs?year={fair.date.year}",
    )
