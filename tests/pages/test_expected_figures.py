"""People expected before release in the committee's report: the JSON report, the dashboard and the
workbook's Сводка show the same two figures (expected with a planned release in the period; of them,
arrived at a fair), worked out by hand here, beside the same period a year earlier; another district
counts none of them; a period submitted before these figures existed has them counted when read."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session

from tests.api import helpers as h
from tests.api import release_world as rw
from tests.exports.conftest import summary_by_label


def test_expected_and_arrived_in_every_face_of_the_report(
    client: TestClient,
    session: Session,
    auth,
    browser,  # noqa: ANN001
) -> None:
    org = rw.prison(client, session)
    worker = rw.prison_worker(client, session, username="prison_social", organisation_id=org)
    district = rw.district_id(session)
    today = h.today()
    # In the period: P1 (released today, comes to today's fair) and P2 (in ten days, not come yet);
    # P3 is due after the period.
    rw.expect_person(client, worker, district=district, release_on=today)
    rw.expect_person(
        client, worker, district=district, release_on=today + dt.timedelta(days=10), mother="Нина"
    )
    rw.expect_person(
        client, worker, district=district, release_on=today + dt.timedelta(days=100), mother="Вера"
    )
    organiser = auth("organiser")
    person = h.register(client, organiser, mother="Олеся", father="Тарас", sex="M", birth_year=1990)
    fair = h.make_open_fair(client, organiser)
    assert h.visit(client, organiser, fair=fair, client_id=person["id"]).status_code in (200, 201)
    period = {
        "from": (today - dt.timedelta(days=1)).isoformat(),
        "to": (today + dt.timedelta(days=30)).isoformat(),
    }

    committee = auth("committee")
    report = h.expect(
        client.get(
            f"{h.API}/reports/committee", params={**period, "compare": "previous_year"}, headers=committee
        ),
        200,
    )
    assert (report["expected_persons"], report["arrived_persons"]) == (2, 1)
    assert (report["previous"]["expected_persons"], report["change"]["expected_persons"]) == (0, 2)
    assert (report["previous"]["arrived_persons"], report["change"]["arrived_persons"]) == (0, 1)
    other = h.expect(
        client.get(f"{h.API}/reports/committee", params=period, headers=auth("organiser_b")), 200
    )
    assert (other["expected_persons"], other["arrived_persons"]) == (0, 0)

    page = browser("committee").get("/reports", params={**period, "compare": "previous_year"}).text
    shown = dict(re.findall(r'data-key="(expected_persons|arrived_persons)">(\d+)<', page))
    assert shown == {"expected_persons": "2", "arrived_persons": "1"}
    assert "Ожидаемые после освобождения" in page and "Из них пришли на ярмарку" in page

    workbook = client.get("/exports/committee.xlsx", params=period, headers=committee)
    assert workbook.status_code == 200, workbook.text[:300]
    summary = summary_by_label(workbook.content)
    assert summary["Ожидаемые после освобождения"] == (2, 0, 2)
    assert summary["Из них пришли на ярмарку"] == (1, 0, 1)


def test_a_period_kept_before_these_figures_counts_them_when_read(
    client: TestClient,
    session: Session,
    auth,  # noqa: ANN001
) -> None:
    """A month submitted with its tally kept before the figures existed (no such keys): counted live."""
    org = rw.prison(client, session)
    worker = rw.prison_worker(client, session, username="prison_social", organisation_id=org)
    district = rw.district_id(session)
    first, last = h.last_month()
    made = rw.expect_person(client, worker, district=district)
    session.execute(
        text("UPDATE expected_person SET release_on = :day WHERE id = :id"), {"day": first, "id": made["id"]}
    )
    session.commit()
    organiser = auth("organiser")
    h.expect(
        client.post(f"{h.API}/reports/submissions", json={"period": f"{first:%Y-%m}"}, headers=organiser), 201
    )
    submission_id, tally = h.kept_tally(session)
    assert tally["expected_persons"] == 1  # kept with the submission
    for key in ("expected_persons", "arrived_persons"):
        tally.pop(key)
    h.keep_tally(session, submission_id, tally)
    params = {"from": first.isoformat(), "to": last.isoformat()}
    report = h.expect(client.get(f"{h.API}/reports/committee", params=params, headers=auth("committee")), 200)
    assert report["submitted_on"] is not None
    assert (report["expected_persons"], report["arrived_persons"]) == (1, 0)
