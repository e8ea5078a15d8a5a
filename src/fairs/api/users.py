"""User accounts: organisers manage their district's, admins everyone's."""

from __future__ import annotations

from fastapi import status

from fairs.api.deps import ApiUser, SessionDep
from fairs.api.routing import Router
from fairs.api.schemas import UserIn, UserOut
from fairs.models import Role, User
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
        organisation_id=user.organisation_id,
        is_active=user.is_active,
    )


@router.get("", response_model=list[UserOut])
def list_users(session: SessionDep, user: ApiUser) -> list[UserOut]:
    """Accounts the user manages."""
    return [user_out(u) for u in accounts.list_users(session, actor=user)]


@router.post("", response_model=UserOut, status_code=status.HTTP_201_CREATED)
def create_user(session: SessionDep, user: ApiUser, body: UserIn) -> UserOut:
    """Create an account (organisers: in their own district)."""
    district_id = body.district_id if user.role == Role.admin else user.district_id
    created = accounts.create_user(
        session,
        actor=user,
        username=body.username,
        password=body.password,
        role=body.role,
        district_id=district_id,
        organisation_id=body.organisation_id,
        full_name=body.full_name,
    )
    return user_out(created)


@router.post("/{user_id}/deactivate", response_model=UserOut)
def deactivate(session: SessionDep, user: ApiUser, user_id: int) -> UserOut:
    """Block an account: its sessions and tokens stop working at once."""
    changed = accounts.set_active(session, actor=user, user_id=user_id, active=False)
    return user_out(changed)


@router.post("/{user_id}/activate", response_model=UserOut)
def activate(session: SessionDep, user: ApiUser, user_id: int) -> UserOut:
    """Unblock an account."""
    changed = accounts.set_active(session, actor=user, user_id=user_id, active=True)
    return user_out(changed)
