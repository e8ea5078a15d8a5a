"""Annotated dependencies shared by routers: the session, the current user, role guards, CSRF."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlmodel import Session

from fairs.db import get_engine, lookup_connection
from fairs.db.lifecycle import RequestSession, get_session, get_write_session, run_read, run_unit
from fairs.errors import DomainError, Forbidden
from fairs.i18n import _
from fairs.models import Role, User
from fairs.security import csrf_matches, new_csrf_token, user_id_from_token
from fairs.services.accounts import active_user, session_user
from fairs.services.report import REPORT_READERS

T = TypeVar("T")
SessionDep = Annotated[Session, Depends(get_session)]
WriteSessionDep = Annotated[Session, Depends(get_write_session)]

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


class NotAuthenticated(DomainError):
    """No valid credentials: 401 for the API, a redirect to the login page for pages."""

    status = 401
    code = "not_authenticated"


class LoginRequired(Exception):
    """A page needs a logged-in user; the handler redirects to /login?next=…"""


class PasswordChangeRequired(Exception):
    """The session's account still has a published demo password: every page leads to the change form."""


# Pages a session that must change its password may still open.
PASSWORD_CHANGE_PATHS = ("/account/password", "/logout", "/lang", "/static/")


class CsrfFailed(DomainError):
    """A state-changing form came without the session's CSRF token."""

    status = 403
    code = "csrf_failed"


def _active_user(user_id: int | None) -> User | None:
    # Read outside the request's transaction: on SQLite that transaction holds the write lock, which
    # should be taken only for the route's own work.
    if user_id is None:
        return None
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


def bearer_user(token: str | None) -> User:
    """The active user of a bearer token, read synchronously (for dependencies that run in a thread)."""
    return _authenticated(_active_user(user_id_from_token(token) if token else None))


async def api_user(token: Annotated[str | None, Depends(oauth2_scheme)]) -> User:
    """The user of a bearer token (JSON API)."""
    return _authenticated(await run_read(_active_user, user_id_from_token(token) if token else None))


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
    changing = request.url.path.startswith(PASSWORD_CHANGE_PATHS)
    if user is not None and request.session.get("must_change_password") and not changing:
        raise PasswordChangeRequired()
    return user


async def page_user(user: Annotated[User | None, Depends(page_user_optional)]) -> User:
    """The user of the session cookie; pages without one redirect to the login page."""
    if user is None:
        raise LoginRequired()
    return user


ApiUser = Annotated[User, Depends(api_user)]
PageUser = Annotated[User, Depends(page_user)]
OptionalPageUser = Annotated[User | None, Depends(page_user_optional)]


@dataclass(frozen=True, slots=True)
class ApiUnit:
    """A JSON write route's session, whose user is read on the session's own connection.

    `ApiStaff` and its kin read the user on a separate connection before the route runs: a connection
    checkout, a statement and three more dependencies per request. The hot write routes (issue, redeem)
    take this instead: the bearer token is checked up front (401 without a valid one, before any database
    work), and `actor()`, the first statement of the route's unit, reads the account (still active? in one
    of the roles?) inside the unit's transaction."""

    session: Session
    user_id: int
    roles: tuple[Role, ...]

    async def run(self, work: Callable[[User], T]) -> T:
        """Run `work(actor)` as the request's unit (db.run_unit), the actor read first; then close."""
        try:
            return await run_unit(self.session, lambda: work(self.actor()))
        finally:
            self.session.close()

    def actor(self) -> User:
        """The active user of the token, in one of the unit's roles: else 401 or 403 (the unit rolls back)."""
        return _in_roles(_authenticated(active_user(self.session.connection(), self.user_id)), self.roles)


def _api_unit(*roles: Role):  # noqa: ANN202
    # Calls `oauth2_scheme` itself rather than as a sub-dependency, and returns instead of yielding: each
    # dependency level and each generator dependency's exit stack is a fixed cost of every issue and
    # redeem. The session holds no connection until `run` uses it, and `run` closes it; the routes declare
    # the bearer scheme in OpenAPI with UNIT_SECURITY.
    async def unit(request: Request) -> ApiUnit:
        token = await oauth2_scheme(request)
        user_id = user_id_from_token(token) if token else None
        if user_id is None:
            raise NotAuthenticated(_("Not authenticated."))
        return ApiUnit(RequestSession(get_engine()), user_id, roles)

    return unit


# What a route taking an ApiUnit adds to its OpenAPI operation: the bearer token it reads.
UNIT_SECURITY = {"security": [{"OAuth2PasswordBearer": []}]}


# A write session with the organiser's or partner's account checked inside it (see ApiUnit).
StaffUnit = Annotated[ApiUnit, Depends(_api_unit(Role.organiser, Role.partner))]


def _role_guard(dependency, *roles: Role):  # noqa: ANN001, ANN202
    async def guard(user: User = Depends(dependency)) -> User:  # async: no I/O, no thread hop
        return _in_roles(user, roles)

    return guard


ApiOrganiser = Annotated[User, Depends(_role_guard(api_user, Role.organiser))]
ApiStaff = Annotated[User, Depends(_role_guard(api_user, Role.organiser, Role.partner))]
ApiAdmin = Annotated[User, Depends(_role_guard(api_user, Role.admin))]
ApiReader = Annotated[User, Depends(_role_guard(api_user, Role.organiser, Role.partner, Role.committee))]
PageOrganiser = Annotated[User, Depends(_role_guard(page_user, Role.organiser))]
PageStaff = Annotated[User, Depends(_role_guard(page_user, Role.organiser, Role.partner))]
PageReader = Annotated[User, Depends(_role_guard(page_user, Role.organiser, Role.partner, Role.committee))]
PageAdmin = Annotated[User, Depends(_role_guard(page_user, Role.admin))]
# The committee's report: organisers and committee users (partners and admins are refused).
ApiReportReader = Annotated[User, Depends(_role_guard(api_user, *REPORT_READERS))]
PageReportReader = Annotated[User, Depends(_role_guard(page_user, *REPORT_READERS))]


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
