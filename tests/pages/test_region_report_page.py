"""The region's report on three faces: the JSON report, the dashboard's table of districts and the region's
workbook (its cells read back) give the same figures, per district and for the region (persons counted
once), and those are the figures counted by hand from what the test created; SQLite and PostgreSQL."""

from __future__ import annotations

from html.parser import HTMLParser
from io import BytesIO

import pytest
from openpyxl import load_workbook

from fairs.services.report import SUMMARY_FIGURES
from tests.api import helpers as h
from tests.api.region_world import PERIOD, Ledger, build_region

USERS = ("organiser", "organiser_b", "committee", "committee_region")
PARAMS = {"from": PERIOD[0], "to": PERIOD[1]}


class RegionTable(HTMLParser):
    """The dashboard's region table: (row key or direction code, district id or 'total') → text."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[tuple[str, str], str] = {}
        self.headers: list[str] = []
        self._in_table = False
        self._row = ""
        self._cell: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag == "table" and attrs.get("data-table") == "region":
            self._in_table = True
        elif self._in_table and tag == "tr":
            self._row = attrs.get("data-direction") or attrs.get("data-key") or ""
        elif self._in_table and tag in ("td", "th") and "data-district" in attrs:
            self._cell, self._text = attrs["data-district"], ""

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_table = False
        elif tag in ("td", "th") and self._cell is not None:
            if self._row:
                self.cells[self._row, self._cell] = self._text.strip()
            else:
                self.headers.append(self._text.strip())
            self._cell = None


@pytest.fixture
def region(client, session, auth, orgs) -> Ledger:  # noqa: ANN001
    return build_region(client, session, {name: auth(name) for name in USERS}, auth, orgs)


def _dashboard(browser) -> RegionTable:  # noqa: ANN001
    page = browser("committee_region").get("/reports", params={**PARAMS, "lang": "en"})
    assert page.status_code == 200, page.text
    table = RegionTable()
    table.feed(page.text)
    return table


def test_json_dashboard_and_workbook_agree_with_the_hand_count(client, auth, browser, region):
    body = h.expect(
        client.get(f"{h.API}/reports/committee", params=PARAMS, headers=auth("committee_region")), 200
    )
    columns = [(str(row["district_id"]), row) for row in body["districts"]] + [("total", body)]
    keys = [key for key in SUMMARY_FIGURES if key != "redemption_rate"]
    # The hand count: the region's persons once, each district's its own.
    by_name = {"Солигорский район": "A", "Слуцкий район": "B", "Любанский район": "C"}
    for column, shown in columns:
        expected = region.expected("ABC" if column == "total" else by_name[shown["name"]])
        for key in ("persons_consulted", "persons_referred", "employed_persons", "coupons_issued"):
            assert shown[key] == expected[key], (column, key)

    table = _dashboard(browser)
    assert table.headers[-1] == "Region (each person once)"
    for column, shown in columns:
        for key in keys:
            assert table.cells[key, column] == str(shown[key]), (column, key)
        for row in shown["directions"]:
            if row["persons"]:
                assert table.cells[row["code"], column] == str(row["persons"]), (column, row["code"])

    resp = browser("committee_region").get("/exports/region.xlsx", params={**PARAMS, "lang": "en"})
    assert resp.status_code == 200, resp.text
    wb = load_workbook(BytesIO(resp.content), data_only=True)
    names = [row["name"] for row in body["districts"]]
    assert wb.sheetnames == ["Region", *names, "Region total", "Definitions"]
    summary = list(wb["Region"].iter_rows(values_only=True))
    head = summary[2]
    assert list(head) == ["Indicator", *names, "Region (each person once)"]
    labels = {row[0]: row[1:] for row in summary[3:] if row and row[0]}
    per_sheet = {
        name: {row[0]: row[1] for row in wb[name].iter_rows(values_only=True) if row and row[0]}
        for name in [*names, "Region total"]
    }
    for key in keys:
        label = summary[3 + SUMMARY_FIGURES.index(key)][0]
        assert labels[label] == tuple(shown[key] for _column, shown in columns), label
        for index, name in enumerate([*names, "Region total"]):
            assert per_sheet[name][label] == columns[index][1][key], (name, label)
    # Then persons referred per direction: the directions any column has, in the report's order.
    persons = {(column, d["code"]): d["persons"] for column, shown in columns for d in shown["directions"]}
    codes = [d["code"] for d in body["directions"] if any(persons[c, d["code"]] for c, _ in columns)]
    first = 3 + len(SUMMARY_FIGURES) + 1
    for offset, code in enumerate(codes):
        row = summary[first + offset]
        assert row[1 : len(columns) + 1] == tuple(persons[c, code] for c, _ in columns), code
    assert not any(summary[first + len(codes)])  # no other direction's line
    assert wb["Region"].cell(row=len(summary), column=1).value.startswith("In the region's total a person")


def test_a_district_committee_sees_no_region_table(client, browser, region):
    page = browser("committee").get("/reports", params=PARAMS)
    assert page.status_code == 200
    assert 'data-table="region"' not in page.text


def test_the_region_workbook_speaks_russian_by_default(browser, region):
    resp = browser("committee_region").get("/exports/region.xlsx", params=PARAMS)
    assert resp.status_code == 200
    wb = load_workbook(BytesIO(resp.content), data_only=True)
    districts = ["Любанский район", "Слуцкий район", "Солигорский район"]
    assert wb.sheetnames == ["Область", *districts, "Итого по области", "Определения"]
    assert wb["Область"]["A3"].value == "Показатель"
    assert "Ярмарки" not in resp.headers["content-disposition"]
    assert "region_2026-10-01_2026-11-30.xlsx" in resp.headers["content-disposition"]


def test_an_admin_sees_the_districts_table(browser, region):
    page = browser("admin").get("/reports", params={**PARAMS, "lang": "en"})
    assert page.status_code == 200
    table = RegionTable()
    table.feed(page.text)
    assert table.headers == [
        "Любанский район",
        "Слуцкий район",
        "Солигорский район",
        "Region (each person once)",
    ]
    assert table.cells["persons_referred", "total"] == str(region.expected("ABC")["persons_referred"])
    assert "data-export-register" not in page.text  # no coupon register for admins
