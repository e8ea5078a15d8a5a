"""A district's closed days: kept per district by its organisers, skipped by the year's schedule like public
holidays (flagged with the reason), and planning or moving a fair onto a holiday or a closed day asks for
confirmation (409 `public_holiday` / `closed_day`)."""

from __future__ import annotations

import datetime as dt

from freezegun import freeze_time

from tests.api import helpers as h

CLOSED = f"{h.API}/fairs/closed-days"
# 12:00 in Minsk on 4 January 2027 (UTC+3): the whole of 2027 is ahead.
NOW = dt.datetime(2027, 1, 4, 9, 0)


def test_closed_days_shape_the_schedule_and_guard_planning_and_moving(client, auth, session):
    client.get("/api/v1/no-such-route")  # let FastAPI read the routes' signatures before freezegun
    with freeze_time(NOW, tick=True):
        hdr = {name: auth(name) for name in ("organiser", "organiser_b", "partner_employment", "committee")}
        hdr |= {name: auth(name) for name in ("committee_region", "admin")}
        org, org_b = hdr["organiser"], hdr["organiser_b"]
        # The second Mondays of April and May 2027; 11 May is Radunitsa, a public holiday.
        april = h.expect(
            client.post(CLOSED, json={"date": "2027-04-12", "reason": "Ремонт"}, headers=org), 201
        )
        may = h.expect(
            client.post(CLOSED, json={"date": "2027-05-10", "reason": "Субботник"}, headers=org), 201
        )
        june = h.expect(
            client.post(CLOSED, json={"date": "2027-06-21", "reason": "Выборы"}, headers=org), 201
        )
        again = {"date": "2027-04-12", "reason": "ещё раз"}
        h.expect(client.post(CLOSED, json=again, headers=org), 409, "closed_day_exists")
        blank = {"date": "2027-04-19", "reason": "   "}
        h.expect(client.post(CLOSED, json=blank, headers=org), 400, "reason_required")
        listed = h.expect(client.get(CLOSED, params={"year": 2027}, headers=org), 200)
        assert [(d["date"], d["reason"]) for d in listed] == [
            ("2027-04-12", "Ремонт"),
            ("2027-05-10", "Субботник"),
            ("2027-06-21", "Выборы"),
        ]
        assert h.expect(client.get(CLOSED, params={"year": 2028}, headers=org), 200) == []
        # Another district's closed days are its own; only organisers keep them.
        assert h.expect(client.get(CLOSED, headers=org_b), 200) == []
        h.expect(client.delete(f"{CLOSED}/{april['id']}", headers=org_b), 404, "closed_day_not_found")
        for username in ("partner_employment", "committee", "committee_region", "admin"):
            h.expect(client.get(CLOSED, headers=hdr[username]), 403)
            h.expect(
                client.post(CLOSED, json={"date": "2027-09-01", "reason": "x"}, headers=hdr[username]), 403
            )

        # The schedule moves a fair off a closed day to the next day that is neither closed nor a holiday.
        created = h.expect(client.post(f"{h.API}/fairs/schedule", json={"year": 2027}, headers=org), 201)
        shifts = {f["date"]: (f["shifted_from"], f["shift_reason"]) for f in created if f["shifted_from"]}
        assert shifts == {
            "2027-03-09": ("2027-03-08", "День женщин"),
            "2027-04-13": ("2027-04-12", "Ремонт"),
            "2027-05-12": ("2027-05-10", "Субботник"),  # not the 11th: Radunitsa
        }
        assert "2027-06-14" in {f["date"] for f in created}  # 21 June is closed, but not a second Monday
        theirs = h.expect(client.post(f"{h.API}/fairs/schedule", json={"year": 2027}, headers=org_b), 201)
        assert {"2027-04-12", "2027-05-10"} <= {f["date"] for f in theirs}

        # Planning on a closed day or a public holiday asks first, naming why.
        resp = client.post(f"{h.API}/fairs", json={"date": "2027-04-12"}, headers=org)
        assert h.expect(resp, 409, "closed_day")["reason"] == "Ремонт"
        resp = client.post(f"{h.API}/fairs", json={"date": "2027-01-07"}, headers=org)
        assert "Рождество" in h.expect(resp, 409, "public_holiday")["holiday"]
        confirmed = {"date": "2027-01-07", "confirm": True}
        assert (
            h.expect(client.post(f"{h.API}/fairs", json=confirmed, headers=org), 201)["date"] == "2027-01-07"
        )
        # So does moving (which before landed on holidays without a word).
        june_fair = next(f for f in created if f["date"] == "2027-06-14")
        move = f"{h.API}/fairs/{june_fair['id']}/move"
        assert h.expect(client.post(move, json={"date": "2027-06-21"}, headers=org), 409, "closed_day")
        resp = client.post(move, json={"date": "2027-05-11"}, headers=org)
        assert h.expect(resp, 409, "public_holiday")["holiday"] == "Радуница"
        assert (
            h.expect(client.get(f"{h.API}/fairs/{june_fair['id']}", headers=org), 200)["date"] == "2027-06-14"
        )
        moved = h.expect(client.post(move, json={"date": "2027-06-21", "confirm": True}, headers=org), 200)
        assert moved["date"] == "2027-06-21"
        # District B has no closed day there: its fair moves without asking.
        b_june = next(f for f in theirs if f["date"] == "2027-06-14")
        b_move = {"date": "2027-06-21"}
        h.expect(client.post(f"{h.API}/fairs/{b_june['id']}/move", json=b_move, headers=org_b), 200)

        # Removing a closed day leaves planned fairs where they are; both changes are audited.
        assert client.delete(f"{CLOSED}/{may['id']}", headers=org).status_code == 204
        h.expect(client.delete(f"{CLOSED}/{may['id']}", headers=org), 404, "closed_day_not_found")
        may_fairs = h.expect(
            client.get(
                f"{h.API}/fairs", params={"date_from": "2027-05-01", "date_to": "2027-05-31"}, headers=org
            ),
            200,
        )
        assert [f["date"] for f in may_fairs] == ["2027-05-12"]
        assert [d["id"] for d in h.expect(client.get(CLOSED, headers=org), 200)] == [april["id"], june["id"]]
        assert h.count(session, "audit_entry", entity="closed_day", action="create") == 3
        assert h.count(session, "audit_entry", entity="closed_day", action="delete") == 1
