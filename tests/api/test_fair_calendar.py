"""The fair calendar: Belarus's holidays in the schedule, the district's default venue and hours, and the
date guards on opening and moving a fair."""

from __future__ import annotations

import datetime as dt

from tests.api import helpers as h


def test_schedule_moves_a_holiday_fair_to_the_next_working_day(client, hdr):
    created = h.expect(
        client.post(f"{h.API}/fairs/schedule", json={"year": 2027}, headers=hdr["organiser"]), 201
    )
    by_day = {f["date"]: f for f in created}
    # 8 March 2027 is the second Monday of March and Women's Day, a public holiday in Belarus.
    assert "2027-03-08" not in by_day
    assert by_day["2027-03-09"]["shifted_from"] == "2027-03-08"
    assert len(created) == 12
    assert [f["date"] for f in created if f["shifted_from"]] == ["2027-03-09"]
    listed = h.expect(
        client.get(f"{h.API}/fairs?date_from=2027-03-01&date_to=2027-03-31", headers=hdr["committee"]), 200
    )
    assert [(f["date"], f["shifted_from"]) for f in listed] == [("2027-03-09", "2027-03-08")]


def test_district_defaults_carry_into_the_schedule(client, hdr, session):
    org = hdr["organiser"]
    assert h.expect(client.get(f"{h.API}/fairs/defaults", headers=org), 200) | {"district_id": 0} == {
        "district_id": 0,
        "venue": "",
        "starts_at": "09:00:00",
        "ends_at": "18:00:00",
    }
    body = {"venue": "  УИИ, ул. Ленина 1, каб. 5 ", "starts_at": "10:00", "ends_at": "16:30"}
    saved = h.expect(client.put(f"{h.API}/fairs/defaults", json=body, headers=org), 200)
    assert (saved["venue"], saved["starts_at"], saved["ends_at"]) == (
        "УИИ, ул. Ленина 1, каб. 5",
        "10:00:00",
        "16:30:00",
    )
    assert h.expect(client.get(f"{h.API}/fairs/defaults", headers=org), 200) == saved
    assert (
        h.count(session, "audit_entry", action="update", entity="district", entity_id=saved["district_id"])
        == 1
    )
    bad = {"venue": "x", "starts_at": "16:00", "ends_at": "10:00"}
    h.expect(client.put(f"{h.API}/fairs/defaults", json=bad, headers=org), 400, "bad_hours")
    for username in ("partner_employment", "committee", "admin"):
        h.expect(client.put(f"{h.API}/fairs/defaults", json=body, headers=hdr[username]), 403)
    created = h.expect(client.post(f"{h.API}/fairs/schedule", json={"year": 2028}, headers=org), 201)
    assert len(created) == 12
    for fair in created:
        assert (fair["venue"], fair["starts_at"], fair["ends_at"]) == (
            "УИИ, ул. Ленина 1, каб. 5",
            "10:00:00",
            "16:30:00",
        )
    # A venue typed for this schedule wins over the default; the hours stay the district's.
    other = h.expect(
        client.post(f"{h.API}/fairs/schedule", json={"year": 2029, "venue": "ДК"}, headers=org), 201
    )
    assert {(f["venue"], f["ends_at"]) for f in other} == {("ДК", "16:30:00")}
    # District B's defaults are its own.
    theirs = h.expect(
        client.post(f"{h.API}/fairs/schedule", json={"year": 2028}, headers=hdr["organiser_b"]), 201
    )
    assert {(f["venue"], f["starts_at"]) for f in theirs} == {("", "09:00:00")}


def test_opening_is_guarded_by_the_fair_s_date(client, hdr):
    org = hdr["organiser"]
    today = h.today()
    future = h.make_fair(client, org, day=today + dt.timedelta(days=1))
    h.expect(client.post(f"{h.API}/fairs/{future['id']}/open", headers=org), 409, "fair_not_yet")
    resp = client.post(f"{h.API}/fairs/{future['id']}/open", json={"confirm": True}, headers=org)
    h.expect(resp, 409, "fair_not_yet")
    past = h.make_fair(client, org, day=today - dt.timedelta(days=3))
    h.expect(client.post(f"{h.API}/fairs/{past['id']}/open", headers=org), 409, "confirm_other_day")
    resp = client.post(f"{h.API}/fairs/{past['id']}/open", json={"confirm": False}, headers=org)
    h.expect(resp, 409, "confirm_other_day")
    assert h.expect(client.get(f"{h.API}/fairs/{past['id']}", headers=org), 200)["status"] == "planned"
    opened = h.expect(
        client.post(f"{h.API}/fairs/{past['id']}/open", json={"confirm": True}, headers=org), 200
    )
    assert opened["status"] == "open"
    # Reopening a closed fair of another day asks again.
    h.close_fair(client, org, fair=past)
    h.expect(client.post(f"{h.API}/fairs/{past['id']}/open", headers=org), 409, "confirm_other_day")
    # Today's fair opens without a question.
    todays = h.make_fair(client, org, day=today)
    assert h.expect(client.post(f"{h.API}/fairs/{todays['id']}/open", headers=org), 200)["status"] == "open"
    # The check on the role comes first.
    h.expect(client.post(f"{h.API}/fairs/{future['id']}/open", headers=hdr["committee"]), 403)


def test_moving_is_kept_between_today_and_two_years_ahead(client, hdr):
    org = hdr["organiser"]
    today = h.today()
    fair = h.make_fair(client, org, day=today + dt.timedelta(days=10))

    def move(day: dt.date):
        return client.post(f"{h.API}/fairs/{fair['id']}/move", json={"date": day.isoformat()}, headers=org)

    h.expect(move(today - dt.timedelta(days=1)), 400, "date_in_past")
    h.expect(move(today + dt.timedelta(days=2 * 366 + 1)), 400, "date_too_far")
    assert h.expect(client.get(f"{h.API}/fairs/{fair['id']}", headers=org), 200)["date"] == fair["date"]
    assert h.expect(move(today), 200)["date"] == today.isoformat()
    far = today + dt.timedelta(days=2 * 365 - 2)
    assert h.expect(move(far), 200)["date"] == far.isoformat()
