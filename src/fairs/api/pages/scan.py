"""Pages: the scan page for partner staff and organisers (camera QR reader and a typed-code box)."""

from __future__ import annotations

import ipaddress

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from fairs.api.deps import PageStaff
from fairs.api.pages.common import flash, render, screen_url
from fairs.api.routing import Router
from fairs.config import get_settings
from fairs.services import coupons

router = Router(tags=["pages"], include_in_schema=False)

JSQR = "/static/vendor/jsqr-1.4.0.js"
LOCAL_NAMES = {"localhost"}


def is_local_host(host: str) -> bool:
    """True for the host names a browser treats as secure over plain http (loopback only)."""
    name = host.strip().lower().rstrip(".")
    if name in LOCAL_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        return False


def is_secure_context(request: Request) -> bool:
    """Whether a browser would let this page use the camera: https, or plain http on a loopback host.

    Behind a reverse proxy the scheme is the proxy's (`fairs serve` reads X-Forwarded-Proto from a trusted
    proxy); the page checks `window.isSecureContext` as well and hides the warning if the browser differs."""
    return request.url.scheme == "https" or is_local_host(request.url.hostname or "")


def typed_target(request: Request, text: str) -> str:
    """The coupon screen for a typed code or a pasted coupon address; a code read from the Russian keyboard
    layout is said so on that screen."""
    typed = text.strip()[:200]
    ref = typed.rsplit("/c/", 1)[-1] if "/c/" in typed else typed
    if coupons.looks_like_token(ref):
        return screen_url(ref)
    note = coupons.layout_note(ref)
    if note is not None:
        flash(request, note, "warn", where="result")
    return screen_url(coupons.normalise_short_code(ref)[:40] or "-")


@router.get("/scan")
def scan_page(request: Request, user: PageStaff, code: str = "") -> Response:
    """Scan a coupon's QR code with the camera, or type its short code (a keyboard-wedge scanner too).

    The typed code comes back here (`?code=`, the form works without JavaScript): to the coupon screen."""
    if code.strip():
        return RedirectResponse(typed_target(request, code), status_code=303)
    context = {
        "secure": is_secure_context(request),
        "jsqr": JSQR,
        "base_url": get_settings().base_url,
        "code_length": coupons.BODY_LENGTH + 1,
    }
    return render(request, "scan.html", context, user=user)
