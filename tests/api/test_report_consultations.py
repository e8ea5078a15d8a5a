"""Booth consultations in the committee's report: the JSON report, the dashboard and the workbook agree on
consultations, persons consulted at booths and persons consulted per direction, as counted by hand from
the records the test made (tests/api/report_world.py); a person consulted in two directions counts once
overall and once in each direction."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook

from tests.api import helpers as h
from tests.api import report_world
from tests.pages.conftest import login

FIGURES = ("fairs_held", "visits", "persons_consulted", "consultations", "persons_consulted_at_booths")
FIGURES += ("persons_referred", "coupons_issued")
LABELS = {
    "consultations": "Consultations at booths",
    "persons_consulted_at_booths": "Persons consulted at booths",
}


def test_consultations_agree_in_json_page_and_workbook(client, auth, orgs) -> None:  # noqa: ANN001
    world = report_world.build(client, auth, orgs)
    expected = world.figures(world.start, world.end)
    # By hand: P1 consulted 3 times (two directions), P2 twice, P3 once; P5 only visited.
    assert (expected["consultations"], expected["persons_consulted_at_booths"]) == (6, 3)
    assert expected["persons_consulted"] == 4
    assert expected["directions"]["employment_counselling"]["persons_consulted"] == 2
    assert expected["directions"]["hiv_testing"]["persons_consulted"] == 3

    body = h.expect(
        client.get(f"{h.API}/reports/committee", params=world.params(lang="en"), headers=auth("committee")),
        200,
    )
    assert {key: body[key] for key in FIGURES} == {key: expected[key] for key in FIGURES}
    consulted = {row["code"]: row["persons_consulted"] for row in body["directions"]}
    for code, want in expected["directions"].items():
        assert consulted.pop(code) == want["persons_consulted"], code
    assert set(consulted.values()) == {0}  # no consultation in any other direction
    assert body["compare"] is None and body["previous"] is None and body["change"] is None

    # The dashboard: the card and the per-direction column.
    client.base_url = "https://testserver"  # the session cookie is Secure (FAIRS_BASE_URL is https)
    login(client, "committee")
    page = client.get("/reports", params=world.params())
    assert page.status_code == 200
    card = {key: re.search(rf'data-key="{key}">(\d+)<', page.text) for key in LABELS}
    assert {key: int(match.group(1)) for key, match in card.items()} == {key: expected[key] for key in LABELS}
    for code, want in expected["directions"].items():
        row = re.search(rf'<tr data-direction="{code}".*?</tr>', page.text, re.S).group(0)
        shown = re.search(r'data-key="persons_consulted"[^>]*>(\d+)<', row).group(1)
        assert int(shown) == want["persons_consulted"], code
    assert "data-prev=" not in page.text  # no comparison unless asked

    # The workbook: Summary rows beside the referrals, By direction's column.
    resp = client.get("/exports/committee.xlsx", params=world.params(lang="en"), headers=auth("committee"))
    wb = load_workbook(io.BytesIO(resp.content), data_only=True)
    summary = {row[0]: row[1:] for row in wb["Summary"].iter_rows(values_only=True) if row[0]}
    for key, label in LABELS.items():
        assert summary[label][0] == expected[key], label
    labels = [row[0] for row in wb["Summary"].iter_rows(values_only=True)]
    assert labels.index("Persons consulted at booths") + 1 == labels.index("Persons referred to services")
    sheet = list(wb["By direction"].iter_rows(values_only=True))
    column = sheet[0].index("Persons consulted")
    assert sheet[0][column - 1] == "Persons"  # beside the persons referred
    names = {row["code"]: row["name"] for row in body["directions"]}
    by_name = {row[0]: row[column] for row in sheet[1:]}
    for code, want in expected["directions"].items():
        assert by_name[names[code]] == want["persons_consulted"], code
