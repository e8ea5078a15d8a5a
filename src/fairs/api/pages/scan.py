"""Pages: the scan page for partner staff and organisers (camera QR reader and a typed-code box)."""

from __future__ import annotations

import ipaddress

from fastapi import Request
from fastapi.responses import Response

from fairs.api.deps import PageStaff
from fairs.api.pages.common import render
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


@router.get("/scan")
def scan_page(request: Request, user: PageStaff) -> Response:
    """Scan a coupon's QR code with the camera, or type its short code (a keyboard-wedge scanner too)."""
    context = {
        "secure": is_secure_context(request),
        "jsqr": JSQR,
        "base_url": get_settings().base_url,
        "code_length": coupons.BODY_LENGTH + 1,
    }
    return render(request, "scan.html", context, user=user)
