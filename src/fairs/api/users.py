"""User accounts: organisers manage their district's, admins everyone's; each user changes their own."""

from __future__ import annotations

from fastapi import Response, status

from fairs.api.deps import ApiUser, ApiUserChangingPassword, SessionDep
from fairs.api.routing import Router
from fairs.api.schemas import (
    LanguageIn,
    PasswordChangeIn,
    PasswordResetOut,
    TokenOut,
    UserEdit,
    UserIn,
    UserOut,
)
from fairs.models import Role, User
from fairs.security import create_access_token
from fairs.services import accounts

router = Router(prefix="/api/v1/users", tags=["users"])


def user_out(user: User) -> UserOut:
    """The API form of an account (never its password hash)."""
    return UserOut(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        role=user.role,
        district_id=user.district_id,
        region_id=user.region_id,
        organisation_id=user.organisation_id,
        is_active=user.is_active,
        must_change_password=user.must_change_password,
        locale=user.locale,
    )


@router.get("", response_model=list[UserOut])
def list_users(session: SessionDep, user: ApiUser) -> list[UserOut]:
    """Accounts the user manages."""
    return [user_out(u) for u in accounts.list_users(session, actor=user)]


@router.post("", response_model=UserOut, status_code=status.HTTP_201_CREATED)
def create_user(session: SessionDep, user: ApiUser, body: UserIn) -> UserOut:
    """Create an account (organisers: in their own district); its password must be changed at the first
    login."""
    admin = user.role == Role.admin
    created = accounts.create_user(
        session,
        actor=user,
        username=body.username,
        password=body.password,
        role=body.role,
        district_id=body.district_id if admin else user.district_id,
        region_id=body.region_id if admin else None,
        organisation_id=body.organisation_id,
        full_name=body.full_name,
    )
    return user_out(created)


@router.post("/me/password", response_model=TokenOut)
def change_own_password(
    session: SessionDep, user: ApiUserChangingPassword, body: PasswordChangeIn
) -> TokenOut:
    """Change one's own password (the one call open while a password change is required): every session
    and token of the account ends, this token too; the answer is a fresh token."""
    changed = accounts.change_own_password(
        session, actor=user, current=body.current, new=body.new, repeat=body.new
    )
    return TokenOut(access_token=create_access_token(changed.id, generation=changed.token_generation))


@router.put("/me/language", response_model=UserOut)
def set_own_language(session: SessionDep, user: ApiUser, body: LanguageIn) -> UserOut:
    """Set the language of one's own pages and answers: ru, en or be, blank for the deployment's default
    (400 `unknown_locale`); a `lang` query parameter or cookie still overrides it per request."""
    return user_out(accounts.set_own_locale(session, actor=user, locale=body.locale))


@router.patch("/{user_id}", response_model=UserOut)
def edit_user(session: SessionDep, user: ApiUser, user_id: int, body: UserEdit) -> UserOut:
    """Change an account's full name, role, organisation (partners) and, for admins, district or region;
    a change of role or place ends the account's tokens. Fields not given stay as they are."""
    target = accounts.managed_account(session, actor=user, user_id=user_id)
    given = body.model_dump(exclude_unset=True)
    if user.role != Role.admin:  # an organiser's accounts stay in their district
        given.pop("district_id", None)
        given.pop("region_id", None)
    current = {
        "full_name": target.full_name,
        "role": target.role,
        "organisation_id": target.organisation_id,
        "district_id": target.district_id,
        "region_id": target.region_id,
    }
    if "district_id" in given and given["district_id"] is not None and "region_id" not in given:
        given["region_id"] = None  # a district given replaces a region
    if "region_id" in given and given["region_id"] is not None and "district_id" not in given:
        given["district_id"] = None  # and a region a district
    for key in ("full_name", "role"):  # null: unchanged (an account always has both)
        if given.get(key) is None:
            given.pop(key, None)
    wanted = current | given
    changed = accounts.update_account(session, actor=user, user_id=user_id, **wanted)
    return user_out(changed)


@router.post("/{user_id}/reset-password", response_model=PasswordResetOut)
def reset_password(session: SessionDep, user: ApiUser, user_id: int, response: Response) -> PasswordResetOut:
    """Give the account a temporary password, answered this once (hand it over in person); the account is
    logged out everywhere and must choose its own password at the next login."""
    response.headers["Cache-Control"] = "no-store"
    changed, password = accounts.reset_password(session, actor=user, user_id=user_id)
    return PasswordResetOut(user=user_out(changed), temporary_password=password)


@router.post("/{user_id}/deactivate", response_model=UserOut)
def deactivate(session: SessionDep, user: ApiUser, user_id: int) -> UserOut:
    """Block an account: its sessions and tokens stop working at once (never one's own, nor the last
    admin)."""
    changed = accounts.set_active(session, actor=user, user_id=user_id, active=False)
    return user_out(changed)


@router.post("/{user_id}/activate", response_model=UserOut)
def activate(session: SessionDep, user: ApiUser, user_id: int) -> UserOut:
    """Unblock an account."""
    changed = accounts.set_active(session, actor=user, user_id=user_id, active=True)
    return user_out(changed)
