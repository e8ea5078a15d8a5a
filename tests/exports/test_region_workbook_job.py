"""A region's workbook with many coupons is written in the background: the caller gets a job, its progress
counts the region's coupons district by district, and the finished file is the same workbook."""

from __future__ import annotations

import pytest

from fairs.exports import jobs as export_jobs
from tests.api import helpers as h
from tests.api.region_world import COUPONS, PERIOD, Ledger, build_region
from tests.exports.conftest import workbook
from tests.exports.test_jobs import JSON, wait_done

PARAMS = {"from": PERIOD[0], "to": PERIOD[1], "lang": "en"}
USERS = ("organiser", "organiser_b", "committee", "committee_region")


@pytest.fixture
def region(client, session, auth, orgs) -> Ledger:  # noqa: ANN001
    return build_region(client, session, {name: auth(name) for name in USERS}, auth, orgs)


def test_a_large_region_is_written_in_the_background(client, auth, region, monkeypatch):
    headers = auth("committee_region")
    assert len(COUPONS) == 9  # the region's coupons, the cancelled one too
    monkeypatch.setattr(export_jobs, "BACKGROUND_ROWS", 9)
    workbook(client.get("/exports/region.xlsx", params=PARAMS, headers=headers))  # 9: at once
    monkeypatch.setattr(export_jobs, "BACKGROUND_ROWS", 8)
    accepted = h.expect(client.get("/exports/region.xlsx", params=PARAMS, headers={**headers, **JSON}), 202)
    done = wait_done(client, headers, accepted["job"])
    assert done["status"] == "done", done
    assert done["done"] == done["total"] == 9
    wb = workbook(client.get(done["download_url"], headers=headers))
    assert wb.sheetnames == [
        "Region",
        "Любанский район",
        "Слуцкий район",
        "Солигорский район",
        "Region total",
        "Definitions",
    ]
    body = h.expect(client.get(f"{h.API}/reports/committee", params=PARAMS, headers=headers), 200)
    total = {row[0]: row[1] for row in wb["Region total"].iter_rows(values_only=True) if row and row[0]}
    assert (
        total["Persons referred to services"]
        == body["persons_referred"]
        == region.expected("ABC")["persons_referred"]
    )


def test_a_browser_is_sent_to_the_progress_bar(client, auth, region, monkeypatch):
    from tests.pages.conftest import Browser

    monkeypatch.setattr(export_jobs, "BACKGROUND_ROWS", 2)
    client.base_url = "https://testserver"
    b = Browser(client)
    b.login("committee_region")
    resp = b.get("/exports/region.xlsx", params=PARAMS, follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"].startswith("/exports/jobs/")
    token = resp.headers["location"].rsplit("/", 1)[1]
    page = b.get(resp.headers["location"])
    assert page.status_code == 200 and "<progress" in page.text
    assert wait_done(client, auth("committee_region"), token)["status"] == "done"
