"""The inbox of a receiving organisation through the JSON API: counts, tabs, order, scope, filters, pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from freezegun import freeze_time
from sqlmodel import Session, select

from fairs.models import Organisation
from tests.api import helpers as h

INBOX = f"{h.API}/inbox"


@dataclass
class InboxWorld:
    """Coupons addressed to the hospital (and a few to others), by name; see `build_inbox_world`."""

    codes: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    fairs: dict[str, int] = field(default_factory=dict)
    org_b: int = 0

    def names(self, items: list[dict]) -> list[str]:
        """The names of the coupons in `items`, in order."""
        by_code = {code: name for name, code in self.codes.items()}
        return [by_code[item["code"]] for item in items]


def build_inbox_world(client, auth, orgs: dict[str, int], session: Session) -> InboxWorld:  # noqa: ANN001
    """Through the API, coupons to the hospital of district A:

    * expired unused: E1 (hiv_testing), E2 (infectious), issued at a fair 60 days ago;
    * expected: R1 (hiv_testing, fair 20 days ago: 10 days left), T1 (hiv_testing), T2 (psychoneuro), today;
    * redeemed: T3 (today, no outcome), R2 (paper stub 5 days ago, no outcome), T4 (today, outcome recorded);
    * cancelled: T5. To the employment centre: T6. District B: B1 to its employment centre."""
    org = auth("organiser")
    w = InboxWorld()
    person = h.register(client, org)["id"]
    other = h.register(client, org, mother="Ольга", father="Пётр", sex="F", birth_year=1979)["id"]

    def fair_with_booth(name: str, days_ago: int) -> dict:
        fair = h.make_open_fair(client, org, day=h.today() - dt.timedelta(days=days_ago))
        booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
        w.fairs[name] = fair["id"]
        return booth

    def issue(name: str, booth: dict, direction: str, *, to: str = "hospital", who: int = person) -> None:
        coupon = h.issue(client, org, booth=booth, client_id=who, org=orgs[to], direction=direction)
        w.codes[name], w.tokens[name] = coupon["code"], coupon["token"]

    # Past fairs are closed first: their coupons are back-entered from paper, dated the day of the fair.
    old = fair_with_booth("old", 60)
    h.close_fair(client, org, fair={"id": w.fairs["old"]})
    issue("E1", old, "hiv_testing")
    issue("E2", old, "infectious", who=other)
    recent = fair_with_booth("recent", 20)
    h.close_fair(client, org, fair={"id": w.fairs["recent"]})
    issue("R1", recent, "hiv_testing")
    issue("R2", recent, "infectious", who=other)
    today = fair_with_booth("today", 0)
    for name, direction in [("T1", "hiv_testing"), ("T2", "psychoneuro")]:
        issue(name, today, direction)
    for name in ("T3", "T4", "T5"):
        issue(name, today, "hiv_testing", who=other)
    issue("T6", today, "employment_counselling", to="employment")

    partner = auth("partner_hospital")
    h.expect(h.redeem(client, partner, w.codes["T3"]), 200)
    h.expect(h.redeem(client, partner, w.codes["T4"]), 200)
    h.expect(h.set_outcome(client, partner, w.codes["T4"], outcome="service_provided"), 200)
    h.expect(h.redeem(client, org, w.codes["R2"], redeemed_on=h.today() - dt.timedelta(days=5)), 200)
    h.expect(h.cancel(client, org, w.codes["T5"]), 200)

    org_b_headers = auth("organiser_b")
    w.org_b = session.exec(
        select(Organisation.id).where(Organisation.name == "Центр занятости (Слуцк)")
    ).one()
    fair_b = h.make_open_fair(client, org_b_headers)
    booth_b = h.add_booth(client, org_b_headers, fair=fair_b, org=w.org_b)
    person_b = h.register(client, org_b_headers)["id"]
    coupon_b = h.issue(
        client,
        org_b_headers,
        booth=booth_b,
        client_id=person_b,
        org=w.org_b,
        direction="employment_counselling",
    )
    w.codes["B1"] = coupon_b["code"]
    return w


@pytest.fixture
def world(client, auth, orgs, session) -> InboxWorld:  # noqa: ANN001
    return build_inbox_world(client, auth, orgs, session)


def get(client, headers: dict, **params) -> dict:  # noqa: ANN001, ANN003
    """GET the inbox, expecting 200."""
    return h.expect(client.get(INBOX, params=params, headers=headers), 200)


def test_counts_and_each_tab_in_order(client, hdr, world):
    partner = hdr["partner_hospital"]
    body = get(client, partner)
    assert body["counts"] == {"expected": 3, "redeemed": 3, "redeemed_without_outcome": 2, "expired": 2}
    # Expected: soonest expiry first.
    assert world.names(body["items"]) == ["R1", "T1", "T2"]
    assert (body["total"], body["page"], body["per_page"]) == (3, 1, 25)
    assert [item["days_left"] for item in body["items"]] == [10, 30, 30]
    assert {item["state"] for item in body["items"]} == {"expected"}
    # Redeemed: outcome still to record first, newest first; then those with an outcome.
    redeemed = get(client, partner, state="redeemed")["items"]
    assert world.names(redeemed) == ["T3", "R2", "T4"]
    assert [i["needs_outcome"] for i in redeemed] == [True, True, False]
    assert redeemed[1]["redeemed_on"] == (h.today() - dt.timedelta(days=5)).isoformat()
    assert (redeemed[2]["outcome"], redeemed[2]["outcome_name"]) == ("service_provided", "Услуга оказана")
    # Expired unused: the most recently expired first.
    expired = get(client, partner, state="expired")["items"]
    assert world.names(expired) == ["E2", "E1"]
    assert expired[0]["expires_on"] == (h.today() - dt.timedelta(days=30)).isoformat()
    assert expired[0]["days_left"] == -30


def test_row_carries_what_the_receiver_needs(client, hdr, world, orgs):
    item = get(client, hdr["partner_hospital"], code=world.codes["R1"])["items"][0]
    assert item["fair_id"] == world.fairs["recent"]
    assert item["fair_date"] == (h.today() - dt.timedelta(days=20)).isoformat()
    assert item["issuing_organisation"] == "Центр занятости"
    assert (item["direction"], item["direction_name"]) == (
        "hiv_testing",
        "Тестирование на ВИЧ и услуги снижения вреда",
    )
    assert len(item["client_code"]) > 4
    assert item["issued_on"] == item["fair_date"]
    assert item["token"] == world.tokens["R1"]
    assert item["code_display"][4] == "-"
    english = h.expect(
        client.get(INBOX, params={"code": world.codes["R1"], "lang": "en"}, headers=hdr["partner_hospital"]),
        200,
    )
    assert english["items"][0]["direction_name"] == "HIV testing and harm-reduction services"


def test_cancelled_never_appear(client, hdr, world):
    partner = hdr["partner_hospital"]
    for state in ("expected", "redeemed", "expired"):
        assert "T5" not in world.names(get(client, partner, state=state)["items"])
    assert get(client, partner, code=world.codes["T5"])["items"] == []


def test_partner_sees_only_their_organisation(client, hdr, world, orgs):
    employment = get(client, hdr["partner_employment"])
    assert world.names(employment["items"]) == ["T6"]
    assert employment["counts"] == {"expected": 1, "redeemed": 0, "redeemed_without_outcome": 0, "expired": 0}
    for state in ("expected", "redeemed", "expired"):
        assert "T6" not in world.names(get(client, hdr["partner_hospital"], state=state)["items"])
    # Asking for another organisation's inbox is refused, not quietly answered.
    resp = client.get(INBOX, params={"organisation_id": orgs["hospital"]}, headers=hdr["partner_employment"])
    h.expect(resp, 403, "other_organisation")


def test_organisers_open_any_inbox_of_their_district_only(client, hdr, world, orgs):
    organiser = hdr["organiser"]
    as_partner = get(client, hdr["partner_hospital"], state="redeemed")
    as_organiser = get(client, organiser, state="redeemed", organisation_id=orgs["hospital"])
    assert as_organiser == as_partner
    h.expect(client.get(INBOX, headers=organiser), 400, "organisation_required")
    # The organiser of district B sees nothing of district A.
    org_b = hdr["organiser_b"]
    resp = client.get(INBOX, params={"organisation_id": orgs["hospital"]}, headers=org_b)
    h.expect(resp, 404, "organisation_not_found")
    own = get(client, org_b, organisation_id=world.org_b)
    assert world.names(own["items"]) == ["B1"]
    assert own["counts"] == {"expected": 1, "redeemed": 0, "redeemed_without_outcome": 0, "expired": 0}
    h.expect(client.get(INBOX, params={"organisation_id": world.org_b}, headers=organiser), 404)


@pytest.mark.parametrize("role", ["committee", "committee_region", "admin"])
def test_committee_and_admin_are_refused(client, hdr, role):
    h.expect(client.get(INBOX, headers=hdr[role]), 403, "forbidden")


def test_filters_by_fair_direction_and_code(client, hdr, world):
    partner = hdr["partner_hospital"]
    assert world.names(get(client, partner, fair_id=world.fairs["today"])["items"]) == ["T1", "T2"]
    assert world.names(get(client, partner, direction="psychoneuro")["items"]) == ["T2"]
    by_fair = get(client, partner, state="redeemed", fair_id=world.fairs["recent"])
    assert world.names(by_fair["items"]) == ["R2"]
    assert by_fair["counts"]["redeemed"] == 3  # the counts are the whole inbox's
    assert get(client, partner, direction="infectious", fair_id=world.fairs["today"])["items"] == []
    code = world.codes["T1"]
    typed = f"{code[:4]}-{code[4:8]}-{code[8:]}".lower()
    assert world.names(get(client, partner, code=typed)["items"]) == ["T1"]
    prefix = get(client, partner, code=f" {code[:3].lower()}-{code[3:6].lower()} ")["items"]
    assert world.names(prefix) == ["T1"]
    # Look-alikes are read the Crockford way, as when a code is typed anywhere else.
    alike = code.replace("1", "l").replace("0", "o")
    assert world.names(get(client, partner, code=alike)["items"]) == ["T1"]
    assert get(client, partner, code="%")["items"] == []
    assert get(client, partner, code=world.codes["E1"])["items"] == []  # expired: another tab
    assert world.names(get(client, partner, state="expired", code=world.codes["E1"])["items"]) == ["E1"]


def test_pages(client, hdr, world):
    partner = hdr["partner_hospital"]
    first = get(client, partner, per_page=2)
    second = get(client, partner, per_page=2, page=2)
    assert world.names(first["items"]) == ["R1", "T1"]
    assert world.names(second["items"]) == ["T2"]
    assert (first["total"], second["total"], second["page"], second["per_page"]) == (3, 3, 2, 2)
    assert get(client, partner, page=3, per_page=2)["items"] == []
    h.expect(client.get(INBOX, params={"per_page": 500}, headers=partner), 422)
    h.expect(client.get(INBOX, params={"state": "cancelled"}, headers=partner), 422)


def test_expiry_boundary_with_a_frozen_clock(client, auth, world):
    expires_on = h.today() + dt.timedelta(days=30)
    # Noon in Minsk on the last valid day: still expected, last day.
    with freeze_time(dt.datetime.combine(expires_on, dt.time(9, 0)), tick=True):
        body = get(client, auth("partner_hospital"), fair_id=world.fairs["today"])
        assert world.names(body["items"]) == ["T1", "T2"]
        assert [i["days_left"] for i in body["items"]] == [0, 0]
        assert body["counts"]["expected"] == 2
    # The next day they read as expired unused.
    with freeze_time(dt.datetime.combine(expires_on + dt.timedelta(days=1), dt.time(9, 0)), tick=True):
        headers = auth("partner_hospital")
        body = get(client, headers, state="expired")
        assert world.names(body["items"]) == ["T2", "T1", "R1", "E2", "E1"]
        assert body["counts"] == {"expected": 0, "redeemed": 3, "redeemed_without_outcome": 2, "expired": 5}


def test_openapi_documents_the_inbox(client):
    spec = client.get(f"{h.API}/openapi.json").json()
    operation = spec["paths"]["/api/v1/inbox"]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/InboxOut")
    assert {p["name"] for p in operation["parameters"]} >= {
        "state",
        "organisation_id",
        "fair_id",
        "direction",
        "code",
        "page",
        "per_page",
    }
    assert set(spec["components"]["schemas"]["InboxOut"]["properties"]) == {
        "counts",
        "items",
        "total",
        "page",
        "per_page",
    }
