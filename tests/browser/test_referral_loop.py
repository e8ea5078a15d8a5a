"""The referral loop in a real browser: an organiser issues and prints a coupon on the fair day, the printed
QR is decoded from a screenshot, and a partner on a phone opens it, logs in, redeems and records the outcome.
"""

from __future__ import annotations

import re

from sqlalchemy import create_engine, select

from fairs.models import Coupon
from tests.browser.helpers import (
    DEMO,
    DEMO_ORGANISATION,
    decode_qr,
    desktop_page,
    login,
    phone_page,
    screenshot_to_docs,
)

ISSUING = "Территориальный центр социального обслуживания населения"
RECEIVING = DEMO_ORGANISATION["partner"]  # the employment centre, where `partner` works
MAX_TAPS = 3


def _token_of(database_url: str, code: str) -> str:
    """The coupon's token, read from the server's database (the page never shows it but in the QR)."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(Coupon.token).where(Coupon.code == code)).scalar_one()
    finally:
        engine.dispose()


class Taps:
    """Taps on a phone page, counted (a tap is one touch on one control)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, locator) -> None:  # noqa: ANN001
        locator.tap()
        self.count += 1


def _open_next_planned_fair(page, base: str) -> str:  # noqa: ANN001
    """From the calendar, the first planned fair of the year, opened; returns its path."""
    page.goto(f"{base}/fairs")
    row = page.locator("tr", has=page.locator('form[action$="/open"]')).first
    path = row.locator('form[action$="/open"]').get_attribute("action").removesuffix("/open")
    page.goto(f"{base}{path}")
    with page.expect_navigation():
        page.locator(f'form[action="{path}/open"] button[type="submit"]').click()
    return path


def _issue_coupon(page, base: str) -> tuple[str, str]:  # noqa: ANN001
    """On an open fair day: a booth, a visitor, a coupon for the employment centre → (code, client code)."""
    booths = page.locator("#booths")
    booths.locator('select[name="organisation_id"]').select_option(label=ISSUING)
    booths.locator('input[name="staff"]').fill("специалист по социальной работе")
    booths.locator('form[action$="/booths"] button[type="submit"]').click()
    booth = page.locator("section.booth", has=page.locator("h3", has_text=ISSUING))
    booth.wait_for()

    visitors = page.locator("#visitors")
    visitors.locator('input[name="mother_name"]').fill("Вера")
    visitors.locator('input[name="father_name"]').fill("Павел")
    visitors.locator('input[name="sex"][value="M"]').check()
    visitors.locator('input[name="birth_year"]').fill("1987")
    visitors.locator('form[action$="/visitors"] button[type="submit"]').click()
    code_cell = page.locator("#visitors table a.code").first
    code_cell.wait_for()
    client_code = code_cell.inner_text().strip()

    form = booth.locator('form[action$="/coupons"]')
    form.locator('input[name="client_code"]').fill(client_code)
    target = form.locator(f'optgroup[label="{RECEIVING}"] option').first.get_attribute("value")
    form.locator('select[name="target"]').select_option(value=target)
    form.locator('button[type="submit"]').click()
    issued = booth.locator(".issued")
    issued.wait_for()
    return issued.locator(".issued-code").inner_text().strip(), client_code


def test_issue_print_scan_redeem_on_a_phone(browser, live_server) -> None:  # noqa: ANN001
    base = live_server.url
    desk = desktop_page(browser)
    login(desk, base, "organiser", DEMO["organiser"])
    fair_path = _open_next_planned_fair(desk, base)
    code, client_code = _issue_coupon(desk, base)
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]", code), code
    screenshot_to_docs(desk, "fair-day")

    # The print view opens in a new tab; as printed (print media), the coupon's QR is decoded from pixels.
    booth = desk.locator("section.booth", has=desk.locator(".issued"))
    with desk.context.expect_page() as opened:
        booth.locator(".issued a", has_text=re.compile(".")).last.click()
    printed = opened.value
    printed.wait_for_load_state()
    raw_code = code.replace("-", "")
    assert printed.url.endswith(f"/coupons/{raw_code}/print"), printed.url
    printed.emulate_media(media="print")
    coupon = printed.locator("article.coupon")
    assert code in coupon.locator(".short-code").inner_text()
    assert client_code in coupon.locator(".client-code-print").inner_text()
    url = decode_qr(coupon.screenshot())
    assert url == f"{base}/c/{_token_of(live_server.database_url, raw_code)}"
    screenshot_to_docs(printed, "coupon-print", clip=coupon.bounding_box())
    desk.context.close()

    # The partner's phone camera opens the QR's address: login first, then straight back to the coupon.
    phone = phone_page(browser)
    phone.goto(url)
    assert "/login" in phone.url
    login(phone, base, "partner", DEMO["partner"])
    assert phone.url == url
    valid = phone.locator('[data-verdict="valid"]')
    assert valid.is_visible()
    assert RECEIVING in phone.locator("main").inner_text()
    screenshot_to_docs(phone, "phone-coupon-valid")

    tap = Taps()
    tap(phone.locator('form[action$="/redeem"] button[type="submit"]'))
    phone.locator('[data-verdict="redeemed_now"]').wait_for()
    screenshot_to_docs(phone, "phone-redeemed")
    tap(phone.locator('button[name="outcome"]').first)
    phone.locator('button[name="outcome"][aria-pressed="true"]').wait_for()
    assert tap.count <= MAX_TAPS, f"{tap.count} taps from the coupon screen to an outcome"
    screenshot_to_docs(phone, "phone-outcome")

    phone.goto(url)
    again = phone.locator('[data-verdict="already_redeemed"]')
    assert again.is_visible()
    assert not phone.locator('form[action$="/redeem"]').count()
    screenshot_to_docs(phone, "phone-already-redeemed")
    phone.context.close()
    assert fair_path.startswith("/fairs/")
