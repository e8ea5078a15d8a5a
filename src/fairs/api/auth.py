"""POST /api/v1/auth/token: the OAuth2 password flow."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import Response
from fastapi.security import OAuth2PasswordRequestForm

from fairs.api.deps import NotAuthenticated, SessionDep, client_address
from fairs.api.problems import refusal
from fairs.api.routing import Router
from fairs.api.schemas import TokenOut
from fairs.i18n import _
from fairs.security import create_access_token
from fairs.services.accounts import log_in

router = Router(prefix="/api/v1/auth", tags=["auth"])


@router.post("/token", response_model=TokenOut, responses={401: {"description": "wrong credentials"}})
def login_for_token(
    request: Request, session: SessionDep, form: Annotated[OAuth2PasswordRequestForm, Depends()]
) -> TokenOut | Response:
    """Exchange a username and password for a bearer token (429 after too many failures; 403
    `demo_password` for a published demo password outside demo mode)."""
    user = log_in(session, username=form.username, password=form.password, ip=client_address(request))
    # Refusals are answered, not raised: the request's transaction keeps the counted failure.
    if user is None:
        return refusal(NotAuthenticated(_("Wrong username or password."), code="bad_credentials"))
    return TokenOut(access_token=create_access_token(user.id, generation=user.token_generation))
