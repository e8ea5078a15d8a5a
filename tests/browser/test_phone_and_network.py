"""On a 390×844 phone: the menu is one row, header controls, buttons and list actions are at least 44 px
tall. On the fair day, on a laptop and on a phone, a coupon form whose request fails keeps what was typed,
says so and offers a retry; the retry sends the same key, so a request that reached the server while its
answer was lost issues once.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, select

from fairs.models import Coupon
from tests.browser.helpers import (
    DEMO,
    DEMO_ORGANISATION,
    ISSUING_BOOTH,
    VIEWPORTS,
    api_open_fair_id,
    desktop_page,
    has_horizontal_scroll,
    issue_coupon,
    login,
    phone_page,
    viewport_page,
)

TAP = 44
ISSUE = "**/booths/*/coupons"

# Visible boxes (not in a closed <details>, not hidden) of the elements `selector` finds: [text, height].
HEIGHTS = """selector => [...document.querySelectorAll(selector)]
  .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== "hidden")
  .map(e => [e.textContent.trim().slice(0, 40), e.getBoundingClientRect().height])"""


def _coupons(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(Coupon)).scalar_one()
    finally:
        engine.dispose()


def _too_small(page, selector: str) -> list:  # noqa: ANN001
    found = page.evaluate(HEIGHTS, selector)
    assert found, f"nothing visible matches {selector}"
    return [(text, round(height, 1)) for text, height in found if height < TAP - 0.5]


def test_phone_menu_is_one_row_and_targets_are_44px(browser, live_server) -> None:  # noqa: ANN001
    fair_id = api_open_fair_id(live_server.url)
    issue_coupon(live_server.url, person=("Лидия", "Марк", "F", 1987))  # a booth with a coupon line
    page = phone_page(browser)
    login(page, live_server.url, "organiser", DEMO["organiser"])
    page.goto(f"{live_server.url}/fairs/{fair_id}")

    tops = page.evaluate("[...document.querySelectorAll('.mainnav a')].map(a => a.offsetTop)")
    assert len(tops) >= 6 and len(set(tops)) == 1  # the organiser's whole menu, on one row
    menu = page.evaluate("(n => [n.scrollWidth, n.clientWidth])(document.querySelector('.mainnav'))")
    assert menu[0] > menu[1]  # it scrolls sideways, the page itself does not
    assert not has_horizontal_scroll(page)
    current = page.locator('.mainnav a[aria-current="page"]')
    box, nav = current.bounding_box(), page.locator(".mainnav").bounding_box()
    assert nav["x"] <= box["x"] and box["x"] + box["width"] <= nav["x"] + nav["width"] + 1  # in view

    assert _too_small(page, ".topbar a, .topbar button") == []
    assert _too_small(page, ".mainnav a") == []
    assert _too_small(page, "main .btn") == []
    page.locator(".booth details.disclosure-inline summary").last.click()  # the booth's coupon lines
    assert _too_small(page, ".list td a, .coupon-lines a, .booth-pads a") == []

    page.goto(f"{live_server.url}/fairs")  # the calendar: its rows' actions
    assert _too_small(page, ".list .actions .btn, .list td a") == []
    assert not has_horizontal_scroll(page)

    page.goto(f"{live_server.url}/audit")  # the menu's last entry: scrolled into view
    box, nav = current.bounding_box(), page.locator(".mainnav").bounding_box()
    assert current.inner_text().strip() == "Журнал действий"
    assert nav["x"] <= box["x"] and box["x"] + box["width"] <= nav["x"] + nav["width"] + 1


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_failed_issue_keeps_the_form_and_the_retry_issues_once(browser, live_server, viewport: str) -> None:  # noqa: ANN001
    fair_id = api_open_fair_id(live_server.url)
    person = ("Нина", "Олег", "F", 1989 if viewport == "laptop" else 1990)
    known = issue_coupon(live_server.url, person=person)  # the visitor and the booth
    page = viewport_page(browser, viewport)
    context = page.context
    login(page, live_server.url, "organiser", DEMO["organiser"])
    page.goto(f"{live_server.url}/fairs/{fair_id}")
    booth = page.locator("section.booth", has=page.locator("h3", has_text=ISSUING_BOOTH))
    form = booth.locator('form[action$="/coupons"]').first
    form.locator('input[name="client_code"]').fill(known["client_code"])
    hospital = form.locator(f'optgroup[label="{DEMO_ORGANISATION["partner2"]}"] option').first
    target = hospital.get_attribute("value")
    form.locator('select[name="target"]').select_option(target)
    button = form.locator('button[type="submit"]')
    before = _coupons(live_server.database_url)

    # 1. Offline: nothing is sent; the form keeps its values and says so.
    context.set_offline(True)
    button.click()
    failed = booth.locator(".net-failed")
    failed.wait_for()
    assert "не дошёл до сервера" in failed.inner_text()
    assert form.locator('input[name="client_code"]').input_value() == known["client_code"]
    assert form.locator('select[name="target"]').input_value() == target
    assert button.is_enabled() and button.get_attribute("aria-busy") is None
    assert _coupons(live_server.database_url) == before

    # 2. Online again, but the answer is lost on the way back: the server issued, the page cannot know.
    context.set_offline(False)
    held: list = []

    def hold(route) -> None:  # noqa: ANN001
        held.append(route)  # kept pending: the test lets it through (or not) itself

    page.route(ISSUE, hold)
    failed.locator("[data-retry]").click()
    page.wait_for_function("document.querySelector('[aria-busy=\"true\"]') !== null")
    while not held:
        page.wait_for_timeout(50)
    assert button.is_disabled() and button.get_attribute("aria-busy") == "true"  # working, no second tap
    key = dict(p.split("=", 1) for p in held[0].request.post_data.split("&"))["idempotency_key"]
    held[0].fetch()  # the server gets it and answers...
    held[0].abort("internetdisconnected")  # ...but the page never sees the answer
    failed.wait_for()
    assert _coupons(live_server.database_url) == before + 1
    assert form.locator('input[name="client_code"]').input_value() == known["client_code"]
    page.unroute(ISSUE)

    # 3. Retry: the same key, so the first answer comes back and nothing is issued twice.
    with page.expect_request(ISSUE) as sent:
        failed.locator("[data-retry]").click()
    assert f"idempotency_key={key}" in sent.value.post_data
    booth.locator(".issued").wait_for()
    assert booth.locator(".net-failed").count() == 0
    assert _coupons(live_server.database_url) == before + 1


def test_a_plain_form_s_button_shows_it_is_working(browser, live_server) -> None:  # noqa: ANN001
    """A form sent without htmx (the language switch): its button is busy and disabled as the page goes,
    and the button's own value still reaches the server."""
    page = desktop_page(browser)
    login(page, live_server.url, "organiser", DEMO["organiser"])
    page.goto(f"{live_server.url}/fairs")
    # What the button looked like once the page's own handlers had run (kept across the navigation).
    page.evaluate(
        """() => window.addEventListener("submit", event => localStorage.setItem("seen", JSON.stringify(
             [event.submitter.disabled, event.submitter.getAttribute("aria-busy")])))"""
    )
    with page.expect_navigation():
        page.locator('form.lang-switch button[value="en"]').click()
    assert page.evaluate('JSON.parse(localStorage.getItem("seen"))') == [True, "true"]
    assert page.locator("html").get_attribute("lang") == "en"  # the disabled button's value was sent
    assert page.locator('form.lang-switch button[value="en"]').is_enabled()
    with page.expect_navigation():
        page.locator('form.lang-switch button[value="ru"]').click()  # as it was, for whatever runs next
