"""Issue 15's fair-day items as people read them, each on a laptop (1366×768) and a phone (390×844): the
issuing organisation's view of its coupons (6), the audit log in words (7), the laptop side of the
accessibility checks (8; the phone side is test_phone_and_network.py) and Belarusian (9)."""

from __future__ import annotations

import pytest

from tests.browser.helpers import (
    DEMO,
    DEMO_ORGANISATION,
    VIEWPORTS,
    api,
    api_open_fair_id,
    has_horizontal_scroll,
    issue_coupon,
    local_today,
    login,
    organiser_token,
    screenshot_to_docs,
    viewport_page,
)

JOB_CENTRE, HOSPITAL = DEMO_ORGANISATION["partner"], DEMO_ORGANISATION["partner2"]
TAP = 44  # the buttons and fields people tap or click all day
SMALL = 24  # WCAG 2.2 target size (minimum): the secondary small buttons of a laptop screen
# Visible boxes of the elements `selector` finds: [text, height].
HEIGHTS = """selector => [...document.querySelectorAll(selector)]
  .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== "hidden")
  .map(e => [e.textContent.trim().slice(0, 40), e.getBoundingClientRect().height])"""


@pytest.fixture(scope="module")
def live_server(db_live_server):  # noqa: ANN001, ANN201
    """The demo server, once on SQLite and once on PostgreSQL (when FAIRS_TEST_DATABASE_URL is set)."""
    return db_live_server


def _token(base: str, username: str) -> str:
    form = {"username": username, "password": DEMO[username]}
    return api(base, "POST", "/auth/token", data=form)["access_token"]


def _hospital_direction_with_outcomes(base: str) -> tuple[str, dict]:
    """A direction the hospital receives that has outcomes, and its first outcome."""
    token = organiser_token(base)
    hospital = next(o for o in api(base, "GET", "/organisations", token=token) if o["name"] == HOSPITAL)
    directions = {d["code"]: d for d in api(base, "GET", "/directions", token=token)}
    code = next(c for c in hospital["directions"] if directions[c]["outcomes"])
    return code, directions[code]["outcomes"][0]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_issuer_sees_used_or_not_never_the_outcome(browser, live_server, viewport: str) -> None:  # noqa: ANN001
    base = live_server.url
    year = 1970 if viewport == "laptop" else 1971
    direction, outcome = _hospital_direction_with_outcomes(base)
    used = issue_coupon(
        base, receiving=HOSPITAL, direction=direction, issuing=JOB_CENTRE, person=("Ева", "Глеб", "F", year)
    )
    waiting = issue_coupon(base, receiving=HOSPITAL, issuing=JOB_CENTRE, person=("Ия", "Ден", "F", year))
    hospital = _token(base, "partner2")
    api(base, "POST", f"/coupons/{used['code']}/redeem", token=hospital)
    api(base, "POST", f"/coupons/{used['code']}/outcome", token=hospital, json={"outcome": outcome["code"]})

    page = viewport_page(browser, viewport)
    login(page, base, "partner", DEMO["partner"])
    page.goto(f"{base}/referrals")
    assert JOB_CENTRE in page.locator(".issued-org").inner_text()
    row_used = page.locator(f'tr[data-code="{used["code"]}"]')
    row_waiting = page.locator(f'tr[data-code="{waiting["code"]}"]')
    assert row_used.get_attribute("data-state") == "redeemed"
    used_on = row_used.locator('td[data-label="Использован"]').inner_text()
    assert f"погашен {local_today():%d.%m.%Y}" in used_on
    assert HOSPITAL in row_used.inner_text() and used["client_code"] in row_used.inner_text()
    assert row_waiting.get_attribute("data-state") == "waiting"
    assert "ожидает" in row_waiting.inner_text()
    assert outcome["name_ru"] not in page.locator("main").inner_text()  # what came of it stays there
    assert not has_horizontal_scroll(page)
    screenshot_to_docs(page, f"fair-day-referrals-{viewport}", full_page=False)

    # The "redeemed" tab: the used coupon, not the waiting one.
    page.locator('.inbox-tab[data-state="redeemed"]').click()
    row_used.wait_for()
    assert row_waiting.count() == 0
    page.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_audit_log_reads_in_russian_with_names(browser, live_server, viewport: str) -> None:  # noqa: ANN001
    base = live_server.url
    year = 1972 if viewport == "laptop" else 1973
    coupon = issue_coupon(base, person=("Жанна", "Захар", "F", year))
    page = viewport_page(browser, viewport)
    login(page, base, "organiser", DEMO["organiser"])
    page.goto(f"{base}/audit")
    assert page.locator("html").get_attribute("lang") == "ru"
    heads = [h.strip() for h in page.locator("#audit-list thead th").all_inner_texts()]
    assert heads == ["Когда", "Кто", "Действие", "Объект", "Подробности"]
    row = page.locator("#audit-list tbody tr", has_text=coupon["code_display"]).first
    cells = {c.get_attribute("data-label"): c.inner_text().strip() for c in row.locator("td").all()}
    assert cells["Кто"] == "organiser"
    assert cells["Действие"] == "талон выдан"
    assert coupon["code_display"] in cells["Объект"]
    # The details name the receiving organisation, the direction and the client's code; no ids, no keys.
    assert f"организация: «{JOB_CENTRE}»" in cells["Подробности"]
    assert f"клиент: {coupon['client_code']}" in cells["Подробности"]
    assert "направление: Профориентация" in cells["Подробности"]
    for machine in ("_id", "organisation_id", "direction:", "None"):
        assert machine not in cells["Подробности"]
    assert not has_horizontal_scroll(page)
    screenshot_to_docs(page, f"fair-day-audit-{viewport}", full_page=False)
    page.context.close()


def test_laptop_targets_are_44px_and_nothing_scrolls_sideways(browser, live_server) -> None:  # noqa: ANN001
    """The laptop side of item 8 (the phone's is test_phone_and_network.py)."""
    base = live_server.url
    fair_id = api_open_fair_id(base)
    issue_coupon(base, person=("Инна", "Юрий", "F", 1974))
    page = viewport_page(browser, "laptop")
    login(page, base, "organiser", DEMO["organiser"])
    for path in (f"/fairs/{fair_id}", "/referrals", "/audit", "/fairs"):
        page.goto(base + path)
        assert not has_horizontal_scroll(page), path
        for selector, least in (
            (".mainnav a", TAP),
            ("main .btn:not(.btn-small)", TAP),
            ("main input:not([type=hidden]):not([type=checkbox]):not([type=radio]), main select", TAP),
            ("main .btn-small", SMALL),
        ):
            found = page.evaluate(HEIGHTS, selector)
            small = [(text, round(height, 1)) for text, height in found if height < least - 0.5]
            assert small == [], (path, selector)
    # The keyboard focus is visible: a focused button draws an outline.
    page.goto(f"{base}/fairs/{fair_id}")
    page.locator("#next-visitor, main .btn").first.focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    page.context.close()


def _choose_language(page, base: str, locale: str) -> None:  # noqa: ANN001
    page.goto(f"{base}/account/password")
    form = page.locator('form[action="/account/language"]')
    form.locator('select[name="locale"]').select_option(locale)
    with page.expect_navigation():
        form.locator('button[type="submit"]').click()


def _print_language(page, base: str, locale: str) -> None:  # noqa: ANN001
    page.goto(f"{base}/reports")
    page.locator("#report-settings > summary").click()
    form = page.locator('form[action="/reports/settings"]')
    form.locator('select[name="print_locale"]').select_option(locale)
    with page.expect_navigation():
        form.locator('button[type="submit"]').click()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_belarusian_fair_day_and_a_be_district_s_coupon(browser, live_server, viewport: str) -> None:  # noqa: ANN001
    base = live_server.url
    fair_id = api_open_fair_id(base)
    coupon = issue_coupon(base, person=("Злата", "Назар", "F", 1975 if viewport == "laptop" else 1976))
    page = viewport_page(browser, viewport)
    login(page, base, "organiser", DEMO["organiser"])
    try:
        _choose_language(page, base, "be")
        page.goto(f"{base}/fairs/{fair_id}")
        assert page.locator("html").get_attribute("lang") == "be"
        day = page.locator("main").inner_text()
        assert "Зарэгістраваць наведвальніка" in day and "Зарегистрировать" not in day
        page.evaluate("window.scrollTo(0, 0)")  # the page's head, not the focused find field
        screenshot_to_docs(page, f"fair-day-belarusian-{viewport}", full_page=False)

        # Printed matter follows the district, not the reader: Russian until the district says otherwise.
        page.goto(f"{base}/coupons/{coupon['code']}/print")
        assert page.locator("article.coupon").get_attribute("lang") == "ru"
        assert page.locator(".coupon-kind").text_content().strip() == "Талон-направление"
        _print_language(page, base, "be")
        page.goto(f"{base}/coupons/{coupon['code']}/print")
        printed = page.locator("article.coupon")
        assert printed.get_attribute("lang") == "be"
        assert printed.locator(".coupon-kind").text_content().strip() == "Талон-накіраванне"
        assert "Сапраўдны да" in printed.text_content()
        assert printed.locator(".short-code").inner_text().strip() == coupon["code_display"]
    finally:  # the module's other tests read Russian
        _print_language(page, base, "ru")
        _choose_language(page, base, "")
        page.context.close()
