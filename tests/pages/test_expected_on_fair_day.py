"""The fair day shows the organiser the people released to the district by the fair's day who have not
come yet (client codes only, never a name), and drops each one once they visit."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.api import helpers as h
from tests.api import release_world as rw

NAME = "Ожидаемов Тимофей Ильич"


def _due(page: str) -> list[str]:
    block = re.search(r'<details class="expected-due" data-count="(\d+)">(.*?)</details>', page, re.S)
    return re.findall(r'<span class="code">([^<]+)</span>', block.group(2)) if block else []


def test_the_fair_day_lists_the_people_due_until_they_come(
    client: TestClient,
    session: Session,
    auth,
    browser,  # noqa: ANN001
) -> None:
    org = rw.prison(client, session)
    worker = rw.prison_worker(client, session, username="prison_social", organisation_id=org)
    district = rw.district_id(session)
    today = h.today()
    due = rw.expect_person(client, worker, district=district, release_on=today, consent=True, full_name=NAME)
    rw.expect_person(
        client, worker, district=district, release_on=today + dt.timedelta(days=20), mother="Нина"
    )
    other = rw.district_id(session, "Слуцкий район")
    rw.expect_person(client, worker, district=other, release_on=today, mother="Вера")
    organiser = auth("organiser")
    fair = h.make_open_fair(client, organiser)
    url = f"/fairs/{fair['id']}"

    page = browser("organiser").get(url).text
    assert _due(page) == [due["code"]]  # not the one released later, nor another district's
    assert NAME not in page
    person = h.register(client, organiser, mother="Олеся", father="Тарас", sex="M", birth_year=1990)
    assert h.visit(client, organiser, fair=fair, client_id=person["id"]).status_code in (200, 201)
    assert _due(browser("organiser").get(url).text) == []
