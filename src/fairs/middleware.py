"""Pure ASGI middleware: the request's locale, security headers and `Vary` on every response; a limit on
the size of request bodies; an absolute lifetime for logged-in sessions."""

from __future__ import annotations

import time
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fairs import i18n
from fairs.i18n import _
from fairs.numbers import whole_number

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(self), microphone=(), geolocation=()",
}


def _explicit_locale(scope: Scope) -> str | None:
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    if query.get("lang"):
        return query["lang"][0]
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            cookie = SimpleCookie()
            try:
                cookie.load(value.decode("latin-1"))
            except Exception:  # noqa: BLE001, S112  (a malformed cookie header just means no choice)
                continue
            if "lang" in cookie:
                return cookie["lang"].value
    return None


SESSION_COOKIE = "fairs_session"
STATIC_PREFIX = "/static/"


def must_not_be_stored(scope: Scope) -> bool:
    """A request with a bearer token or a session cookie.

    Its answer must not stay in a browser's cache or a proxy's (`Cache-Control: no-store`): the PCs at
    partner offices are shared, and the next person could page back through a coupon or a client. (The
    session middleware sends its cookie with every answer to a session, static files included: the
    stylesheet and htmx keep their caching.)"""
    headers = Headers(scope=scope)
    cookies = ";".join(headers.getlist("cookie"))
    return "authorization" in headers or f"{SESSION_COOKIE}=" in cookies


class LocaleAndHeaders:
    """Sets `i18n.current_locale` for the request and adds security headers to the response (and
    `Cache-Control: no-store` to every answer to a caller with credentials, or that sets a cookie)."""

    def __init__(self, app: ASGIApp, default_locale: str) -> None:
        self.app = app
        self.default_locale = default_locale

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        explicit = _explicit_locale(scope)
        token = i18n.current_locale.set(i18n.pick_locale(explicit, None, self.default_locale))
        chosen = i18n.locale_chosen.set(explicit in i18n.LOCALES)

        static = scope.get("path", "").startswith(STATIC_PREFIX)
        private = not static and must_not_be_stored(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for key, value in SECURITY_HEADERS.items():
                    headers.setdefault(key, value)
                if private or (not static and "set-cookie" in headers):
                    headers["cache-control"] = "no-store"
                present = {v.strip().lower() for v in headers.get("vary", "").split(",") if v.strip()}
                for name in ("HX-Request", "Cookie"):
                    if name.lower() not in present:
                        headers.add_vary_header(name)
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            i18n.locale_chosen.reset(chosen)
            i18n.current_locale.reset(token)


class BodyLimit:
    """Refuses request bodies over `max_bytes` with 413 (problem+json for the API, a page otherwise).

    A declared Content-Length over the limit is answered before the application sees the request, so
    nothing runs; a body sent without a length is counted as it arrives and cut off at the limit (the
    route then fails while reading it, before it has done anything)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = whole_number(Headers(scope=scope).get("content-length", ""))
        if declared is not None and declared > self.max_bytes:
            await too_large(Request(scope, receive))(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise HTTPException(413, _("The request is too large."))
            return message

        await self.app(scope, counted, send)


def too_large(request: Request):  # noqa: ANN201
    """The 413 answer, in the form the caller reads."""
    from fairs.api import problems  # imported late: the API package imports this module's neighbours

    message = _("The request is too large.")
    if problems.wants_json(request):
        return problems.problem(413, "too_large", "too large", message)
    return problems.page_error(request, 413, message)


class SessionLifetime:
    """Ends a logged-in session `max_age` seconds after the login, however often it is used.

    The signed session cookie alone expires only after `max_age` seconds of *idleness* (every answer
    renews it). This middleware, inside the session middleware, stamps the session with the time it first
    carries a user and empties it once that stamp is older than `max_age`."""

    def __init__(self, app: ASGIApp, max_age: int) -> None:
        self.app = app
        self.max_age = max_age

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or "session" not in scope:
            await self.app(scope, receive, send)
            return
        session = scope["session"]
        now = int(time.time())
        since = session.get("since")
        # A stamp from the future (a clock set back) ends the session too; a minute of skew is allowed.
        if "uid" in session and isinstance(since, int) and not -60 <= now - since <= self.max_age:
            session.clear()

        async def stamp(message: Message) -> None:
            if message["type"] == "http.response.start" and "uid" in session and "since" not in session:
                session["since"] = now
            await send(message)

        await self.app(scope, receive, stamp)
