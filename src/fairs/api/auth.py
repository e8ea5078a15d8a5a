"""POST /api/v1/auth/token: the OAuth2 password flow."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm

from fairs.api.deps import NotAuthenticated, SessionDep
from fairs.api.schemas import TokenOut
from fairs.i18n import _
from fairs.security import create_access_token
from fairs.services.users import authenticate

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


@router.post("/token", response_model=TokenOut)
def login_for_token(session: SessionDep, form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> TokenOut:
    """Exchange a username and password for a bearer token."""
    user = authenticate(session, username=form.username, password=form.password)
    if user is None:
        raise NotAuthenticated(_("Wrong username or password."), code="bad_credentials")
    session.commit()
    return TokenOut(access_token=create_access_token(user.id))
