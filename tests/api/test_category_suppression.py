"""Small-cell suppression of the report by category: a count of 3 reads «< 5» in the committee's copy
(JSON, dashboard, workbook) and 3 in the organiser's own; the one «< 5» of a column whose total is shown
gets a complement («x»), so that it cannot be worked out from the total."""

from __future__ import annotations

import datetime as dt
import io
import re

from openpyxl import load_workbook

from tests.api import helpers as h
from tests.pages.conftest import login


def _world(client, auth) -> dict[str, str]:  # noqa: ANN001
    """Eight persons at one fair of the period: five released from prison, three on the register."""
    org = auth("organiser")
    day = h.today() - dt.timedelta(days=10)
    fair = h.make_open_fair(client, org, day=day)
    h.close_fair(client, org, fair=fair)
    for n in range(8):
        person = h.register(client, org, mother=f"Мать{n}", father="Отец", birth_year=1970 + n)
        code = "released" if n < 5 else "registered"
        body = {"client_id": person["id"], "categories": [code]}
        h.expect(client.post(f"{h.API}/fairs/{fair['id']}/visits", json=body, headers=org), 201)
    return {"from": day.isoformat(), "to": day.isoformat(), "lang": "en"}


def _consulted(body: dict) -> dict[str, object]:
    rows = {row["code"]: row["persons_consulted"] for row in body["categories"]}
    return rows | {
        "none": body["category_none"]["persons_consulted"],
        "total": body["category_total"]["persons_consulted"],
    }


def test_three_reads_under_five_for_the_committee_with_a_complement(client, auth) -> None:  # noqa: ANN001
    params = _world(client, auth)
    own = h.expect(client.get(f"{h.API}/reports/committee", params=params, headers=auth("organiser")), 200)
    assert _consulted(own) == {
        "released": 5,
        "registered": 3,
        "non_custodial": 0,
        "relatives": 0,
        "drug_use": 0,
        "none": 0,
        "total": 8,
    }
    sent = h.expect(client.get(f"{h.API}/reports/committee", params=params, headers=auth("committee")), 200)
    # 3 → «< 5»; the total 8 is shown, so the smallest other cell of the column (the first zero) is
    # hidden too: 8 − 5 − 0 − 0 − 0 no longer gives the 3.
    assert _consulted(sent) == {
        "released": 5,
        "registered": "< 5",
        "non_custodial": "x",
        "relatives": 0,
        "drug_use": 0,
        "none": 0,
        "total": 8,
    }
    # Nobody was referred: zeros identify nobody and stay.
    assert {row["persons_referred"] for row in sent["categories"]} == {0}

    # The workbooks: the committee's copy suppresses, the organiser's own copy (with the register) does not.
    def consulted_cells(resp) -> dict[str, object]:  # noqa: ANN001
        rows = list(
            load_workbook(io.BytesIO(resp.content), data_only=True)["By category"].iter_rows(values_only=True)
        )
        return {row[0]: row[1] for row in rows[1:8]}

    committee_book = client.get("/exports/committee.xlsx", params=params, headers=auth("committee"))
    assert consulted_cells(committee_book)["On the probation inspection's register"] == "< 5"
    assert consulted_cells(committee_book)["With a non-custodial sentence"] == "x"
    organiser_book = client.get("/exports/committee.xlsx", params=params, headers=auth("organiser"))
    assert (
        consulted_cells(organiser_book)["On the probation inspection's register"] == "< 5"
    )  # it goes to them
    own_book = client.get("/exports/register.xlsx", params=params, headers=auth("organiser"))
    assert consulted_cells(own_book)["On the probation inspection's register"] == 3
    assert consulted_cells(own_book)["With a non-custodial sentence"] == 0

    # The dashboard.
    client.base_url = "https://testserver"
    for role, want in (("committee", "&lt; 5"), ("organiser", "3")):
        login(client, role)
        page = client.get("/reports", params=params).text
        row = re.search(r'<tr data-category="registered"[^>]*>(.*?)</tr>', page, re.S).group(1)
        assert re.findall(r"<span data-now>([^<]*)</span>", row)[0] == want, role
        assert ("data-suppressed" in page) is (role == "committee")
        client.cookies.clear()
