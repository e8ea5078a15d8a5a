"""Notes on the pages: refused without consent (what was typed is kept) and audited when shown."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import text

from fairs import config
from fairs.clock import local_today
from tests.api import helpers as h

SECRET = "тел. 8029 111-22-33, ВИЧ+"
REFUSAL = "Заметку можно сохранить только для клиента, давшего согласие"


@pytest.fixture
def coupons(client, auth, orgs):  # noqa: ANN001, ANN201
    """An open fair today with the employment booth; Olga (consent) and Anna (none), a coupon each."""
    org = auth("organiser")
    fair = h.make_open_fair(client, org)
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    result = {"booth": booth}
    for key, mother, consent in (("olga", "Ольга", True), ("anna", "Анна", False)):
        person = h.register(client, org, mother=mother, consent=consent)
        result[key] = person
        result[f"{key}_coupon"] = h.issue(
            client,
            org,
            booth=booth,
            client_id=person["id"],
            org=orgs["employment"],
            direction="employment_referral",
        )
    return result


def views(session) -> list[tuple]:  # noqa: ANN001
    rows = session.execute(text("SELECT entity_id, details FROM audit_entry WHERE action = 'view_personal'"))
    return [(r[0], r[1] if isinstance(r[1], dict) else json.loads(r[1])) for r in rows]


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
def test_a_note_without_consent_is_refused_and_kept_in_the_form(browser, coupons, session, htmx):
    b = browser("organiser")
    url = f"/followup/coupons/{coupons['anna_coupon']['code']}/contacted"
    refused = b.post(url, {"contacted_on": local_today().isoformat(), "note": SECRET}, htmx=htmx)
    assert refused.status_code == 400
    assert REFUSAL in refused.text and "note-error" in refused.text
    assert f">{SECRET}</textarea>" in refused.text  # what was typed, to edit
    assert ("<html" in refused.text) is not htmx
    assert h.count(session, "followup_contact") == 0
    done = b.post(url, {"contacted_on": local_today().isoformat(), "note": ""}, htmx=htmx)
    assert done.status_code in (200, 303)
    assert h.count(session, "followup_contact") == 1


def test_a_consultation_note_without_consent_is_refused_at_the_booth(browser, coupons, session):
    b = browser("partner_employment")
    url = f"/booths/{coupons['booth']['id']}/consultations"
    form = {"client_code": coupons["anna"]["code"], "direction": "employment_counselling", "note": SECRET}
    refused = b.post(url, form, htmx=True)
    assert refused.status_code == 400 and REFUSAL in refused.text
    assert h.count(session, "consultation") == 0
    assert b.post(url, {**form, "note": ""}, htmx=True).status_code == 200
    assert b.post(url, {**form, "client_code": coupons["olga"]["code"]}, htmx=True).status_code == 200
    assert h.count(session, "consultation") == 2


def test_notes_shown_on_the_followup_page_are_audited(  # noqa: PLR0913
    browser, client, auth, orgs, coupons, session, monkeypatch
):
    monkeypatch.setenv("FAIRS_FOLLOWUP_DAYS", "1")
    config.get_settings.cache_clear()
    org = auth("organiser")
    fair = h.make_open_fair(client, org, day=local_today() - dt.timedelta(days=2))
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    h.close_fair(client, org, fair=fair)
    to = {"org": orgs["employment"], "direction": "employment_referral"}
    coupon = h.issue(client, org, booth=booth, client_id=coupons["olga"]["id"], **to)
    b = browser("organiser")
    olga_url = f"/followup/coupons/{coupon['code']}/contacted"
    assert b.post(olga_url, {"note": SECRET}).status_code == 303
    assert views(session) == []  # recording a note is not reading one
    page = b.get("/followup")
    assert page.status_code == 200 and SECRET in page.text
    assert views(session) == [(coupons["olga"]["id"], {"notes": 1})]
    # The confirmation before a re-issue shows no note, and audits none.
    confirm = b.get(f"/followup/coupons/{coupon['code']}/reissue")
    assert confirm.status_code == 200 and SECRET not in confirm.text
    assert len(views(session)) == 1
    # A refused mark on the same row shows no note either (a refusal commits nothing, not even an audit row).
    refused = b.post(olga_url, {"contacted_on": "2000-01-01", "note": "x"}, htmx=True)
    assert refused.status_code == 400 and SECRET not in refused.text
    assert len(views(session)) == 1
