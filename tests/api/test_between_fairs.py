"""Coupons issued between fairs through the JSON API: issued from the client on a working day by an
organiser of the client's district, redeemed, given an outcome and listed in the inbox like any coupon,
never shown as a fair, and counted in the report (figures worked out by hand below)."""

from __future__ import annotations

import datetime as dt

import httpx
from fastapi.testclient import TestClient
from freezegun import freeze_time
from sqlalchemy import text
from sqlmodel import Session

from fairs.app import create_app
from tests.api import helpers as h
from tests.api.test_race import _all_at_once, serving

# Wednesday 18 November 2026, 10:00 in Minsk (UTC+3): a working day in Belarus.
NOW = dt.datetime(2026, 11, 18, 7, 0)
DAY = dt.date(2026, 11, 18)
SATURDAY = dt.datetime(2026, 11, 21, 7, 0)
NOVEMBER = {"from": "2026-11-01", "to": "2026-11-30"}


def test_a_coupon_between_fairs_lives_like_any_other_and_counts_under_between_fairs(
    client: TestClient, auth, orgs: dict[str, int], session: Session
) -> None:
    client.get("/api/v1/no-such-route")  # let FastAPI read the routes' signatures before freezegun
    with freeze_time(NOW, tick=True):
        org, employment = auth("organiser"), auth("partner_employment")
        anna = h.register(client, org)
        vera = h.register(client, org, mother="Вера", father="Пётр", sex="F", birth_year=1990)

        first = h.expect(
            h.issue_between(client, org, anna["id"], orgs["employment"], "employment_counselling"), 201
        )
        assert first["between_fairs"] is True
        assert (first["fair_date"], first["issued_on"]) == ("2026-11-18", "2026-11-18")
        assert first["issuing_organisation_id"] == orgs["employment"]  # none named: the receiving one
        assert first["client_code"] == anna["code"] and first["status"] == "issued"
        # From the hospital, to the hospital; a second coupon of the same person.
        second = h.issue_between(
            client, org, anna["id"], orgs["hospital"], "hiv_testing", issuing_organisation_id=orgs["hospital"]
        )
        second = h.expect(second, 201)
        third = h.expect(h.issue_between(client, org, vera["id"], orgs["rehab"], "rehab"), 201)
        h.expect(h.cancel(client, org, third["code"]), 200)  # cancelled: never counted
        # No visit to a fair is recorded; one office day holds them, with a booth per issuing organisation.
        assert h.count(session, "visit") == 0
        assert h.count(session, "fair", kind="between") == 1
        assert h.count(session, "booth") == 3

        # The receiving organisation finds, redeems and closes it as any coupon.
        inbox = h.expect(client.get(f"{h.API}/inbox", headers=employment), 200)
        assert [(row["code"], row["between_fairs"]) for row in inbox["items"]] == [(first["code"], True)]
        redeemed = h.expect(h.redeem(client, employment, first["code"]), 200)
        assert redeemed["status"] == "redeemed" and redeemed["between_fairs"] is True
        h.expect(h.set_outcome(client, employment, first["code"], outcome="employed"), 200)
        read = h.expect(client.get(f"{h.API}/coupons/{first['token']}", headers=employment), 200)
        assert (read["outcome"], read["between_fairs"]) == ("employed", True)

        # Re-issued from the follow-up, the replacement stays a coupon between fairs (and the original,
        # cancelled, no longer counts): the figures below do not change.
        replacement = h.expect(client.post(f"{h.API}/coupons/{second['code']}/reissue", headers=org), 201)
        assert (replacement["between_fairs"], replacement["reissued_from"]) == (True, second["code"])
        second = replacement
        # A fair the same day: its own row beside the office day; the office day is no fair anywhere.
        fair = h.make_open_fair(client, org, day=DAY)
        booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
        at_fair = h.issue(
            client,
            org,
            booth=booth,
            client_id=vera["id"],
            org=orgs["employment"],
            direction="employment_counselling",
        )
        assert at_fair["between_fairs"] is False
        fairs = h.expect(client.get(f"{h.API}/fairs", headers=org), 200)
        assert [f["id"] for f in fairs] == [fair["id"]]
        office_day = session.execute(text("SELECT id FROM fair WHERE kind = 'between'")).scalar_one()
        h.expect(client.get(f"{h.API}/fairs/{office_day}", headers=org), 404, "fair_not_found")
        listed = h.expect(client.get(f"{h.API}/coupons", params={"fair_id": office_day}, headers=org), 200)
        codes = {first["code"], second["code"], second["reissued_from"], third["code"]}
        assert {c["code"] for c in listed["items"]} == codes

        # The report, by hand: one fair held (today's); coupons issued 3 (two between fairs, one at the
        # fair; the cancelled one not counted), redeemed 1; persons referred 2 (Anna between fairs, Vera
        # at the fair), of them between fairs 1 (Anna); one visit (Vera's, at the fair).
        report = h.expect(
            client.get(
                f"{h.API}/reports/committee",
                params={**NOVEMBER, "compare": "previous_year"},
                headers=auth("committee"),
            ),
            200,
        )
        assert (report["fairs_held"], report["fairs_planned"], len(report["fairs"])) == (1, 1, 1)
        assert report["fairs"][0]["coupons_issued"] == 1 and report["visits"] == 1
        assert (report["coupons_issued"], report["coupons_redeemed"], report["persons_referred"]) == (3, 1, 2)
        assert (report["coupons_between_fairs"], report["persons_referred_between_fairs"]) == (2, 1)
        assert report["employed_persons"] == 1
        assert (report["previous"]["coupons_between_fairs"], report["change"]["coupons_between_fairs"]) == (
            0,
            2,
        )
        assert report["change"]["persons_referred_between_fairs"] == 1
        # Another district counts none of them.
        other = h.expect(
            client.get(f"{h.API}/reports/committee", params=NOVEMBER, headers=auth("organiser_b")), 200
        )
        assert (other["coupons_between_fairs"], other["persons_referred_between_fairs"]) == (0, 0)


def test_who_may_issue_between_fairs_and_on_which_days(
    client: TestClient, auth, orgs: dict[str, int], session: Session
) -> None:
    client.get("/api/v1/no-such-route")
    with freeze_time(NOW, tick=True):
        org = auth("organiser")
        anna = h.register(client, org)
        ask = {"client_id": anna["id"], "org": orgs["employment"], "direction": "employment_counselling"}
        for username in ("partner_employment", "committee", "committee_region", "admin"):
            h.expect(
                h.issue_between(client, auth(username), ask["client_id"], ask["org"], ask["direction"]), 403
            )
        # District B's organiser does not learn that district A's client exists.
        made_up = h.issue_between(client, auth("organiser_b"), 999_999, ask["org"], ask["direction"])
        h.expect(made_up, 404, "client_not_found")
        h.expect(h.issue_between(client, auth("organiser_b"), **_args(ask)), 404, "client_not_found")
        # The receiving organisation must receive the direction and serve the district.
        h.expect(
            h.issue_between(client, org, anna["id"], orgs["redcross"], "rehab"), 400, "direction_not_received"
        )
        h.expect(h.issue_between(client, org, anna["id"], 999_999, "rehab"), 404, "organisation_not_found")
        first = h.expect(h.issue_between(client, org, **_args(ask)), 201)
        # A valid coupon like it is asked about first.
        duplicate = h.expect(h.issue_between(client, org, **_args(ask)), 409, "duplicate_coupon")
        assert duplicate["existing"]["code"] == first["code"]
        h.expect(h.issue_between(client, org, **_args(ask), confirm_duplicate=True), 201)
        # A closed day of the district is no working day.
        closed = {"date": DAY.isoformat(), "reason": "Ремонт"}
        h.expect(client.post(f"{h.API}/fairs/closed-days", json=closed, headers=org), 201)
        h.expect(h.issue_between(client, org, **_args(ask)), 409, "not_working_day")
        # The office day takes no month from the schedule: November gets its fair (9 November 2026).
        made = h.expect(client.post(f"{h.API}/fairs/schedule", json={"year": 2026}, headers=org), 201)
        assert len(made) == 12 and "2026-11-09" in [f["date"] for f in made]
    with freeze_time(SATURDAY, tick=True):
        h.expect(h.issue_between(client, auth("organiser"), **_args(ask)), 409, "not_working_day")
    with freeze_time(NOW + dt.timedelta(days=1), tick=True):  # Thursday, a working day
        district = session.execute(text("SELECT district_id FROM client WHERE id = :id"), {"id": anna["id"]})
        district_id = district.scalar_one()
        retire = {"name": "Солигорский район", "retired": True}
        h.expect(client.put(f"{h.API}/districts/{district_id}", json=retire, headers=auth("admin")), 200)
        h.expect(h.issue_between(client, auth("organiser"), **_args(ask)), 409, "district_retired")
    assert h.count(session, "coupon") == 2


def _args(ask: dict) -> dict:
    return {"client_id": ask["client_id"], "org": ask["org"], "direction": ask["direction"]}


def test_a_submitted_period_keeps_the_figures_between_fairs(
    client: TestClient, auth, orgs: dict[str, int], session: Session
) -> None:
    """Kept with the submission and read back from it; a submission kept before them counts them live."""
    client.get("/api/v1/no-such-route")
    with freeze_time(NOW, tick=True):
        org = auth("organiser")
        anna = h.register(client, org)
        h.expect(h.issue_between(client, org, anna["id"], orgs["employment"], "employment_counselling"), 201)
    with freeze_time(dt.datetime(2026, 12, 2, 7, 0), tick=True):
        org = auth("organiser")
        h.expect(client.post(f"{h.API}/reports/submissions", json={"period": "2026-11"}, headers=org), 201)
        submission_id, tally = h.kept_tally(session)
        assert (tally["coupons_between_fairs"], tally["persons_referred_between_fairs"]) == (1, 1)

        def report() -> dict:
            return h.expect(
                client.get(f"{h.API}/reports/committee", params=NOVEMBER, headers=auth("committee")), 200
            )

        h.keep_tally(
            session, submission_id, {**tally, "coupons_between_fairs": 7}
        )  # a figure only the kept tally holds
        assert (report()["coupons_between_fairs"], report()["submitted_on"] is not None) == (7, True)
        for key in ("coupons_between_fairs", "persons_referred_between_fairs"):
            tally.pop(key)
        h.keep_tally(session, submission_id, tally)
        shown = report()
        assert (shown["coupons_between_fairs"], shown["persons_referred_between_fairs"]) == (1, 1)


def test_simultaneous_first_coupons_of_the_day_make_one_office_day(
    client: TestClient, auth, orgs: dict[str, int], session: Session, db_url: str
) -> None:
    """Eight coupons between fairs for eight people at the same moment, the first of the day: all issued,
    at one office day and one booth of the issuing organisation (through a real server)."""
    client.get("/api/v1/no-such-route")  # both apps read the routes' signatures before freezegun
    with serving(create_app()) as base_url:
        httpx.get(f"{base_url}/api/v1/no-such-route")
        with freeze_time(NOW, tick=True):
            org = auth("organiser")
            people = [h.register(client, org, mother=f"Мать{i}", birth_year=1980 + i) for i in range(8)]
            body = {"organisation_id": orgs["employment"], "direction": "employment_counselling"}
            requests = [(org, f"{h.API}/clients/{p['id']}/coupons", body) for p in people]
            responses = _all_at_once(base_url, requests)
            assert [r.status_code for r in responses] == [201] * 8, [r.text for r in responses]
    assert h.count(session, "fair", kind="between") == 1
    assert h.count(session, "booth") == 1
    assert h.count(session, "coupon", status="issued") == 8
