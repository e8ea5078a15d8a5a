"""The same period a year earlier: the JSON report (compare=previous_year), the dashboard's «год назад: N»
lines and the workbook's Сводка columns carry the figures of the fairs a year earlier and the change, as
counted by hand from the records the test made (tests/api/report_world.py)."""

from __future__ import annotations

import re

from tests.api import helpers as h
from tests.api import report_world
from tests.exports.conftest import workbook
from tests.pages.conftest import login

COMPARED = ("fairs_held", "visits", "persons_consulted", "consultations", "persons_consulted_at_booths")
COMPARED += ("persons_referred", "coupons_issued")
ROWS = {
    "fairs_held": "Проведено ярмарок",
    "visits": "Посещений",
    "consultations": "Консультаций на стендах",
    "persons_consulted_at_booths": "Проконсультировано на стендах (человек)",
    "persons_referred": "Перенаправлены на получение услуг (человек)",
    "coupons_issued": "Выдано талонов",
}


def test_previous_year_in_json_page_and_workbook(client, auth, orgs) -> None:  # noqa: ANN001
    world = report_world.build(client, auth, orgs)
    now = world.figures(world.start, world.end)
    before = world.figures(*world.earlier)
    assert {key: before[key] for key in COMPARED} == {  # by hand: the one fair a year earlier
        "fairs_held": 1,
        "visits": 1,
        "persons_consulted": 1,
        "consultations": 1,
        "persons_consulted_at_booths": 1,
        "persons_referred": 0,
        "coupons_issued": 0,
    }

    url = f"{h.API}/reports/committee"
    body = h.expect(
        client.get(url, params=world.params(compare="previous_year"), headers=auth("committee")), 200
    )
    assert body["compare"] == "previous_year"
    previous, change = body["previous"], body["change"]
    assert (previous["period_from"], previous["period_to"]) == tuple(day.isoformat() for day in world.earlier)
    for key in COMPARED:
        assert (body[key], previous[key], change[key]) == (now[key], before[key], now[key] - before[key]), key
    assert previous["redemption_rate"] is None and change["redemption_rate"] is None  # nothing issued then
    earlier_directions = {row["code"]: row for row in previous["directions"]}
    changed_directions = {row["code"]: row for row in change["directions"]}
    for code, want in before["directions"].items():
        assert earlier_directions[code]["persons_consulted"] == want["persons_consulted"], code
        wanted_change = now["directions"][code]["persons_consulted"] - want["persons_consulted"]
        assert changed_directions[code]["persons_consulted"] == wanted_change, code
    refused = client.get(url, params=world.params(compare="last_month"), headers=auth("committee"))
    assert h.expect(refused, 400)["code"] == "bad_compare"

    # The dashboard, when asked: «год назад: N» under each card; the picker keeps the choice.
    client.base_url = "https://testserver"  # the session cookie is Secure (FAIRS_BASE_URL is https)
    login(client, "committee")
    page = client.get("/reports", params=world.params(compare="previous_year")).text
    shown = dict(re.findall(r'data-prev="(\w+)" data-value="([^"]*)">год назад: ', page))
    for key in ("fairs_held", "persons_consulted", "persons_consulted_at_booths", "persons_referred"):
        assert shown[key] == str(before[key]), key
    assert shown["coupons_issued"] == "0" and shown["redemption_rate"] == ""
    assert re.search(r'name="compare" value="previous_year" checked', page)
    assert "data-prev=" not in client.get("/reports", params=world.params()).text

    # The workbook's Сводка: this period, a year earlier, the change.
    wb = workbook(client.get("/exports/committee.xlsx", params=world.params(), headers=auth("committee")))
    rows = list(wb["Сводка"].iter_rows())
    head = [cell.value for cell in rows[2]]
    start, end = world.earlier
    assert head[2] == f"за аналогичный период прошлого года ({start:%d.%m.%Y}–{end:%d.%m.%Y})"
    assert head[3] == "изменение (+/−)"
    by_label = {row[0].value: row for row in rows if row[0].value in ROWS.values()}
    for key, label in ROWS.items():
        cells = by_label[label]
        assert [c.value for c in cells[1:4]] == [now[key], before[key], now[key] - before[key]], label
        assert cells[3].number_format.startswith("+")  # a rise shows its sign
