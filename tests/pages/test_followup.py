"""The follow-up page: the list by client, contacts shown on demand (audited), marks, re-issue, roles."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import text

from fairs import config
from fairs.clock import local_today
from tests.api import helpers as h

FULL_NAME = "Петрова Ольга Николаевна"
PHONE = "+375 29 765-43-21"


@pytest.fixture
def overdue(client, auth, orgs):  # noqa: ANN001, ANN201
    """Arranged through the JSON API: two clients of district A with coupons issued 20 and 15 days ago.

    Olga consented and has a name and phone; Anna gave no consent."""
    org = auth("organiser")
    olga = h.register(
        client,
        org,
        mother="Ольга",
        father="Пётр",
        sex="F",
        birth_year=1990,
        consent=True,
        full_name=FULL_NAME,
        phone=PHONE,
    )
    anna = h.register(client, org, mother="Анна", father="Иван", consent=False)
    booths = {}
    for days_ago in (20, 15):
        fair = h.make_open_fair(client, org, day=local_today() - dt.timedelta(days=days_ago))
        booths[days_ago] = h.add_booth(client, org, fair=fair, org=orgs["employment"])
        h.close_fair(client, org, fair=fair)
    result = {"olga": olga, "anna": anna}
    for key, days_ago, person in (("old", 20, olga), ("newer", 15, anna), ("second", 15, olga)):
        result[key] = h.issue(
            client,
            org,
            booth=booths[days_ago],
            client_id=person["id"],
            org=orgs["employment"],
            direction="employment_referral",
        )
    return result


def row(html: str, coupon_id: int) -> str:
    """The <li> of one coupon on the page."""
    match = re.search(rf'<li id="coupon-{coupon_id}".*?</li>', html, re.S)
    assert match, f"no row for coupon {coupon_id}"
    return match.group(0)


def test_the_list(browser, overdue, session):
    page = browser("organiser").get("/followup")
    assert page.status_code == 200
    html = page.text
    # Grouped by client code, the oldest first.
    olga, anna = overdue["olga"]["code"], overdue["anna"]["code"]
    assert html.index(olga) < html.index(anna)
    for key in ("old", "newer", "second"):
        assert f'id="coupon-{overdue[key]["id"]}"' in html
    assert f"/followup/coupons/{overdue['old']['code']}/reissue" in html
    # No personal field until asked for, and no audit of a view.
    assert FULL_NAME not in html and PHONE not in html
    assert h.count(session, "audit_entry", action="view_personal") == 0
    # The contacts button only where there is consent.
    assert f"/followup/clients/{overdue['olga']['id']}/contacts" in html
    assert f"/followup/clients/{overdue['anna']['id']}/contacts" not in html
    assert 'href="/followup"' in html  # in the organiser's menu


def test_show_contacts_is_audited(browser, overdue, session):
    b = browser("organiser")
    olga_id = overdue["olga"]["id"]
    fragment = b.post(f"/followup/clients/{olga_id}/contacts", {"next": "/followup"}, htmx=True)
    assert fragment.status_code == 200
    assert FULL_NAME in fragment.text and PHONE in fragment.text
    assert "<html" not in fragment.text
    rows = h.audit_rows(session, action="view_personal")
    assert [(r["entity"], r["entity_id"]) for r in rows] == [("client", olga_id)]
    # Without JavaScript: a whole page with the contacts, audited again.
    page = b.post(f"/followup/clients/{olga_id}/contacts", {"next": "//evil.example/"})
    assert page.status_code == 200 and "<html" in page.text and PHONE in page.text
    assert "evil.example" not in page.text
    assert h.count(session, "audit_entry", action="view_personal") == 2
    # The list itself still shows nothing personal.
    assert FULL_NAME not in b.get("/followup").text


def test_csrf_is_required(browser, overdue, session):
    b = browser("organiser")
    code = overdue["old"]["code"]
    for url, form in (
        (f"/followup/clients/{overdue['olga']['id']}/contacts", {}),
        (f"/followup/coupons/{code}/contacted", {"contacted_on": local_today().isoformat(), "note": "x"}),
        (f"/followup/coupons/{code}/reissue", {}),
    ):
        resp = b.client.post(url, data=form, follow_redirects=False)
        assert resp.status_code == 403, url
        resp = b.client.post(url, data={**form, "csrf_token": "forged"}, follow_redirects=False)
        assert resp.status_code == 403, url
    assert h.count(session, "audit_entry", action="view_personal") == 0
    assert h.count(session, "followup_contact") == 0
    assert h.count(session, "coupon", status="cancelled") == 0


def test_contacted_mark_with_htmx(browser, overdue, session):
    b = browser("organiser")
    coupon = overdue["old"]
    url = f"/followup/coupons/{coupon['code']}/contacted"
    tomorrow = (local_today() + dt.timedelta(days=1)).isoformat()
    refused = b.post(url, {"contacted_on": tomorrow, "note": "x"}, htmx=True)
    assert refused.status_code == 400
    assert refused.text.lstrip().startswith(f'<li id="coupon-{coupon["id"]}"')
    assert "note-error" in refused.text
    assert h.count(session, "followup_contact") == 0
    done = b.post(url, {"contacted_on": local_today().isoformat(), "note": "Обещала прийти"}, htmx=True)
    assert done.status_code == 200 and "<html" not in done.text
    assert "Обещала прийти" in done.text and "note-ok" in done.text
    assert h.count(session, "followup_contact", coupon_id=coupon["id"]) == 1
    assert h.count(session, "audit_entry", entity="followup_contact") == 1


def test_contacted_mark_without_javascript(browser, overdue, session):
    b = browser("organiser")
    coupon = overdue["newer"]
    url = f"/followup/coupons/{coupon['code']}/contacted"
    # Anna gave no consent: a note is refused (tests/pages/test_notes_page.py), a mark without one is not.
    resp = b.post(url, {"note": "", "next": "/followup?hide_contacted=1"})
    assert resp.status_code == 303
    assert resp.headers["location"] == f"/followup?hide_contacted=1#coupon-{coupon['id']}"
    # The filter hides the contacted coupon (and Anna, who had only this one).
    page = b.get("/followup?hide_contacted=1").text
    assert f'id="coupon-{coupon["id"]}"' not in page
    assert overdue["anna"]["code"] not in page
    shown = b.get("/followup").text
    assert f"Контакт {local_today().strftime('%d.%m.%Y')}" in row(shown, coupon["id"])
    # A date before the issue is refused with a message on the next page.
    early = (local_today() - dt.timedelta(days=30)).isoformat()
    resp = b.post(url, {"contacted_on": early, "next": "https://evil.example/"})
    assert resp.status_code == 303 and resp.headers["location"].startswith("/followup#")
    assert "note-error" in row(b.get("/followup").text, coupon["id"])
    assert h.count(session, "followup_contact") == 1


def test_reissue_without_javascript(browser, overdue, client, auth, session):
    b = browser("organiser")
    old = overdue["old"]
    before = h.expect(
        client.get(
            f"{h.API}/reports/committee",
            params={"from": old["fair_date"], "to": old["fair_date"]},
            headers=auth("organiser"),
        ),
        200,
    )
    confirm = b.get(f"/followup/coupons/{old['code']}/reissue?next=/followup%3Fpage%3D1")
    assert confirm.status_code == 200
    assert f'action="/followup/coupons/{old["code"]}/reissue"' in confirm.text
    assert 'name="csrf_token"' in confirm.text
    assert h.count(session, "coupon", status="cancelled") == 0  # asking changes nothing
    resp = b.post(f"/followup/coupons/{old['code']}/reissue", {"next": "/followup"})
    assert resp.status_code == 303
    new_code = session.execute(
        text("SELECT code FROM coupon WHERE reissued_from_id = :id"), {"id": old["id"]}
    ).scalar_one()
    assert resp.headers["location"] == f"/followup/coupons/{new_code}/reissued"
    done = b.get(resp.headers["location"])
    assert done.status_code == 200
    assert f'href="/coupons/{new_code}/print"' in done.text
    assert b.get(f"/coupons/{new_code}/print").status_code == 200
    after = h.expect(
        client.get(
            f"{h.API}/reports/committee",
            params={"from": old["fair_date"], "to": old["fair_date"]},
            headers=auth("organiser"),
        ),
        200,
    )
    for key in ("persons_referred", "coupons_issued", "coupons_redeemed", "fairs"):
        assert after[key] == before[key], key
    # The old coupon's own page is not a re-issue.
    assert b.get(f"/followup/coupons/{old['code']}/reissued").status_code == 404
    # Its confirmation page now says it cannot be re-issued, and posting again is refused.
    assert 'name="csrf_token"' not in b.get(f"/followup/coupons/{old['code']}/reissue").text.split("<main")[1]
    again = b.post(f"/followup/coupons/{old['code']}/reissue", {})
    assert again.status_code == 303
    assert h.count(session, "coupon", reissued_from_id=old["id"]) == 1


def test_reissue_with_htmx(browser, overdue, client, auth, session):
    b = browser("organiser")
    old = overdue["second"]
    resp = b.post(f"/followup/coupons/{old['code']}/reissue", {"next": "/followup"}, htmx=True)
    assert resp.status_code == 200 and "<html" not in resp.text
    assert resp.text.lstrip().startswith(f'<li id="coupon-{old["id"]}"')
    new_code = session.execute(
        text("SELECT code FROM coupon WHERE reissued_from_id = :id"), {"id": old["id"]}
    ).scalar_one()
    assert f'href="/coupons/{new_code}/print"' in resp.text
    # A redeemed coupon is refused: the row comes back with the message, nothing changes.
    other = overdue["newer"]
    h.expect(h.redeem(client, auth("organiser"), other["code"], redeemed_on=local_today()), 200)
    refused = b.post(f"/followup/coupons/{other['code']}/reissue", {}, htmx=True)
    assert refused.status_code == 409 and "note-error" in refused.text
    assert h.count(session, "coupon", reissued_from_id=other["id"]) == 0
    assert h.count(session, "coupon", status="cancelled") == 1


@pytest.mark.parametrize("username", ["partner_employment", "committee", "admin"])
def test_other_roles_are_refused(browser, overdue, username, session):
    b = browser(username)
    assert b.get("/followup").status_code == 403
    assert b.get(f"/followup/coupons/{overdue['old']['code']}/reissue").status_code == 403
    assert b.post(f"/followup/clients/{overdue['olga']['id']}/contacts", {}).status_code == 403
    assert b.post(f"/followup/coupons/{overdue['old']['code']}/contacted", {"note": "x"}).status_code == 403
    assert b.post(f"/followup/coupons/{overdue['old']['code']}/reissue", {}).status_code == 403
    assert 'href="/followup"' not in b.get("/").text
    assert h.count(session, "audit_entry", action="view_personal") == 0
    assert h.count(session, "followup_contact") == 0


def test_empty_state_filter_and_pages(browser, overdue, monkeypatch):
    b = browser("organiser")
    # The filter as htmx asks for it: only the list section.
    fragment = b.get("/followup?hide_contacted=1", htmx=True)
    assert fragment.status_code == 200 and fragment.text.lstrip().startswith('<section id="followup-list"')
    monkeypatch.setenv("FAIRS_PAGE_SIZE", "1")
    config.get_settings.cache_clear()
    first = b.get("/followup").text
    assert overdue["olga"]["code"] in first and overdue["anna"]["code"] not in first
    assert 'href="/followup?page=2"' in first
    second = b.get("/followup?page=2").text
    assert overdue["anna"]["code"] in second and overdue["olga"]["code"] not in second
    # N larger than every coupon's age: the empty state.
    monkeypatch.setenv("FAIRS_FOLLOWUP_DAYS", "21")
    config.get_settings.cache_clear()
    empty = b.get("/followup").text
    assert 'class="empty card"' in empty
    assert 'id="coupon-' not in empty
