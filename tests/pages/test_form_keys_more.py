"""The other page forms that write carry a fresh key too (annul, follow-up contact and re-issue, pads):
the same form sent twice writes once and gets the first answer again; another key is a new request, as
before; a refused form writes nothing, its key's claim included, so the corrected form may use it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import text

from fairs.clock import local_today
from tests.api import helpers as h
from tests.pages.test_form_keys import keys_of


def _form(html: str, action: str) -> str:
    """The <form> of a page posting to `action`."""
    match = re.search(rf'<form method="post" action="{re.escape(action)}".*?</form>', html, re.S)
    assert match, f"no form posting to {action}"
    return match.group(0)


# --- Annulment of a redemption (the coupon page, organisers) ---


def test_annul_once_per_key(browser, api_coupon, client, auth, session) -> None:  # noqa: ANN001
    coupon = api_coupon(booth="employment", to="hospital", direction="hiv_testing")
    h.expect(h.redeem(client, auth("partner_hospital"), coupon["code"]), 200)
    b = browser("organiser")
    url = f"/coupons/{coupon['code']}/annul"
    (key,) = keys_of(_form(b.get(f"/coupons/{coupon['code']}").text, url))
    assert len(key) >= 20
    # Refused (the box not ticked): nothing written, the key stays free for the corrected form.
    refused = b.post(url, {"reason": "ошибка", "idempotency_key": key}, htmx=True)
    assert refused.status_code == 400 and "note-error" in refused.text
    form = {"reason": "ошибка", "confirm": "yes", "idempotency_key": key}
    first = b.post(url, form, htmx=True)
    assert first.status_code == 200 and "note-ok" in first.text
    again = b.post(url, form, htmx=True)
    assert again.status_code == 200 and again.text == first.text  # not "not redeemed"
    session.expire_all()
    assert h.count(session, "audit_entry", action="annul", entity_id=coupon["id"]) == 1
    # Another key is another request: the coupon is no longer redeemed, refused as before.
    other = b.post(url, {**form, "idempotency_key": "k-annul-2"}, htmx=True)
    assert other.status_code == 409 and "note-error" in other.text
    session.expire_all()
    assert h.count(session, "audit_entry", action="annul", entity_id=coupon["id"]) == 1


def test_annul_without_javascript_repeats_the_redirect(browser, api_coupon, client, auth, session) -> None:  # noqa: ANN001
    coupon = api_coupon(booth="employment", to="hospital", direction="hiv_testing")
    h.expect(h.redeem(client, auth("partner_hospital"), coupon["code"]), 200)
    b = browser("organiser")
    form = {"reason": "ошибка", "confirm": "yes", "idempotency_key": "k-annul-plain"}
    first = b.post(f"/coupons/{coupon['code']}/annul", form)
    again = b.post(f"/coupons/{coupon['code']}/annul", form)
    assert first.status_code == again.status_code == 303
    assert again.headers["location"] == first.headers["location"]
    session.expire_all()
    assert h.count(session, "audit_entry", action="annul", entity_id=coupon["id"]) == 1


# --- Follow-up: the contact mark and the re-issue ---


@pytest.fixture
def overdue(client, auth, orgs):  # noqa: ANN001, ANN201
    """Three coupons of one client issued 20 days ago, at a fair now closed (arranged through the API)."""
    org = auth("organiser")
    person = h.register(client, org, mother="Ольга", father="Пётр", sex="F", birth_year=1990)
    fair = h.make_open_fair(client, org, day=local_today() - dt.timedelta(days=20))
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    h.close_fair(client, org, fair=fair)  # then entered from the stubs: issued on the fair's day
    made = [
        h.issue(client, org, booth=booth, client_id=person["id"], org=orgs["employment"], direction=d)
        for d in ("employment_referral", "employment_counselling", "employment_referral")
    ]
    return made


def test_followup_forms_have_keys_of_their_own(browser, overdue) -> None:  # noqa: ANN001
    b = browser("organiser")
    page = b.get("/followup").text
    keys = keys_of(page)
    assert len(keys) == 2 * len(overdue) and len(set(keys)) == len(keys)  # a mark and a re-issue each
    confirm = b.get(f"/followup/coupons/{overdue[0]['code']}/reissue").text
    assert len(keys_of(_form(confirm, f"/followup/coupons/{overdue[0]['code']}/reissue"))) == 1


def test_contact_mark_once_per_key(browser, overdue, session) -> None:  # noqa: ANN001
    b = browser("organiser")
    coupon = overdue[0]
    url = f"/followup/coupons/{coupon['code']}/contacted"
    tomorrow = (local_today() + dt.timedelta(days=1)).isoformat()
    form = {"contacted_on": tomorrow, "note": "Обещала прийти", "idempotency_key": "k-mark"}
    refused = b.post(url, form, htmx=True)
    assert refused.status_code == 400 and "note-error" in refused.text
    session.expire_all()
    assert h.count(session, "followup_contact") == 0
    form["contacted_on"] = local_today().isoformat()  # corrected, with the same key
    first = b.post(url, form, htmx=True)
    assert first.status_code == 200 and "note-ok" in first.text
    again = b.post(url, form, htmx=True)
    assert again.status_code == 200 and again.text == first.text
    session.expire_all()
    assert h.count(session, "followup_contact", coupon_id=coupon["id"]) == 1
    assert h.count(session, "audit_entry", entity="followup_contact") == 1
    # Another key is another mark, as before (marks add up).
    assert b.post(url, {**form, "idempotency_key": "k-mark-2"}, htmx=True).status_code == 200
    session.expire_all()
    assert h.count(session, "followup_contact", coupon_id=coupon["id"]) == 2


def test_contact_mark_without_javascript_repeats_the_redirect(browser, overdue, session) -> None:  # noqa: ANN001
    b = browser("organiser")
    url = f"/followup/coupons/{overdue[0]['code']}/contacted"
    form = {"note": "", "next": "/followup?hide_contacted=1", "idempotency_key": "k-mark-plain"}
    first = b.post(url, form)
    again = b.post(url, form)
    assert first.status_code == again.status_code == 303
    assert (
        again.headers["location"]
        == first.headers["location"]
        == (f"/followup?hide_contacted=1#coupon-{overdue[0]['id']}")
    )
    session.expire_all()
    assert h.count(session, "followup_contact") == 1


def _replacements(session, coupon: dict) -> list[str]:  # noqa: ANN001
    session.expire_all()
    query = text("SELECT code FROM coupon WHERE reissued_from_id = :id")
    return list(session.execute(query, {"id": coupon["id"]}).scalars())


def test_reissue_once_per_key(browser, overdue, client, auth, session) -> None:  # noqa: ANN001
    b = browser("organiser")
    old, other, third = overdue
    url = f"/followup/coupons/{old['code']}/reissue"
    form = {"next": "/followup", "idempotency_key": "k-reissue"}
    first = b.post(url, form, htmx=True)
    assert first.status_code == 200 and "note-error" not in first.text
    again = b.post(url, form, htmx=True)
    assert again.status_code == 200 and again.text == first.text  # the same replacement, to print
    (new_code,) = _replacements(session, old)
    assert f'href="/coupons/{new_code}/print"' in again.text
    # Another key is another request: the old coupon is cancelled now, refused as before.
    refused = b.post(url, {**form, "idempotency_key": "k-reissue-2"}, htmx=True)
    assert refused.status_code == 409 and "note-error" in refused.text
    assert len(_replacements(session, old)) == 1
    # A refused re-issue (a redeemed coupon) frees its key: the same key re-issues another coupon.
    h.expect(h.redeem(client, auth("organiser"), other["code"], redeemed_on=local_today()), 200)
    no = b.post(
        f"/followup/coupons/{other['code']}/reissue", {**form, "idempotency_key": "k-free"}, htmx=True
    )
    assert no.status_code == 409
    assert _replacements(session, other) == []
    yes = b.post(
        f"/followup/coupons/{third['code']}/reissue", {**form, "idempotency_key": "k-free"}, htmx=True
    )
    assert yes.status_code == 200 and "note-error" not in yes.text
    assert len(_replacements(session, third)) == 1


def test_reissue_without_javascript_repeats_the_redirect(browser, overdue, session) -> None:  # noqa: ANN001
    b = browser("organiser")
    old = overdue[0]
    url = f"/followup/coupons/{old['code']}/reissue"
    (key,) = keys_of(_form(b.get(url).text, url))
    first = b.post(url, {"next": "/followup", "idempotency_key": key})
    again = b.post(url, {"next": "/followup", "idempotency_key": key})
    assert first.status_code == again.status_code == 303
    (new_code,) = _replacements(session, old)
    assert again.headers["location"] == first.headers["location"] == f"/followup/coupons/{new_code}/reissued"


# --- Pads of blank coupons: print, bind, void ---


@pytest.fixture
def fair_day(client, auth, orgs):  # noqa: ANN001, ANN201
    """An open fair today with the employment centre's booth and a registered client."""
    org = auth("organiser")
    fair = h.make_open_fair(client, org)
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    return {"fair": fair, "booth": booth, "client": h.register(client, org), "orgs": orgs}


def _codes_on(html: str) -> list[str]:
    return re.findall(r'<dd class="short-code">([0-9A-Z-]+)</dd>', html)


def test_pad_printed_once_per_key(browser, fair_day, session) -> None:  # noqa: ANN001
    b = browser("organiser")
    url = f"/fairs/{fair_day['fair']['id']}/booths/{fair_day['booth']['id']}/pad"
    (key,) = keys_of(_form(b.get(url).text, url))
    refused = b.post(url, {"count": "500", "idempotency_key": key})
    assert refused.status_code == 400 and 'value="500"' in refused.text
    first = b.post(url, {"count": "3", "idempotency_key": key})  # corrected, with the same key
    again = b.post(url, {"count": "3", "idempotency_key": key})
    assert first.status_code == again.status_code == 303
    assert again.headers["location"] == first.headers["location"]  # the same pad's sheet
    session.expire_all()
    assert (h.count(session, "pad"), h.count(session, "coupon", status="blank")) == (1, 3)
    assert b.post(url, {"count": "3", "idempotency_key": "k-pad-2"}).status_code == 303
    session.expire_all()
    assert (h.count(session, "pad"), h.count(session, "coupon", status="blank")) == (2, 6)


def test_bind_once_per_key(browser, fair_day, session) -> None:  # noqa: ANN001
    organiser = browser("organiser")
    fair, booth, orgs = fair_day["fair"], fair_day["booth"], fair_day["orgs"]
    made = organiser.post(f"/fairs/{fair['id']}/booths/{booth['id']}/pad", {"count": "2"})
    code = _codes_on(organiser.get(made.headers["location"]).text)[0]
    b = browser("partner_employment")
    url = f"/booths/{booth['id']}/bind"
    (key,) = keys_of(_form(b.get(url, params={"code": code}).text, url))
    form = {"code": code, "client_code": fair_day["client"]["code"], "idempotency_key": key}
    # The employment centre does not receive HIV testing: refused, nothing written, the key stays free.
    wrong = b.post(url, {**form, "target": f"{orgs['employment']}:hiv_testing"})
    assert wrong.status_code == 400 and "note-error" in wrong.text
    assert keys_of(_form(wrong.text, url)) != [key]  # the form shown again has a fresh key
    form["target"] = f"{orgs['hospital']}:hiv_testing"
    first = b.post(url, form)
    assert first.status_code == 200 and "note-ok" in first.text
    again = b.post(url, form)
    assert again.status_code == 200 and again.text == first.text  # not "this coupon is not blank"
    session.expire_all()
    assert h.count(session, "coupon", status="issued") == 1
    assert h.count(session, "coupon", status="blank") == 1
    # Another key is another request: refused as before.
    assert b.post(url, {**form, "idempotency_key": "k-bind-2"}).status_code == 409
    session.expire_all()
    assert h.count(session, "coupon", status="issued") == 1


def test_void_once_per_key(browser, client, auth, fair_day, session) -> None:  # noqa: ANN001
    fair, booth = fair_day["fair"], fair_day["booth"]
    b = browser("organiser")
    assert b.post(f"/fairs/{fair['id']}/booths/{booth['id']}/pad", {"count": "3"}).status_code == 303
    url = f"/fairs/{fair['id']}/pads/void"
    # Refused while the fair is open: nothing voided, the key stays free for after the fair.
    refused = b.post(url, {"idempotency_key": "k-void"})
    assert refused.status_code == 409
    session.expire_all()
    assert h.count(session, "coupon", status="blank") == 3
    h.close_fair(client, auth("organiser"), fair=fair)
    (key,) = keys_of(_form(b.get(url).text, url))
    assert len(key) >= 20
    first = b.post(url, {"idempotency_key": "k-void"})
    again = b.post(url, {"idempotency_key": "k-void"})
    assert first.status_code == again.status_code == 303
    assert again.headers["location"] == first.headers["location"] == f"/fairs/{fair['id']}"
    session.expire_all()
    assert h.count(session, "coupon", status="cancelled", cancel_reason="unused blank") == 3
    assert h.count(session, "audit_entry", action="void_blanks") == 1
    # Another key is another request, as before (nothing left to void, but it is recorded).
    assert b.post(url, {"idempotency_key": "k-void-2"}).status_code == 303
    session.expire_all()
    assert h.count(session, "audit_entry", action="void_blanks") == 2


def test_bind_of_a_refused_code_keeps_that_answer(browser, fair_day, session) -> None:  # noqa: ANN001
    """A code that is not a blank is answered, not raised (its scan row commits, throttling the guessing),
    so its key keeps that answer; the form shown with it carries a fresh key for the next try."""
    fair, booth, orgs = fair_day["fair"], fair_day["booth"], fair_day["orgs"]
    organiser = browser("organiser")
    made = organiser.post(f"/fairs/{fair['id']}/booths/{booth['id']}/pad", {"count": "1"})
    (code,) = _codes_on(organiser.get(made.headers["location"]).text)
    b = browser("partner_employment")
    url = f"/booths/{booth['id']}/bind"
    form = {"code": "ZZZZ-ZZZZ-Z", "client_code": fair_day["client"]["code"], "idempotency_key": "k-no"}
    form["target"] = f"{orgs['hospital']}:hiv_testing"
    first = b.post(url, form)
    assert first.status_code >= 400 and "note-error" in first.text
    again = b.post(url, form)
    assert (again.status_code, again.text) == (first.status_code, first.text)
    (fresh,) = keys_of(_form(first.text, url))
    done = b.post(url, {**form, "code": code, "idempotency_key": fresh})
    assert done.status_code == 200 and "note-ok" in done.text
    session.expire_all()
    assert h.count(session, "coupon", status="issued") == 1
