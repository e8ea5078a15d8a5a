"""Redirects for browsers and htmx: URLs put in headers are percent-encoded first.

A header value must be Latin-1 (Starlette encodes it so); a `next` of "/fairs?q=Иван" put in `HX-Redirect`
as typed would fail after the request's work was committed. `RedirectResponse` already quotes its
`Location` with this safe set; every other header carrying a URL goes through `header_url`.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from fairs.api.deps import is_htmx

URL_SAFE = ":/%#?=@[]!$&'()*+,;~"  # Starlette's RedirectResponse keeps these (and "~") as they are


def header_url(url: str) -> str:
    """`url` with everything but ASCII URL characters percent-encoded (controls and spaces too)."""
    return quote(url, safe=URL_SAFE)


def hx_redirect(url: str) -> Response:
    """204 with `HX-Redirect`: htmx navigates the whole page to `url`."""
    return Response(status_code=204, headers={"HX-Redirect": header_url(url)})


def see_other(request: Request, url: str) -> Response:
    """POST → redirect → GET; htmx callers get 204 with HX-Redirect (a full navigation)."""
    return hx_redirect(url) if is_htmx(request) else RedirectResponse(url, status_code=303)
