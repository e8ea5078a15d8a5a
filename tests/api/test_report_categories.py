"""Categories of persons in the committee's report: a known history of categories (recorded at
registration, at a visit and on the client's record, some before the period, some within it, some after
it) and of visits and coupons; the JSON report, the dashboard and both workbooks give the figures worked
out by hand below, and the committee's copy shows small counts as «< 5»."""

from __future__ import annotations

import datetime as dt
import io
import re

from openpyxl import load_workbook

from tests.api import helpers as h
from tests.pages.conftest import login

CODES = ("released", "registered", "non_custodial", "relatives", "drug_use")
FIGURES = ("persons_consulted", "persons_referred", "persons_served")
# Worked out by hand from `build` (period: 70 to 30 days ago):
# released: P1 (since day -200; visit and a redeemed coupon at F1); P4's starts after the period.
# registered: P2 (from day -50, within the period; a redeemed coupon at F2).
# non_custodial: P3 (recorded with its visit at F2, day -40).
# relatives: P3's recorded at registration, today: after the period, not counted.
# drug_use: P5 (since day -200, ended day -65, within the period: held on its first day; an unredeemed
# coupon at F1); P1's ended on day -80, before the period.
# In no category during the period: P4 and P6. All persons: P1–P6 consulted, P1, P2, P5 referred, P1, P2
# served.
EXPECTED = {
    "released": (1, 1, 1),
    "registered": (1, 1, 1),
    "non_custodial": (1, 0, 0),
    "relatives": (0, 0, 0),
    "drug_use": (1, 1, 0),
    "none": (2, 0, 0),
    "total": (6, 3, 2),
}


def _ago(days: int) -> dt.date:
    return h.today() - dt.timedelta(days=days)


def _set(client, org, person: int, codes: list[str], on: dt.date) -> dict:  # noqa: ANN001
    body = {"categories": codes, "on": on.isoformat()}
    return h.expect(client.put(f"{h.API}/clients/{person}/categories", json=body, headers=org), 200)


def build(client, auth, orgs) -> dict[str, str]:  # noqa: ANN001
    """The history; returns the period's query."""
    org = auth("organiser")
    names = [("Анна", "Иван"), ("Мария", "Олег"), ("Ольга", "Павел"), ("Вера", "Пётр")]
    names += [("Нина", "Фёдор"), ("Зоя", "Юрий")]
    people = {}
    for n, (mother, father) in enumerate(names, start=1):
        extra = {"categories": ["relatives"]} if n == 3 else {}
        people[f"P{n}"] = h.register(client, org, mother=mother, father=father, birth_year=1980 + n, **extra)
        people[f"P{n}"] = people[f"P{n}"]["id"]
    _set(client, org, people["P1"], ["released", "drug_use"], _ago(200))
    _set(client, org, people["P1"], ["released"], _ago(80))
    _set(client, org, people["P2"], ["registered"], _ago(50))
    _set(client, org, people["P4"], ["released"], _ago(20))
    _set(client, org, people["P5"], ["drug_use"], _ago(200))
    _set(client, org, people["P5"], [], _ago(65))

    def fair(day: dt.date) -> tuple[dict, dict]:
        made = h.make_open_fair(client, org, day=day)
        booth = h.add_booth(client, org, fair=made, org=orgs["employment"])
        h.close_fair(client, org, fair=made)
        return made, booth

    def coupon(booth: dict, person: str, *, redeem: bool, day: dt.date) -> None:
        issued = h.issue(
            client,
            org,
            booth=booth,
            client_id=people[person],
            org=orgs["employment"],
            direction="employment_referral",
        )
        if redeem:
            h.expect(h.redeem(client, org, issued["code"], redeemed_on=day + dt.timedelta(days=1)), 200)

    f1, b1 = fair(_ago(60))
    coupon(b1, "P1", redeem=True, day=_ago(60))
    coupon(b1, "P5", redeem=False, day=_ago(60))
    h.expect(h.visit(client, org, fair=f1, client_id=people["P2"]), 201)
    f2, b2 = fair(_ago(40))
    body = {"client_id": people["P3"], "categories": ["non_custodial"]}
    h.expect(client.post(f"{h.API}/fairs/{f2['id']}/visits", json=body, headers=org), 201)
    for person in ("P4", "P1", "P6"):
        h.expect(h.visit(client, org, fair=f2, client_id=people[person]), 201)
    coupon(b2, "P2", redeem=True, day=_ago(40))
    return {"from": _ago(70).isoformat(), "to": _ago(30).isoformat()}


def _lines(body: dict) -> dict[str, tuple]:
    rows = {row["code"]: row for row in body["categories"]}
    rows["none"], rows["total"] = body["category_none"], body["category_total"]
    return {code: tuple(row[key] for key in FIGURES) for code, row in rows.items()}


def _sheet(resp) -> dict[str, tuple]:  # noqa: ANN001
    wb = load_workbook(io.BytesIO(resp.content), data_only=True)
    rows = list(wb["By category"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Category", "Persons consulted", "Persons referred", "Persons served")
    return {row[0]: tuple(row[1:4]) for row in rows[1:] if row[0] and row[1] is not None}


def _committee(value: tuple) -> tuple:
    return tuple("< 5" if 0 < n < 5 else n for n in value)


def test_categories_agree_in_json_page_and_workbooks(client, auth, orgs) -> None:  # noqa: ANN001
    params = build(client, auth, orgs)
    english = {**params, "lang": "en"}
    mine = h.expect(client.get(f"{h.API}/reports/committee", params=english, headers=auth("organiser")), 200)
    assert [row["code"] for row in mine["categories"]] == list(CODES)
    assert _lines(mine) == EXPECTED and mine["categories_suppressed"] is False
    assert mine["category_total"]["persons_consulted"] == mine["persons_consulted"]
    assert mine["category_total"]["persons_referred"] == mine["persons_referred"]
    names = {row["code"]: row["name"] for row in mine["categories"]}
    names |= {"none": mine["category_none"]["name"], "total": mine["category_total"]["name"]}

    theirs = h.expect(client.get(f"{h.API}/reports/committee", params=params, headers=auth("committee")), 200)
    # Every non-zero count is under 5: each column's cells are hidden (more than one each), and each
    # total under 5 too; the consulted total (6) stays.
    assert theirs["categories_suppressed"] is True
    assert _lines(theirs) == {code: _committee(value) for code, value in EXPECTED.items()}

    # The organisers' copy (with the register) shows every count; the committee's workbook suppresses.
    own = client.get("/exports/register.xlsx", params=english, headers=auth("organiser"))
    assert own.status_code == 200
    assert _sheet(own) == {names[code]: value for code, value in EXPECTED.items()}
    sent = client.get("/exports/committee.xlsx", params=english, headers=auth("committee"))
    assert _sheet(sent) == {names[code]: _committee(value) for code, value in EXPECTED.items()}

    # The dashboard: the same lines, for the organiser and for the committee.
    client.base_url = "https://testserver"
    for role, expected in (("organiser", EXPECTED), ("committee", _lines(theirs))):
        login(client, role)
        page = client.get("/reports", params=params)
        assert page.status_code == 200
        for code, value in expected.items():
            found = re.search(rf"<tr data-category=\"{code}\"[^>]*>(.*?)</tr>", page.text, re.S)
            assert found, (role, code, page.text[-3000:])
            row = found.group(1)
            cells = re.findall(r"<span data-now>([^<]*)</span>", row)
            shown = tuple(int(c) if c.strip().isdigit() else c.strip().replace("&lt;", "<") for c in cells)
            assert shown == value, (role, code)
        client.post("/logout", data={"csrf_token": ""})
        client.cookies.clear()
