"""A submitted period's figures are the figures submitted: last month's second coupon is redeemed today (a
redemption dated outside the locked month, so it goes in, and by the fair-date rule it counts in last
month). The JSON report, the dashboard and both workbooks of exactly that month keep showing what was
submitted, named in the reader's language; the year around it counts live; beside the same month a year
later it is the earlier figure. Reopened, the month counts live again; submitted again, the new figures
are kept."""

from __future__ import annotations

import calendar
import datetime as dt

from fairs import config
from tests.api import helpers as h
from tests.exports.conftest import workbook
from tests.pages.conftest import login

SUBMISSIONS = f"{h.API}/reports/submissions"
REPORT = f"{h.API}/reports/committee"


def _figures(body: dict) -> tuple:
    employment = next(row for row in body["directions"] if row["code"] == "employment_referral")
    (fair,) = body["fairs"]
    (org,) = body["organisations"]
    return (
        body["coupons_issued"],
        body["coupons_redeemed"],
        body["employed_persons"],
        employment["coupons_redeemed"],
        employment["outcomes"].get("employed", 0),
        fair["coupons_redeemed"],
        org["coupons_redeemed"],
    )


def _summary_value(ws, label: str):  # noqa: ANN001, ANN202
    return next(row[1].value for row in ws.iter_rows() if row[0].value == label)


def test_the_figures_of_a_submitted_month_stay_as_submitted_until_it_is_reopened(
    client, hdr, orgs, session, monkeypatch
):  # noqa: ANN001
    monkeypatch.setenv("FAIRS_COUPON_VALIDITY_DAYS", "90")  # last month's coupons valid today
    config.get_settings.cache_clear()
    org, partner, committee = hdr["organiser"], hdr["partner_employment"], hdr["committee"]
    start, end = h.last_month()
    month = {"from": start.isoformat(), "to": end.isoformat()}
    fair = h.make_open_fair(client, org, day=start + dt.timedelta(days=9))
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    h.close_fair(client, org, fair=fair)
    person = h.register(client, org)["id"]
    coupon = {
        "booth": booth,
        "client_id": person,
        "org": orgs["employment"],
        "direction": "employment_referral",
    }
    first, late = h.issue(client, org, **coupon), h.issue(client, org, **coupon)
    day = dt.date.fromisoformat(fair["date"])
    h.expect(h.redeem(client, org, first["code"], redeemed_on=day + dt.timedelta(days=2)), 200)

    live = h.expect(client.get(REPORT, params=month, headers=org), 200)
    assert _figures(live) == (2, 1, 0, 1, 0, 1, 1) and live["submitted_on"] is None
    submitted = h.expect(client.post(SUBMISSIONS, json={"period": start.strftime("%Y-%m")}, headers=org), 201)
    kept = h.expect(client.get(REPORT, params=month, headers=org), 200)
    assert kept["submitted_on"] == submitted["submitted_on"]
    # Nothing changed yet: the kept tally reads back exactly as it was counted.
    assert {k: v for k, v in kept.items() if k != "submitted_on"} == {
        k: v for k, v in live.items() if k != "submitted_on"
    }

    # Today's redemption and outcome of the second coupon go in (dated outside the locked month) …
    h.expect(h.redeem(client, partner, late["code"]), 200)
    h.expect(h.set_outcome(client, partner, late["code"], outcome="employed"), 200)
    # … and the month, read by the organiser and the committee, is still what was submitted.
    for headers in (org, committee):
        body = h.expect(client.get(REPORT, params=month, headers=headers), 200)
        assert _figures(body) == (2, 1, 0, 1, 0, 1, 1)
        assert body["submitted_on"] == submitted["submitted_on"]
    # Only exactly that month of that district: another district's, or a range with either end moved, is
    # counted live.
    other = h.expect(client.get(REPORT, params=month, headers=hdr["organiser_b"]), 200)
    assert other["submitted_on"] is None and other["fairs"] == []
    region = h.expect(client.get(REPORT, params=month, headers=hdr["committee_region"]), 200)
    assert _figures(region) == (2, 2, 1, 2, 1, 2, 2) and region["submitted_on"] is None
    assert sorted(district["coupons_redeemed"] for district in region["districts"]) == [0, 2]
    day_after, day_before = start + dt.timedelta(days=1), end - dt.timedelta(days=1)
    for moved in ({**month, "from": day_after.isoformat()}, {**month, "to": day_before.isoformat()}):
        body = h.expect(client.get(REPORT, params=moved, headers=org), 200)
        assert _figures(body) == (2, 2, 1, 2, 1, 2, 2) and body["submitted_on"] is None, moved
    # Named in the reader's language, although it was submitted in Russian.
    english = h.expect(client.get(REPORT, params={**month, "lang": "en"}, headers=org), 200)
    names = {row["code"]: row["name"] for row in english["directions"]}
    assert names["employment_referral"] == "Referral for a job to an organisation or enterprise"
    assert english["outcome_names"]["employed"] == "Employed"
    categories = {row["code"]: row["name"] for row in english["categories"]}
    assert categories["released"] == "Released from prison"
    belarusian = h.expect(client.get(REPORT, params={**month, "lang": "be"}, headers=org), 200)
    categories = {row["code"]: row["name"] for row in belarusian["categories"]}
    assert categories["released"] == "Вызваленыя з месцаў пазбаўлення волі"
    assert (english["category_none"]["name"], english["category_total"]["name"]) == (
        "In no category",
        "All persons",
    )
    # An organisation renamed since reads under its name of now.
    listed = h.expect(client.get(f"{h.API}/organisations", headers=org), 200)
    centre = next(one for one in listed if one["id"] == orgs["employment"])
    fields = ("name", "kind", "address", "phone", "hours", "directions", "serves_region")
    renamed = {**{key: centre[key] for key in fields}, "name": "Центр занятости (новое имя)"}
    h.expect(client.put(f"{h.API}/organisations/{centre['id']}", json=renamed, headers=org), 200)
    body = h.expect(client.get(REPORT, params=month, headers=org), 200)
    assert [row["name"] for row in body["organisations"]] == ["Центр занятости (новое имя)"]
    # The year around it is counted live; the same month a year later compares with what was submitted.
    year = {"from": f"{start.year}-01-01", "to": f"{start.year}-12-31"}
    counted = h.expect(client.get(REPORT, params=year, headers=org), 200)
    assert _figures(counted) == (2, 2, 1, 2, 1, 2, 2) and counted["submitted_on"] is None
    later = {
        "from": start.replace(year=start.year + 1).isoformat(),
        "to": end.replace(year=end.year + 1, day=calendar.monthrange(end.year + 1, end.month)[1]).isoformat(),
        "compare": "previous_year",
    }
    compared = h.expect(client.get(REPORT, params=later, headers=org), 200)
    assert (compared["previous"]["coupons_redeemed"], compared["previous"]["employed_persons"]) == (1, 0)

    # The dashboard of the month shows the submitted figures and says so.
    client.base_url = "https://testserver"
    login(client, "committee")
    page = client.get("/reports", params={"month": start.strftime("%Y-%m")}).text
    assert '<span data-key="coupons_redeemed">1</span>' in page
    assert 'data-key="as-submitted"' in page and "цифры, представленные" in page
    assert '<p class="crumb muted">Солигорский район</p>' in page
    client.cookies.clear()
    # Both workbooks of the month: the summary, the directions, the fairs and the organisations.
    for path, headers in (("/exports/committee.xlsx", committee), ("/exports/register.xlsx", org)):
        book = workbook(client.get(path, params=month, headers=headers))
        assert _summary_value(book["Сводка"], "Погашено талонов") == 1, path
        assert _summary_value(book["Сводка"], "Выдано талонов") == 2, path
        assert book["Сводка"]["A2"].value.startswith("Представлено"), path

    # Reopened: the month counts live (the late redemption and its outcome), and the page says nothing
    # of submitted figures.
    h.expect(
        client.post(
            f"{SUBMISSIONS}/{submitted['id']}/reopen", json={"reason": "поздние погашения"}, headers=committee
        ),
        200,
    )
    reopened = h.expect(client.get(REPORT, params=month, headers=committee), 200)
    assert _figures(reopened) == (2, 2, 1, 2, 1, 2, 2) and reopened["submitted_on"] is None
    book = workbook(client.get("/exports/committee.xlsx", params=month, headers=committee))
    assert _summary_value(book["Сводка"], "Погашено талонов") == 2
    # Submitted again: the new figures are kept and read back.
    again = h.expect(client.post(SUBMISSIONS, json={"period": start.strftime("%Y-%m")}, headers=org), 201)
    assert again["figures"]["coupons_redeemed"] == 2 and again["figures"]["employed_persons"] == 1
    body = h.expect(client.get(REPORT, params=month, headers=committee), 200)
    assert _figures(body) == (2, 2, 1, 2, 1, 2, 2) and body["submitted_on"] == again["submitted_on"]
    # A submission made before the figures were kept in full (no `tally`, migration 0026) is counted live.
    session.execute(h.text("UPDATE period_submission SET tally = NULL"))
    body = h.expect(client.get(REPORT, params=month, headers=committee), 200)
    assert _figures(body) == (2, 2, 1, 2, 1, 2, 2) and body["submitted_on"] is None
