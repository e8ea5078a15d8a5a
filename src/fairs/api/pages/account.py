"""The user's own account: change the password, the language of the pages, log out on every device."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import Response
from sqlmodel import Session

from fairs.api.deps import PageUser, SessionDep, csrf_protect
from fairs.api.pages.common import flash, home_for, local_or, redirect, render
from fairs.api.routing import Router, on_refusal
from fairs.config import get_settings
from fairs.errors import DomainError
from fairs.i18n import LANGUAGE_NAMES, _, in_locale
from fairs.models import User
from fairs.services import accounts

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)


def _context(request: Request, session: Session, user: User, **more: object) -> dict:
    sessions = accounts.session_count(session, user_id=user.id)
    return {
        "sessions": sessions,
        "min_length": accounts.PASSWORD_MIN_LENGTH,
        "languages": LANGUAGE_NAMES,
        **more,
    }


@router.get("/account/password")
def password_form(
    request: Request,
    session: SessionDep,
    user: PageUser,
    next: str = "",  # noqa: A002  (where a first login was going: the form goes on there)
) -> Response:
    """The change-password form, and the button that logs out on every device."""
    context = _context(request, session, user, next=local_or(next, ""))
    return render(request, "account_password.html", context, user=user)


@router.post("/account/password")
def change_password(
    request: Request,
    session: SessionDep,
    user: PageUser,
    current: Annotated[str, Form(max_length=200)] = "",
    new: Annotated[str, Form(max_length=200)] = "",
    repeat: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",  # noqa: A002
) -> Response:
    """Check the current password and the rules, then replace it (the user's other sessions end) and go on
    to `next`, the page a first login was going to."""

    def refused(refused: DomainError) -> Response:
        context = _context(request, session, user, error=refused.message, next=local_or(next, ""))
        return render(request, "account_password.html", context, user=user, status=refused.status)

    on_refusal(refused)
    accounts.change_own_password(
        session,
        actor=user,
        current=current,
        new=new,
        repeat=repeat,
        keep_session=request.session.get("sid"),
    )
    flash(request, _("Your password has been changed. You are logged out on your other devices."))
    return redirect(request, local_or(next, home_for(user)))


@router.post("/account/language")
def set_own_language(
    request: Request,
    session: SessionDep,
    user: PageUser,
    locale: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Store the language of the user's pages (blank: the deployment's). The `lang` cookie of the header's
    switch is dropped, so that the stored language shows from the next page on."""

    def refused(refused: DomainError) -> Response:
        context = _context(request, session, user, language_error=refused.message)
        return render(request, "account_password.html", context, user=user, status=refused.status)

    on_refusal(refused)
    accounts.set_own_locale(session, actor=user, locale=locale)
    with in_locale(locale or get_settings().default_locale):
        flash(request, _("The language of your pages is saved."), where="language")
    response = redirect(request, "/account/password#language")
    response.delete_cookie("lang", samesite="lax", httponly=True)
    return response


@router.post("/account/sessions/end-all")
def end_all_sessions(
    request: Request,
    session: SessionDep,
    user: PageUser,
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Log out on every device, this one included (after the confirmation box is ticked)."""
    if confirm != "yes":
        context = _context(request, session, user, sessions_error=_("Tick the box to confirm."))
        return render(request, "account_password.html", context, user=user, status=422)
    accounts.end_sessions_everywhere(session, actor=user)
    request.session.clear()
    flash(request, _("You have logged out on every device."))
    return redirect(request, "/login")
