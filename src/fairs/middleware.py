"""Pure ASGI middleware: the request's locale, security headers and `Vary` on every response."""

from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fairs import i18n

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


class LocaleAndHeaders:
    """Sets `i18n.current_locale` for the request and adds security headers to the response."""

    def __init__(self, app: ASGIApp, default_locale: str) -> None:
        self.app = app
        self.default_locale = default_locale

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = i18n.current_locale.set(i18n.pick_locale(_explicit_locale(scope), None, self.default_locale))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for key, value in SECURITY_HEADERS.items():
                    headers.setdefault(key, value)
                present = {v.strip().lower() for v in headers.get("vary", "").split(",") if v.strip()}
                for name in ("HX-Request", "Cookie"):
                    if name.lower() not in present:
                        headers.add_vary_header(name)
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            i18n.current_locale.reset(token)
