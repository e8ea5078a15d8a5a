"""Annotated dependencies shared by routers: the session, the current user, role guards, CSRF."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlmodel import Session

from fairs.api.routing import Deferred
from fairs.db import lookup_connection
from fairs.db.lifecycle import get_session, get_write_session
from fairs.errors import DomainError, Forbidden
from fairs.i18n import _
from fairs.models import Role, User
from fairs.security import csrf_matches, new_csrf_token, token_claims
from fairs.services.accounts import active_user, session_user
from fairs.services.report import REPORT_READERS

SessionDep = Annotated[Session, Depends(get_session)]
WriteSessionDep = Annotated[Session, Depends(get_write_session)]

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


class NotAuthenticated(DomainError):
    """No valid credentials: 401 for the API, a redirect to the login page for pages."""

    status = 401
    code = "not_authenticated"


class LoginRequired(Exception):
    """A page needs a logged-in user; the handler redirects to /login?next=…"""


class PasswordChangeRequired(Forbidden):
    """Someone else chose the account's password (a reset, a new account): until the person chooses their
    own, the API answers 403 and the pages lead to the password form (api/problems.py)."""

    code = "password_change_required"


# The pages a user who must change their password may still use (logout and the language switch need no
# user; static files are no route of ours).
PASSWORD_CHANGE_PATHS = frozenset({"/account/password", "/account/sessions/end-all"})


def _password_change_required() -> PasswordChangeRequired:
    return PasswordChangeRequired(
        _("Your password was set by someone else: choose your own password first."),
        code="password_change_required",
    )


class CsrfFailed(DomainError):
    """A state-changing form came without the session's CSRF token."""

    status = 403
    code = "csrf_failed"


def _active_user(user_id: int) -> User | None:
    # For a route without a session of its own: one statement on a read connection.
    with lookup_connection() as conn:
        return active_user(conn, user_id)


def _authenticated(user: User | None) -> User:
    """`user`, or 401 when the credentials named no active account."""
    if user is None:
        raise NotAuthenticated(_("Not authenticated."))
    return user


def _in_roles(user: User, roles: tuple[Role, ...]) -> User:
    """`user`, or 403 when their role is not one of `roles`."""
    if user.role not in roles:
        raise Forbidden(_("Your role does not allow this."), code="forbidden")
    return user


@dataclass(frozen=True, slots=True)
class BearerCaller(Deferred):
    """The caller of a JSON route, by a bearer token whose signature and expiry were checked up front;
    the lifecycle settles it (`settle`) as the first statement of the route's own transaction: the account
    is read on the route's session (still active? the token's generation still the account's? in one of the
    route's roles?), else 401 or 403 and the unit writes nothing. No separate connection, thread hop or
    transaction per request for the caller; the generation comes in the same row as the account."""

    user_id: int
    generation: int
    roles: tuple[Role, ...]
    password_change: bool = False  # the route changes the password: open to an account that must

    def settle(self, session: Session | None) -> User:
        if session is None:
            user = _active_user(self.user_id)
        else:
            user = active_user(session.connection(), self.user_id)
        if user is not None and user.token_generation != self.generation:
            user = None  # issued before a password change, "log out on every device" or a block
        if user is not None and user.must_change_password and not self.password_change:
            raise _password_change_required()
        return _in_roles(_authenticated(user), self.roles)


def bearer_caller(
    token: str | None, roles: tuple[Role, ...] = tuple(Role), *, password_change: bool = False
) -> BearerCaller:
    """The deferred caller of a bearer token (401 at once when the token is not valid)."""
    claims = token_claims(token) if token else None
    if claims is None:
        raise NotAuthenticated(_("Not authenticated."))
    return BearerCaller(claims[0], claims[1], roles, password_change)


def _bearer(*roles: Role, password_change: bool = False):  # noqa: ANN202
    async def caller(token: Annotated[str | None, Depends(oauth2_scheme)]) -> BearerCaller:
        return bearer_caller(token, roles, password_change=password_change)

    return caller


def _session_user(token: object) -> User | None:
    # Like `_active_user`: one statement on a read connection, outside the request's transaction.
    if not token:
        return None
    with lookup_connection() as conn:
        return session_user(conn, token)


def page_user_optional(request: Request) -> User | None:
    """The user of the session cookie's server-side session (`sid`), or None.

    Only `sid` counts: a cookie without a live session row (logged out, ended on every device, blocked,
    expired, or from before sessions were kept on the server) is logged out. The `uid` the cookie also
    carries serves only the session lifetime stamp (middleware.SessionLifetime)."""
    user = _session_user(request.session.get("sid"))
    request.state.user = user
    if user is not None and user.must_change_password and request.url.path not in PASSWORD_CHANGE_PATHS:
        raise _password_change_required()  # the pages answer it with the password form
    return user


async def page_user(user: Annotated[User | None, Depends(page_user_optional)]) -> User:
    """The user of the session cookie; pages without one redirect to the login page."""
    if user is None:
        raise LoginRequired()
    return user


PageUser = Annotated[User, Depends(page_user)]
OptionalPageUser = Annotated[User | None, Depends(page_user_optional)]


def _page_role(*roles: Role):  # noqa: ANN202
    async def guard(user: User = Depends(page_user)) -> User:  # async: no I/O, no thread hop
        return _in_roles(user, roles)

    return guard


# JSON callers (bearer tokens), settled inside the route's unit (BearerCaller).
ApiUser = Annotated[User, Depends(_bearer(*Role))]
# The one JSON route open to an account that must change its password: changing it.
ApiUserChangingPassword = Annotated[User, Depends(_bearer(*Role, password_change=True))]
ApiOrganiser = Annotated[User, Depends(_bearer(Role.organiser))]
ApiStaff = Annotated[User, Depends(_bearer(Role.organiser, Role.partner))]
ApiAdmin = Annotated[User, Depends(_bearer(Role.admin))]
ApiReader = Annotated[User, Depends(_bearer(Role.organiser, Role.partner, Role.committee))]
# Before release: the prison's social worker; with the organisers who read the people expected in a district.
ApiPrisonWorker = Annotated[User, Depends(_bearer(Role.prison_worker))]
ApiExpectedReader = Annotated[User, Depends(_bearer(Role.organiser, Role.prison_worker))]
# Curation: the curator's own people; with the organisers who keep a client's journey and plan.
ApiCurator = Annotated[User, Depends(_bearer(Role.curator))]
ApiJourney = Annotated[User, Depends(_bearer(Role.organiser, Role.curator))]
PageOrganiser = Annotated[User, Depends(_page_role(Role.organiser))]
PageCurator = Annotated[User, Depends(_page_role(Role.curator))]
PageJourney = Annotated[User, Depends(_page_role(Role.organiser, Role.curator))]
PagePrisonWorker = Annotated[User, Depends(_page_role(Role.prison_worker))]
PageStaff = Annotated[User, Depends(_page_role(Role.organiser, Role.partner))]
# A coupon's print page: staff, and the curator of the coupon's client (services/coupons `coupon_to_print`).
PagePrinter = Annotated[User, Depends(_page_role(Role.organiser, Role.partner, Role.curator))]
PageReader = Annotated[User, Depends(_page_role(Role.organiser, Role.partner, Role.committee))]
PageAdmin = Annotated[User, Depends(_page_role(Role.admin))]
# The committee's report: organisers and committee users (partners and admins are refused).
ApiReportReader = Annotated[User, Depends(_bearer(*REPORT_READERS))]
PageReportReader = Annotated[User, Depends(_page_role(*REPORT_READERS))]


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not token:
        token = new_csrf_token()
        request.session["csrf"] = token
    return token


async def csrf_protect(request: Request) -> None:
    """On POST/PUT/PATCH/DELETE, require the session's token in the form or the X-CSRF-Token header."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    given = request.headers.get("x-csrf-token")
    if not given:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get("csrf_token")
            given = value if isinstance(value, str) else None
    if not csrf_matches(request.session.get("csrf"), given):
        raise CsrfFailed(_("The form has expired. Please reload the page and try again."))


def is_htmx(request: Request) -> bool:
    """True for requests made by htmx (HX-Request: true)."""
    return request.headers.get("hx-request") == "true"


def client_address(request: Request) -> str:
    """The client's address (behind a reverse proxy, uvicorn --proxy-headers puts the real one here)."""
    return request.client.host if request.client else "unknown"
