"""The fair day at the speed of the queue: several coupons ticked at a booth and issued in one go, the
question before a second valid coupon like one the client holds (issue another anyway / print the existing
one, what was typed kept), and one print page with all of a visitor's coupons at the fair (A6 each or four
to an A4 sheet), for the fair's organisers and, of their own booth's coupons only, its staff."""

from __future__ import annotations

import datetime as dt
import re

from tests.api import helpers as h


def _coupons(html: str) -> list[str]:
    return re.findall(r"<article class=\"coupon.*?</article>", html, flags=re.S)


def _codes(html: str) -> list[str]:
    return re.findall(r'<dd class="short-code">([^<]+)</dd>', html)


def test_several_coupons_at_once_then_one_print_page(client, auth, orgs, browser, session) -> None:
    api = auth("organiser")
    fair = h.make_open_fair(client, api)
    employment = h.add_booth(client, api, fair=fair, org=orgs["employment"])
    hospital = h.add_booth(client, api, fair=fair, org=orgs["hospital"])
    person = h.register(client, api)
    b = browser("organiser")
    day = b.get(f"/fairs/{fair['id']}").text
    # The ticked form offers what the single form offers: every (organisation, direction) received.
    assert f'name="targets" value="{orgs["hospital"]}:hiv_testing"' in day
    assert f'<option value="{orgs["hospital"]}:hiv_testing"' in day

    # Ticked at the employment centre's booth, issued in one go (no JavaScript: back to the day screen).
    ticked = [f"{orgs['employment']}:employment_counselling", f"{orgs['hospital']}:hiv_testing"]
    form = {"client_code": person["code"], "targets": ticked}
    done = b.post(f"/booths/{employment['id']}/coupons/batch", form)
    assert done.status_code == 303
    found = re.search(
        rf"/fairs/{fair['id']}\?issued=(\w+),(\w+)#booth-{employment['id']}", done.headers["location"]
    )
    assert found, done.headers["location"]
    batch_codes = {f"{c[:4]}-{c[4:8]}-{c[8:]}" for c in found.groups()}
    shown = b.get(done.headers["location"]).text
    assert "Выдано 2 талона клиенту" in shown
    assert f'href="/fairs/{fair["id"]}/clients/{person["id"]}/print?auto=1"' in shown
    assert h.count(session, "coupon", client_id=person["id"]) == 2

    # The same pair again, at another booth: asked first, with the held coupon, what was typed kept.
    listed = h.expect(client.get(f"{h.API}/coupons", params={"client_id": person["id"]}, headers=api), 200)
    held = next(c for c in listed["items"] if c["direction"] == "hiv_testing")
    single = {"client_code": person["code"], "target": f"{orgs['hospital']}:hiv_testing"}
    asked = b.post(f"/booths/{hospital['id']}/coupons", single, htmx=True)
    assert asked.status_code == 409
    fragment = asked.text
    assert held["code_display"] in fragment
    assert dt.date.fromisoformat(held["expires_on"]).strftime("%d.%m.%Y") in fragment
    assert "Всё равно выдать ещё один" in fragment and f'href="/coupons/{held["code"]}/print"' in fragment
    assert 'name="confirm_duplicate" value="true"' in fragment
    assert f'value="{person["code"]}"' in fragment and f'value="{single["target"]}" selected' in fragment
    assert h.count(session, "coupon", client_id=person["id"]) == 2
    # The batch asks the same, naming the item; then "issue another anyway" issues it.
    again = b.post(f"/booths/{employment['id']}/coupons/batch", form, htmx=True)
    assert again.status_code == 409 and "Талон 1 из 2" in again.text
    assert h.count(session, "coupon", client_id=person["id"]) == 2
    confirmed = b.post(
        f"/booths/{hospital['id']}/coupons", {**single, "confirm_duplicate": "true"}, htmx=True
    )
    assert confirmed.status_code == 200 and "Талон выдан" in confirmed.text
    cancelled = h.issue(
        client, api, booth=hospital, client_id=person["id"], org=orgs["hospital"], direction="infectious"
    )
    h.expect(h.cancel(client, api, cancelled["code"]), 200)

    # One page, printed from this tab: each valid coupon on its A6 page (the cancelled one left out).
    url = f"/fairs/{fair['id']}/clients/{person['id']}/print"
    page = b.get(url)
    assert page.status_code == 200
    printed = _coupons(page.text)
    assert len(printed) == 3 and cancelled["code_display"] not in page.text
    assert all('lang="ru"' in c and "<svg" in c and "Куда обратиться" in c for c in printed)
    assert '<body class="print-a6">' in page.text and page.text.count('class="sheet sheet-a6"') == 3
    assert "data-print" in page.text and f'href="/fairs/{fair["id"]}"' in page.text
    assert "<script>" not in page.text  # no inline script (CSP): app.js prints
    four = b.get(url, params={"layout": "a4"}).text
    assert '<body class="print-a4">' in four and four.count('class="sheet sheet-a4"') == 1
    assert len(_coupons(four)) == 3

    # Booth staff print only their own booth's coupons; a partner with no booth there, none.
    p = browser("partner_employment")
    assert set(_codes(p.get(url).text)) == batch_codes
    p = browser("partner_hospital")
    assert len(_codes(p.get(url).text)) == 1
    elsewhere = h.make_fair(client, api, day=h.today().replace(year=h.today().year + 1))
    assert p.get(f"/fairs/{elsewhere['id']}/clients/{person['id']}/print").status_code == 403
    assert browser("organiser_b").get(url).status_code == 404
