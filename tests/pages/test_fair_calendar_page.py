"""The fairs page: holiday shifts in the schedule, the district's default venue and hours, and the
confirmation step and date guards on opening and moving a fair."""

from __future__ import annotations

import datetime as dt
import re

from fairs.clock import local_today
from tests.api import helpers as h


def test_holiday_fair_is_moved_and_flagged(browser):
    b = browser("organiser")
    assert b.post("/fairs/schedule", {"year": "2027"}).status_code == 303
    page = b.get("/fairs?year=2027").text
    assert "08.03.2027" not in page
    assert "09.03.2027" in page
    assert "перенесена с 08.03 (праздник: День женщин)" in page
    assert page.count("(праздник:") == 1


def test_defaults_form_carries_into_the_schedule(browser):
    b = browser("organiser")
    form = {"venue": "УИИ, каб. 7", "starts_at": "10:00", "ends_at": "15:00"}
    assert b.post("/fairs/defaults", form).status_code == 303
    page = b.get("/fairs").text
    assert 'value="УИИ, каб. 7"' in page and 'value="10:00"' in page
    assert b.post("/fairs/schedule", {"year": "2030"}).status_code == 303
    rows = re.findall(r"<tr class=.*?</tr>", b.get("/fairs?year=2030").text, re.S)
    assert len(rows) == 12
    assert all("УИИ, каб. 7" in row and "10:00–15:00" in row for row in rows)
    # A refusal re-renders the form with what was typed.
    refused = b.post("/fairs/defaults", {"venue": "ДК", "starts_at": "15:00", "ends_at": "10:00"})
    assert refused.status_code == 400
    assert 'value="ДК"' in refused.text and "Ярмарка должна" in refused.text


def test_opening_another_day_asks_and_a_future_fair_waits(browser, client, auth):
    b = browser("organiser")
    org = auth("organiser")
    today = local_today()
    past = h.make_fair(client, org, day=today - dt.timedelta(days=2))
    future = h.make_fair(client, org, day=today + dt.timedelta(days=2))
    asked = b.post(f"/fairs/{past['id']}/open")
    assert asked.status_code == 303 and asked.headers["location"].startswith(f"/fairs/{past['id']}/open")
    step = b.get(asked.headers["location"]).text
    assert "Открыть ярмарку" in step and 'name="confirm" value="true"' in step
    assert h.expect(client.get(f"{h.API}/fairs/{past['id']}", headers=org), 200)["status"] == "planned"
    assert b.post(f"/fairs/{past['id']}/open", {"confirm": "true"}).status_code == 303
    assert h.expect(client.get(f"{h.API}/fairs/{past['id']}", headers=org), 200)["status"] == "open"
    refused = b.post(f"/fairs/{future['id']}/open", {"confirm": "true"}, htmx=True)
    assert refused.status_code == 409 and "раньше её дня" in refused.text
    assert h.expect(client.get(f"{h.API}/fairs/{future['id']}", headers=org), 200)["status"] == "planned"
    # The list offers no Open button for a future fair, and a link to the confirmation step for a past one.
    listing = b.get(f"/fairs?year={future['date'][:4]}").text
    assert f'action="/fairs/{future["id"]}/open"' not in listing


def test_moving_into_the_past_or_too_far_is_refused(browser, client, auth):
    b = browser("organiser")
    org = auth("organiser")
    today = local_today()
    fair = h.make_fair(client, org, day=today + dt.timedelta(days=5))
    for day, text in (
        (today - dt.timedelta(days=1), "прошедший день"),
        (today + dt.timedelta(days=800), "два года"),
    ):
        refused = b.post(f"/fairs/{fair['id']}/move", {"day": day.isoformat()})
        assert refused.status_code == 303 and refused.headers["location"] == f"/fairs/{fair['id']}/move"
        assert text in b.get(refused.headers["location"]).text
    assert h.expect(client.get(f"{h.API}/fairs/{fair['id']}", headers=org), 200)["date"] == fair["date"]
    assert b.post(f"/fairs/{fair['id']}/move", {"day": today.isoformat()}).status_code == 303
    assert h.expect(client.get(f"{h.API}/fairs/{fair['id']}", headers=org), 200)["date"] == today.isoformat()
