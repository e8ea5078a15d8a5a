"""Curation on the pages: the organiser makes a curator's account and assigns a client; the client's journey
page (timeline, plan of needs, notes); the curator's home lists their people with what is overdue, and opens
no one else's journey."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session

from tests import world
from tests.api import curation_world as cw
from tests.api import helpers as h
from tests.pages.conftest import Browser

NOTE = "Договорились о встрече в ТЦСОН"


def _setup(client: TestClient, auth, orgs: dict) -> dict:  # noqa: ANN001
    """A fair 20 days ago, entered after it: a client with a visit and a coupon still unused; a second
    client."""
    org = auth("organiser")
    fair = h.make_open_fair(client, org, day=h.today() - dt.timedelta(days=20))
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    h.close_fair(client, org, fair=fair)
    person = h.register(client, org, consent=True)
    other = h.register(client, org, mother="Ева", father="Глеб", sex="F", birth_year=1991)
    h.expect(h.visit(client, org, fair=fair, client_id=person["id"]), 201)
    h.issue(
        client,
        org,
        booth=booth,
        client_id=person["id"],
        org=orgs["employment"],
        direction="employment_counselling",
    )
    return {"person": person, "other": other, "fair": fair}


def test_curator_journey_and_home(
    client: TestClient,
    session: Session,
    auth,
    orgs: dict,
    browser: Callable[[str], Browser],  # noqa: ANN001
) -> None:
    """From making the account to the curator's home, all through the pages."""
    got = _setup(client, auth, orgs)
    person, other = got["person"], got["other"]
    b = browser("organiser")
    made = b.post(
        "/users",
        {
            "username": "curator_page",
            "password": world.PASSWORD,
            "role": "curator",
            "full_name": "Опекунова Алла",
        },
    )
    assert made.status_code == 303, made.text
    curator = session.execute(
        text("SELECT id, role, district_id FROM \"user\" WHERE username = 'curator_page'")
    ).one()
    organiser_district = session.execute(
        text("SELECT district_id FROM \"user\" WHERE username = 'organiser'")
    ).scalar_one()
    assert curator.role == "curator" and curator.district_id == organiser_district
    page = b.get(f"/clients/{person['id']}").text
    assert f'href="/clients/{person["id"]}/journey"' in page
    journey = b.get(f"/clients/{person['id']}/journey").text
    assert "Опекунова Алла" in journey and f'data-event="{got["fair"]["date"]} visit"' in journey
    assert b.post(f"/clients/{person['id']}/curator", {"curator_id": str(curator.id)}).status_code == 303
    due = (h.today() - dt.timedelta(days=1)).isoformat()
    assert b.post(f"/clients/{person['id']}/plan", {"direction": "rehab", "due_on": due}).status_code == 303
    refused = b.post(f"/clients/{person['id']}/plan", {"direction": "rehab"})
    assert refused.status_code == 303
    assert 'data-error="need_exists"' in b.get(refused.headers["location"]).text
    summary = b.get(f"/clients/{person['id']}").text  # the client's page: the curator and the short plan
    assert "Опекунова Алла" in summary and "Реабилитационный центр: открыта" in summary
    audit = b.get("/audit").text  # in words, in Russian: the curator named by the account
    assert "куратор назначен" in audit and "curator_page" in audit and "потребность добавлена в план" in audit
    # The curator: the account's password first, then home.
    account = session.execute(
        text('UPDATE "user" SET must_change_password = false WHERE id = :i'), {"i": curator.id}
    )
    session.commit()
    del account
    c = browser("curator_page")
    assert client.get("/", follow_redirects=False).headers["location"] == "/curator"
    home = c.get("/curator").text
    assert "Мои подопечные" in home
    assert f'data-person="{person["code"]}"' in home and other["code"] not in home
    assert "row-warn" in home
    journey = c.get(f"/clients/{person['id']}/journey").text
    assert 'data-need="rehab open overdue"' in journey
    assert f'action="/clients/{person["id"]}/curator"' not in journey  # organisers assign
    need = session.execute(text("SELECT id FROM plan_need")).scalar_one()
    assert c.post(f"/clients/{person['id']}/plan/{need}", {"status": "met", "due_on": due}).status_code == 303
    assert 'data-need="rehab met"' in c.get(f"/clients/{person['id']}/journey").text
    unconfirmed = c.post(f"/clients/{person['id']}/plan/{need}/delete", {})
    assert unconfirmed.status_code == 303 and h.count(session, "plan_need") == 1
    assert c.post(f"/clients/{person['id']}/notes", {"note": NOTE}).status_code == 303
    assert NOTE in c.get(f"/clients/{person['id']}/journey").text
    assert c.post(f"/clients/{person['id']}/plan/{need}/delete", {"confirm": "yes"}).status_code == 303
    assert h.count(session, "plan_need") == 0
    # Nobody else's journey, no organiser's pages.
    assert c.get(f"/clients/{other['id']}/journey").status_code == 404
    assert c.get(f"/clients/{person['id']}").status_code == 403
    assert c.get("/reports").status_code == 403
    empty = c.get("/curator?overdue=true").text
    assert f'data-person="{person["code"]}"' in empty  # its coupon is still unused after 20 days


def test_a_curator_with_nobody_assigned_sees_the_empty_state(
    client: TestClient,
    session: Session,
    browser: Callable[[str], Browser],
) -> None:
    """A new curator's home says how people come to them; the list of the overdue ones says nothing is."""
    client.base_url = "https://testserver"  # the session cookie is Secure in the tests
    cw.curator(client, session, username="curator_new")
    c = browser("curator_new")
    home = c.get("/curator").text
    assert "За вами пока никто не закреплён" in home and "data-person" not in home
    assert "Просрочек нет." in c.get("/curator?overdue=true").text
