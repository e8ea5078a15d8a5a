"""Pages: user accounts (organisers: their district's; admins: everyone's)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from fairs.api.deps import PageUser, SessionDep, csrf_protect
from fairs.api.pages.common import flash, redirect, render
from fairs.api.routing import Router, on_refusal
from fairs.errors import DomainError
from fairs.i18n import _
from fairs.models import Role, User
from fairs.services import accounts, registry

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)


def _page(
    request: Request,
    session: SessionDep,
    user: User,
    *,
    typed: dict | None = None,
    notes: list[dict] | None = None,
    status: int = 200,
) -> Response:
    users = accounts.list_users(session, actor=user)
    context = {
        "accounts": users,
        "organisations": [  # a regional organisation's accounts are made in its home district
            o for o in registry.list_organisations(session, actor=user) if o.district_id == user.district_id
        ]
        if user.role == Role.organiser
        else [],
        "districts": registry.list_all_districts(session, include_retired=False)
        if user.role == Role.admin
        else [],
        "roles": ["organiser", "partner", "committee"] + (["admin"] if user.role == Role.admin else []),
        "typed": typed or {},
        "messages": notes or [],
        "min_length": accounts.PASSWORD_MIN_LENGTH,
    }
    return render(request, "users.html", context, user=user, status=status)


@router.get("/users")
def user_list(request: Request, session: SessionDep, user: PageUser) -> Response:
    """The accounts the user manages, and a form to add one."""
    return _page(request, session, user)


@router.post("/users")
def create_account(
    request: Request,
    session: SessionDep,
    user: PageUser,
    username: Annotated[str, Form(max_length=100)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    role: Annotated[str, Form(max_length=20)] = "",
    full_name: Annotated[str, Form(max_length=200)] = "",
    organisation_id: Annotated[int | None, Form()] = None,
    district_id: Annotated[int | None, Form()] = None,
) -> Response:
    """Create an account; a refusal is answered in place with what was typed (except the password)."""

    def refused(error: DomainError) -> Response:
        typed = {"username": username, "role": role, "full_name": full_name}
        typed |= {"organisation_id": organisation_id, "district_id": district_id}
        notes = [{"kind": "error", "text": error.message, "where": "new-user"}]
        return _page(request, session, user, typed=typed, notes=notes, status=error.status)

    on_refusal(refused)
    if role not in {r.value for r in Role}:
        raise DomainError(_("Choose a role."), code="role_required")
    accounts.create_user(
        session,
        actor=user,
        username=username,
        password=password,
        role=role,
        full_name=full_name.strip(),
        organisation_id=organisation_id if role == Role.partner else None,
        district_id=district_id if user.role == Role.admin else user.district_id,
    )
    flash(
        request, _("The account %(name)s was created.") % {"name": username.strip().lower()}, where="new-user"
    )
    return redirect(request, "/users")


@router.post("/users/{user_id}/active")
def set_active(
    request: Request,
    session: SessionDep,
    user: PageUser,
    user_id: int,
    active: Annotated[bool, Form()] = False,
) -> Response:
    """Block or unblock an account."""

    def refused(error: DomainError) -> Response:
        flash(request, error.message, "error", where="accounts")
        return redirect(request, "/users")

    on_refusal(refused)
    accounts.set_active(session, actor=user, user_id=user_id, active=active)
    flash(request, _("Unblocked.") if active else _("Blocked."), where="accounts")
    return redirect(request, "/users")
