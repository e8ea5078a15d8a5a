"""Issue 15's fair-day items at a booth and at the partner's desk, each on a laptop (1366×768) and a phone
(390×844): several coupons ticked at once and printed as one job (2), the duplicate guard that asks first
and can be overridden (3), and codes read as people type them (5)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from fairs.services.coupons.codes import (
    CYRILLIC_LOOKALIKES,
    LATIN_LOOKS,
    LAYOUT_KEYS,
    LAYOUT_LATIN,
    read_short_code,
)
from tests.browser.helpers import (
    DEMO,
    DEMO_ORGANISATION,
    ISSUING_BOOTH,
    VIEWPORTS,
    api,
    api_open_fair_id,
    has_horizontal_scroll,
    issue_coupon,
    login,
    organiser_token,
    screenshot_to_docs,
    viewport_page,
)

PEOPLE = {  # one new person per test and screen: the demo server is shared by the module's tests
    ("several", "laptop"): ("Алла", "Игорь", "F", 1983),
    ("several", "phone"): ("Белла", "Илья", "F", 1984),
    ("duplicate", "laptop"): ("Вера", "Кирилл", "F", 1985),
    ("duplicate", "phone"): ("Галина", "Лев", "F", 1986),
}


@pytest.fixture(scope="module")
def live_server(db_live_server):  # noqa: ANN001, ANN201
    """The demo server, once on SQLite and once on PostgreSQL (when FAIRS_TEST_DATABASE_URL is set)."""
    return db_live_server


def _client_coupons(database_url: str, client_code: str) -> list[str]:
    """The codes of the coupons a client holds, read from the database."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            sql = "SELECT coupon.code FROM coupon JOIN client ON client.id = coupon.client_id"
            sql += " WHERE client.code = :c"
            rows = conn.execute(text(sql), {"c": client_code})
            return sorted(row[0] for row in rows)
    finally:
        engine.dispose()


def _visitor_at_booth(base: str, person: tuple[str, str, str, int]) -> tuple[int, dict]:
    """The open fair (with a booth of the territorial centre) and a new visitor registered there."""
    token = organiser_token(base)
    fair_id = api_open_fair_id(base)
    orgs = {o["name"]: o for o in api(base, "GET", "/organisations", token=token)}
    booths = api(base, "GET", f"/fairs/{fair_id}/booths", token=token)
    if ISSUING_BOOTH not in {b["organisation"] for b in booths}:
        body = {"organisation_id": orgs[ISSUING_BOOTH]["id"]}
        api(base, "POST", f"/fairs/{fair_id}/booths", token=token, json=body)
    mother, father, sex, year = person
    body = {"mother_name": mother, "father_name": father, "sex": sex, "birth_year": year}
    client = api(base, "POST", "/clients", token=token, json=body)
    api(base, "POST", f"/fairs/{fair_id}/visits", token=token, json={"client_id": client["id"]})
    return fair_id, client


def _booth(page):  # noqa: ANN001, ANN202
    return page.locator("section.booth", has=page.locator("h3", has_text=ISSUING_BOOTH))


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_several_coupons_ticked_at_once_and_printed_as_one(browser, live_server, viewport: str) -> None:  # noqa: ANN001
    base = live_server.url
    fair_id, client = _visitor_at_booth(base, PEOPLE[("several", viewport)])
    page = viewport_page(browser, viewport)
    login(page, base, "organiser", DEMO["organiser"])
    page.goto(f"{base}/fairs/{fair_id}")
    booth = _booth(page)
    batch = booth.locator("details.batch-issue")
    batch.locator("summary").click()
    form = batch.locator("form")
    form.locator('input[name="client_code"]').fill(client["code"])
    boxes = form.locator('input[name="targets"]')
    assert boxes.count() >= 3
    for index in range(3):
        boxes.nth(index).check()
    form.locator('button[type="submit"]').click()

    issued = booth.locator(".issued .issued-code")
    issued.first.wait_for()
    shown = sorted(code.replace("-", "") for code in issued.all_inner_texts())
    assert len(shown) == 3
    assert _client_coupons(live_server.database_url, client["code"]) == shown
    assert not has_horizontal_scroll(page)
    booth.locator(".issued").evaluate("e => e.scrollIntoView()")  # the three codes, from the first
    screenshot_to_docs(page, f"fair-day-several-coupons-{viewport}", full_page=False)

    # One print job for the visitor: the sheet holds the three coupons just issued, nobody else's.
    href = booth.locator(".visitor-print a").get_attribute("href")
    assert href == f"/fairs/{fair_id}/clients/{client['id']}/print?auto=1"
    page.goto(base + href.replace("?auto=1", ""))
    coupons = page.locator("article.coupon")
    assert coupons.count() == 3
    printed = sorted(c.replace("-", "") for c in page.locator("article.coupon .short-code").all_inner_texts())
    assert printed == shown
    assert set(page.locator("article.coupon .client-code-print").all_inner_texts()) == {client["code"]}
    page.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_duplicate_guard_asks_first_then_issues_anyway(browser, live_server, viewport: str) -> None:  # noqa: ANN001
    base = live_server.url
    first = issue_coupon(base, person=PEOPLE[("duplicate", viewport)])  # from the booth, to the job centre
    fair_id = api_open_fair_id(base)
    page = viewport_page(browser, viewport)
    login(page, base, "organiser", DEMO["organiser"])
    page.goto(f"{base}/fairs/{fair_id}")
    booth = _booth(page)
    form = booth.locator('form[action$="/coupons"]').first
    form.locator('input[name="client_code"]').fill(first["client_code"])
    same = f"{first['organisation_id']}:{first['direction']}"
    form.locator('select[name="target"]').select_option(same)
    form.locator('button[type="submit"]').click()

    # Asked first: the coupon the client already holds, its code and expiry; nothing issued yet.
    warning = booth.locator(".duplicate.note-warn")
    warning.wait_for()
    said = warning.inner_text()
    assert first["code_display"] in said
    assert first["expires_on"][8:10] + "." + first["expires_on"][5:7] + "." + first["expires_on"][:4] in said
    assert "уже есть действующий талон" in said
    assert _client_coupons(live_server.database_url, first["client_code"]) == [first["code"]]
    existing = warning.locator(f'a[href="/coupons/{first["code"]}/print"]')
    assert existing.count() == 1
    screenshot_to_docs(page, f"fair-day-duplicate-{viewport}", full_page=False)

    # "Issue another anyway": a second coupon, different from the first.
    warning.locator('button[type="submit"]').click()
    booth.locator(".issued .issued-code").first.wait_for()
    assert booth.locator(".duplicate").count() == 0
    held = _client_coupons(live_server.database_url, first["client_code"])
    assert len(held) == 2 and first["code"] in held
    new = next(code for code in held if code != first["code"])
    assert booth.locator(".issued .issued-code").inner_text().replace("-", "") == new
    page.context.close()


def _on_russian_layout(code_display: str) -> str:
    """The code as typed with the same keys while the Russian layout is on."""
    return code_display.translate(str.maketrans(LAYOUT_LATIN[:26], LAYOUT_KEYS[:26]))


def _lookalike_coupon(base: str, viewport: str) -> dict:
    """A coupon for the job centre whose code has at least one letter with a Cyrillic look-alike, and whose
    keys typed on the Russian layout are read back by the layout. Not every code is: when each key of the
    Russian layout gives a look-alike or a digit (the T key gives Е, read as E), the look-alike reading comes
    first, and about one such reading in 32 passes the check character as another code."""
    for attempt in range(12):
        person = ("Дарья", "Матвей", "F", 1960 + attempt + (20 if viewport == "phone" else 0))
        coupon = issue_coupon(base, person=person)
        typed = read_short_code(_on_russian_layout(coupon["code_display"]))
        if set(coupon["code"]) & set(LATIN_LOOKS) and typed == (coupon["code"], True):
            return coupon
    pytest.fail("twelve coupons without a letter that has a Cyrillic look-alike, or read by look-alikes")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_codes_read_as_people_type_them(browser, live_server, viewport: str) -> None:  # noqa: ANN001
    base = live_server.url
    coupon = _lookalike_coupon(base, viewport)
    page = viewport_page(browser, viewport)
    # /redeem, the old address, leads to /scan (after the login it asked for), the typed ?code= kept.
    page.goto(f"{base}/redeem")
    login(page, base, "partner", DEMO["partner"])
    page.goto(f"{base}/redeem?code={coupon['code']}")  # /scan with the code looks it up at once
    page.wait_for_url(f"**/coupons/{coupon['code']}")
    assert page.locator("[data-verdict]").get_attribute("data-verdict") == "valid"
    page.goto(f"{base}/redeem")
    assert page.url == f"{base}/scan"
    box, check = page.locator("#code-input"), page.locator("#code-check")

    # Cyrillic capitals that look like Latin ones (typed on the Russian keyboard by eye) read as Latin.
    cyrillic = coupon["code_display"].translate(str.maketrans(LATIN_LOOKS, CYRILLIC_LOOKALIKES))
    assert cyrillic != coupon["code_display"]
    box.click()  # as a person does (a phone keeps its keyboard down until the box is touched)
    box.fill(cyrillic)
    assert check.get_attribute("data-state") == "valid"
    assert "Код полный и верный" in check.inner_text()
    box.press("Enter")
    page.wait_for_url(f"**/coupons/{coupon['code']}")
    assert page.locator("[data-verdict]").get_attribute("data-verdict") == "valid"
    assert coupon["code_display"] in page.locator("#result").inner_text()

    # The same keys pressed with the Russian layout on: read key by key, and said so.
    page.goto(f"{base}/scan")
    on_russian = _on_russian_layout(coupon["code_display"])
    box.click()
    box.fill(on_russian)
    note = f"Раскладка клавиатуры была русской: код прочитан как {coupon['code_display']}."
    assert check.get_attribute("data-state") == "valid" and check.get_attribute("data-layout") == "russian"
    assert note in check.inner_text()
    screenshot_to_docs(page, f"fair-day-typed-codes-{viewport}", full_page=False)
    box.press("Enter")
    page.wait_for_url(f"**/coupons/{coupon['code']}")
    assert note in page.locator("#result").inner_text()

    # The inbox's code search checks the code as typed, before anything is sent.
    page.goto(f"{base}/inbox")
    search = page.locator('input[name="code"]')
    wrong = coupon["code"][:-1] + ("0" if coupon["code"][-1] != "0" else "1")
    search.fill(wrong)
    assert page.locator("#inbox-code-check").get_attribute("data-state") == "typo"
    search.fill(cyrillic)
    assert page.locator("#inbox-code-check").get_attribute("data-state") == "valid"
    assert not has_horizontal_scroll(page)
    assert DEMO_ORGANISATION["partner"] == coupon["organisation"]
    page.context.close()
