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
    ISSUING_BOOTH,
    api_open_fair_id,
    decode_qr,
    desktop_page,
    has_horizontal_scroll,
    issue_coupon,
    local_today,
    login,
    phone_page,
    screenshot_to_docs,
)

ISSUING = ISSUING_BOOTH
RECEIVING = DEMO_ORGANISATION["partner"]  # the employment centre, where `partner` works
MAX_TAPS = 3
NARROW = 360


def _stored(database_url: str, code: str):  # noqa: ANN202
    """The coupon's row in the server's database (token, status, outcome), by its short code."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(Coupon.__table__).where(Coupon.code == code)).one()._mapping
    finally:
        engine.dispose()


class Taps:
    """Taps on a phone page, counted (a tap is one touch on one control)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, locator) -> None:  # noqa: ANN001
        locator.tap()
        self.count += 1


def _open_next_planned_fair(page, base: str) -> None:  # noqa: ANN001
    """Today's fair, opened from this year's calendar (planned for today first if the demo has none: a
    fair opens on its own day only)."""
    page.goto(f"{base}/fairs")
    today = local_today()
    shown = today.strftime("%d.%m.%Y")
    todays = page.locator("tr", has=page.locator("td", has_text=shown)).locator('form[action$="/open"]')
    if todays.count() == 0:
        form = page.locator('form[action="/fairs"]')
        disclosure = page.locator("details", has=form)
        if disclosure.get_attribute("open") is None:
            disclosure.locator("summary").click()  # "Plan fairs" is folded once the year has fairs
        form.locator('input[name="day"]').fill(today.isoformat())
        with page.expect_navigation():
            form.locator('button[type="submit"]').click()
        page.goto(f"{base}/fairs")
    action = todays.first.get_attribute("action")
    path = action.removesuffix("/open")
    page.goto(f"{base}{path}")
    with page.expect_navigation():
        page.locator(f'form[action="{path}/open"] button[type="submit"]').click()
    assert page.url.startswith(f"{base}{path}"), page.url


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

    # The visitor just registered is the active one: the single-coupon form is under "other forms".
    booth.locator("details.other-forms > summary").click()
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
    _open_next_planned_fair(desk, base)
    code, client_code = _issue_coupon(desk, base)
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]", code), code
    desk.evaluate("window.scrollTo(0, 0)")
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
    assert url == f"{base}/c/{_stored(live_server.database_url, raw_code)['token']}"
    screenshot_to_docs(printed, "coupon-print", clip=coupon.bounding_box())
    desk.context.close()

    # The partner's phone camera opens the QR's address: login first, then straight back to the coupon.
    phone = phone_page(browser)
    phone.goto(url)
    assert phone.url.startswith(f"{base}/login?next="), phone.url
    login(phone, base, "partner", DEMO["partner"])
    assert phone.url == url
    phone.locator('[data-verdict="valid"]').wait_for()
    assert RECEIVING in phone.locator("main").inner_text()
    screenshot_to_docs(phone, "phone-coupon-valid")

    # Counted from the coupon screen (the camera app opening the link and the login are not taps here).
    tap = Taps()
    tap(phone.locator('form[action$="/redeem"] button[type="submit"]'))
    phone.locator('[data-verdict="redeemed_now"]').wait_for()
    screenshot_to_docs(phone, "phone-redeemed")
    outcome = phone.locator('button[name="outcome"]').first
    chosen = outcome.get_attribute("value")
    tap(outcome)
    phone.locator('[data-verdict="outcome"]').wait_for()
    assert phone.locator(f'button[name="outcome"][value="{chosen}"][aria-pressed="true"]').count() == 1
    assert tap.count <= MAX_TAPS, f"{tap.count} taps from the coupon screen to an outcome"
    stored = _stored(live_server.database_url, raw_code)
    assert stored["status"] == "redeemed" and stored["outcome_id"] is not None
    screenshot_to_docs(phone, "phone-outcome")

    phone.goto(url)
    again = phone.locator('[data-verdict="already_redeemed"]')
    again.wait_for()
    assert local_today().strftime("%d.%m.%Y") in again.inner_text()
    assert not phone.locator('form[action$="/redeem"]').count()
    screenshot_to_docs(phone, "phone-already-redeemed")

    # The partner's inbox lists the coupon among the redeemed ones.
    phone.goto(f"{base}/inbox?state=redeemed")
    assert code in phone.locator("main").inner_text()
    screenshot_to_docs(phone, "inbox")
    phone.context.close()


def _narrow_page(browser, base: str, username: str | None):  # noqa: ANN001, ANN202
    page = browser.new_context(
        viewport={"width": NARROW, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True
    ).new_page()
    if username:
        login(page, base, username, DEMO[username])
    return page


def _assert_fits(page, what: str) -> None:  # noqa: ANN001
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert not has_horizontal_scroll(page), f"{what} scrolls sideways at {NARROW} px: {widths}"


def test_no_horizontal_scroll_at_360_px(browser, live_server) -> None:  # noqa: ANN001
    base = live_server.url
    coupon = issue_coupon(base)
    other = issue_coupon(base, person=("Клара", "Семён", "M", 1979))

    anonymous = _narrow_page(browser, base, None)
    anonymous.goto(f"{base}/login?next=/c/{coupon['token']}")
    _assert_fits(anonymous, "the login page")

    partner = _narrow_page(browser, base, "partner")
    partner.goto(coupon["url"])
    partner.locator('[data-verdict="valid"]').wait_for()
    _assert_fits(partner, "a valid coupon")
    partner.locator('form[action$="/redeem"] button[type="submit"]').tap()
    partner.locator('[data-verdict="redeemed_now"]').wait_for()
    _assert_fits(partner, "a coupon just redeemed, with the outcome buttons")
    # The last outcome that needs no reason (one that does asks for it: tests/pages/test_nonhire_page.py).
    one_click = 'button[name="outcome"]:not([value="not_eligible"]):not([value="not_hired"])'
    partner.locator(one_click).last.tap()
    partner.locator('button[name="outcome"][aria-pressed="true"]').wait_for()
    _assert_fits(partner, "a coupon with its outcome")
    partner.goto(coupon["url"])
    partner.locator('[data-verdict="already_redeemed"]').wait_for()
    _assert_fits(partner, "an already redeemed coupon")
    partner.goto(f"{base}/c/{'x' * 22}")
    partner.locator('[data-verdict="unknown_code"]').wait_for()
    _assert_fits(partner, "an unknown coupon")
    partner.goto(f"{base}/redeem")
    _assert_fits(partner, "the code entry page")
    for state in ("expected", "redeemed", "expired"):
        partner.goto(f"{base}/inbox?state={state}")
        _assert_fits(partner, f"the inbox ({state})")

    hospital = _narrow_page(browser, base, "partner2")
    hospital.goto(other["url"])
    hospital.locator('[data-verdict="other_organisation"]').wait_for()
    _assert_fits(hospital, "another organisation's coupon")

    organiser = _narrow_page(browser, base, "organiser")
    fair_id = api_open_fair_id(base)
    organiser.goto(f"{base}/fairs/{fair_id}")
    organiser.locator("section.booth").first.wait_for()
    _assert_fits(organiser, "the fair day")
    for path, what in (
        ("/reports", "the dashboard"),
        ("/followup", "the follow-up list"),
        ("/scan", "the scan page"),
    ):
        organiser.goto(f"{base}{path}")
        _assert_fits(organiser, what)

    committee = _narrow_page(browser, base, "committee")
    committee.goto(f"{base}/reports")
    committee.locator("svg").first.wait_for()
    _assert_fits(committee, "the committee's dashboard with its charts")
