"""Fairs: planning, the second-Monday schedule, the planned → open → closed lifecycle, booths."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest

from tests.api import helpers as h


def second_mondays(year: int) -> list[dt.date]:
    """Independent reference: the second day of each month whose weekday is Monday."""
    result = []
    for month in range(1, 13):
        days = range(1, calendar.monthrange(year, month)[1] + 1)
        mondays = [dt.date(year, month, d) for d in days if dt.date(year, month, d).weekday() == 0]
        result.append(mondays[1])
    return result


# Belarus's public holidays that fall on a second Monday, read off the official calendar, and the fair's
# next working day.
HOLIDAY_MONDAYS = {dt.date(2027, 3, 8): dt.date(2027, 3, 9)}  # Women's Day


def fair_days(year: int) -> list[dt.date]:
    """Independent reference: the second Mondays, a holiday one replaced by the next working day."""
    return [HOLIDAY_MONDAYS.get(day, day) for day in second_mondays(year)]


def fairs_of_year(client, headers, year: int) -> list[dict]:
    query = f"?date_from={year}-01-01&date_to={year}-12-31"
    return h.expect(client.get(f"{h.API}/fairs{query}", headers=headers), 200)


def test_plan_and_list_a_fair(client, hdr, session):
    day = dt.date(2027, 1, 11)
    fair = h.make_fair(client, hdr["organiser"], day=day, venue="УИИ, ул. Ленина 1")
    assert fair["date"] == day.isoformat()
    assert fair["venue"] == "УИИ, ул. Ленина 1"
    assert fair["status"] == "planned"
    assert fair["held"] is False
    assert h.expect(client.get(f"{h.API}/fairs/{fair['id']}", headers=hdr["committee"]), 200) == fair
    assert [f["id"] for f in fairs_of_year(client, hdr["organiser"], 2027)] == [fair["id"]]
    assert h.count(session, "audit_entry", action="create", entity="fair", entity_id=fair["id"]) == 1
    # One fair per district per day; another district may hold one the same day.
    resp = client.post(f"{h.API}/fairs", json={"date": day.isoformat()}, headers=hdr["organiser"])
    h.expect(resp, 409, "fair_exists")
    h.make_fair(client, hdr["organiser_b"], day=day)
    # District B's fair is not visible in district A.
    assert [f["id"] for f in fairs_of_year(client, hdr["organiser"], 2027)] == [fair["id"]]
    h.expect(client.get(f"{h.API}/fairs/{fair['id']}", headers=hdr["organiser_b"]), 404, "fair_not_found")


@pytest.mark.parametrize("username", ["partner_employment", "committee", "admin"])
def test_only_organisers_plan(client, hdr, username):
    resp = client.post(f"{h.API}/fairs", json={"date": "2027-01-11"}, headers=hdr[username])
    h.expect(resp, 403)
    resp = client.post(f"{h.API}/fairs/schedule", json={"year": 2027}, headers=hdr[username])
    h.expect(resp, 403)


def test_reference_second_mondays_are_right():
    # Spot checks of the reference itself against dates read off a calendar.
    assert second_mondays(2026)[5] == dt.date(2026, 6, 8)  # 1 June 2026 is a Monday
    assert second_mondays(2026)[8] == dt.date(2026, 9, 14)  # 1 September 2026 is a Tuesday
    assert second_mondays(2026)[1] == dt.date(2026, 2, 9)  # 1 February 2026 is a Sunday


@pytest.mark.parametrize("year", [2026, 2027])
def test_schedule_a_year_on_second_mondays(client, hdr, year):
    created = h.expect(
        client.post(f"{h.API}/fairs/schedule", json={"year": year}, headers=hdr["organiser"]), 201
    )
    expected = fair_days(year)
    assert [f["date"] for f in created] == [d.isoformat() for d in expected]
    assert all(f["status"] == "planned" for f in created)
    assert [f["date"] for f in fairs_of_year(client, hdr["organiser"], year)] == [
        d.isoformat() for d in expected
    ]
    for d in expected:
        assert (d.weekday() == 0 or d in HOLIDAY_MONDAYS.values()) and 8 <= d.day <= 15


def test_schedule_months_starting_on_monday(client, hdr):
    created = h.expect(
        client.post(f"{h.API}/fairs/schedule", json={"year": 2027}, headers=hdr["organiser"]), 201
    )
    dates = {dt.date.fromisoformat(f["date"]) for f in created}
    # 2027: February, March and November begin on a Monday, so their fair is on the 8th, not the 1st
    # (March's on the 9th: 8 March is a public holiday).
    assert dt.date(2027, 3, 9) in dates and dt.date(2027, 3, 8) not in dates
    for month in (2, 3, 11):
        assert dt.date(2027, month, 1).weekday() == 0
        assert dt.date(2027, month, 8) in dates or month == 3
        assert dt.date(2027, month, 1) not in dates
        assert dt.date(2027, month, 15) not in dates
    created_2026 = client.post(
        f"{h.API}/fairs/schedule", json={"year": 2026}, headers=hdr["organiser"]
    ).json()
    dates_2026 = {f["date"] for f in created_2026}
    assert "2026-06-08" in dates_2026
    assert "2026-09-14" in dates_2026  # 1 September 2026 is a Tuesday
    assert "2026-06-01" not in dates_2026 and "2026-06-15" not in dates_2026


def test_rerunning_the_schedule_does_not_duplicate(client, hdr, session):
    org = hdr["organiser"]
    # A fair already planned in March (on another day) keeps March from getting a second one.
    march = h.make_fair(client, org, day=dt.date(2028, 3, 20))
    first = h.expect(client.post(f"{h.API}/fairs/schedule", json={"year": 2028}, headers=org), 201)
    assert len(first) == 11
    assert "2028-03-13" not in {f["date"] for f in first}
    again = h.expect(client.post(f"{h.API}/fairs/schedule", json={"year": 2028}, headers=org), 201)
    assert again == []
    listed = fairs_of_year(client, org, 2028)
    assert len(listed) == 12
    assert march["id"] in {f["id"] for f in listed}
    assert h.count(session, "fair") == 12
    # District B's schedule is its own.
    assert (
        len(client.post(f"{h.API}/fairs/schedule", json={"year": 2028}, headers=hdr["organiser_b"]).json())
        == 12
    )


def test_lifecycle_planned_open_closed(client, hdr):
    org = hdr["organiser"]
    fair = h.make_fair(client, org, day=h.today())
    fid = fair["id"]
    h.expect(client.post(f"{h.API}/fairs/{fid}/close", headers=org), 409, "bad_fair_status")
    opened = h.expect(client.post(f"{h.API}/fairs/{fid}/open", headers=org), 200)
    assert opened["status"] == "open" and opened["held"] is True
    h.expect(client.post(f"{h.API}/fairs/{fid}/open", headers=org), 409, "bad_fair_status")
    resp = client.post(f"{h.API}/fairs/{fid}/cancel", json={"reason": "snow"}, headers=org)
    h.expect(resp, 409, "bad_fair_status")
    resp = client.post(
        f"{h.API}/fairs/{fid}/move", json={"date": str(h.today() + dt.timedelta(days=7))}, headers=org
    )
    h.expect(resp, 409, "bad_fair_status")
    closed = h.expect(client.post(f"{h.API}/fairs/{fid}/close", headers=org), 200)
    assert closed["status"] == "closed" and closed["held"] is True
    h.expect(client.post(f"{h.API}/fairs/{fid}/close", headers=org), 409, "bad_fair_status")
    resp = client.post(f"{h.API}/fairs/{fid}/cancel", json={"reason": "snow"}, headers=org)
    h.expect(resp, 409, "bad_fair_status")
    assert h.expect(client.get(f"{h.API}/fairs/{fid}", headers=org), 200)["held"] is True


def test_cancel_only_a_planned_fair_with_a_reason(client, hdr, session):
    org = hdr["organiser"]
    fair = h.make_fair(client, org, day=dt.date(2027, 3, 8))
    fid = fair["id"]
    h.expect(
        client.post(f"{h.API}/fairs/{fid}/cancel", json={"reason": "   "}, headers=org),
        400,
        "reason_required",
    )
    h.expect(client.post(f"{h.API}/fairs/{fid}/cancel", json={}, headers=org), 422)
    cancelled = h.expect(
        client.post(f"{h.API}/fairs/{fid}/cancel", json={"reason": "карантин"}, headers=org), 200
    )
    assert cancelled["status"] == "cancelled" and cancelled["held"] is False
    h.expect(client.post(f"{h.API}/fairs/{fid}/open", headers=org), 409, "bad_fair_status")
    h.expect(
        client.post(f"{h.API}/fairs/{fid}/cancel", json={"reason": "x"}, headers=org), 409, "bad_fair_status"
    )
    assert h.count(session, "audit_entry", action="cancel", entity="fair", entity_id=fid) == 1
    # Only organisers change a fair's status.
    other = h.make_fair(client, org, day=dt.date(2027, 4, 12))
    for username in ("partner_employment", "committee", "admin"):
        h.expect(client.post(f"{h.API}/fairs/{other['id']}/open", headers=hdr[username]), 403)


def test_move_a_planned_fair(client, hdr):
    org = hdr["organiser"]
    fair = h.make_fair(client, org, day=dt.date(2027, 5, 10))
    h.make_fair(client, org, day=dt.date(2027, 6, 14))
    resp = client.post(f"{h.API}/fairs/{fair['id']}/move", json={"date": "2027-06-14"}, headers=org)
    h.expect(resp, 409, "fair_exists")
    moved = h.expect(
        client.post(f"{h.API}/fairs/{fair['id']}/move", json={"date": "2027-05-17"}, headers=org), 200
    )
    assert moved["date"] == "2027-05-17" and moved["status"] == "planned"
    assert h.expect(client.get(f"{h.API}/fairs/{fair['id']}", headers=org), 200)["date"] == "2027-05-17"


def test_booths(client, hdr, orgs):
    org = hdr["organiser"]
    fair = h.make_fair(client, org, day=dt.date(2027, 7, 12))
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    assert booth["fair_id"] == fair["id"] and booth["organisation_id"] == orgs["employment"]
    resp = client.post(
        f"{h.API}/fairs/{fair['id']}/booths", json={"organisation_id": orgs["employment"]}, headers=org
    )
    h.expect(resp, 409, "booth_exists")
    resp = client.post(
        f"{h.API}/fairs/{fair['id']}/booths",
        json={"organisation_id": orgs["hospital"]},
        headers=hdr["partner_hospital"],
    )
    h.expect(resp, 403)
    resp = client.post(f"{h.API}/fairs/{fair['id']}/booths", json={"organisation_id": 999999}, headers=org)
    h.expect(resp, 404, "organisation_not_found")
    listed = h.expect(client.get(f"{h.API}/fairs/{fair['id']}/booths", headers=hdr["committee"]), 200)
    assert [b["id"] for b in listed] == [booth["id"]]
