"""The report by category beside the same period a year earlier: the JSON report (`previous.categories`,
`change.categories`), the dashboard's «год назад: N» under each count and the workbook's «По категориям»
columns give the figures worked out by hand below; in the committee's copy each period's table is
suppressed on its own, and a change is left out (null, blank) wherever either count is hidden."""

from __future__ import annotations

import datetime as dt
import re

from tests.api import helpers as h
from tests.api.report_world import year_ago
from tests.exports.conftest import workbook
from tests.pages.conftest import login

FIGURES = ("persons_consulted", "persons_referred", "persons_served")
LINES = ("released", "registered", "non_custodial", "relatives", "drug_use", "none", "total")
# The period is 70 to 30 days ago; a year earlier, the same dates a year before.
# Now (the fair 60 days ago): P1 visits, gets a coupon, redeemed; P2 and P3 visit.
# A year earlier (the fair a year before 50 days ago): P1 and P3 visit; P2 visits and gets a coupon, never
# redeemed.
# Categories: P1 released since 500 days ago (both periods); P2 on the register from 200 days ago (now
# only: in no category a year earlier); P3 using drugs from 500 to 300 days ago (a year earlier only: in no
# category now).
NOW = {
    "released": (1, 1, 1),
    "registered": (1, 0, 0),
    "non_custodial": (0, 0, 0),
    "relatives": (0, 0, 0),
    "drug_use": (0, 0, 0),
    "none": (1, 0, 0),
    "total": (3, 1, 1),
}
BEFORE = {
    "released": (1, 0, 0),
    "registered": (0, 0, 0),
    "non_custodial": (0, 0, 0),
    "relatives": (0, 0, 0),
    "drug_use": (1, 0, 0),
    "none": (1, 1, 0),
    "total": (3, 1, 0),
}
CHANGE = {
    "released": (0, 1, 1),
    "registered": (1, 0, 0),
    "non_custodial": (0, 0, 0),
    "relatives": (0, 0, 0),
    "drug_use": (-1, 0, 0),
    "none": (0, -1, 0),
    "total": (0, 0, 1),
}


def _committee(value: tuple) -> tuple:
    """Every count here is under 5 and no column has exactly one hidden cell below a shown total, so the
    committee's copy hides each non-zero count and complements none."""
    return tuple("< 5" if 0 < n < 5 else n for n in value)


def _committee_change(now: tuple, before: tuple) -> tuple:
    return tuple(a - b if a == 0 and b == 0 else None for a, b in zip(now, before, strict=True))


def _ago(days: int) -> dt.date:
    return h.today() - dt.timedelta(days=days)


def _build(client, auth, orgs) -> dict[str, str]:  # noqa: ANN001
    org = auth("organiser")
    people = {
        name: h.register(client, org, mother=mother, father="Иван", birth_year=1980 + n)["id"]
        for n, (name, mother) in enumerate((("P1", "Анна"), ("P2", "Мария"), ("P3", "Ольга")))
    }

    def categories(person: str, codes: list[str], since: int) -> None:
        body = {"categories": codes, "on": _ago(since).isoformat()}
        h.expect(client.put(f"{h.API}/clients/{people[person]}/categories", json=body, headers=org), 200)

    categories("P1", ["released"], 500)
    categories("P2", ["registered"], 200)
    categories("P3", ["drug_use"], 500)
    categories("P3", [], 300)

    def fair(day: dt.date, *, visit: list[str], coupon: str, redeem: bool) -> None:
        made = h.make_open_fair(client, org, day=day)
        booth = h.add_booth(client, org, fair=made, org=orgs["employment"])
        h.close_fair(client, org, fair=made)
        for person in visit:
            h.expect(h.visit(client, org, fair=made, client_id=people[person]), 201)
        issued = h.issue(
            client,
            org,
            booth=booth,
            client_id=people[coupon],
            org=orgs["employment"],
            direction="employment_referral",
        )
        if redeem:
            h.expect(h.redeem(client, org, issued["code"], redeemed_on=day + dt.timedelta(days=1)), 200)

    fair(_ago(60), visit=["P2", "P3"], coupon="P1", redeem=True)
    fair(year_ago(_ago(50)), visit=["P1", "P3"], coupon="P2", redeem=False)
    return {"from": _ago(70).isoformat(), "to": _ago(30).isoformat(), "compare": "previous_year"}


def _json_lines(part: dict) -> dict[str, tuple]:
    rows = {row["code"]: row for row in part["categories"]}
    rows["none"], rows["total"] = part["category_none"], part["category_total"]
    return {code: tuple(row[key] for key in FIGURES) for code, row in rows.items()}


def test_categories_a_year_earlier_in_json_page_and_workbook(client, auth, orgs) -> None:  # noqa: ANN001
    params = _build(client, auth, orgs)
    url = f"{h.API}/reports/committee"

    mine = h.expect(client.get(url, params=params, headers=auth("organiser")), 200)
    assert _json_lines(mine) == NOW
    assert _json_lines(mine["previous"]) == BEFORE
    assert _json_lines(mine["change"]) == CHANGE
    assert [row["code"] for row in mine["previous"]["categories"]] == list(LINES[:5])

    theirs = h.expect(client.get(url, params=params, headers=auth("committee")), 200)
    assert _json_lines(theirs) == {code: _committee(v) for code, v in NOW.items()}
    assert _json_lines(theirs["previous"]) == {code: _committee(v) for code, v in BEFORE.items()}
    assert _json_lines(theirs["change"]) == {
        code: _committee_change(NOW[code], BEFORE[code]) for code in LINES
    }
    # Without the comparison there is neither.
    plain = {k: v for k, v in params.items() if k != "compare"} | {"lang": "en"}
    alone = h.expect(client.get(url, params=plain, headers=auth("organiser")), 200)
    assert alone["previous"] is None and alone["change"] is None

    # The dashboard: «год назад: N» under each count, the change in the cell's data.
    client.base_url = "https://testserver"
    for role, before, change in (
        ("organiser", BEFORE, CHANGE),
        ("committee", _json_lines(theirs["previous"]), _json_lines(theirs["change"])),
    ):
        login(client, role)
        page = client.get("/reports", params=params).text
        for code in LINES:
            row = re.search(rf'<tr data-category="{code}"[^>]*>(.*?)</tr>', page, re.S).group(1)
            shown = re.findall(r'data-prev="(\w+)" data-change="([^"]*)">год назад: ([^<]*)</span>', row)
            assert [key for key, _c, _v in shown] == list(FIGURES), (role, code)
            want = [str(v).replace("<", "&lt;") for v in before[code]]
            assert [value for _k, _c, value in shown] == want, (role, code)
            assert [c for _k, c, _v in shown] == ["" if v is None else str(v) for v in change[code]], (
                role,
                code,
            )
        assert "data-prev=" not in client.get("/reports", params={**params, "compare": ""}).text
        client.cookies.clear()

    # The workbooks: the organisers' own copy (every count) and the committee's (suppressed).
    for path, role, now, before, change in (
        ("/exports/register.xlsx", "organiser", NOW, BEFORE, CHANGE),
        (
            "/exports/committee.xlsx",
            "committee",
            {code: _committee(v) for code, v in NOW.items()},
            {code: _committee(v) for code, v in BEFORE.items()},
            {code: _committee_change(NOW[code], BEFORE[code]) for code in LINES},
        ),
    ):
        rows = list(workbook(client.get(path, params=plain, headers=auth(role)))["By category"].iter_rows())
        head = [cell.value for cell in rows[0]]
        assert head == [
            "Category",
            *("Persons consulted", "Persons referred", "Persons served"),
            *(f"{f}, a year earlier" for f in ("Persons consulted", "Persons referred", "Persons served")),
            *(f"{f}, change" for f in ("Persons consulted", "Persons referred", "Persons served")),
        ]
        names = [row["name"] for row in alone["categories"]] + ["In no category", "All persons"]
        body = rows[1 : 1 + len(LINES)]
        assert [row[0].value for row in body] == names
        for code, row in zip(LINES, body, strict=True):
            values = [cell.value for cell in row[1:10]]
            assert values == [*now[code], *before[code], *change[code]], (role, code)
            assert row[7].number_format.startswith("+")  # a rise shows its sign
        start, end = year_ago(_ago(70)), year_ago(_ago(30))
        notes = [row[0].value for row in rows[1 + len(LINES) :] if row and row[0].value]
        assert f"Same period a year earlier: {start:%d.%m.%Y}–{end:%d.%m.%Y}" in notes
