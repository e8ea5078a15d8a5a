"""Pages: log in and out, the home redirect by role, the language switch."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from fairs.api.deps import OptionalPageUser, PageUser, SessionDep, client_address, csrf_protect
from fairs.api.pages.common import flash, home_for, is_local_path, local_or, redirect, render
from fairs.api.routing import Router
from fairs.config import get_settings
from fairs.i18n import LOCALES, _
from fairs.security import device_cookie, devices_of, new_csrf_token, new_device_id
from fairs.services import accounts
from fairs.services.accounts import DemoPasswordRefused, TooManyAttempts, log_in, username_key

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)

LANG_COOKIE_MAX_AGE = 365 * 24 * 3600
# The browser's device cookie (fairs/security.py): the usernames it has logged in as. A login from it is
# not held by the lock-out of the username (services/accounts/login.py).
DEVICE_COOKIE = "fairs_device"
DEVICE_COOKIE_MAX_AGE = 180 * 24 * 3600


@router.get("/")
def home(user: PageUser) -> Response:
    """Send each role to its starting page."""
    return RedirectResponse(home_for(user), status_code=303)


@router.get("/login")
def login_form(request: Request, user: OptionalPageUser, next: str = "") -> Response:  # noqa: A002
    """The login form (a logged-in user goes straight on)."""
    if user is not None:
        return RedirectResponse(local_or(next, home_for(user)), status_code=303)
    return render(request, "login.html", {"next": local_or(next, "")}, user=None)


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form(max_length=100)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",  # noqa: A002
) -> Response:
    """Check the password; on success start a fresh session (new CSRF token) and go on to `next`."""
    devices, key = devices_of(request.cookies.get(DEVICE_COOKIE)), username_key(username)
    try:
        user = log_in(
            session, username=username, password=password, ip=client_address(request), device=devices.get(key)
        )
    except (TooManyAttempts, DemoPasswordRefused) as refused:
        context = {"next": local_or(next, ""), "username": username, "error": refused.message}
        return render(request, "login.html", context, user=None, status=refused.status)
    # The server-side session is created in the login's transaction; the failure is counted, or a
    # rehashed password kept.
    sid = accounts.start_session(session, user=user) if user is not None else None
    if user is None:
        return render(
            request,
            "login.html",
            {"next": local_or(next, ""), "username": username, "error": _("Wrong username or password.")},
            user=None,
            status=401,
        )
    request.session.clear()
    request.session["sid"] = sid
    request.session["uid"] = user.id  # not trusted: only for the lifetime stamp (SessionLifetime)
    request.session["csrf"] = new_csrf_token()
    target = local_or(next, home_for(user))
    if user.must_change_password and is_local_path(next):  # the own password first, then on to `next`
        target = "/account/password?" + urlencode({"next": next})
    response = RedirectResponse(target, status_code=303)
    # This browser is now known for this username (newest last: the cookie keeps the last ten).
    device = devices.pop(key, None) or new_device_id()
    response.set_cookie(
        DEVICE_COOKIE,
        device_cookie({**devices, key: device}),
        max_age=DEVICE_COOKIE_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=get_settings().base_url.startswith("https://"),  # as the session cookie
    )
    return response


@router.post("/logout")
def logout(request: Request, session: SessionDep) -> Response:
    """End the session, on the server too: a copy of the cookie stops working."""
    accounts.end_session(session, token=request.session.get("sid"))
    request.session.clear()
    flash(request, _("You have logged out."))
    return redirect(request, "/login")


@router.post("/lang")
def set_language(
    request: Request,
    lang: Annotated[str, Form(max_length=5)],
    next: Annotated[str, Form(max_length=2000)] = "/",  # noqa: A002
) -> Response:
    """Remember the chosen language in the `lang` cookie and go back."""
    response = redirect(request, local_or(next, "/"))
    if lang in LOCALES:
        response.set_cookie("lang", lang, max_age=LANG_COOKIE_MAX_AGE, samesite="lax", httponly=True)
    return response
