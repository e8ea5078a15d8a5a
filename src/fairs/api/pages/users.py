"""Pages: user accounts (organisers: their district's; admins: everyone's): create, edit, reset the
password, block and unblock."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import Response
from sqlmodel import Session

from fairs.api.deps import PageUser, SessionDep, csrf_protect
from fairs.api.pages.common import flash, redirect, refusal_note, refuse, render
from fairs.api.routing import Router, on_refusal
from fairs.errors import DomainError
from fairs.i18n import _
from fairs.models import Role, User
from fairs.services import accounts, registry

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)


def _choices(session: Session, user: User) -> dict:
    """What the forms offer: roles, organisations (for partners) and, to admins, districts and regions."""
    admin = user.role == Role.admin
    return {
        # A regional organisation's accounts are made in its home district.
        "organisations": [
            o
            for o in registry.list_organisations(session, actor=user)
            if admin or o.district_id == user.district_id
        ]
        if user.role in (Role.organiser, Role.admin)
        else [],
        "districts": registry.list_all_districts(session, include_retired=False) if admin else [],
        "regions": registry.list_regions(session, include_retired=False) if admin else [],
        "roles": ["organiser", "partner", "committee", "prison_worker", "curator"]
        + (["admin"] if admin else []),
    }


def _page(
    request: Request,
    session: SessionDep,
    user: User,
    *,
    typed: dict | None = None,
    notes: list[dict] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "accounts": accounts.list_users(session, actor=user),
        **_choices(session, user),
        "typed": typed or {},
        "messages": notes or [],
        "min_length": accounts.PASSWORD_MIN_LENGTH,
    }
    return render(request, "users.html", context, user=user, status=status)


def _place(user: User, district_id: int | None, region_id: int | None) -> dict:
    """The district or region asked in a form: an admin's choice; an organiser's own district."""
    if user.role == Role.admin:
        return {"district_id": district_id, "region_id": region_id}
    return {"district_id": user.district_id, "region_id": None}


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
    region_id: Annotated[int | None, Form()] = None,
) -> Response:
    """Create an account (its password is changed at the first login); a refusal is answered in place with
    what was typed (except the password)."""

    def refused(error: DomainError) -> Response:
        typed = {"username": username, "role": role, "full_name": full_name}
        typed |= {"organisation_id": organisation_id, "district_id": district_id, "region_id": region_id}
        notes = [refusal_note(error, "new-user")]
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
        organisation_id=organisation_id if role in (Role.partner, Role.prison_worker) else None,
        **_place(user, district_id, region_id),
    )
    message = _("The account %(name)s was created. Its password must be changed at the first login.")
    flash(request, message % {"name": username.strip().lower()}, where="new-user")
    return redirect(request, "/users")


def _edit_page(
    request: Request,
    session: Session,
    user: User,
    account: User,
    *,
    typed: dict | None = None,
    notes: list[dict] | None = None,
    temporary_password: str = "",
    status: int = 200,
) -> Response:
    context = {
        "account": account,
        **_choices(session, user),
        "typed": typed
        or {
            "full_name": account.full_name,
            "role": account.role,
            "organisation_id": account.organisation_id,
            "district_id": account.district_id,
            "region_id": account.region_id,
        },
        "messages": notes or [],
        "temporary_password": temporary_password,
    }
    response = render(request, "user_edit.html", context, user=user, status=status)
    if temporary_password:
        response.headers["Cache-Control"] = "no-store"  # shown once: not kept by the browser or a proxy
    return response


@router.get("/users/{user_id}")
def edit_form(request: Request, session: SessionDep, user: PageUser, user_id: int) -> Response:
    """One account: its name, role and place; the password reset."""
    account = accounts.managed_account(session, actor=user, user_id=user_id)
    return _edit_page(request, session, user, account)


@router.post("/users/{user_id}")
def edit_account(
    request: Request,
    session: SessionDep,
    user: PageUser,
    user_id: int,
    role: Annotated[str, Form(max_length=20)] = "",
    full_name: Annotated[str, Form(max_length=200)] = "",
    organisation_id: Annotated[int | None, Form()] = None,
    district_id: Annotated[int | None, Form()] = None,
    region_id: Annotated[int | None, Form()] = None,
) -> Response:
    """Save the account's name, role and place; a refusal is answered in place with what was typed."""
    account = accounts.managed_account(session, actor=user, user_id=user_id)
    typed = {"full_name": full_name, "role": role, "organisation_id": organisation_id}
    typed |= {"district_id": district_id, "region_id": region_id}

    def refused(error: DomainError) -> Response:
        notes = [refusal_note(error, "edit")]
        fresh = accounts.managed_account(session, actor=user, user_id=user_id)  # after the rollback
        return _edit_page(request, session, user, fresh, typed=typed, notes=notes, status=error.status)

    on_refusal(refused)
    if role not in {r.value for r in Role}:
        raise DomainError(_("Choose a role."), code="role_required")
    accounts.update_account(
        session,
        actor=user,
        user_id=account.id,
        full_name=full_name,
        role=role,
        organisation_id=organisation_id if role in (Role.partner, Role.prison_worker) else None,
        **_place(user, district_id, region_id),
    )
    flash(request, _("The account %(name)s was saved.") % {"name": account.username}, where="accounts")
    return redirect(request, "/users")


@router.post("/users/{user_id}/password")
def reset_password(request: Request, session: SessionDep, user: PageUser, user_id: int) -> Response:
    """Give the account a temporary password, shown on this answer only; the account is logged out
    everywhere and must choose its own password at the next login."""
    account = accounts.managed_account(session, actor=user, user_id=user_id)

    def refused(error: DomainError) -> Response:
        notes = [refusal_note(error, "reset")]
        fresh = accounts.managed_account(session, actor=user, user_id=user_id)
        return _edit_page(request, session, user, fresh, notes=notes, status=error.status)

    on_refusal(refused)
    changed, password = accounts.reset_password(session, actor=user, user_id=account.id)
    return _edit_page(request, session, user, changed, temporary_password=password)


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
        refuse(request, error, where="accounts")
        return redirect(request, "/users")

    on_refusal(refused)
    accounts.set_active(session, actor=user, user_id=user_id, active=active)
    flash(request, _("Unblocked.") if active else _("Blocked."), where="accounts")
    return redirect(request, "/users")
