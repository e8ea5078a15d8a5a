"""The fairs page: today's (or the next) fair on top, past fairs never opened marked «не проведена» and
counted as held nowhere, the district's closed days, and the confirmation before planning or moving a fair
onto a holiday or a closed day."""

from __future__ import annotations

import datetime as dt
import re

from freezegun import freeze_time

from fairs.clock import local_today
from tests.api import helpers as h


def _current_card(page: str) -> str:
    match = re.search(r'<section class="card card-current" id="current-fair".*?</section>', page, re.S)
    assert match, "no current fair card"
    return match.group(0)


def test_today_s_fair_on_top_and_past_fairs_never_opened_are_not_held(browser, client, auth):
    org = auth("organiser")
    today = local_today()
    missed = h.make_fair(client, org, day=today - dt.timedelta(days=10))
    held = h.make_open_fair(client, org, day=today - dt.timedelta(days=5))
    h.close_fair(client, org, fair=held)
    todays = h.make_fair(client, org, day=today)
    upcoming = h.make_fair(client, org, day=today + dt.timedelta(days=3))
    b = browser("organiser")
    page = b.get(f"/fairs?year={missed['date'][:4]}").text
    card = _current_card(page)
    assert page.index('id="current-fair"') < page.index('id="fair-list"')
    assert "Сегодняшняя ярмарка" in card and today.strftime("%d.%m.%Y") in card
    assert f'href="/fairs/{todays["id"]}"' in card and f'action="/fairs/{todays["id"]}/open"' in card
    # The missed fair says so instead of «planned»; the held one keeps its status.
    missed_row = re.search(rf'href="/fairs/{missed["id"]}".*?</tr>', page, re.S).group(0)
    held_row = re.search(rf'href="/fairs/{held["id"]}".*?</tr>', page, re.S).group(0)
    assert "не проведена" in missed_row and "не проведена" not in held_row
    fairs = {f["id"]: f for f in h.expect(client.get(f"{h.API}/fairs", headers=org), 200)}
    assert (fairs[missed["id"]]["not_held"], fairs[missed["id"]]["held"]) == (True, False)
    assert (fairs[held["id"]]["not_held"], fairs[held["id"]]["held"]) == (False, True)
    assert fairs[todays["id"]]["not_held"] is False  # today's fair is not missed yet
    # The committee's report counts the fair that was opened, not the one that never was.
    params = {"from": missed["date"], "to": today.isoformat()}
    report = h.expect(client.get(f"{h.API}/reports/committee", params=params, headers=org), 200)
    assert report["fairs_held"] == 1
    # With today's fair cancelled, the next one is on top; a partner reads it too, without the Open button.
    assert b.post(f"/fairs/{todays['id']}/cancel", {"reason": "Карантин"}).status_code == 303
    card = _current_card(b.get("/fairs").text)
    assert "Следующая ярмарка" in card and upcoming["date"][8:10] in card
    partner_card = _current_card(browser("partner_employment").get("/fairs").text)
    assert f'href="/fairs/{upcoming["id"]}"' in partner_card and "/open" not in partner_card


def test_closed_days_on_the_page_and_the_confirmation_step(browser, client):
    client.get("/api/v1/no-such-route")  # let FastAPI read the routes' signatures before freezegun
    # 12:00 in Minsk (UTC+3) on 4 January 2027.
    with freeze_time(dt.datetime(2027, 1, 4, 9, 0), tick=True):
        b = browser("organiser")
        added = b.post("/fairs/closed-days", {"day": "2027-04-12", "reason": "Ремонт помещения"})
        assert added.status_code == 303
        page = b.get("/fairs?year=2027").text
        assert "Ремонт помещения" in page and "12.04.2027" in page
        # A refusal re-renders the form with what was typed.
        again = b.post("/fairs/closed-days", {"day": "2027-04-12", "reason": "Второй раз"})
        assert again.status_code == 409 and 'value="Второй раз"' in again.text
        assert b.post("/fairs/schedule", {"year": "2027"}).status_code == 303
        page = b.get("/fairs?year=2027").text
        assert "перенесена с 12.04 (неприёмный день: Ремонт помещения)" in page
        assert "перенесена с 08.03 (праздник: День женщин)" in page
        # Planning on a closed day asks, with what was typed, and plans after the confirmation.
        asked = b.post("/fairs", {"day": "2027-04-12", "venue": "Актовый зал"})
        assert asked.status_code == 409 and "Ремонт помещения" in asked.text
        step = re.search(r'<section class="card note-warn" id="plan-confirm".*?</section>', asked.text, re.S)
        assert (
            step and 'name="confirm" value="true"' in step.group(0) and 'value="Актовый зал"' in step.group(0)
        )
        form = {"day": "2027-04-12", "venue": "Актовый зал", "confirm": "true"}
        assert b.post("/fairs", form).status_code == 303
        # Moving onto a holiday asks on the move form.
        first = re.findall(r'href="/fairs/(\d+)/move"', b.get("/fairs?year=2027").text)[0]
        moved = b.post(f"/fairs/{first}/move", {"day": "2027-05-11", "venue": ""})
        assert moved.status_code == 409 and "Радуница" in moved.text
        assert 'name="confirm" value="true"' in moved.text and 'value="2027-05-11"' in moved.text
        closed_id = re.search(r'action="/fairs/closed-days/(\d+)/delete"', page).group(1)
        assert b.post(f"/fairs/closed-days/{closed_id}/delete").status_code == 303
        assert "Ремонт помещения" not in b.get("/fairs?year=2027").text.split('id="fair-list"')[0]
        # Only organisers see the section; others are refused its forms.
        assert 'id="closed-days"' not in browser("committee").get("/fairs?year=2027").text
