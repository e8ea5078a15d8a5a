"""Helpers for the real-browser tests: viewports, logging in through the form, decoding a QR, screenshots."""

from __future__ import annotations

import io
import os
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import httpx

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
ISSUING_BOOTH = "Территориальный центр социального обслуживания населения"

TIMEZONE = "Europe/Minsk"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
LAPTOP = {"width": 1366, "height": 768}
VIEWPORTS = ("laptop", "phone")  # the fair day's two screens (issue 15): a 1366×768 laptop, a 390×844 phone


def local_today() -> date:
    """Today in the demo district (the server's default time zone)."""
    return datetime.now(ZoneInfo(TIMEZONE)).date()


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


def viewport_page(browser: Browser, viewport: str, **options) -> Page:
    """A new page as on the named screen of VIEWPORTS: a 1366×768 laptop or a 390×844 phone."""
    if viewport == "phone":
        return phone_page(browser, **options)
    return browser.new_context(viewport=LAPTOP, **options).new_page()


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
    options.setdefault("scale", "css")  # one pixel per CSS pixel: phone shots stay small files
    options.setdefault("animations", "disabled")  # e.g. the htmx progress bar still fading out
    page.screenshot(path=str(path), **options)
    return path


def api(base_url: str, method: str, path: str, *, token: str = "", **kwargs):  # noqa: ANN003, ANN201
    """One JSON API call (to arrange data fast; what a test asserts goes through the pages)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.request(method, f"{base_url}/api/v1{path}", headers=headers, timeout=10, **kwargs)
    response.raise_for_status()
    return response.json()


def organiser_token(base_url: str) -> str:
    form = {"username": "organiser", "password": DEMO["organiser"]}
    return api(base_url, "POST", "/auth/token", data=form)["access_token"]


def api_open_fair_id(base_url: str) -> int:
    """The id of the demo district's open fair; the first planned one is opened when none is open."""
    token = organiser_token(base_url)
    fairs = api(base_url, "GET", "/fairs", token=token)
    fair = next((f for f in fairs if f["status"] == "open"), None)
    if fair is None:  # the latest planned fair up to today (a future one cannot be opened before its day)
        today = local_today().isoformat()
        fair = max(
            (f for f in fairs if f["status"] == "planned" and f["date"] <= today), key=lambda f: f["date"]
        )
        api(base_url, "POST", f"/fairs/{fair['id']}/open", token=token, json={"confirm": True})
    return fair["id"]


def issue_coupon(
    base_url: str,
    *,
    receiving: str = DEMO_ORGANISATION["partner"],
    direction: str | None = None,
    issuing: str = ISSUING_BOOTH,
    person: tuple[str, str, str, int] = ("Зоя", "Роман", "F", 1992),
) -> dict:
    """Issue a fresh coupon through the API as the demo organiser → the API's coupon (token, code, url, …).

    Uses the open fair of the demo district (opening the first planned one if none is open), a booth of
    `issuing` there, and a visitor made of `person` (mother's and father's names, sex, birth year)."""
    token = organiser_token(base_url)
    fair = {"id": api_open_fair_id(base_url)}
    orgs = {o["name"]: o for o in api(base_url, "GET", "/organisations", token=token)}
    booth = next(
        (
            b
            for b in api(base_url, "GET", f"/fairs/{fair['id']}/booths", token=token)
            if b["organisation"] == issuing
        ),
        None,
    ) or api(
        base_url,
        "POST",
        f"/fairs/{fair['id']}/booths",
        token=token,
        json={"organisation_id": orgs[issuing]["id"]},
    )
    mother, father, sex, year = person
    client = api(
        base_url,
        "POST",
        "/clients",
        token=token,
        json={"mother_name": mother, "father_name": father, "sex": sex, "birth_year": year},
    )
    api(base_url, "POST", f"/fairs/{fair['id']}/visits", token=token, json={"client_id": client["id"]})
    target = orgs[receiving]
    return api(
        base_url,
        "POST",
        f"/booths/{booth['id']}/coupons",
        token=token,
        json={
            "client_id": client["id"],
            "organisation_id": target["id"],
            "direction": direction or target["directions"][0],
        },
    )
