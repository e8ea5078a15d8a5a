"""QR codes as inline SVG (for printed coupons): the picture of one URL, nothing else."""

from __future__ import annotations

from urllib.parse import urlsplit

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.image.svg import SvgPathImage

from fairs.config import get_settings
from fairs.i18n import _

# Addresses that only the server itself can open: a phone that reads such a QR finds nothing.
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0", ""}  # noqa: S104 (compared, never bound)


def svg_for(url: str) -> str:
    """An `<svg>` element (no XML declaration) drawing `url` as a QR code; its size is left to CSS."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=2, image_factory=SvgPathImage)
    code.add_data(url)
    code.make(fit=True)
    image = code.make_image()
    root = image.get_image()
    # Drop the fixed millimetre size: the stylesheet scales the picture through the viewBox.
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, None)
    root.set("class", "qr")
    root.set("aria-hidden", "true")  # the page labels the box around it
    root.set("shape-rendering", "crispEdges")
    return image.to_string(encoding="unicode")


def qr_address_is_local(base_url: str | None = None) -> bool:
    """True while the address QR codes carry (FAIRS_BASE_URL) points at this machine."""
    host = (urlsplit(base_url if base_url is not None else get_settings().base_url).hostname or "").lower()
    return host in LOCAL_HOSTS or host.startswith("127.") or host.endswith(".localhost")


def qr_address_warning() -> str | None:
    """What to tell whoever prints or starts the server while QR codes point at this machine, else None."""
    if not qr_address_is_local():
        return None
    return _(
        "FAIRS_BASE_URL points at this computer (%(url)s): phones cannot open the QR codes of the coupons "
        "printed now. The administrator must set FAIRS_BASE_URL to the address phones reach (https)."
    ) % {"url": get_settings().base_url}
