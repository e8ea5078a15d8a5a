"""A curator acts for their own people through the JSON API: issues coupons between fairs to them on a working
day (another curator's person is 404, as their journey is), records their checks a year later and sees a
due-list of their people only; everything else stays refused. Histories are set up by hand below."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from freezegun import freeze_time
from sqlmodel import Session, select

from fairs.models import AuditEntry
from tests.api import curation_world as cw
from tests.api import helpers as h
from tests.api.checks_world import history, month_first, put
from tests.api.release_world import bearer

CHECKS = f"{h.API}/checks"
# Wednesday 18 November 2026, 10:00 in Minsk (UTC+3): a working day in Belarus; the 21st is a Saturday.
NOW = dt.datetime(2026, 11, 18, 7, 0)
SATURDAY = dt.datetime(2026, 11, 21, 7, 0)


def test_a_curator_issues_between_fairs_to_their_own_people_only(
    client: TestClient, auth, orgs: dict[str, int], session: Session
) -> None:
    client.get("/api/v1/no-such-route")  # let FastAPI read the routes' signatures before freezegun
    with freeze_time(NOW, tick=True):
        org = auth("organiser")
        anna, vera, mine_id, mine, theirs_id, theirs = cw.two_curators(client, session, org)
        nobody = h.register(client, org, mother="Ева", father="Глеб", sex="F", birth_year=1991)

        first = h.expect(
            h.issue_between(client, mine, anna["id"], orgs["employment"], "employment_counselling"), 201
        )
        assert first["between_fairs"] is True and first["client_code"] == anna["code"]
        assert (first["issued_on"], first["status"]) == ("2026-11-18", "issued")
        # A curator belongs to no organisation: none named, the receiving one issues (as an organiser's).
        assert first["issuing_organisation_id"] == orgs["employment"]
        named = h.issue_between(
            client, mine, anna["id"], orgs["hospital"], "hiv_testing", issuing_organisation_id=orgs["rehab"]
        )
        assert h.expect(named, 201)["issuing_organisation_id"] == orgs["rehab"]
        # A valid coupon like it is asked about first, as for organisers.
        h.expect(
            h.issue_between(client, mine, anna["id"], orgs["employment"], "employment_counselling"),
            409,
            "duplicate_coupon",
        )
        # Another curator's person, a person with no curator, a made-up id: all the same 404.
        for client_id in (vera["id"], nobody["id"], 999_999):
            refused = h.issue_between(client, mine, client_id, orgs["employment"], "employment_counselling")
            h.expect(refused, 404, "client_not_found")
        # Other roles: 403, saying who may.
        partner = h.expect(
            h.issue_between(client, auth("partner_employment"), anna["id"], orgs["rehab"], "rehab"), 403
        )
        assert (
            partner["detail"]
            == "Талоны между ярмарками выдают только организаторы района клиента и его куратор."
        )
        # The other curator issues to their own person.
        h.expect(h.issue_between(client, theirs, vera["id"], orgs["rehab"], "rehab"), 201)
        # Audited as the organisers' coupons are: the issue, by the curator's account.
        issued_by = session.exec(
            select(AuditEntry.user_id).where(AuditEntry.entity == "coupon", AuditEntry.action == "issue")
        ).all()
        assert sorted(issued_by) == sorted([mine_id, mine_id, theirs_id])
        # Nothing else of coupons opens to a curator.
        h.expect(client.get(f"{h.API}/coupons/{first['code']}", headers=mine), 403)
        h.expect(h.cancel(client, mine, first["code"]), 403)
        h.expect(client.get(f"{h.API}/clients/{anna['id']}", headers=mine), 403)
    with freeze_time(SATURDAY, tick=True):  # a day off: refused as organisers are (a token of the day)
        refused = h.issue_between(client, bearer(session, "curator_one"), anna["id"], orgs["rehab"], "rehab")
        h.expect(refused, 409, "not_working_day")
    assert h.count(session, "coupon") == 3


def test_a_curator_records_their_peoples_checks_and_sees_only_theirs_due(
    client: TestClient, hdr, session: Session
) -> None:
    p = history(client, hdr)  # P1 first came 13 months ago, P2 20, P3 3; P4 first in district B
    org = hdr["organiser"]
    mine_id, mine = cw.curator(client, session, username="curator_one")
    theirs_id, theirs = cw.curator(client, session, username="curator_two")
    for person in ("P1", "P4"):
        cw.assign(client, org, client_id=p[person], curator_id=mine_id)
    cw.assign(client, org, client_id=p["P2"], curator_id=theirs_id)

    def due(headers: dict) -> list[tuple[int, int]]:
        body = h.expect(client.get(f"{CHECKS}/due", headers=headers), 200)
        assert body["total"] == len(body["items"])
        return [(row["client_id"], row["milestone"]) for row in body["items"]]

    # Only their people; P4's checks are district B's, as on the organiser's list.
    assert due(mine) == [(p["P1"], 6), (p["P1"], 12)]
    assert due(theirs) == [(p["P2"], 6), (p["P2"], 12), (p["P2"], 18)]
    assert len(due(org)) == 5

    body = h.expect(put(client, mine, p["P1"], 12, findings=["working", "family_contact"]), 200)
    assert [one["recorded"] for one in body["milestones"]] == [False, True, False]
    assert body["milestones"][1]["findings"] == ["working", "family_contact"]
    read = h.expect(client.get(f"{CHECKS}/clients/{p['P1']}", headers=mine), 200)
    assert read["first_fair_on"] == month_first(13).isoformat() and read["milestones"][1]["recorded"]
    assert due(mine) == [(p["P1"], 6)]
    assert (p["P1"], 12) not in due(org)  # one check, whoever recorded it
    entry = session.exec(select(AuditEntry).where(AuditEntry.entity == "later_check")).one()
    assert (entry.user_id, entry.action) == (mine_id, "create")
    assert entry.details == {
        "milestone": 12,
        "checked_on": h.today().isoformat(),
        "findings": ["working", "family_contact"],
    }

    # Another curator's person and a person with no curator: 404, as a made-up id; nothing recorded.
    for client_id in (p["P2"], p["P3"], 999_999):
        h.expect(put(client, mine, client_id, 12, findings=["working"]), 404, "client_not_found")
        h.expect(client.get(f"{CHECKS}/clients/{client_id}", headers=mine), 404, "client_not_found")
    # Their own person whose first fair was district B's: B keeps the checks.
    h.expect(put(client, mine, p["P4"], 6), 409, "checked_elsewhere")
    assert h.count(session, "later_check") == 1
    h.expect(client.get(f"{CHECKS}/due", headers=hdr["partner_employment"]), 403)  # by the route's roles
    # The committee's reports stay closed to a curator.
    h.expect(client.get(f"{h.API}/reports/committee", headers=mine), 403)
