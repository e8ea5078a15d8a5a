"""Helpers for the real-browser tests: viewports, logging in through the form, decoding a QR, screenshots."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported lazily: without Playwright the tests are skipped, not broken
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"

# The demo logins (src/fairs/services/demo.py): partner works at the employment centre, partner2 at the
# central district hospital.
DEMO: dict[str, str] = {
    "organiser": "demo-organiser-2026",
    "partner": "demo-partner-2026",
    "partner2": "demo-partner2-2026",
    "committee": "demo-committee-2026",
    "admin": "demo-admin-2026",
}
DEMO_ORGANISATION = {
    "partner": "Управление по труду, занятости и социальной защите (центр занятости)",
    "partner2": "УЗ «Солигорская центральная районная больница»",
}

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def phone_page(browser: Browser, **options) -> Page:
    """A new page in a context of its own, as on a 390×844 phone (3× pixels, touch)."""
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=3, is_mobile=True, has_touch=True, **options
    )
    return context.new_page()


def desktop_page(browser: Browser, **options) -> Page:
    """A new page in a context of its own, 1280×800."""
    context = browser.new_context(viewport=DESKTOP, **options)
    return context.new_page()


def login(page: Page, base_url: str, username: str, password: str) -> None:
    """Log in through the real form at /login (a page already on the login form is used as it is)."""
    if "/login" not in page.url:
        page.goto(f"{base_url}/login")
    form = page.locator('form[action="/login"]')
    form.locator('input[name="username"]').fill(username)
    form.locator('input[name="password"]').fill(password)
    with page.expect_navigation():
        form.locator('button[type="submit"]').click()
    assert "/login" not in page.url, f"still on the login page after logging in as {username}"


def decode_qr(png_bytes: bytes) -> str:
    """The text of the (single) QR code in a PNG image."""
    import zxingcpp
    from PIL import Image

    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png_bytes)))
    assert found, "no barcode found in the image"
    return found[0].text


def has_horizontal_scroll(page: Page) -> bool:
    """Whether the document is wider than the viewport."""
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def screenshot_to_docs(page: Page, name: str, **options) -> Path | None:
    """Save docs/screenshots/<name>.png, only when FAIRS_SCREENSHOTS=1 (normal runs leave the files alone)."""
    if os.environ.get("FAIRS_SCREENSHOTS") != "1":
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), **options)
    return path
