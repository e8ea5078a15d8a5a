"""Beyond the fair in a real browser, on a 1366×768 laptop: a prison's social worker registers a person about
to be released to the demo district; the district's organiser sees them expected and prints their invitation
(the client code and the fair, no name); on the fair day the visitors card lists the code as due; the person
comes and is registered at the desk; from then on they show as arrived and are no longer due. The person is
given slips for peers; a peer comes to the fair with one and is registered as recruited by them. A coupon is
issued to the person from their client's page between fairs and printed as such (on a day that is no working
day of the district the form refuses instead, and says why). With the person's consent the organiser hands
them over to another district of the region, where the open coupon is re-issued (an organisation there takes
its direction) and the receiving organiser acknowledges them on the arriving list. The person had come to a
fair of the district once before, thirteen months ago (back-entered here through the API): their 12-month
check is on the district's due-list, and the organiser records it.

The prison and its social worker are arranged through the JSON API (as the district's organiser would make
them); everything asserted goes through the pages.
"""

from __future__ import annotations

from datetime import timedelta

from tests.browser.helpers import DEMO as DEMO_PASSWORDS
from tests.browser.helpers import LAPTOP, api, local_today, login, organiser_token

PRISON = "ИК-2 (Солигорск)"
WORKER, TEMPORARY, PASSWORD = "prison_social", "quartz-meadow-signal-83", "harbour-violet-candle-29"
RECEIVER, OTHER_DISTRICT = "slutsk_organiser", "Слуцкий район"
DIRECTION = "employment_counselling"
PERSON = {"mother_name": "Ульяна", "father_name": "Захар", "birth_year": "1988"}
PEER = {"mother_name": "Снежана", "father_name": "Родион", "birth_year": "1991"}
NAME = "Ожидаемов Тимофей Ильич"


def _laptop(browser):  # noqa: ANN001, ANN202
    return browser.new_context(viewport=LAPTOP, locale="ru-RU").new_page()


def _submit(page, form) -> None:  # noqa: ANN001
    with page.expect_navigation():
        form.locator('button[type="submit"]').click()


def _main(page) -> str:  # noqa: ANN001
    return page.locator("main").inner_text()


def _prison_worker(base: str) -> None:
    """The prison (an organisation of the kind `prison`) and its social worker, with a temporary password."""
    token = organiser_token(base)
    body = {"name": PRISON, "kind": "prison", "address": "г. Солигорск"}
    prison = api(base, "POST", "/organisations", token=token, json=body)
    account = {
        "username": WORKER,
        "password": TEMPORARY,
        "role": "prison_worker",
        "organisation_id": prison["id"],
    }
    api(base, "POST", "/users", token=token, json=account)


def _todays_fair(base: str) -> int:
    """A fair of the demo district today, open (arrival counts fairs from the day a person is registered)."""
    token = organiser_token(base)
    today = local_today().isoformat()
    fair = next((f for f in api(base, "GET", "/fairs", token=token) if f["date"] == today), None)
    if fair is None:
        fair = api(base, "POST", "/fairs", token=token, json={"date": today, "venue": "УИИ", "confirm": True})
    if fair["status"] == "planned":
        api(base, "POST", f"/fairs/{fair['id']}/open", token=token, json={"confirm": True})
    return fair["id"]


def _first_login(page, base: str, username: str) -> None:  # noqa: ANN001
    """Log in with the temporary password, which must be changed first."""
    login(page, base, username, TEMPORARY)
    assert page.url.startswith(f"{base}/account/password"), page.url
    form = page.locator('form[action="/account/password"]')
    form.locator('input[name="current"]').fill(TEMPORARY)
    form.locator('input[name="new"]').fill(PASSWORD)
    form.locator('input[name="repeat"]').fill(PASSWORD)
    _submit(page, form)


def _worker_registers(page, base: str) -> str:  # noqa: ANN001
    """The social worker's first login (the temporary password goes first), then the person: their code."""
    _first_login(page, base, WORKER)
    page.goto(f"{base}/release")
    form = page.locator('form[action="/release"]')
    form.locator('input[name="release_on"]').fill(local_today().isoformat())
    form.locator('select[name="district_id"]').select_option(label="Солигорский район")
    for name, value in PERSON.items():
        form.locator(f'input[name="{name}"]').fill(value)
    form.locator('input[name="sex"][value="M"]').check()
    form.locator("details.disclosure-inline > summary").click()  # consent and personal fields
    form.locator('input[name="consent"]').check()
    form.locator('input[name="full_name"]').fill(NAME)
    _submit(page, form)
    assert page.url == f"{base}/release", page.url
    row = page.locator("tbody tr", has_text=NAME)
    code = row.locator("span.code").inner_text().strip()
    assert code.startswith("УЛЗА") and code.endswith("88"), code
    return code


def _register_visitor(page, person: dict, *, invitation: str = "") -> str:  # noqa: ANN001
    """Register a visitor at the fair day's desk (a peer's slip typed in, if any); the client code made."""
    visitors = page.locator("#visitors")
    for name, value in person.items():
        visitors.locator(f'input[name="{name}"]').fill(value)
    visitors.locator('input[name="sex"][value="M"]').check()
    if invitation:
        visitors.locator('input[name="invitation"]').fill(invitation)
    before = page.locator("#active-code").all_inner_texts()
    visitors.locator('input[name="birth_year"]').press("Enter")
    page.wait_for_function(
        "before => { const chip = document.querySelector('#active-code');"
        " return !!chip && chip.innerText.trim() !== '' && chip.innerText.trim() !== before; }",
        arg=(before[0].strip() if before else ""),
    )
    return page.locator("#active-code").inner_text().strip()


def _peer_comes(page, base: str, fair_id: int, code: str) -> str:  # noqa: ANN001
    """The person is given two slips (printed at once); a peer brings one to the fair: the peer's code."""
    page.goto(f"{base}/peers")
    form = page.locator('form[action="/peers/invitations"]')
    form.locator('input[name="client_code"]').fill(code)
    form.locator('input[name="count"]').fill("2")
    _submit(page, form)
    assert "/peers/slips?ids=" in page.url, page.url
    slips = page.locator("article.peer-slip")
    assert slips.count() == 2
    printed = page.locator("body").inner_text()
    assert code not in printed and NAME not in printed  # a slip names nobody
    slip = slips.first.locator("dd.short-code").inner_text().strip()
    page.goto(f"{base}/fairs/{fair_id}")
    peer = _register_visitor(page, PEER, invitation=slip)
    assert peer.startswith("СНРО") and peer != code, peer
    page.goto(f"{base}/peers")
    row = page.locator("tr", has=page.locator("span.code", has_text=slip))
    assert row.locator('[data-state="used"]').count() == 1 and peer in row.inner_text()
    return peer


def _coupon_between_fairs(page, base: str, fair_id: int, code: str) -> bool:  # noqa: ANN001
    """From the person's client page, a coupon issued today between fairs, printed as such; on a day that is
    no working day of the district the form answers `not_working_day` instead. Whether it was issued."""
    page.goto(f"{base}/fairs/{fair_id}")
    page.locator("#visitors a.code", has_text=code).first.click()
    page.wait_for_load_state()
    form = page.locator("#between form")
    target = form.locator(f'select[name="target"] option[value$=":{DIRECTION}"]').first.get_attribute("value")
    form.locator('select[name="target"]').select_option(value=target)
    _submit(page, form)
    refused = page.locator('#between [data-error="not_working_day"]')
    if refused.count():
        assert f"{local_today():%d.%m.%Y}" in refused.inner_text(), refused.inner_text()  # weekend, holiday
        return False
    text = page.locator("body").inner_text()
    assert f"Выдан {local_today():%d.%m.%Y} между ярмарками услуг" in text, text[:500]
    return True


def _an_earlier_fair(base: str, code: str) -> None:
    """A fair of the district thirteen months ago that the person visited (a back-entered record)."""
    token = organiser_token(base)
    day = local_today() - timedelta(days=396)
    fair = api(base, "POST", "/fairs", token=token, json={"date": day.isoformat(), "confirm": True})
    api(base, "POST", f"/fairs/{fair['id']}/open", token=token, json={"confirm": True})
    client = api(base, "GET", f"/clients/by-code/{code}", token=token)
    api(base, "POST", f"/fairs/{fair['id']}/visits", token=token, json={"client_id": client["id"]})
    api(base, "POST", f"/fairs/{fair['id']}/close", token=token)


def _twelve_month_check(page, base: str, code: str) -> None:  # noqa: ANN001
    """The 12-month check from the due-list: working and housed, saved and shown as recorded."""
    page.goto(f"{base}/checks")
    row = page.locator("tr", has=page.locator(".code", has_text=code)).filter(has_text="12").first
    row.locator('a[href*="#check-12"]').click()
    page.wait_for_load_state()
    check = page.locator("#check-12")
    for finding in ("working", "housed"):
        check.locator(f'input[name="findings"][value="{finding}"]').check()
    check.locator('button[type="submit"]').click()
    page.locator('#check-12[data-recorded="yes"]').wait_for()
    recorded = page.locator("#check-12").inner_text()
    assert f"Проверено {local_today():%d.%m.%Y}" in recorded and "Проверка сохранена" in recorded, recorded
    page.goto(f"{base}/checks")
    still_due = page.locator("tr", has=page.locator(".code", has_text=code)).all_inner_texts()
    assert not any("12" in line.split() for line in still_due), still_due


def _token(base: str, username: str, password: str) -> str:
    return api(base, "POST", "/auth/token", data={"username": username, "password": password})["access_token"]


def _other_district(base: str) -> int:
    """Another district of the demo's region and its organiser (with a temporary password)."""
    token = _token(base, "admin", DEMO_PASSWORDS["admin"])
    region = api(base, "GET", "/regions", token=token)[0]
    body = {"name": OTHER_DISTRICT, "region_id": region["id"]}
    district = api(base, "POST", "/districts", token=token, json=body)
    account = {"username": RECEIVER, "password": TEMPORARY, "role": "organiser"}
    api(base, "POST", "/users", token=token, json={**account, "district_id": district["id"]})
    return district["id"]


def _handover(page, base: str, receiver, code: str, *, coupon: bool) -> None:  # noqa: ANN001
    """Consent recorded, then the person handed over: the open coupon (if there is one) is re-issued there,
    and the receiving organiser acknowledges the person."""
    page.locator("#personal").locator('input[name="consent"][type="checkbox"]').check()
    page.locator("#personal").locator('button[type="submit"]').click()
    page.locator("#personal p.note-ok", has_text="Согласие получено").wait_for()
    form = page.locator('#handover form[action$="/handover"]')
    form.locator('select[name="to_district_id"]').select_option(label=OTHER_DISTRICT)
    form.locator('input[name="consent"]').check()
    form.locator('input[name="confirm"]').check()
    _submit(page, form)
    assert "/handovers/" in page.url, page.url
    head = page.locator(".page-head").inner_text()
    assert f"Передан в район «{OTHER_DISTRICT}» {local_today():%d.%m.%Y}" in head, head
    if coupon:
        replaced = page.locator("#handover-coupons tbody tr").first.locator("td").nth(1).locator(".code")
        assert replaced.count() == 1  # re-issued there, not kept open here
    else:
        assert page.locator("#handover-coupons p.empty").count() == 1
    receiver.goto(f"{base}/handovers?show=arriving")
    row = receiver.locator("tr", has=receiver.locator("a.code", has_text=code))
    _submit(receiver, row.locator('form[action$="/accept"]'))
    row = receiver.locator("tr", has=receiver.locator("a.code", has_text=code))
    assert "принята" in row.inner_text(), row.inner_text()


def test_from_prison_to_the_fair(browser, live_server) -> None:  # noqa: ANN001
    base = live_server.url
    _prison_worker(base)
    fair_id = _todays_fair(base)
    worker = _laptop(browser)
    code = _worker_registers(worker, base)
    # The worker reads only their own people: the district's pages are not theirs.
    assert worker.goto(f"{base}/expected").status == 403

    page = _laptop(browser)
    login(page, base, "organiser", DEMO_PASSWORDS["organiser"])
    page.goto(f"{base}/expected?show=expected")
    row = page.locator("#expected-list tbody tr", has_text=code)
    assert "ожидается на ближайшей ярмарке" in row.inner_text().lower()
    row.locator('a[href$="/invitation"]').click()
    page.wait_for_load_state()
    invitation = page.locator("body").inner_text()
    assert code in invitation and NAME not in invitation and "Ожидаемов" not in invitation

    # The fair day: the code is due at the visitors card until the person is registered at the desk.
    page.goto(f"{base}/fairs/{fair_id}")
    due = page.locator("#visitors details.expected-due")
    assert "ещё не приходили: 1" in due.inner_text()
    due.locator("summary").click()
    assert code in due.inner_text()
    assert _register_visitor(page, PERSON) == code
    page.reload()
    assert page.locator("#visitors details.expected-due").count() == 0  # nobody else is due

    page.goto(f"{base}/expected?show=arrived")
    arrived = page.locator("#expected-list tbody tr", has_text=code).inner_text()
    assert f"пришёл {local_today():%d.%m.%Y}" in arrived, arrived

    _peer_comes(page, base, fair_id, code)
    _other_district(base)
    receiver = _laptop(browser)
    _first_login(receiver, base, RECEIVER)
    token = api(base, "POST", "/auth/token", data={"username": RECEIVER, "password": PASSWORD})[
        "access_token"
    ]
    employer = {"name": "Центр занятости (Слуцк)", "kind": "employment", "directions": [DIRECTION]}
    api(base, "POST", "/organisations", token=token, json=employer)
    issued = _coupon_between_fairs(page, base, fair_id, code)
    client = api(base, "GET", f"/clients/by-code/{code}", token=organiser_token(base))
    page.goto(f"{base}/clients/{client['id']}")
    _handover(page, base, receiver, code, coupon=issued)
    _an_earlier_fair(base, code)
    _twelve_month_check(page, base, code)
    for one in (page, worker, receiver):
        one.context.close()
