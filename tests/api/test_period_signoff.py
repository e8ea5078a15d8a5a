"""Period sign-off through the API: an organiser submits last month; visits, consultations, coupons,
redemptions, outcomes, cancellations, annulments, binds and contacts dated in it are refused (409
`period_submitted`, nothing written) while records dated outside it still go in; the committee reopens
it with a reason (the organiser cannot; a reason is required), writes work again, it is submitted again;
the audit shows each step, district B is untouched, and the workbook of the period says it was submitted."""

from __future__ import annotations

import datetime as dt

from fairs import config
from tests.api import helpers as h
from tests.exports.conftest import workbook

SUBMISSIONS = f"{h.API}/reports/submissions"


def _counts(session) -> dict[str, int]:  # noqa: ANN001
    tables = (
        "visit",
        "consultation",
        "coupon",
        "audit_entry",
        "followup_contact",
        "period_submission",
        "scan",
    )
    return {table: h.count(session, table) for table in tables}


def test_a_submitted_period_is_locked_until_the_committee_reopens_it(client, hdr, orgs, session, monkeypatch):
    # Last month's coupons stay valid today, whatever day of the month the suite runs on.
    monkeypatch.setenv("FAIRS_COUPON_VALIDITY_DAYS", "90")
    config.get_settings.cache_clear()
    org, partner = hdr["organiser"], hdr["partner_employment"]
    start, end = h.last_month()
    code = f"{start:%Y-%m}"
    # Last month's fair, held and closed: its records are back-entered by the organiser.
    fair = h.make_open_fair(client, org, day=start + dt.timedelta(days=9))
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    pad = h.expect(
        client.post(f"{h.API}/fairs/{fair['id']}/booths/{booth['id']}/pads", json={"count": 4}, headers=org),
        201,
    )
    h.close_fair(client, org, fair=fair)
    person = h.register(client, org)["id"]
    other = h.register(client, org, mother="Ольга", father="Пётр", birth_year=1979)["id"]
    coupon = {
        "booth": booth,
        "client_id": person,
        "org": orgs["employment"],
        "direction": "employment_referral",
    }
    redeemed, waiting, spare = (h.issue(client, org, **coupon) for _ in range(3))
    day = dt.date.fromisoformat(fair["date"])
    h.expect(h.redeem(client, org, redeemed["code"], redeemed_on=day + dt.timedelta(days=2)), 200)
    h.expect(
        h.set_outcome(client, org, redeemed["code"], outcome="employed", day=day + dt.timedelta(days=3)), 200
    )

    # Refusals before anything is submitted: this month is not over, a year is not a period to submit.
    h.expect(
        client.post(SUBMISSIONS, json={"period": f"{h.today():%Y-%m}"}, headers=org), 409, "period_not_over"
    )
    h.expect(client.post(SUBMISSIONS, json={"period": "2026"}, headers=org), 400, "invalid_period")
    h.expect(client.post(SUBMISSIONS, json={"period": code}, headers=partner), 403)

    first = h.expect(client.post(SUBMISSIONS, json={"period": code}, headers=org), 201)
    assert (first["period"], first["period_from"], first["period_to"]) == (
        code,
        start.isoformat(),
        end.isoformat(),
    )
    assert first["current"] is True and first["submitted_by"] == "Иванова А. А."
    assert first["figures"]["coupons_issued"] == 3 and first["figures"]["coupons_redeemed"] == 1
    assert first["figures"]["persons_referred"] == 1 and first["figures"]["employed_persons"] == 1
    # Consultations (none at the booth) and the category table as the committee's copy shows it: the one
    # person, in no category, reads «< 5»; a total under 5 is hidden as well.
    assert (first["figures"]["consultations"], first["figures"]["persons_consulted_at_booths"]) == (0, 0)
    assert first["figures"]["directions"] == {"employment_referral": 1}
    assert first["figures"]["directions_consulted"] == {}
    under_five = ["< 5", "< 5", "< 5"]
    assert first["figures"]["categories"] == {
        **{code: [0, 0, 0] for code in ("released", "registered", "non_custodial", "relatives", "drug_use")},
        "none": under_five,
        "total": under_five,
    }
    h.expect(client.post(SUBMISSIONS, json={"period": code}, headers=org), 409, "already_submitted")

    # Everything dated in the period is refused, with who submitted it and who can reopen it.
    before = _counts(session)
    blank = pad["blanks"][0]["code"]
    refused = [
        h.visit(client, org, fair=fair, client_id=other),
        h.consult(client, org, booth=booth, client_id=other, direction="employment_counselling"),
        h.issue_resp(client, org, **coupon),
        client.post(
            f"{h.API}/coupons/{blank}/bind",
            json={
                "client_id": other,
                "organisation_id": orgs["employment"],
                "direction": "employment_referral",
            },
            headers=org,
        ),
        h.redeem(client, org, waiting["code"], redeemed_on=day + dt.timedelta(days=5)),
        h.set_outcome(client, org, redeemed["code"], outcome="not_hired"),  # corrects last month's
        h.cancel(client, org, spare["code"]),
        client.post(f"{h.API}/coupons/{spare['code']}/reissue", headers=org),
        client.post(f"{h.API}/coupons/{redeemed['code']}/annul", json={"reason": "в ошибку"}, headers=org),
        client.post(
            f"{h.API}/coupons/{waiting['code']}/contacted",
            json={"contacted_on": (day + dt.timedelta(days=4)).isoformat()},
            headers=org,
        ),
    ]
    for resp in refused:
        body = h.expect(resp, 409, "period_submitted")
        assert body["period"] == code and body["submitted_by"] == "Иванова А. А."
        assert "Иванова А. А." in body["detail"] and "комитет или администратор" in body["detail"], body
    assert _counts(session) == before  # nothing written, not even an audit row
    # Records dated outside the period still go in: today's redemption and outcome of last month's coupon.
    h.expect(h.redeem(client, partner, waiting["code"]), 200)
    h.expect(h.set_outcome(client, partner, waiting["code"], outcome="employed"), 200)

    # District B is untouched: its own fair last month takes records, and it sees nothing of A's sign-off.
    org_b = hdr["organiser_b"]
    fair_b = h.make_open_fair(client, org_b, day=start + dt.timedelta(days=9))
    h.expect(h.visit(client, org_b, fair=fair_b, client_id=h.register(client, org_b)["id"]), 201)
    assert h.expect(client.get(SUBMISSIONS, headers=org_b), 200) == []

    # Reopening: never by the organiser, never without a reason, not by a partner; the committee may.
    reopen = f"{SUBMISSIONS}/{first['id']}/reopen"
    h.expect(client.post(reopen, json={"reason": "ошибка в талоне"}, headers=org), 403, "forbidden")
    h.expect(client.post(reopen, json={"reason": "ошибка в талоне"}, headers=org_b), 403, "forbidden")
    h.expect(client.post(reopen, json={"reason": "  "}, headers=hdr["committee"]), 400, "reason_required")
    reopened = h.expect(
        client.post(reopen, json={"reason": "ошибка в талоне"}, headers=hdr["committee"]), 200
    )
    assert reopened["current"] is False and reopened["reopen_reason"] == "ошибка в талоне"
    h.expect(client.post(reopen, json={"reason": "ещё раз"}, headers=hdr["admin"]), 409, "not_submitted")

    # Writes dated in the period work again; then it is submitted again, with the new figures.
    h.expect(h.cancel(client, org, spare["code"]), 200)
    h.expect(h.issue_resp(client, org, **{**coupon, "client_id": other}), 201)
    again = h.expect(client.post(SUBMISSIONS, json={"period": code}, headers=org), 201)
    assert again["figures"]["coupons_issued"] == 3 and again["figures"]["persons_referred"] == 2
    h.expect(h.issue_resp(client, org, **coupon), 409, "period_submitted")

    # The history: newest first, the latest decides; the region's committee reads it too.
    history = h.expect(client.get(SUBMISSIONS, params={"period": code}, headers=hdr["committee_region"]), 200)
    assert [(one["id"], one["current"], one["reopened_by"]) for one in history] == [
        (again["id"], True, None),
        (first["id"], False, "committee"),
    ]
    assert history[1]["figures"] == first["figures"]  # the figures as they were submitted the first time
    actions = [row["action"] for row in h.audit_rows(session, entity="period_submission")]
    assert actions == ["submit", "reopen", "submit"]

    # The workbook of exactly this period says so under its heading; another period's does not.
    period = {"from": start.isoformat(), "to": end.isoformat()}
    summary = workbook(client.get("/exports/committee.xlsx", params=period, headers=hdr["committee"]))[
        "Сводка"
    ]
    assert summary["A2"].value == f"Представлено {h.today():%d.%m.%Y}, Иванова А. А."
    assert summary["A3"].value.startswith("Ярмарки") and summary["A4"].value == "Показатель"
    assert summary.freeze_panes == "A5"
    year = {"from": f"{start.year}-01-01", "to": f"{start.year}-12-31"}
    summary = workbook(client.get("/exports/committee.xlsx", params=year, headers=hdr["committee"]))["Сводка"]
    assert summary["A3"].value == "Показатель"
