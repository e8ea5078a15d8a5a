"""The committee's report as JSON, over a known history (tests/history.py); numbers worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.api import helpers as h
from tests.history import build_history

REPORT = f"{h.API}/reports/committee"


@pytest.fixture
def history(client, hdr, orgs):  # noqa: ANN001, ANN201
    return build_history(client, hdr, orgs)


def report(client, headers: dict, start: str, end: str, **params) -> dict:  # noqa: ANN001
    resp = client.get(REPORT, params={"from": start, "to": end, **params}, headers=headers)
    return h.expect(resp, 200)


def directions(body: dict) -> dict[str, tuple[int, int, int]]:
    """Directions with any coupon: code → (persons, issued, redeemed)."""
    return {
        d["code"]: (d["persons"], d["coupons_issued"], d["coupons_redeemed"])
        for d in body["directions"]
        if d["coupons_issued"]
    }


def headline(body: dict) -> tuple:
    keys = (
        "fairs_held",
        "fairs_planned",
        "visits",
        "persons_consulted",
        "persons_referred",
        "coupons_issued",
        "coupons_redeemed",
        "employment_referred_persons",
        "employed_persons",
        "jobseeker_registered_persons",
    )
    return tuple(body[key] for key in keys)


def test_a_month(client, hdr, history):
    body = report(client, hdr["organiser"], "2025-11-01", "2025-11-30")
    assert headline(body) == (1, 1, 3, 3, 3, 4, 3, 1, 1, 1)
    assert directions(body) == {
        "employment_referral": (1, 1, 1),
        "hiv_testing": (1, 1, 1),
        "employment_counselling": (1, 1, 1),
        "infectious": (1, 1, 0),
    }
    assert body["scope"] == "Солигорский район"
    assert body["period_from"] == "2025-11-01" and body["period_to"] == "2025-11-30"


def test_a_year_leaves_out_cancelled_coupons_and_fairs(client, hdr, history):
    body = report(client, hdr["organiser"], "2026-01-01", "2026-12-31")
    # P1 came to F3 but their only coupon there (c10) was cancelled: consulted, not referred.
    assert headline(body) == (2, 3, 4, 4, 3, 4, 3, 1, 1, 0)
    assert directions(body) == {
        "employment_referral": (1, 1, 1),
        "rehab": (1, 1, 1),
        "psychological": (1, 1, 0),
        "infectious": (1, 1, 1),
    }
    hiv = next(d for d in body["directions"] if d["code"] == "hiv_testing")
    assert (hiv["persons"], hiv["coupons_issued"]) == (0, 0)
    organisations = {o["name"]: o for o in body["organisations"]}
    rehab = organisations["Реабилитационный центр"]
    assert (rehab["coupons_received"], rehab["coupons_redeemed"], rehab["expired_unused"]) == (2, 1, 1)
    assert rehab["redemption_rate"] == pytest.approx(0.5)
    hospital = organisations["Центральная районная больница"]
    assert (hospital["coupons_received"], hospital["outcomes"]) == (1, {"treatment_started": 1})
    statuses = [(f["date"], f["status"]) for f in body["fairs"]]
    assert statuses == [
        ("2026-01-12", "closed"),
        ("2026-02-09", "closed"),
        ("2026-03-09", "planned"),
        ("2026-04-13", "cancelled"),
    ]


def test_a_range_crossing_years_counts_each_person_once(client, hdr, history):
    body = report(client, hdr["organiser"], "2025-12-01", "2026-01-31")
    # P1 visited both fairs: 5 visits, 4 persons. P5 got two coupons at F3: counted once.
    assert headline(body) == (2, 2, 5, 4, 4, 5, 4, 2, 1, 0)
    assert directions(body) == {
        "employment_referral": (2, 2, 2),
        "humanitarian": (1, 1, 1),
        "rehab": (1, 1, 1),
        "psychological": (1, 1, 0),
    }
    employment = next(d for d in body["directions"] if d["code"] == "employment_referral")
    assert employment["median_days"] == 6.0  # 5 and 7 days
    assert employment["outcomes"] == {"not_hired": 1, "employed": 1}
    fairs = [
        (
            f["date"],
            f["booths"],
            f["visitors"],
            f["persons_referred"],
            f["coupons_issued"],
            f["coupons_redeemed"],
        )
        for f in body["fairs"]
    ]
    assert fairs == [("2025-12-08", 2, 2, 2, 2, 2), ("2026-01-12", 3, 3, 2, 3, 2)]
    months = [
        (m["month"], m["visits"], m["persons_consulted"], m["persons_referred"]) for m in body["months"]
    ]
    assert months == [("2025-12-01", 2, 2, 2), ("2026-01-01", 3, 3, 2)]


def test_everything_counts_distinct_persons(client, hdr, history):
    body = report(client, hdr["organiser"], "2025-11-01", "2026-12-31")
    assert headline(body) == (4, 5, 9, 5, 5, 10, 8, 2, 2, 1)
    employment = next(d for d in body["directions"] if d["code"] == "employment_referral")
    assert (employment["persons"], employment["coupons_issued"], employment["median_days"]) == (2, 3, 5.0)
    assert body["redemption_rate"] == pytest.approx(0.8)


def test_records_count_by_the_date_of_their_fair(client, hdr, history):
    # c2 (F1, 10 November) was redeemed on 5 December: it counts in November, not in December.
    november = report(client, hdr["organiser"], "2025-11-01", "2025-11-30")
    december = report(client, hdr["organiser"], "2025-12-01", "2025-12-31")
    assert (november["coupons_issued"], november["coupons_redeemed"]) == (4, 3)
    assert (december["coupons_issued"], december["coupons_redeemed"]) == (2, 2)
    assert history.coupons["c2"]["issued_on"] == "2025-11-10"


def test_scopes_follow_the_reader(client, hdr, history):
    year = ("2026-01-01", "2026-12-31")
    assert headline(report(client, hdr["committee"], *year)) == (2, 3, 4, 4, 3, 4, 3, 1, 1, 0)
    other = report(client, hdr["organiser_b"], *year)
    assert headline(other) == (1, 1, 1, 1, 1, 1, 1, 0, 0, 1)
    region = report(client, hdr["committee_region"], *year)
    assert headline(region) == (3, 4, 5, 5, 4, 5, 4, 1, 1, 1)
    assert region["scope"] == "Минская область" and len(region["district_ids"]) == 2
    district_b = other["district_ids"][0]
    only_b = report(client, hdr["committee_region"], *year, district=district_b)
    assert headline(only_b) == headline(other)
    resp = client.get(
        REPORT, params={"from": year[0], "to": year[1], "district": district_b}, headers=hdr["organiser"]
    )
    h.expect(resp, 403, "other_district")


@pytest.mark.parametrize("username", ["partner_employment", "partner_hospital"])
def test_partners_are_refused(client, hdr, username):
    resp = client.get(REPORT, params={"from": "2026-01-01", "to": "2026-01-31"}, headers=hdr[username])
    h.expect(resp, 403, "forbidden")


def test_anonymous_is_refused(client):
    assert client.get(REPORT, params={"from": "2026-01-01", "to": "2026-01-31"}).status_code == 401


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2026-01-01"},
        {"to": "2026-01-01"},
        {"from": "2026-13-01", "to": "2026-12-31"},
        {"from": "01.01.2026", "to": "31.12.2026"},
        {"from": "2026-02-01", "to": "2026-01-01"},
        {"from": "2010-01-01", "to": "2026-01-01"},
    ],
)
def test_unclear_periods_are_400(client, hdr, params):
    problem = h.expect(client.get(REPORT, params=params, headers=hdr["organiser"]), 400, "invalid_period")
    assert problem["detail"]


def test_an_empty_period_is_all_zeros(client, hdr):
    body = report(client, hdr["organiser"], "2030-01-01", "2030-12-31")
    assert headline(body) == (0,) * 10
    assert body["redemption_rate"] is None and body["fairs"] == [] and body["organisations"] == []
    assert len(body["months"]) == 12 and all(d["persons"] == 0 for d in body["directions"])


def test_expiry_and_overdue_are_as_of_today(client, hdr, orgs):
    org = hdr["organiser"]
    person = h.register(client, org)["id"]
    for days_ago in (40, 20, 5):
        fair = h.make_open_fair(client, org, day=h.today() - dt.timedelta(days=days_ago))
        booth = h.add_booth(client, org, fair=fair, org=orgs["hospital"])
        h.close_fair(client, org, fair=fair)
        h.issue(client, org, booth=booth, client_id=person, org=orgs["hospital"], direction="infectious")
    start = (h.today() - dt.timedelta(days=60)).isoformat()
    body = report(client, org, start, h.today().isoformat())
    assert body["overdue_unredeemed"] == 2  # 40 and 20 days old
    hospital = body["organisations"][0]
    assert (hospital["coupons_received"], hospital["expired_unused"]) == (3, 1)  # only the 40-day-old one


def test_names_follow_the_language(client, hdr, history):
    body = h.expect(
        client.get(
            REPORT, params={"from": "2025-11-01", "to": "2025-11-30", "lang": "en"}, headers=hdr["organiser"]
        ),
        200,
    )
    names = {d["code"]: d["name"] for d in body["directions"]}
    assert names["employment_referral"] == "Referral for a job to an organisation or enterprise"
    assert body["outcome_names"]["employed"] == "Employed"


def test_every_count_is_a_plain_integer(client, hdr, history, session):
    """PostgreSQL sums come back as Decimal; the tally hands out ints (the workbook writes numbers)."""
    from sqlmodel import select

    from fairs.models import User
    from fairs.services import report

    organiser = session.exec(select(User).where(User.username == "organiser")).one()
    scope = report.report_scope(session, actor=organiser)
    tally = report.committee_tally(
        session, scope=scope, period=report.parse_range("2025-11-01", "2026-12-31")
    )
    numbers = [tally.visits, tally.persons_consulted, tally.persons_referred, tally.coupons_issued]
    for row in tally.months:
        numbers += [row.visits, row.persons_consulted, row.persons_referred]
    for row in tally.directions:
        numbers += [row.persons, row.coupons_issued, row.coupons_redeemed]
    for row in tally.fairs:
        numbers += [row.booths, row.visitors, row.persons_referred, row.coupons_issued, row.coupons_redeemed]
    assert all(type(n) is int for n in numbers), {type(n) for n in numbers}
