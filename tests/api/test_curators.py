"""Curators through the JSON API: the district's organiser makes a curator's account and assigns clients; the
curator reads their people's journey (visits, consultations, coupons and outcomes, notes with consent),
keeps the plan of needs and sees what is overdue; nobody else's clients, nor another district's."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session

from tests.api import curation_world as cw
from tests.api import helpers as h

NOTE = "Живёт у сестры, телефон 8-029-111-22-33"


@pytest.fixture
def people(client: TestClient, session: Session, hdr: dict, orgs: dict) -> dict:
    """Two curators of district A; a client with a history (a fair 20 days ago, entered after it: visit,
    consultation, a coupon still unused and a redeemed one with an outcome), assigned to the first; a second
    client, unassigned."""
    org = hdr["organiser"]
    fair = h.make_open_fair(client, org, day=h.today() - dt.timedelta(days=20))
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    h.close_fair(client, org, fair=fair)  # the paper records of the day, entered after it
    person = h.register(client, org, consent=True)
    other = h.register(client, org, mother="Ева", father="Глеб", sex="F", birth_year=1991, consent=False)
    h.expect(h.visit(client, org, fair=fair, client_id=person["id"]), 201)
    h.expect(
        h.consult(client, org, booth=booth, client_id=person["id"], direction="employment_counselling"), 201
    )
    unused = h.issue(
        client,
        org,
        booth=booth,
        client_id=person["id"],
        org=orgs["employment"],
        direction="employment_counselling",
    )
    used = h.issue(
        client,
        org,
        booth=booth,
        client_id=person["id"],
        org=orgs["employment"],
        direction="employment_counselling",
    )
    partner = hdr["partner_employment"]
    h.expect(h.redeem(client, org, used["code"], redeemed_on=h.today() - dt.timedelta(days=10)), 200)
    h.expect(h.set_outcome(client, partner, used["code"], outcome="registered_jobseeker"), 200)
    first_id, first = cw.curator(client, session, username="curator_one")
    second_id, second = cw.curator(client, session, username="curator_two")
    cw.assign(client, org, client_id=person["id"], curator_id=first_id)
    return {
        "fair": fair,
        "client": person,
        "other": other,
        "unused": unused,
        "first": first,
        "first_id": first_id,
        "second": second,
        "second_id": second_id,
    }


def test_the_curator_reads_their_persons_journey(
    client: TestClient, session: Session, hdr: dict, people: dict
) -> None:
    """The timeline holds what happened, newest first, without personal fields; the assignment is audited."""
    person = people["client"]
    got = h.expect(client.get(f"{h.API}/clients/{person['id']}/journey", headers=people["first"]), 200)
    assert (
        got["code"] == person["code"] and got["curator_id"] == people["first_id"] and got["consent"] is True
    )
    fair_day = people["fair"]["date"]
    redeemed_on = (h.today() - dt.timedelta(days=10)).isoformat()
    kinds = [(e["day"], e["kind"]) for e in got["events"]]
    assert kinds[:2] == [(h.today().isoformat(), "outcome"), (redeemed_on, "redeemed")]
    assert sorted(kinds[2:]) == sorted(
        [(fair_day, "visit"), (fair_day, "consultation"), (fair_day, "issued"), (fair_day, "issued")]
    )
    assert got["total"] == 6 and "full_name" not in got
    assert {e["organisation"] for e in got["events"] if e["kind"] != "visit"} == {"Центр занятости"}
    rows = h.audit_rows(session, action="assign_curator")
    assert [(r["entity"], r["entity_id"]) for r in rows] == [("client", person["id"])]


def test_other_curators_and_districts_do_not_see_the_person(
    client: TestClient, hdr: dict, people: dict
) -> None:
    """Another curator of the district, or the curator on an unassigned client: 404 as for no client; partners
    and the committee 403; district B's organiser 404."""
    person, other = people["client"]["id"], people["other"]["id"]
    for headers, client_id in ((people["second"], person), (people["first"], other)):
        for path in ("journey", "plan"):
            h.expect(
                client.get(f"{h.API}/clients/{client_id}/{path}", headers=headers), 404, "client_not_found"
            )
        body = {"direction": "rehab"}
        h.expect(
            client.post(f"{h.API}/clients/{client_id}/plan", json=body, headers=headers),
            404,
            "client_not_found",
        )
    for role in ("partner_employment", "committee"):
        h.expect(client.get(f"{h.API}/clients/{person}/journey", headers=hdr[role]), 403)
    h.expect(
        client.get(f"{h.API}/clients/{person}/journey", headers=hdr["organiser_b"]), 404, "client_not_found"
    )
    # The curator reads no client outside curation, nor the report.
    h.expect(client.get(f"{h.API}/clients/{person}", headers=people["first"]), 403)
    h.expect(client.get(f"{h.API}/reports/committee", headers=people["first"]), 403)


def test_only_a_curator_of_the_clients_district_can_be_assigned(
    client: TestClient, session: Session, hdr: dict, orgs: dict, people: dict
) -> None:
    """A partner's account, another district's curator and an id of nobody are the same 400; district B's
    organiser is told the client does not exist; each change is audited, assigning the same curator again
    changes nothing."""
    person = people["client"]["id"]
    b_curator, _b = cw.curator(client, session, username="curator_b", by="organiser_b")
    partner = session.execute(
        text("SELECT id FROM \"user\" WHERE username = 'partner_employment'")
    ).scalar_one()
    answers = []
    for wrong in (partner, b_curator, 987_654):
        body = cw.assign(client, hdr["organiser"], client_id=person, curator_id=wrong, status=400)
        answers.append((body["code"], body["detail"]))
    assert answers == [answers[0]] * 3 and answers[0][0] == "curator_required"
    cw.assign(client, hdr["organiser_b"], client_id=person, curator_id=b_curator, status=404)
    listed = h.expect(client.get(f"{h.API}/curators", headers=hdr["organiser"]), 200)
    assert {c["username"] for c in listed} == {"curator_one", "curator_two"}
    moved = cw.assign(client, hdr["organiser"], client_id=person, curator_id=people["second_id"])
    assert moved["curator_id"] == people["second_id"] and moved["assigned_on"] == h.today().isoformat()
    assert cw.assign(client, hdr["organiser"], client_id=person, curator_id=people["second_id"]) == moved
    h.expect(client.get(f"{h.API}/clients/{person}/journey", headers=people["first"]), 404)
    h.expect(client.get(f"{h.API}/clients/{person}/journey", headers=people["second"]), 200)
    assert cw.assign(client, hdr["organiser"], client_id=person, curator_id=None) == {
        "client_id": person,
        "curator_id": None,
        "assigned_on": None,
    }
    actions = [
        r["action"]
        for r in h.audit_rows(session, entity="client", entity_id=person)
        if "curator" in r["action"]
    ]
    assert actions == ["assign_curator", "assign_curator", "unassign_curator"]


def test_the_plan_of_needs(client: TestClient, session: Session, hdr: dict, people: dict) -> None:
    """The curator adds needs, changes their status and due date, removes one; each change audited."""
    person, curator = people["client"]["id"], people["first"]
    url = f"{h.API}/clients/{person}/plan"
    yesterday = (h.today() - dt.timedelta(days=1)).isoformat()
    housing = h.expect(
        client.post(url, json={"direction": "rehab", "due_on": yesterday}, headers=curator), 201
    )
    assert (housing["direction"], housing["status"], housing["overdue"]) == ("rehab", "open", True)
    h.expect(client.post(url, json={"direction": "rehab"}, headers=curator), 409, "need_exists")
    h.expect(client.post(url, json={"direction": "no_such"}, headers=curator), 400, "unknown_direction")
    h.expect(client.post(url, json={"direction": "rehab", "status": "done"}, headers=curator), 422)
    job = h.expect(
        client.post(url, json={"direction": "employment_counselling"}, headers=hdr["organiser"]), 201
    )
    changed = h.expect(client.patch(f"{url}/{housing['id']}", json={"status": "met"}, headers=curator), 200)
    assert (changed["status"], changed["due_on"], changed["overdue"]) == ("met", yesterday, False)
    cleared = h.expect(client.patch(f"{url}/{housing['id']}", json={"due_on": None}, headers=curator), 200)
    assert cleared["due_on"] is None and cleared["status"] == "met"
    assert client.delete(f"{url}/{job['id']}", headers=curator).status_code == 204
    h.expect(client.delete(f"{url}/{job['id']}", headers=curator), 404, "need_not_found")
    plan = h.expect(client.get(url, headers=hdr["organiser"]), 200)
    assert [(n["direction"], n["status"]) for n in plan] == [("rehab", "met")]
    actions = [r["action"] for r in h.audit_rows(session, entity="plan_need")]
    assert actions == ["add_need", "add_need", "change_need", "change_need", "remove_need"]
    changes = session.execute(
        text("SELECT details FROM audit_entry WHERE action = 'change_need' ORDER BY id")
    ).scalars()
    assert [(d["before"], d["after"]) for d in map(_as_dict, changes)] == [
        ({"status": "open"}, {"status": "met"}),
        ({"due_on": yesterday}, {"due_on": ""}),
    ]


def test_a_retired_direction_is_not_added_to_plans(client: TestClient, hdr: dict, people: dict) -> None:
    """The admin retires a direction: a plan no longer takes it (400 `direction_retired`)."""
    retire = {"name_ru": "Психологическая помощь", "name_en": "Psychological support", "is_active": False}
    h.expect(client.put(f"{h.API}/directions/psychological", json=retire, headers=hdr["admin"]), 200)
    url = f"{h.API}/clients/{people['client']['id']}/plan"
    body = {"direction": "psychological"}
    h.expect(client.post(url, json=body, headers=people["first"]), 400, "direction_retired")


def _as_dict(details: object) -> dict:
    """An audit row's details (JSON text on SQLite, a dict on PostgreSQL)."""
    return json.loads(details) if isinstance(details, str) else details  # type: ignore[return-value]


def test_notes_follow_the_consent_rules(
    client: TestClient, session: Session, hdr: dict, people: dict
) -> None:
    """A note only for a client who gave consent; shown on the timeline (the showing audited, the text never
    in the audit); erased when consent is withdrawn."""
    org, curator = hdr["organiser"], people["first"]
    person, other = people["client"]["id"], people["other"]["id"]
    cw.assign(client, org, client_id=other, curator_id=people["first_id"])
    body = {"note": NOTE}
    h.expect(
        client.post(f"{h.API}/clients/{other}/notes", json=body, headers=curator), 400, "note_needs_consent"
    )
    h.expect(client.post(f"{h.API}/clients/{person}/notes", json=body, headers=curator), 201)
    views_before = len(h.audit_rows(session, action="view_personal", entity_id=person))
    got = h.expect(client.get(f"{h.API}/clients/{person}/journey", headers=curator), 200)
    assert [(e["kind"], e["note"]) for e in got["events"] if e["note"]] == [("note", NOTE)]
    assert len(h.audit_rows(session, action="view_personal", entity_id=person)) == views_before + 1
    details = session.execute(text("SELECT details FROM audit_entry")).scalars().all()
    assert all(NOTE not in str(d) for d in details)
    h.expect(client.post(f"{h.API}/clients/{person}/withdraw-consent", headers=org), 200)
    got = h.expect(client.get(f"{h.API}/clients/{person}/journey", headers=curator), 200)
    assert [e["note"] for e in got["events"] if e["kind"] == "note"] == [""]


def test_the_curators_people_and_what_is_overdue(
    client: TestClient, session: Session, hdr: dict, people: dict
) -> None:
    """The person with a coupon unused for 20 days (more than the report's 14) and a need past its due date;
    a second person with nothing overdue; the other curator's list is empty."""
    org, curator = hdr["organiser"], people["first"]
    person, other = people["client"], people["other"]
    cw.assign(client, org, client_id=other["id"], curator_id=people["first_id"])
    url = f"{h.API}/clients/{person['id']}/plan"
    due = (h.today() - dt.timedelta(days=2)).isoformat()
    h.expect(client.post(url, json={"direction": "rehab", "due_on": due}, headers=curator), 201)
    h.expect(
        client.post(url, json={"direction": "hiv_testing", "status": "in_progress"}, headers=curator), 201
    )
    got = h.expect(client.get(f"{h.API}/curator/people", headers=curator), 200)
    rows = {
        p["code"]: (p["open_needs"], p["needs_overdue"], p["coupons_overdue"], p["overdue"])
        for p in got["items"]
    }
    assert rows == {person["code"]: (2, 1, 1, True), other["code"]: (0, 0, 0, False)} and got["total"] == 2
    only = h.expect(client.get(f"{h.API}/curator/people", params={"overdue": True}, headers=curator), 200)
    assert [p["code"] for p in only["items"]] == [person["code"]] and only["total"] == 1
    h.expect(
        client.post(
            f"{h.API}/coupons/{people['unused']['code']}/cancel", json={"reason": "lost"}, headers=org
        ),
        200,
    )
    got = h.expect(client.get(f"{h.API}/curator/people", headers=curator), 200)
    assert {p["code"]: p["coupons_overdue"] for p in got["items"]} == {person["code"]: 0, other["code"]: 0}
    assert h.expect(client.get(f"{h.API}/curator/people", headers=people["second"]), 200)["items"] == []
    h.expect(client.get(f"{h.API}/curator/people", headers=org), 403)


def test_an_expired_coupon_shows_on_the_timeline_and_is_not_overdue(
    client: TestClient, session: Session, hdr: dict, orgs: dict, people: dict
) -> None:
    """A coupon of a fair 40 days ago expired unused 10 days ago (30 days' validity): the timeline shows the
    day it expired; it is no longer an overdue coupon of the curator's person."""
    org = hdr["organiser"]
    fair = h.make_open_fair(client, org, day=h.today() - dt.timedelta(days=40))
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    h.close_fair(client, org, fair=fair)
    other = people["other"]
    coupon = h.issue(
        client,
        org,
        booth=booth,
        client_id=other["id"],
        org=orgs["employment"],
        direction="employment_counselling",
    )
    cw.assign(client, org, client_id=other["id"], curator_id=people["second_id"])
    got = h.expect(client.get(f"{h.API}/clients/{other['id']}/journey", headers=people["second"]), 200)
    assert [(e["day"], e["kind"]) for e in got["events"]] == [
        (coupon["expires_on"], "expired"),
        (fair["date"], "issued"),
        (fair["date"], "visit"),  # issuing at a booth records the visit
    ]
    listed = h.expect(client.get(f"{h.API}/curator/people", headers=people["second"]), 200)["items"]
    assert [(p["code"], p["coupons_overdue"], p["overdue"]) for p in listed] == [(other["code"], 0, False)]


def test_accounts_of_curators(client: TestClient, session: Session, hdr: dict) -> None:
    """An admin places a curator in a district; without one the account is refused; an organiser's curator
    is of the organiser's district whatever district is asked for."""
    b = session.execute(text("SELECT id FROM district WHERE name = 'Слуцкий район'")).scalar_one()
    body = {"username": "curator_admin", "password": "longenough1", "role": "curator"}
    placed = h.expect(
        client.post(f"{h.API}/users", json={**body, "district_id": b}, headers=hdr["admin"]), 201
    )
    assert placed["district_id"] == b and placed["role"] == "curator" and placed["organisation_id"] is None
    body["username"] = "curator_nowhere"
    h.expect(client.post(f"{h.API}/users", json=body, headers=hdr["admin"]), 400, "district_required")
    body["username"] = "curator_organiser"
    made = h.expect(
        client.post(f"{h.API}/users", json={**body, "district_id": b}, headers=hdr["organiser"]), 201
    )
    organiser_district = session.execute(
        text("SELECT district_id FROM \"user\" WHERE username = 'organiser'")
    ).scalar_one()
    assert made["district_id"] == organiser_district
