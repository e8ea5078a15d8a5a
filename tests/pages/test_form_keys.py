"""The page forms that write carry a fresh key each: the same form sent twice (a double tap, a retry after a
network blip) gets the first answer again and writes once; another key is a new request, as before."""

from __future__ import annotations

import re

import pytest

from tests.api import helpers as h
from tests.pages.conftest import Browser

KEY_RE = re.compile(r'name="idempotency_key" value="([^"]+)"')


def keys_of(html: str) -> list[str]:
    """The form keys of a page, in order."""
    return KEY_RE.findall(html)


@pytest.fixture
def day(browser, api_coupon) -> dict:  # noqa: ANN001
    """An open fair today with the employment centre's booth and a client (code АНИВ185) registered."""
    api_coupon(booth="employment", to="hospital", direction="hiv_testing")
    b: Browser = browser("organiser")
    fair_id = int(re.search(r'href="/fairs/(\d+)"', b.get("/fairs").text)[1])
    page = b.get(f"/fairs/{fair_id}").text
    booth_id = int(re.search(r'id="booth-(\d+)"', page)[1])
    visitor = {"mother_name": "Анна", "father_name": "Иван", "sex": "M", "birth_year": "1985"}
    assert b.post(f"/fairs/{fair_id}/visitors", visitor).status_code == 303
    return {"b": b, "fair_id": fair_id, "booth_id": booth_id, "visitor": visitor}


def test_each_rendered_write_form_has_a_key_of_its_own(day) -> None:  # noqa: ANN001
    page = day["b"].get(f"/fairs/{day['fair_id']}").text
    keys = keys_of(page)
    # Visitors; and at each booth: the active visitor's form, one coupon, several coupons, a consultation.
    booths = len(re.findall(r'<section id="booth-\d+"', page))
    assert booths >= 1
    assert len(keys) == 1 + 4 * booths and len(set(keys)) == len(keys)
    assert all(len(k) >= 20 for k in keys)
    assert set(keys_of(day["b"].get(f"/fairs/{day['fair_id']}").text)).isdisjoint(keys)  # fresh each time


def test_issue_twice_with_one_key_issues_one_coupon(day, orgs, session) -> None:  # noqa: ANN001
    b, booth = day["b"], day["booth_id"]
    form = {
        "client_code": "АНИВ185",
        "target": f"{orgs['hospital']}:hiv_testing",
        "idempotency_key": "k-issue-1",
    }
    first = b.post(f"/booths/{booth}/coupons", form, htmx=True)
    assert first.status_code == 200 and "note-ok" in first.text
    before = h.count(session, "coupon")
    again = b.post(f"/booths/{booth}/coupons", form, htmx=True)
    assert again.status_code == 200
    assert again.text == first.text  # the first answer, the coupon it issued
    assert again.headers["content-type"].startswith("text/html")
    session.expire_all()
    assert h.count(session, "coupon") == before
    assert h.count(session, "audit_entry", action="issue") == before
    # Another key is another request: the duplicate guard answers, as it always did.
    other = b.post(f"/booths/{booth}/coupons", {**form, "idempotency_key": "k-issue-2"}, htmx=True)
    assert other.status_code == 409 and 'name="confirm_duplicate"' in other.text
    session.expire_all()
    assert h.count(session, "coupon") == before


def test_issue_without_javascript_repeats_the_redirect(day, orgs, session) -> None:  # noqa: ANN001
    b, booth = day["b"], day["booth_id"]
    form = {
        "client_code": "АНИВ185",
        "target": f"{orgs['hospital']}:hiv_testing",
        "idempotency_key": "k-plain",
    }
    first = b.post(f"/booths/{booth}/coupons", form)
    assert first.status_code == 303 and "issued=" in first.headers["location"]
    before = h.count(session, "coupon")
    again = b.post(f"/booths/{booth}/coupons", form)
    assert again.status_code == 303
    assert again.headers["location"] == first.headers["location"]
    session.expire_all()
    assert h.count(session, "coupon") == before


def test_batch_twice_with_one_key_issues_once(day, orgs, session) -> None:  # noqa: ANN001
    b, booth = day["b"], day["booth_id"]
    targets = [f"{orgs['hospital']}:hiv_testing", f"{orgs['employment']}:employment_counselling"]
    form = {"client_code": "АНИВ185", "targets": targets, "idempotency_key": "k-batch"}
    before = h.count(session, "coupon")
    first = b.post(f"/booths/{booth}/coupons/batch", form, htmx=True)
    assert first.status_code == 200, first.text
    again = b.post(f"/booths/{booth}/coupons/batch", form, htmx=True)
    assert again.text == first.text
    session.expire_all()
    assert h.count(session, "coupon") == before + 2
    # With the duplicate confirmed and another key, the same ticks issue two more.
    more = {**form, "confirm_duplicate": "true", "idempotency_key": "k-batch-2"}
    assert b.post(f"/booths/{booth}/coupons/batch", more, htmx=True).status_code == 200
    session.expire_all()
    assert h.count(session, "coupon") == before + 4


def test_serving_the_visitor_once_per_key(day, orgs, session) -> None:  # noqa: ANN001
    """The active visitor's one-submit booth form: a consultation and a coupon, written once per key."""
    b, booth = day["b"], day["booth_id"]
    form = {
        "client_code": "АНИВ185",
        "direction": "employment_counselling",
        "targets": [f"{orgs['hospital']}:hiv_testing"],
        "idempotency_key": "k-serve",
    }
    coupons, consultations = h.count(session, "coupon"), h.count(session, "consultation")
    first = b.post(f"/booths/{booth}/serve", form, htmx=True)
    assert first.status_code == 200, first.text
    assert b.post(f"/booths/{booth}/serve", form, htmx=True).text == first.text
    session.expire_all()
    assert (h.count(session, "coupon"), h.count(session, "consultation")) == (coupons + 1, consultations + 1)
    again = {**form, "confirm_duplicate": "true", "idempotency_key": "k-serve-2"}
    assert b.post(f"/booths/{booth}/serve", again, htmx=True).status_code == 200
    session.expire_all()
    assert (h.count(session, "coupon"), h.count(session, "consultation")) == (coupons + 2, consultations + 2)


def test_consultation_once_per_key(day, session) -> None:  # noqa: ANN001
    b, booth = day["b"], day["booth_id"]
    form = {"client_code": "АНИВ185", "direction": "employment_counselling", "idempotency_key": "k-c1"}
    assert b.post(f"/booths/{booth}/consultations", form, htmx=True).status_code == 200
    assert b.post(f"/booths/{booth}/consultations", form, htmx=True).status_code == 200
    session.expire_all()
    assert h.count(session, "consultation") == 1
    assert b.post(f"/booths/{booth}/consultations", {**form, "idempotency_key": "k-c2"}).status_code == 303
    session.expire_all()
    assert h.count(session, "consultation") == 2


def test_register_visitor_once_per_key(day, session) -> None:  # noqa: ANN001
    b, fair_id = day["b"], day["fair_id"]
    form = {"mother_name": "Ольга", "father_name": "Павел", "sex": "F", "birth_year": "1990"}
    form["idempotency_key"] = "k-visit"
    clients, visits = h.count(session, "client"), h.count(session, "visit")
    first = b.post(f"/fairs/{fair_id}/visitors", form, htmx=True)
    assert first.status_code == 200 and "ОЛПА290" in first.text
    again = b.post(f"/fairs/{fair_id}/visitors", form, htmx=True)
    # The first answer again (the code, and no "recorded before" warning a second visit would bring).
    assert again.text == first.text and "note-warn" not in again.text
    session.expire_all()
    assert (h.count(session, "client"), h.count(session, "visit")) == (clients + 1, visits + 1)


def test_a_refused_form_keeps_its_key_free(day, orgs, session) -> None:  # noqa: ANN001
    """A refusal writes nothing, the key's claim included: corrected, the same key does it."""
    b, booth = day["b"], day["booth_id"]
    form = {
        "client_code": "НЕТТАКОГО1",
        "target": f"{orgs['hospital']}:hiv_testing",
        "idempotency_key": "k-fix",
    }
    refused = b.post(f"/booths/{booth}/coupons", form, htmx=True)
    assert refused.status_code == 404 and 'value="НЕТТАКОГО1"' in refused.text
    before = h.count(session, "coupon")
    fixed = b.post(f"/booths/{booth}/coupons", {**form, "client_code": "АНИВ185"}, htmx=True)
    assert fixed.status_code == 200 and "note-ok" in fixed.text
    session.expire_all()
    assert h.count(session, "coupon") == before + 1


def test_a_key_reused_for_other_values_is_refused_in_the_form(day, orgs, session) -> None:  # noqa: ANN001
    b, booth = day["b"], day["booth_id"]
    form = {"client_code": "АНИВ185", "direction": "employment_counselling", "idempotency_key": "k-same"}
    assert b.post(f"/booths/{booth}/consultations", form, htmx=True).status_code == 200
    other = b.post(f"/booths/{booth}/consultations", {**form, "note": "другое"}, htmx=True)
    assert other.status_code == 422 and "note-error" in other.text and "другое</textarea>" in other.text
    session.expire_all()
    assert h.count(session, "consultation") == 1


def test_outcome_and_cancel_on_the_coupon_page_once_per_key(browser, api_coupon, session) -> None:  # noqa: ANN001
    redeemed = api_coupon(booth="employment", to="employment", direction="employment_counselling")
    partner = browser("partner_employment")
    page = partner.get(f"/c/{redeemed['token']}").text
    partner.post(f"/coupons/{redeemed['token']}/redeem", {"idempotency_key": keys_of(page)[0]}, htmx=True)
    page = partner.get(f"/c/{redeemed['token']}").text
    (key,) = keys_of(page)  # the outcome form
    form = {"outcome": "service_provided", "idempotency_key": key}
    first = partner.post(f"/coupons/{redeemed['token']}/outcome", form, htmx=True)
    again = partner.post(f"/coupons/{redeemed['token']}/outcome", form, htmx=True)
    assert first.status_code == again.status_code == 200
    session.expire_all()
    assert h.count(session, "audit_entry", action="outcome", entity_id=redeemed["id"]) == 1

    issued = api_coupon(booth="employment", to="hospital", direction="hiv_testing")
    organiser = browser("organiser")
    page = organiser.get(f"/coupons/{issued['code']}").text
    assert 'name="reason"' in page
    form = {"reason": "ошибка", "idempotency_key": keys_of(page)[-1]}
    first = organiser.post(f"/coupons/{issued['code']}/cancel", form, htmx=True)
    again = organiser.post(f"/coupons/{issued['code']}/cancel", form, htmx=True)
    assert first.status_code == again.status_code == 200  # not "already cancelled"
    assert again.text == first.text
    session.expire_all()
    assert h.count(session, "audit_entry", action="cancel", entity_id=issued["id"]) == 1
    other = organiser.post(f"/coupons/{issued['code']}/cancel", {**form, "idempotency_key": "k-x"}, htmx=True)
    assert other.status_code == 409


def test_inbox_outcome_once_per_key(browser, api_coupon, client, auth, session) -> None:  # noqa: ANN001
    coupon = api_coupon(booth="employment", to="hospital", direction="hiv_testing")
    r = client.post(f"/api/v1/coupons/{coupon['code']}/redeem", headers=auth("partner_hospital"))
    assert r.status_code == 200, r.text
    b = browser("partner_hospital")
    page = b.get("/inbox?state=redeemed").text
    (key,) = keys_of(page)
    form = {"outcome": "service_provided", "back": "/inbox?state=redeemed", "idempotency_key": key}
    first = b.post(f"/inbox/coupons/{coupon['code']}/outcome", form)
    again = b.post(f"/inbox/coupons/{coupon['code']}/outcome", form)
    assert first.status_code == again.status_code == 303
    assert again.headers["location"] == "/inbox?state=redeemed"
    session.expire_all()
    assert h.count(session, "audit_entry", action="outcome", entity_id=coupon["id"]) == 1
