"""Before release on the pages: the prison social worker's list and form, the district's list of expected
people and the printed invitation (the client code and the fair, nothing else of the person)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session

from tests.api import helpers as h
from tests.api import release_world as rw
from tests.pages.conftest import Browser

NAME, VENUE = "Ожидаемов Тимофей Ильич", "Солигорск, ул. Ленина 1, УИИ"


def _worker(client: TestClient, session: Session) -> None:
    client.base_url = "https://testserver"  # the session cookie is Secure in the tests
    rw.prison_worker(client, session, username="prison_social", organisation_id=rw.prison(client, session))


def test_prison_worker_registers_changes_and_removes(
    client: TestClient, session: Session, browser: Callable[[str], Browser]
) -> None:
    """Home leads to /release; the form registers (and answers a refusal in place); a row is changed and
    removed; the list shows only the worker's own people."""
    _worker(client, session)
    rw.prison_worker(
        client, session, username="prison_other", organisation_id=rw.prison(client, session, name="ИК-9")
    )
    other = rw.bearer(session, "prison_other")
    rw.expect_person(client, other, district=rw.district_id(session), mother="Нина", father="Олег")
    b = browser("prison_social")
    assert client.get("/", follow_redirects=False).headers["location"] == "/release"
    district = rw.district_id(session)
    form = {"district_id": str(district), "release_on": (h.today() + dt.timedelta(days=5)).isoformat()}
    form |= {"mother_name": "Олеся", "father_name": "Тарас", "sex": "M", "birth_year": "1990"}
    refused = b.post("/release", {**form, "full_name": NAME})
    assert refused.status_code == 400 and 'data-error="consent_required"' in refused.text
    assert 'value="Олеся"' in refused.text
    done = b.post("/release", {**form, "full_name": NAME, "consent": "true"})
    assert done.status_code == 303 and done.headers["location"] == "/release"
    page = b.get("/release").text
    assert "ОЛТА190" in page and NAME in page and "НИОЛ190" not in page
    person = session.execute(text("SELECT id FROM expected_person WHERE code = 'ОЛТА190'")).scalar_one()
    later = (h.today() + dt.timedelta(days=20)).isoformat()
    assert (
        b.post(f"/release/{person}", {"release_on": later, "district_id": str(district)}).status_code == 303
    )
    assert session.execute(
        text("SELECT release_on FROM expected_person WHERE id = :id"), {"id": person}
    ).scalar_one() in (
        later,
        dt.date.fromisoformat(later),
    )
    theirs = session.execute(text("SELECT id FROM expected_person WHERE code = 'НИОЛ190'")).scalar_one()
    assert b.post(f"/release/{theirs}/delete").status_code == 303
    assert 'data-error="expected_not_found"' in b.get("/release").text
    assert b.post(f"/release/{person}/delete").status_code == 303
    assert h.count(session, "expected_person") == 1  # only the other worker's
    assert b.get("/fairs").status_code == 403 and b.get("/expected").status_code == 403


def test_district_sees_expected_then_arrived_and_prints_the_invitation(
    client: TestClient, session: Session, browser: Callable[[str], Browser], auth
) -> None:  # noqa: ANN001
    """The organiser's list shows the person expected at the next fair, with the name; the invitation
    carries the code, the fair's date, venue and hours and nothing else of the person; after a visit, the
    person is listed as arrived."""
    _worker(client, session)
    worker = rw.bearer(session, "prison_social")
    made = rw.expect_person(
        client,
        worker,
        district=rw.district_id(session),
        consent=True,
        full_name=NAME,
        birth_date="1990-05-17",
    )
    organiser = auth("organiser")
    b = browser("organiser")
    assert "expected_not_found" not in b.get("/expected").text
    no_fair = b.get(f"/expected/{made['id']}/invitation")
    assert no_fair.status_code == 409
    fair = h.make_fair(client, organiser, day=h.today() + dt.timedelta(days=30), venue=VENUE)
    page = b.get("/expected").text
    assert "ОЛТА190" in page and NAME in page and "/invitation" in page
    card = b.get(f"/expected/{made['id']}/invitation")
    assert card.status_code == 200
    assert "ОЛТА190" in card.text and VENUE in card.text
    assert dt.date.fromisoformat(fair["date"]).strftime("%d.%m.%Y") in card.text
    assert NAME not in card.text and "Ожидаемов" not in card.text and "17.05.1990" not in card.text
    assert b.get("/expected?show=arrived").text.count("ОЛТА190") == 0
    person = h.register(client, organiser, mother="Олеся", father="Тарас", sex="M", birth_year=1990)
    today = h.make_open_fair(client, organiser)
    assert h.visit(client, organiser, fair=today, client_id=person["id"]).status_code in (200, 201)
    assert "ОЛТА190" in b.get("/expected?show=arrived").text
    assert "ОЛТА190" not in b.get("/expected").text
    fragment = b.get("/expected?show=all", htmx=True)
    assert "<html" not in fragment.text and "ОЛТА190" in fragment.text


def test_others_cannot_print_or_list(
    client: TestClient, session: Session, browser: Callable[[str], Browser]
) -> None:
    """District B's organiser gets 404 for A's person; a partner and the committee 403."""
    _worker(client, session)
    made = rw.expect_person(client, rw.bearer(session, "prison_social"), district=rw.district_id(session))
    for username, status in (("organiser_b", 404), ("partner_employment", 403), ("committee", 403)):
        b = browser(username)
        assert b.get(f"/expected/{made['id']}/invitation").status_code == status, username
        assert "ОЛТА190" not in b.get("/expected").text


def test_organiser_makes_a_prison_worker_account_on_the_users_page(
    client: TestClient, session: Session, browser: Callable[[str], Browser]
) -> None:
    """The users page offers the role and a prison of the district."""
    client.base_url = "https://testserver"
    org = rw.prison(client, session)
    b = browser("organiser")
    page = b.get("/users").text
    assert 'value="prison_worker"' in page
    form = {"username": "pw_page", "password": "correct-horse-1", "role": "prison_worker"}
    assert b.post("/users", {**form, "organisation_id": str(org)}).status_code == 303
    row = session.execute(text("SELECT role, organisation_id FROM \"user\" WHERE username = 'pw_page'")).one()
    assert tuple(row) == ("prison_worker", org)
