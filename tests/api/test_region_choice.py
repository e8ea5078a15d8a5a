"""An admin of several regions narrows the report to one (`region=` on the JSON report, the workbooks and
the page's picker); a region nobody may read, an unknown one and one without districts are refused in
words; readers below an admin are held to their own region as before. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlmodel import select

from fairs.models import District, Region
from tests.api import helpers as h
from tests.api.region_world import PERIOD, Ledger, build_region
from tests.api.test_region_report import figures, wanted
from tests.exports.conftest import workbook
from tests.pages.conftest import login

REPORT = f"{h.API}/reports/committee"
PARAMS = {"from": PERIOD[0], "to": PERIOD[1]}


@pytest.fixture
def regions(client, session, hdr, auth, orgs) -> tuple[Ledger, dict[str, int]]:  # noqa: ANN001
    """The region world (Минская область: districts A, B, C), a second region with one district and no
    records (Гомельская область: Мозырский район) and a region without districts (Брестская область)."""
    ledger = build_region(client, session, hdr, auth, orgs)
    gomel, brest = Region(name="Гомельская область"), Region(name="Брестская область")
    session.add_all([gomel, brest])
    session.flush()
    session.add(District(name="Мозырский район", region_id=gomel.id))
    session.commit()
    minsk = session.exec(select(Region).where(Region.name == "Минская область")).one()
    return ledger, {"minsk": minsk.id, "gomel": gomel.id, "brest": brest.id}


def test_an_admin_reads_one_region_of_several(client, hdr, regions) -> None:  # noqa: ANN001
    ledger, ids = regions
    everything = h.expect(client.get(REPORT, params=PARAMS, headers=hdr["admin"]), 200)
    assert everything["scope"] == "Все области" and len(everything["districts"]) == 4

    minsk = h.expect(client.get(REPORT, params={**PARAMS, "region": ids["minsk"]}, headers=hdr["admin"]), 200)
    assert minsk["scope"] == "Минская область"
    assert len(minsk["districts"]) == 3 and figures(minsk) == wanted(ledger, "ABC")
    names = {d["name"] for d in minsk["districts"]}
    assert names < {d["name"] for d in everything["districts"]} and "Мозырский район" not in names

    gomel = h.expect(client.get(REPORT, params={**PARAMS, "region": ids["gomel"]}, headers=hdr["admin"]), 200)
    assert gomel["scope"] == "Мозырский район" and gomel["districts"] == []
    assert (gomel["visits"], gomel["persons_referred"], gomel["coupons_issued"]) == (0, 0, 0)

    # A region of theirs and one district of it; a district of another region is refused.
    one = {**PARAMS, "region": ids["minsk"], "district": gomel["district_ids"][0]}
    assert h.expect(client.get(REPORT, params=one, headers=hdr["admin"]), 403)["code"] == "other_district"


@pytest.mark.parametrize(
    ("who", "region", "status", "code", "words"),
    [
        ("admin", "brest", 400, "empty_region", "В области «Брестская область» нет районов."),
        ("admin", None, 404, "region_not_found", "Такой области нет."),
        ("committee_region", "gomel", 403, "other_region", "Это относится к другой области."),
        ("committee", "gomel", 403, "other_region", "Это относится к другой области."),
    ],
)
def test_a_region_that_cannot_be_read_is_refused_in_words(
    client, hdr, regions, who, region, status, code, words
):  # noqa: ANN001, PLR0913
    _ledger, ids = regions
    region_id = ids[region] if region else max(ids.values()) + 1000
    body = h.expect(client.get(REPORT, params={**PARAMS, "region": region_id}, headers=hdr[who]), status)
    assert (body["code"], body["detail"]) == (code, words)


def test_readers_of_one_region_or_district_may_name_their_own(client, hdr, regions) -> None:  # noqa: ANN001
    _ledger, ids = regions
    own = {**PARAMS, "region": ids["minsk"]}
    for who in ("committee_region", "committee", "organiser"):
        plain = h.expect(client.get(REPORT, params=PARAMS, headers=hdr[who]), 200)
        named = h.expect(client.get(REPORT, params=own, headers=hdr[who]), 200)
        assert (named["scope"], named["district_ids"]) == (plain["scope"], plain["district_ids"]), who
        assert figures(named) == figures(plain), who


def test_the_workbook_and_the_page_take_the_region(client, hdr, regions) -> None:  # noqa: ANN001
    ledger, ids = regions
    minsk = {**PARAMS, "region": ids["minsk"]}
    book = workbook(client.get("/exports/committee.xlsx", params=minsk, headers=hdr["admin"]))
    assert "Минская область" in book["Сводка"]["A1"].value
    everything = workbook(client.get("/exports/committee.xlsx", params=PARAMS, headers=hdr["admin"]))
    assert "Минская область" not in everything["Сводка"]["A1"].value
    refused = client.get("/exports/committee.xlsx", params={**PARAMS, "region": "x"}, headers=hdr["admin"])
    assert (refused.status_code, refused.json()["code"]) == (400, "bad_region")

    client.base_url = "https://testserver"
    login(client, "admin")
    page = client.get("/reports", params={"kind": "custom", **minsk, "compare": ""}, follow_redirects=True)
    assert page.status_code == 200
    assert f'<option value="{ids["minsk"]}" selected>Минская область</option>' in page.text
    assert f'<option value="{ids["gomel"]}">Гомельская область</option>' in page.text
    shown = page.text.split('data-key="persons_consulted">', 1)[1].split("<", 1)[0]
    assert int(shown) == wanted(ledger, "ABC")["persons_consulted"]
    assert f"region={ids['minsk']}" in page.text  # the workbook links keep the region
    wrong = {**minsk, "district": str(_district_of_gomel(client, hdr, ids))}
    page = client.get("/reports", params={"kind": "custom", **wrong}, headers={"HX-Request": "true"})
    assert page.status_code == 400
    assert "Этот район не входит в выбранную область." in page.text


def _district_of_gomel(client, hdr, ids) -> int:  # noqa: ANN001
    body = h.expect(client.get(REPORT, params={**PARAMS, "region": ids["gomel"]}, headers=hdr["admin"]), 200)
    return body["district_ids"][0]
