"""Who may download the committee's workbook, and how bad parameters are answered."""

from __future__ import annotations

import pytest

from tests.api import helpers as h
from tests.exports.conftest import values, workbook

URL = "/exports/committee.xlsx"
YEAR = {"from": "2026-01-01", "to": "2026-12-31"}


@pytest.mark.parametrize("username", ["partner_employment", "partner_hospital"])
def test_partners_are_refused(client, auth, username):
    h.expect(client.get(URL, params=YEAR, headers=auth(username)), 403, "forbidden")


@pytest.mark.parametrize("username", ["admin", "committee"])
def test_admins_and_the_committee_get_counts_but_never_the_register(client, auth, username):
    refused = h.expect(
        client.get("/exports/register.xlsx", params=YEAR, headers=auth(username)), 403, "forbidden"
    )
    assert refused["detail"] == "Реестр талонов видят только организаторы."


@pytest.mark.parametrize("username", ["organiser", "committee", "committee_region", "admin"])
def test_organisers_and_committee_download(client, auth, username):
    wb = workbook(client.get(URL, params=YEAR, headers=auth(username)))
    assert wb.sheetnames[0] == "Сводка"


def test_browser_session_downloads(browser):
    b = browser("committee")
    wb = workbook(b.get(URL, params={**YEAR, "lang": "en"}))
    assert wb.sheetnames[0] == "Summary"


def test_partner_browser_is_refused(browser):
    assert browser("partner_hospital").get(URL, params=YEAR).status_code == 403


def test_without_login(client):
    page = client.get(URL, params=YEAR, follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"].startswith("/login?next=")
    h.expect(client.get(URL, params=YEAR, headers={"Accept": "application/json"}), 401, "not_authenticated")


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "invalid_period"),
        ({"from": "2026-01-01"}, "invalid_period"),
        ({"to": "2026-01-01"}, "invalid_period"),
        ({"from": "2026-13-01", "to": "2026-12-31"}, "invalid_period"),
        ({"from": "01.01.2026", "to": "2026-12-31"}, "invalid_period"),
        ({"from": "2026-12-31", "to": "2026-01-01"}, "invalid_period"),
        ({"from": "2020-01-01", "to": "2025-12-31"}, "invalid_period"),
        ({**YEAR, "district": "abc"}, "bad_district"),
    ],
)
def test_bad_parameters_are_400(client, auth, params, code):
    body = h.expect(client.get(URL, params=params, headers=auth("committee")), 400, code)
    assert body["detail"]


def test_five_years_exactly_are_allowed(client, auth):
    workbook(client.get(URL, params={"from": "2021-01-01", "to": "2025-12-31"}, headers=auth("committee")))


def test_bad_parameters_in_a_browser_are_a_readable_page(browser):
    resp = browser("committee").get(URL, params={"from": "2026-12-31", "to": "2026-01-01"})
    assert resp.status_code == 400
    assert resp.headers["content-type"].startswith("text/html")
    assert "Начало периода позже его конца." in resp.text  # the same words as the report page


def test_unknown_export_is_404(client, auth):
    h.expect(
        client.get("/exports/nothing.xlsx", params=YEAR, headers=auth("committee")), 404, "unknown_export"
    )


def test_other_district_is_refused(client, auth, session):
    from sqlmodel import select

    from fairs.models import District

    other = session.exec(select(District).where(District.name == "Слуцкий район")).one()
    resp = client.get(URL, params={**YEAR, "district": str(other.id)}, headers=auth("committee"))
    h.expect(resp, 403, "other_district")


def test_region_committee_picks_a_district(client, auth, session):
    from sqlmodel import select

    from fairs.models import District

    other = session.exec(select(District).where(District.name == "Слуцкий район")).one()
    params = {**YEAR, "district": str(other.id), "lang": "en"}
    wb = workbook(client.get(URL, params=params, headers=auth("committee_region")))
    assert values(wb["Summary"])[0][0].endswith(", Слуцкий район, for 2026")
