"""The user's own account: change the password (forced while a published demo password is in use)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from fairs.api.deps import PageUser, SessionDep, csrf_protect
from fairs.api.pages.auth import home_for
from fairs.api.pages.common import flash, redirect, render
from fairs.errors import DomainError
from fairs.i18n import _
from fairs.services import users

router = APIRouter(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)


@router.get("/account/password")
def password_form(request: Request, user: PageUser) -> Response:
    """The change-password form."""
    forced = bool(request.session.get("must_change_password"))
    return render(request, "account_password.html", {"forced": forced}, user=user)


@router.post("/account/password")
def change_password(
    request: Request,
    session: SessionDep,
    user: PageUser,
    current: Annotated[str, Form(max_length=200)] = "",
    new: Annotated[str, Form(max_length=200)] = "",
    repeat: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Check the current password and the rules, then replace it."""
    forced = bool(request.session.get("must_change_password"))
    try:
        users.change_own_password(session, actor=user, current=current, new=new, repeat=repeat)
    except DomainError as refused:
        context = {"forced": forced, "error": refused.message}
        return render(request, "account_password.html", context, user=user, status=refused.status)
    session.commit()
    request.session.pop("must_change_password", None)
    flash(request, _("Your password has been changed."))
    return redirect(request, home_for(user))
