"""Handovers racing through a real server: four organisers' taps handing one client over to district B at
the same moment make one handover, one replacement coupon and one client row there; the others are told
`already_handed_over` (SQLite and PostgreSQL)."""

from __future__ import annotations

import httpx
from fastapi.testclient import TestClient
from freezegun import freeze_time
from sqlalchemy import text
from sqlmodel import Session

from fairs.app import create_app
from tests.api import helpers as h
from tests.api.handover_world import HANDOVER_DAY, build_person
from tests.api.test_race import _all_at_once, serving


def test_simultaneous_handovers_of_one_client_make_one(
    client: TestClient, auth, orgs: dict[str, int], session: Session
) -> None:
    client.get("/api/v1/no-such-route")  # both apps read the routes' signatures before freezegun
    world = build_person(client, session, auth, orgs)
    b = session.execute(text("SELECT id FROM district WHERE name = 'Слуцкий район'")).scalar_one()
    with serving(create_app()) as base_url:
        httpx.get(f"{base_url}/api/v1/no-such-route")
        with freeze_time(HANDOVER_DAY, tick=True):
            org = auth("organiser")
            body = {"client_id": world.client_id, "to_district_id": b, "consent": True}
            responses = _all_at_once(base_url, [(org, f"{h.API}/handovers", body)] * 4)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201, 409, 409, 409], [r.text for r in responses]
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"already_handed_over"}
    assert h.count(session, "handover") == 1
    assert h.count(session, "client", code=world.code) == 2
    assert h.count(session, "coupon", district_id=b) == 1
    assert h.count(session, "coupon", status="cancelled") == 1
