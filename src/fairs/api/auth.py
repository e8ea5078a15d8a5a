"""POST /api/v1/auth/token: the OAuth2 password flow."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm

from fairs.api.deps import NotAuthenticated, SessionDep, client_address
from fairs.api.schemas import TokenOut
from fairs.errors import Forbidden
from fairs.i18n import _
from fairs.security import create_access_token
from fairs.services.accounts import log_in, must_change_password

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


@router.post("/token", response_model=TokenOut)
def login_for_token(
    request: Request, session: SessionDep, form: Annotated[OAuth2PasswordRequestForm, Depends()]
) -> TokenOut:
    """Exchange a username and password for a bearer token (429 after too many failures)."""
    user = log_in(session, username=form.username, password=form.password, ip=client_address(request))
    session.commit()  # the failure is counted, or a rehashed password kept
    if user is None:
        raise NotAuthenticated(_("Wrong username or password."), code="bad_credentials")
    if must_change_password(form.password):
        raise Forbidden(
            _(
                "This account still uses a published demo password: "
                "log in on the website and change it first."
            ),
            code="password_change_required",
        )
    return TokenOut(access_token=create_access_token(user.id))
