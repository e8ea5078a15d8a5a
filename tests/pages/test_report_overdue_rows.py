"""The report's overdue coupons: what a row shows, and the 14-day line (a coupon is overdue from the 14th day
after issue on, not before; found by the mutation run, docs/testing.md)."""

from __future__ import annotations

import datetime as dt
import re

from tests.api import helpers as h


def _coupon_at(client, org, orgs, *, days_ago: int, person: dict) -> dict:
    fair = h.make_fair(client, org, day=h.today() - dt.timedelta(days=days_ago))
    h.open_fair(client, org, fair=fair)
    booth = h.add_booth(client, org, fair=fair, org=orgs["hospital"])
    h.close_fair(client, org, fair=fair)
    return h.issue(
        client, org, booth=booth, client_id=person["id"], org=orgs["hospital"], direction="infectious"
    )


def test_the_overdue_rows_and_the_fourteen_day_line(client, auth, orgs, browser):
    org = auth("organiser")
    person = h.register(client, org)
    overdue = _coupon_at(client, org, orgs, days_ago=14, person=person)
    fresh = _coupon_at(client, org, orgs, days_ago=13, person=person)
    today_fair = h.make_open_fair(client, org)
    booth = h.add_booth(client, org, fair=today_fair, org=orgs["hospital"])
    today = h.issue(
        client, org, booth=booth, client_id=person["id"], org=orgs["hospital"], direction="infectious"
    )
    start, end = h.today() - dt.timedelta(days=20), h.today()
    b = browser("organiser")
    page = b.get(f"/reports?from={start.isoformat()}&to={end.isoformat()}")
    assert page.status_code == 200
    rows = re.findall(r'<tr data-code="(\w+)">(.*?)</tr>', page.text, flags=re.S)
    assert [code for code, _row in rows] == [overdue["code"]]
    assert fresh["code"] not in page.text and today["code"] not in page.text
    cells = [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", rows[0][1])
    ]
    fair_day = (h.today() - dt.timedelta(days=14)).strftime("%d.%m.%Y")
    assert cells[1:] == [person["code"], fair_day, "14", "Врач-инфекционист", "Центральная районная больница"]
    assert re.search(r'data-key="overdue_count">1<', page.text)
    # The names follow the reader's language.
    b.post("/lang", {"lang": "en", "next": "/reports"})
    english = b.get(f"/reports?from={start.isoformat()}&to={end.isoformat()}").text
    assert "<td>Infectious-disease doctor</td>" in english
    assert "Врач-инфекционист" not in english
