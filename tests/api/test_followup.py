"""Follow-up through the JSON API: who is listed, contact marks, re-issue, roles, the N setting."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import event, text

from fairs import config, db
from tests.api import helpers as h

FOLLOWUP = f"{h.API}/followup"
REISSUED = "перевыдан"  # the district's language (Russian by default), whoever clicks


def past_booth(client, headers: dict, *, days_ago: int, org: int) -> tuple[dict, dict]:  # noqa: ANN001
    """A fair held `days_ago` days ago, closed, with the booth of `org` (coupons there are back-entered)."""
    fair = h.make_open_fair(client, headers, day=h.today() - dt.timedelta(days=days_ago))
    booth = h.add_booth(client, headers, fair=fair, org=org)
    h.close_fair(client, headers, fair=fair)
    return fair, booth


def employment_coupon(client, headers: dict, orgs: dict, *, booth: dict, person: dict) -> dict:  # noqa: ANN001
    """A coupon to the employment centre, issued at `booth` (on the booth's fair date when back-entered)."""
    return h.issue(
        client,
        headers,
        booth=booth,
        client_id=person["id"],
        org=orgs["employment"],
        direction="employment_referral",
    )


def listing(client, headers: dict, **params) -> dict:  # noqa: ANN001, ANN003
    """GET /api/v1/followup, expecting 200."""
    return h.expect(client.get(FOLLOWUP, params=params, headers=headers), 200)


def codes_by_client(body: dict) -> list[tuple[str, list[str]]]:
    """[(client code, [coupon codes])] in the listed order."""
    return [(item["client_code"], [c["code"] for c in item["coupons"]]) for item in body["items"]]


@pytest.fixture
def history(client, hdr, orgs):  # noqa: ANN001, ANN201
    """Three clients of district A with coupons of various ages and states, and one client of district B."""
    org = hdr["organiser"]
    anna = h.register(client, org, mother="Анна", father="Иван")
    olga = h.register(client, org, mother="Ольга", father="Пётр", sex="F", birth_year=1990)
    nina = h.register(client, org, mother="Нина", father="Олег", sex="F", birth_year=1979)
    _, booth14 = past_booth(client, org, days_ago=14, org=orgs["employment"])
    _, booth13 = past_booth(client, org, days_ago=13, org=orgs["employment"])
    _, booth20 = past_booth(client, org, days_ago=20, org=orgs["employment"])
    _, booth40 = past_booth(client, org, days_ago=40, org=orgs["employment"])
    at14 = employment_coupon(client, org, orgs, booth=booth14, person=anna)
    to_hospital = h.issue(
        client, org, booth=booth14, client_id=anna["id"], org=orgs["hospital"], direction="hiv_testing"
    )
    at13 = employment_coupon(client, org, orgs, booth=booth13, person=anna)
    at20 = employment_coupon(client, org, orgs, booth=booth20, person=olga)
    redeemed = employment_coupon(client, org, orgs, booth=booth20, person=olga)
    h.expect(h.redeem(client, org, redeemed["code"], redeemed_on=h.today() - dt.timedelta(days=18)), 200)
    cancelled = employment_coupon(client, org, orgs, booth=booth20, person=olga)
    h.expect(h.cancel(client, org, cancelled["code"]), 200)
    expired = employment_coupon(client, org, orgs, booth=booth40, person=nina)
    # District B: its own organiser, organisation and client.
    org_b = hdr["organiser_b"]
    other_org = h.expect(client.get(f"{h.API}/organisations", headers=org_b), 200)
    other_org_id = (other_org["items"] if isinstance(other_org, dict) else other_org)[0]["id"]
    _, booth_b = past_booth(client, org_b, days_ago=20, org=other_org_id)
    vera = h.register(client, org_b, mother="Вера", father="Олег", sex="F", birth_year=1988)
    other = h.issue(
        client,
        org_b,
        booth=booth_b,
        client_id=vera["id"],
        org=other_org_id,
        direction="employment_counselling",
    )
    return {
        "anna": anna,
        "olga": olga,
        "nina": nina,
        "vera": vera,
        "at14": at14,
        "to_hospital": to_hospital,
        "at13": at13,
        "at20": at20,
        "redeemed": redeemed,
        "cancelled": cancelled,
        "expired": expired,
        "other": other,
    }


def test_who_is_listed(client, hdr, history):
    body = listing(client, hdr["organiser"])
    assert body["days"] == 14 and body["total"] == 3 and body["as_of"] == h.today().isoformat()
    # Grouped by client, oldest first; 13 days is not yet overdue, 14 is; redeemed and cancelled are not.
    assert codes_by_client(body) == [
        (history["nina"]["code"], [history["expired"]["code"]]),
        (history["olga"]["code"], [history["at20"]["code"]]),
        (history["anna"]["code"], [history["at14"]["code"], history["to_hospital"]["code"]]),
    ]
    nina, olga, anna = body["items"]
    assert nina["coupons"][0]["status"] == "expired"
    assert olga["coupons"][0]["status"] == "issued" and olga["coupons"][0]["days"] == 20
    assert anna["oldest_issued_on"] == (h.today() - dt.timedelta(days=14)).isoformat()
    assert anna["coupons"][1]["direction"] == "hiv_testing"
    assert all(c["last_contact"] is None for item in body["items"] for c in item["coupons"])
    # No personal field in the list.
    assert not {"full_name", "phone", "birth_date"} & set(json.dumps(body).split('"'))
    # District B sees only its own client.
    other = listing(client, hdr["organiser_b"])
    assert codes_by_client(other) == [(history["vera"]["code"], [history["other"]["code"]])]


def test_pages_of_clients(client, hdr, history):
    first = listing(client, hdr["organiser"], per_page=2)
    second = listing(client, hdr["organiser"], per_page=2, page=2)
    assert first["total"] == second["total"] == 3
    assert [i["client_code"] for i in first["items"] + second["items"]] == [
        history["nina"]["code"],
        history["olga"]["code"],
        history["anna"]["code"],
    ]
    beyond = listing(client, hdr["organiser"], per_page=2, page=5)
    assert beyond["items"] == [] and beyond["total"] == 3


def test_the_setting_n_is_honoured(client, hdr, history, monkeypatch):
    monkeypatch.setenv("FAIRS_FOLLOWUP_DAYS", "20")
    config.get_settings.cache_clear()
    body = listing(client, hdr["organiser"])
    assert body["days"] == 20
    assert [i["client_code"] for i in body["items"]] == [history["nina"]["code"], history["olga"]["code"]]
    monkeypatch.setenv("FAIRS_FOLLOWUP_DAYS", "13")
    config.get_settings.cache_clear()
    body = listing(client, hdr["organiser"])
    anna = body["items"][-1]
    assert [c["code"] for c in anna["coupons"]] == [
        history["at14"]["code"],
        history["to_hospital"]["code"],
        history["at13"]["code"],
    ]
    # An explicit N for one request.
    assert listing(client, hdr["organiser"], days=41)["items"] == []


@pytest.mark.parametrize("username", ["partner_employment", "committee", "admin"])
def test_only_organisers(client, hdr, history, username, session):
    headers = hdr[username]
    code = history["at14"]["code"]
    h.expect(client.get(FOLLOWUP, headers=headers), 403, "forbidden")
    body = {"contacted_on": h.today().isoformat(), "note": "x"}
    h.expect(client.post(f"{h.API}/coupons/{code}/contacted", json=body, headers=headers), 403, "forbidden")
    h.expect(client.post(f"{h.API}/coupons/{code}/reissue", headers=headers), 403, "forbidden")
    assert h.count(session, "followup_contact") == 0
    assert h.count(session, "coupon", status="cancelled") == 1  # the history's own
    assert client.get(FOLLOWUP).status_code == 401


def test_other_district_cannot_touch(client, hdr, history, session):
    code = history["at14"]["code"]
    headers = hdr["organiser_b"]
    body = {"note": "x"}
    h.expect(
        client.post(f"{h.API}/coupons/{code}/contacted", json=body, headers=headers), 404, "unknown_code"
    )
    h.expect(client.post(f"{h.API}/coupons/{code}/reissue", headers=headers), 404, "unknown_code")
    assert h.count(session, "followup_contact") == 0


def test_contacted_mark(client, hdr, history, session):
    org = hdr["organiser"]
    code = history["at14"]["code"]
    url = f"{h.API}/coupons/{code}/contacted"
    tomorrow = h.today() + dt.timedelta(days=1)
    h.expect(
        client.post(url, json={"contacted_on": tomorrow.isoformat()}, headers=org), 400, "date_in_future"
    )
    before = h.today() - dt.timedelta(days=15)
    h.expect(
        client.post(url, json={"contacted_on": before.isoformat()}, headers=org), 400, "date_before_issue"
    )
    h.expect(client.post(url, json={"note": "x" * 1001}, headers=org), 422)
    assert h.count(session, "followup_contact") == 0
    note = "Позвонила: придёт в понедельник, телефон сестры 8029"
    first = h.expect(
        client.post(
            url,
            json={"contacted_on": (h.today() - dt.timedelta(days=3)).isoformat(), "note": note},
            headers=org,
        ),
        201,
    )
    assert first["note"] == note and first["coupon_code"] == code
    # Without a date: today. The latest mark (by date) is the one listed, with the count of marks.
    second = h.expect(client.post(url, json={"note": "  "}, headers=org), 201)
    assert second["contacted_on"] == h.today().isoformat() and second["note"] == ""
    # An older mark entered later does not hide the latest one.
    h.expect(
        client.post(url, json={"contacted_on": (h.today() - dt.timedelta(days=5)).isoformat()}, headers=org),
        201,
    )
    anna = listing(client, org)["items"][-1]
    last = anna["coupons"][0]["last_contact"]
    assert last == {"contacted_on": h.today().isoformat(), "note": "", "by": "Иванова А. А.", "marks": 3}
    assert anna["coupons"][1]["last_contact"] is None
    # Audited, without the note's text.
    rows = session.execute(
        text("SELECT action, details FROM audit_entry WHERE entity = 'followup_contact' ORDER BY id")
    ).all()
    assert [r[0] for r in rows] == ["create", "create", "create"]
    details = [r[1] if isinstance(r[1], dict) else json.loads(r[1]) for r in rows]
    assert details[0] == {
        "coupon": code,
        "contacted_on": (h.today() - dt.timedelta(days=3)).isoformat(),
        "with_note": True,
    }
    assert all("придёт" not in json.dumps(d, ensure_ascii=False) for d in details)
    # Hide contacted: the contacted coupon goes, its client stays for the other coupon.
    hidden = listing(client, org, include_contacted="false")
    assert codes_by_client(hidden)[-1] == (history["anna"]["code"], [history["to_hospital"]["code"]])


def committee_numbers(client, headers: dict, day: str) -> dict:  # noqa: ANN001
    """The committee's numbers that a re-issue must not change, for the fairs of one day."""
    report = h.expect(
        client.get(f"{h.API}/reports/committee", params={"from": day, "to": day}, headers=headers), 200
    )
    return {
        "persons_referred": report["persons_referred"],
        "coupons_issued": report["coupons_issued"],
        "coupons_redeemed": report["coupons_redeemed"],
        "directions": [(d["code"], d["persons"], d["coupons_issued"]) for d in report["directions"]],
        "fairs": [(f["fair_id"], f["persons_referred"], f["coupons_issued"]) for f in report["fairs"]],
        "organisations": [(o["organisation_id"], o["coupons_received"]) for o in report["organisations"]],
    }


def test_reissue(client, hdr, history, session):
    org = hdr["organiser"]
    old = history["expired"]
    day = old["fair_date"]
    before = committee_numbers(client, org, day)
    assert before["coupons_issued"] == 1
    new = h.expect(client.post(f"{h.API}/coupons/{old['code']}/reissue", headers=org), 201)
    assert new["reissued_from"] == old["code"]
    assert new["code"] != old["code"] and new["token"] != old["token"]
    assert new["url"] == f"{h.BASE_URL}/c/{new['token']}"
    assert new["status"] == "issued" and new["back_entered"] is False
    assert new["issued_on"] == h.today().isoformat()
    assert new["expires_on"] == (h.today() + dt.timedelta(days=30)).isoformat()
    assert new["fair_date"] == day and new["client_code"] == history["nina"]["code"]
    assert new["direction"] == old["direction"] and new["organisation_id"] == old["organisation_id"]
    assert new["code"][-1] == h.luhn32_check(new["code"][:-1])
    # The old coupon: cancelled as re-issued; the new one points to it.
    old_now = h.expect(client.get(f"{h.API}/coupons/{old['code']}", headers=org), 200)
    assert old_now["status"] == "cancelled" and old_now["cancel_reason"] == REISSUED
    link = session.execute(text("SELECT reissued_from_id FROM coupon WHERE id = :id"), {"id": new["id"]})
    assert link.scalar_one() == old["id"]
    # The committee's numbers for the fair are unchanged.
    assert committee_numbers(client, org, day) == before
    # Both audited in the one transaction.
    rows = h.audit_rows(session, entity="coupon")
    assert [(r["action"], r["entity_id"]) for r in rows[-2:]] == [("cancel", old["id"]), ("issue", new["id"])]
    # Nina is no longer listed (the new coupon is issued today).
    assert history["nina"]["code"] not in [i["client_code"] for i in listing(client, org)["items"]]
    # The replacement is an ordinary coupon: the receiver redeems it.
    h.expect(h.redeem(client, hdr["partner_employment"], new["code"]), 200)
    # The old one cannot be re-issued again, nor redeemed.
    h.expect(client.post(f"{h.API}/coupons/{old['code']}/reissue", headers=org), 409, "cancelled")
    h.expect(h.redeem(client, hdr["partner_employment"], old["code"]), 410, "cancelled")


def test_reissue_refused_for_redeemed_or_cancelled(client, hdr, history, session):
    org = hdr["organiser"]
    coupons_before = h.count(session, "coupon")
    h.expect(client.post(f"{h.API}/coupons/{history['redeemed']['code']}/reissue", headers=org), 409)
    problem = client.post(f"{h.API}/coupons/{history['redeemed']['code']}/reissue", headers=org).json()
    assert problem["code"] == "already_redeemed"
    h.expect(
        client.post(f"{h.API}/coupons/{history['cancelled']['code']}/reissue", headers=org), 409, "cancelled"
    )
    h.expect(client.post(f"{h.API}/coupons/ZZZZZZZZZ/reissue", headers=org), 400, "mistyped_code")
    assert h.count(session, "coupon") == coupons_before
    assert h.count(session, "coupon", status="redeemed") == 1


def test_reissue_needs_a_receiving_organisation(client, hdr, history, orgs, session):
    org = hdr["organiser"]
    session.execute(
        text("UPDATE organisation SET is_active = false WHERE id = :id"), {"id": orgs["employment"]}
    )
    h.expect(
        client.post(f"{h.API}/coupons/{history['at14']['code']}/reissue", headers=org),
        409,
        "organisation_inactive",
    )
    assert h.count(session, "coupon", status="cancelled") == 1


def test_one_query_for_the_clients_and_one_for_their_coupons(client, hdr, history):
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        if "coupon" in statement:
            statements.append(statement)

    engine = db.get_engine()
    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert len(listing(client, hdr["organiser"], per_page=1)["items"]) == 1
        one = len(statements)
        statements.clear()
        assert len(listing(client, hdr["organiser"], per_page=3)["items"]) == 3
        three = len(statements)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert one == three == 2
