"""The report's overdue coupons: what a row shows, their order, the 14-day line (a coupon is overdue from the
14th day after issue on, not before) and the period and district they come from (found by the mutation run,
docs/testing.md)."""

from __future__ import annotations

import datetime as dt
import re

from tests.api import helpers as h


def _coupon_at(client, org, receiver: int, direction: str, *, days_ago: int, person: dict) -> dict:
    fair = h.make_fair(client, org, day=h.today() - dt.timedelta(days=days_ago))
    h.open_fair(client, org, fair=fair)
    booth = h.add_booth(client, org, fair=fair, org=receiver)
    h.close_fair(client, org, fair=fair)
    return h.issue(client, org, booth=booth, client_id=person["id"], org=receiver, direction=direction)


def test_the_overdue_rows_and_the_fourteen_day_line(client, auth, orgs, browser):
    org = auth("organiser")
    person = h.register(client, org)

    def at(days_ago: int) -> dict:
        return _coupon_at(client, org, orgs["hospital"], "infectious", days_ago=days_ago, person=person)

    # Made in this order so that the ids do not follow the days of issue.
    fifteen, sixteen, overdue, fresh, outside = at(15), at(16), at(14), at(13), at(25)
    today_fair = h.make_open_fair(client, org)
    booth = h.add_booth(client, org, fair=today_fair, org=orgs["hospital"])
    today = h.issue(
        client, org, booth=booth, client_id=person["id"], org=orgs["hospital"], direction="infectious"
    )
    # District B's overdue coupon of the same days is not district A's.
    org_b = auth("organiser_b")
    slutsk = h.expect(client.get(f"{h.API}/organisations", headers=org_b), 200)[0]["id"]
    other = _coupon_at(
        client, org_b, slutsk, "employment_counselling", days_ago=15, person=h.register(client, org_b)
    )
    start, end = h.today() - dt.timedelta(days=20), h.today()
    b = browser("organiser")
    page = b.get(f"/reports?from={start.isoformat()}&to={end.isoformat()}")
    assert page.status_code == 200
    rows = re.findall(r'<tr data-code="(\w+)">(.*?)</tr>', page.text, flags=re.S)
    assert [code for code, _row in rows] == [sixteen["code"], fifteen["code"], overdue["code"]]
    for absent in (fresh, today, outside, other):
        assert absent["code"] not in page.text
    cells = [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", rows[2][1])
    ]
    fair_day = (h.today() - dt.timedelta(days=14)).strftime("%d.%m.%Y")
    assert cells[1:] == [person["code"], fair_day, "14", "Врач-инфекционист", "Центральная районная больница"]
    assert re.search(r'data-key="overdue_count">3<', page.text)
    # The names follow the reader's language.
    b.post("/lang", {"lang": "en", "next": "/reports"})
    english = b.get(f"/reports?from={start.isoformat()}&to={end.isoformat()}").text
    assert "<td>Infectious-disease doctor</td>" in english
    assert "Врач-инфекционист" not in english
