"""One visitor at the speed of the queue, keyboard only: registered at the desk (the active visitor from then
on), consulted and given coupons at two booths (one submit each), their coupons printed from the same tab
and back to the fair day, on a laptop (1366×768) and on a phone (390×844). Enter presses and clicks are
counted (at most 4 beyond typing), and after every swap the keyboard is on the next thing to do."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from sqlalchemy import create_engine, text

from tests.browser.helpers import (
    DEMO,
    DEMO_ORGANISATION,
    ISSUING_BOOTH,
    PHONE,
    api,
    api_open_fair_id,
    has_horizontal_scroll,
    login,
    screenshot_to_docs,
)

LAPTOP = {"width": 1366, "height": 768}
MAX_SUBMITS = 4  # clicks or Enter presses per visitor, beyond typing the code and notes
MAX_TABS = 40  # a runaway Tab loop fails instead of hanging
# window.print() is stubbed: it counts (in sessionStorage, which survives the navigation back) and fires
# "afterprint" as the dialog would when it closes.
PRINT_STUB = """
window.print = function () {
  sessionStorage.setItem("printed", String(Number(sessionStorage.getItem("printed") || 0) + 1));
  window.dispatchEvent(new Event("afterprint"));
};
"""
FOCUSED = (
    "sel => !!document.activeElement && document.activeElement !== document.body"
    " && document.activeElement.matches(sel)"
)


@dataclass
class Keyboard:
    """The keys pressed on a page, counted: Enter presses apart, typed characters apart."""

    page: object
    enters: int = 0
    keys: int = 0
    typed: int = 0
    tabs: int = 0
    clicks: int = 0
    log: list[str] = field(default_factory=list)

    def press(self, key: str, times: int = 1) -> None:
        for _ in range(times):
            self.page.keyboard.press(key)
            self.keys += 1
            self.enters += key == "Enter"
            self.tabs += key == "Tab"
        self.log.append(f"{key}×{times}")

    def type(self, words: str) -> None:
        self.page.keyboard.type(words)
        self.typed += len(words)

    def tab_to(self, selector: str) -> int:
        """Tab until the element matching `selector` has focus; the number of Tabs."""
        for count in range(MAX_TABS + 1):
            if self.page.evaluate(f"({FOCUSED})", selector):
                return count
            self.press("Tab")
        raise AssertionError(f"{MAX_TABS} Tabs did not reach {selector}; log: {self.log}")


def expect_focus(page, selector: str) -> None:  # noqa: ANN001
    """Wait (a swap settles) until `selector` has focus; never <body>."""
    try:
        page.wait_for_function(FOCUSED, arg=selector, timeout=5000)
    except Exception as error:  # noqa: BLE001
        actual = page.evaluate("document.activeElement && document.activeElement.outerHTML.slice(0, 200)")
        raise AssertionError(f"focus is not on {selector} but on {actual}") from error


def _fair_with_two_booths(base: str) -> int:
    """The demo's open fair with booths of the territorial centre and the employment centre."""
    fair_id = api_open_fair_id(base)
    token = api(base, "POST", "/auth/token", data={"username": "organiser", "password": DEMO["organiser"]})
    headers = token["access_token"]
    orgs = {o["name"]: o for o in api(base, "GET", "/organisations", token=headers)}
    have = {b["organisation"] for b in api(base, "GET", f"/fairs/{fair_id}/booths", token=headers)}
    for name in (ISSUING_BOOTH, DEMO_ORGANISATION["partner"]):
        if name not in have:
            api(
                base,
                "POST",
                f"/fairs/{fair_id}/booths",
                token=headers,
                json={"organisation_id": orgs[name]["id"]},
            )
    return fair_id


def _counts(database_url: str, code: str) -> tuple[int, int]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            client_id = conn.execute(text("SELECT id FROM client WHERE code = :c"), {"c": code}).scalar_one()
            consulted = conn.execute(
                text("SELECT count(*) FROM consultation WHERE client_id = :i"), {"i": client_id}
            ).scalar_one()
            coupons = conn.execute(text("SELECT count(*) FROM coupon WHERE client_id = :i"), {"i": client_id})
            return consulted, coupons.scalar_one()
    finally:
        engine.dispose()


def _page(browser, viewport: dict, *, phone: bool):  # noqa: ANN001, ANN202
    options = {"device_scale_factor": 3, "is_mobile": True, "has_touch": True} if phone else {}
    context = browser.new_context(viewport=viewport, **options)
    context.add_init_script(PRINT_STUB)
    return context.new_page()


def walk_one_visitor(page, base: str, fair_id: int, person: tuple[str, str, int], shot: str) -> dict:  # noqa: ANN001
    """Register, two consultations and three coupons at two booths, one print: keyboard only."""
    kb = Keyboard(page)
    page.goto(f"{base}/fairs/{fair_id}")
    booths = page.locator("section.booth").evaluate_all("els => els.map(e => '#' + e.id)")
    first, second = booths[0], booths[1]
    started = time.monotonic()
    expect_focus(page, "#find-code")  # the page opens on the first field

    mother, father, year = person
    kb.tab_to('#visitors input[name="mother_name"]')
    kb.type(mother)
    kb.press("Tab")
    kb.type(father)
    # Find before register: the names typed so far are looked up (nobody matches this new person).
    page.locator("#visitor-matches p.muted").wait_for()
    kb.press("Tab")  # the sex radios: Space ticks the focused one (male)
    kb.press("Space")
    kb.press("Tab")
    kb.type(str(year))
    kb.tab_to("#visitors details.disclosure-inline > summary")
    kb.press("Space")  # open "consent and personal data"
    kb.press("Tab")
    kb.press("Space")  # consent: the consultation keeps a note
    kb.press("Enter")  # register: the day answers with the visitor active
    expect_focus(page, f"{first} [data-serve-first]")
    code = page.locator("#active-code").inner_text().strip()
    screenshot_to_docs(page, shot)  # the chip, kept in view over the first booth's form

    # The first booth: a consultation with a note, two coupons ticked, one Enter.
    kb.press("ArrowDown")
    kb.press("Tab")
    kb.type("буклет о вакансиях")
    kb.press("Tab")
    kb.press("Space")
    kb.press("Tab")
    kb.press("Space")
    kb.press("Enter")
    expect_focus(page, f'{first} .visitor-print a[href*="?auto=1"]')
    assert page.locator(f"{first} .issued .issued-code").count() == 2

    # The second booth: another consultation and a third coupon.
    kb.tab_to(f"{second} [data-serve-first]")
    kb.press("ArrowDown", 2)
    kb.press("Tab")
    kb.press("Tab")
    kb.press("Tab")
    kb.press("Tab")
    kb.press("Space")
    kb.press("Enter")
    expect_focus(page, f'{second} .visitor-print a[href*="?auto=1"]')

    # Print: the visitor's coupons print at once, from this tab, and the fair day comes back.
    kb.press("Enter")
    page.wait_for_url(f"{base}/fairs/{fair_id}?after=print")
    expect_focus(page, "#next-visitor")
    seconds = time.monotonic() - started
    assert page.evaluate("sessionStorage.getItem('printed')") == "1"
    assert page.locator("#active-code").inner_text().strip() == code
    # The coupons issued survive the reload: both booths show theirs again.
    assert page.locator(".issued .issued-code").count() == 3
    return {
        "code": code,
        "enters": kb.enters,
        "clicks": kb.clicks,
        "keys": kb.keys,
        "typed": kb.typed,
        "tabs": kb.tabs,
        "seconds": seconds,
    }


def _walk_and_check(browser, live_server, viewport: dict, *, phone: bool, person, shot: str) -> dict:  # noqa: ANN001
    base = live_server.url
    fair_id = _fair_with_two_booths(base)
    page = _page(browser, viewport, phone=phone)
    login(page, base, "organiser", DEMO["organiser"])
    walked = walk_one_visitor(page, base, fair_id, person, shot)
    assert walked["enters"] + walked["clicks"] <= MAX_SUBMITS, walked
    assert _counts(live_server.database_url, walked["code"]) == (2, 3)
    assert not has_horizontal_scroll(page)
    print(f"\n{shot}: {walked}")  # the figures of the measure (docs/testing.md)
    page.context.close()
    return walked


def test_one_visitor_by_keyboard_on_a_laptop(browser, live_server) -> None:  # noqa: ANN001
    _walk_and_check(
        browser, live_server, LAPTOP, phone=False, person=("Вера", "Павел", 1987), shot="fair-day-laptop"
    )


def test_one_visitor_by_keyboard_on_a_phone(browser, live_server) -> None:  # noqa: ANN001
    _walk_and_check(
        browser, live_server, PHONE, phone=True, person=("Нина", "Олег", 1991), shot="fair-day-phone"
    )


def test_focus_after_every_swap(browser, live_server) -> None:  # noqa: ANN001
    """Refused and accepted forms, the matches list, change, next visitor: the keyboard is always on the
    next thing to do, never on <body>."""
    base = live_server.url
    fair_id = _fair_with_two_booths(base)
    page = _page(browser, LAPTOP, phone=False)
    login(page, base, "organiser", DEMO["organiser"])
    kb = Keyboard(page)
    page.goto(f"{base}/fairs/{fair_id}")
    first, second = page.locator("section.booth").evaluate_all("els => els.map(e => '#' + e.id)")[:2]
    expect_focus(page, "#find-code")

    # Registration refused (one letter of the mother's name): back on the first field of the form.
    kb.tab_to('#visitors input[name="mother_name"]')
    kb.type("А")
    kb.press("Tab")
    kb.type("Борис")
    kb.press("Tab")
    kb.press("Space")
    kb.press("Tab")
    kb.type("1990")
    kb.press("Enter")
    page.locator("#visitors .note-error").wait_for()
    expect_focus(page, '#visitors input[name="mother_name"]')
    assert page.locator('#visitors input[name="father_name"]').input_value() == "Борис"  # kept
    kb.press("Control+a")
    kb.type("Анна")
    kb.press("Enter")
    expect_focus(page, f"{first} [data-serve-first]")
    code = page.locator("#active-code").inner_text().strip()

    # Nothing chosen at the booth: refused in place, the keyboard back on its first field.
    kb.press("Enter")
    page.locator(f"{first} .note-error").wait_for()
    expect_focus(page, f"{first} [data-serve-first]")
    # A consultation only: on to the next booth.
    kb.press("ArrowDown")
    kb.press("Enter")
    page.locator(f"{first} .note-ok").wait_for()
    expect_focus(page, f"{second} [data-serve-first]")

    # "Change" on the chip: to the find field; the matches fill in while typing stays there.
    page.locator(".active-visitor a[data-focus-to]").focus()
    kb.press("Enter")
    expect_focus(page, "#find-code")
    kb.type(code[:4])
    page.locator("#visitor-matches li").first.wait_for()
    expect_focus(page, "#find-code")
    kb.press("Control+a")
    kb.type(code)
    kb.press("Enter")  # the typed code: served again (the visit was recorded before)
    page.locator("#visitors .note-warn").wait_for()
    expect_focus(page, f"{first} [data-serve-first]")

    # Next visitor: nobody active, the keyboard on the find field.
    page.locator("#next-visitor").focus()
    kb.press("Enter")
    page.locator(".active-visitor.empty-chip").wait_for()
    expect_focus(page, "#find-code")
    assert page.locator("#active-code").count() == 0
    page.context.close()
