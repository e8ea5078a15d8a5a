"""The region's report (JSON): each district's figures beside the region's totals, a person who moved
between districts (the same client code in several) counted once in the region; every figure checked
against the ledger of what the test created, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from fairs.models import Client, District, Region
from fairs.services import report
from tests.api import helpers as h
from tests.api.region_world import PERIOD, Ledger, build_region

REPORT = f"{h.API}/reports/committee"
FIGURES = (
    "visits",
    "persons_consulted",
    "consultations",
    "persons_consulted_at_booths",
    "persons_referred",
    "coupons_issued",
    "coupons_redeemed",
    "employment_referred_persons",
    "employed_persons",
    "jobseeker_registered_persons",
)


@pytest.fixture
def region(client, session, hdr, auth, orgs) -> Ledger:  # noqa: ANN001
    return build_region(client, session, hdr, auth, orgs)


def figures(body: dict) -> dict:
    """The body's figures in the ledger's shape."""
    shown = {key: body[key] for key in FIGURES}
    shown["directions"] = {d["code"]: d["persons"] for d in body["directions"] if d["persons"]}
    shown["directions_consulted"] = {
        d["code"]: d["persons_consulted"] for d in body["directions"] if d["persons_consulted"]
    }
    if "months" in body:
        shown["months"] = {
            m["month"][:7]: (m["persons_consulted"], m["persons_referred"]) for m in body["months"]
        }
    return shown


def wanted(ledger: Ledger, districts: str, *, months: bool = True) -> dict:
    expected = ledger.expected(districts)
    for key in ("directions", "directions_consulted"):
        expected[key] = {k: v for k, v in expected[key].items() if v}
    if not months:
        del expected["months"]
    return expected


def test_the_region_counts_a_person_once_and_each_district_its_own(client, hdr, region):
    body = h.expect(
        client.get(REPORT, params={"from": PERIOD[0], "to": PERIOD[1]}, headers=hdr["committee_region"]), 200
    )
    assert body["scope"] == "Минская область"
    assert figures(body) == wanted(region, "ABC")
    by_id = {row["district_id"]: row for row in body["districts"]}
    assert set(by_id) == set(region.district_ids.values())
    for key, district_id in region.district_ids.items():
        row = by_id[district_id]
        assert figures(row) == wanted(region, key, months=False), key
    assert [row["name"] for row in body["districts"]] == [
        "Любанский район",
        "Слуцкий район",
        "Солигорский район",
    ]
    # The people who moved are what the districts' sum and the region's total differ by.
    moved = {code for (key, person), code in region.codes.items() if person in ("P1", "P2")}
    assert len(moved) == 2
    consulted = sum(row["persons_consulted"] for row in body["districts"])
    assert consulted - body["persons_consulted"] == 3  # P1 in two districts (+1), P2 in three (+2)
    referred = sum(row["persons_referred"] for row in body["districts"])
    assert referred - body["persons_referred"] == 2  # P1 referred in A and B, P2 in A and C
    employed = sum(row["employed_persons"] for row in body["districts"])
    assert (employed, body["employed_persons"]) == (2, 2)  # P1 in A, P2 in C: two persons either way
    assert sum(row["coupons_issued"] for row in body["districts"]) == body["coupons_issued"]


def test_a_district_reads_its_own_figures_without_districts(client, hdr, region):
    params = {"from": PERIOD[0], "to": PERIOD[1]}
    own = h.expect(client.get(REPORT, params=params, headers=hdr["committee"]), 200)
    assert figures(own) == wanted(region, "A")
    assert own["districts"] == []
    one = h.expect(
        client.get(
            REPORT, params={**params, "district": region.district_ids["C"]}, headers=hdr["committee_region"]
        ),
        200,
    )
    assert figures(one) == wanted(region, "C") and one["districts"] == []


def test_the_comparison_counts_a_region_year_earlier_the_same_way(client, hdr, region):
    params = {"from": PERIOD[0], "to": PERIOD[1], "compare": "previous_year"}
    body = h.expect(client.get(REPORT, params=params, headers=hdr["committee_region"]), 200)
    assert body["previous"]["persons_referred"] == 0
    assert body["change"]["persons_referred"] == wanted(region, "ABC")["persons_referred"]


def test_an_admin_reads_the_region_as_its_committee_does(client, hdr, region):
    params = {"from": PERIOD[0], "to": PERIOD[1]}
    committee = h.expect(client.get(REPORT, params=params, headers=hdr["committee_region"]), 200)
    admin = h.expect(client.get(REPORT, params=params, headers=hdr["admin"]), 200)
    assert admin["scope"] == "Минская область"  # every district of the deployment lies in it
    assert figures(admin) == wanted(region, "ABC")
    assert admin["districts"] == committee["districts"]
    one = h.expect(
        client.get(REPORT, params={**params, "district": region.district_ids["B"]}, headers=hdr["admin"]), 200
    )
    assert figures(one) == wanted(region, "B")


def test_an_admin_of_several_regions_reads_them_all(client, session, hdr, region):
    other = Region(name="Гомельская область")
    session.add(other)
    session.flush()
    session.add(District(name="Мозырский район", region_id=other.id))
    session.commit()
    params = {"from": PERIOD[0], "to": PERIOD[1]}
    admin = h.expect(client.get(REPORT, params=params, headers=hdr["admin"]), 200)
    assert admin["scope"] == "Все области"
    assert len(admin["districts"]) == 4 and figures(admin) == wanted(region, "ABC")
    committee = h.expect(client.get(REPORT, params=params, headers=hdr["committee_region"]), 200)
    assert committee["scope"] == "Минская область" and len(committee["districts"]) == 3


def test_directions_or_months_too_many_for_a_mask_are_counted_per_key(client, hdr, region, monkeypatch):
    from fairs.services.report import queries

    monkeypatch.setattr(queries, "MASK_BITS", 1)  # every direction id is past the mask: the per-key way
    body = h.expect(
        client.get(REPORT, params={"from": PERIOD[0], "to": PERIOD[1]}, headers=hdr["committee_region"]), 200
    )
    assert figures(body) == wanted(region, "ABC")


def test_a_region_counts_the_persons_of_a_category_once(client, session, hdr, region):
    """Categories over several districts count client codes, as every person figure of the region: P1 is
    «released» on both their client rows (A and B), P2 «registered» only on their row in B, where they were
    never referred (their coupons are in A and C)."""

    def put(district: str, person: str, category: str, organiser: str) -> None:
        code, district_id = region.codes[(district, person)], region.district_ids[district]
        row = session.exec(select(Client).where(Client.code == code, Client.district_id == district_id)).one()
        body = {"categories": [category], "on": PERIOD[0]}
        h.expect(client.put(f"{h.API}/clients/{row.id}/categories", json=body, headers=hdr[organiser]), 200)

    put("A", "P1", "released", "organiser")
    put("B", "P1", "released", "organiser_b")
    put("B", "P2", "registered", "organiser_b")
    scope = report.TallyScope(tuple(sorted(region.district_ids.values())), "")
    period = report.Period(dt.date.fromisoformat(PERIOD[0]), dt.date.fromisoformat(PERIOD[1]))
    tally = report.committee_tally(session, scope=scope, period=period, locale="ru")
    rows = {
        row.code: (row.persons_consulted, row.persons_referred, row.persons_served)
        for row in tally.categories
    }
    assert rows["released"] == (1, 1, 1)  # P1 once, not once per district
    assert rows["registered"] == (1, 1, 1)  # P2 referred and served through their rows in A and C
    assert rows["total"] == (tally.persons_consulted, tally.persons_referred, rows["total"][2])
    assert rows["total"][:2] == (5, 4)  # P1–P5 visited; P3's one coupon was cancelled
    assert rows["none"][:2] == (3, 2)  # P3, P4, P5 consulted; P4, P5 referred
