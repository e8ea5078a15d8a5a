"""QR codes as inline SVG (for printed coupons): the picture of one URL, nothing else."""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.image.svg import SvgPathImage


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
