"""Before release through the JSON API: a prison social worker registers people about to be released; the
district released to sees them expected, then arrived once a client with the same code comes to its fair;
nobody else sees them (another prison worker, another district, partners, the committee)."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session

from fairs.services import release
from tests.api import helpers as h
from tests.api import release_world as rw

NAME, BIRTH = "Ожидаемов Тимофей Ильич", "1990-05-17"


@pytest.fixture
def prison(client: TestClient, session: Session) -> dict:
    """A prison of district A with two social workers; district ids."""
    org = rw.prison(client, session)
    return {
        "org": org,
        "worker": rw.prison_worker(client, session, username="prison_social", organisation_id=org),
        "other": rw.prison_worker(client, session, username="prison_other", organisation_id=org),
        "a": rw.district_id(session),
        "b": rw.district_id(session, "Слуцкий район"),
    }


def test_register_by_attributes_and_by_code(client: TestClient, session: Session, prison: dict) -> None:
    """The code is built as at the fair; a typed code is normalised (Latin look-alikes, case, a suffix)."""
    made = rw.expect_person(client, prison["worker"], district=prison["a"], consent=True, full_name=NAME)
    assert (
        made["code"] == "ОЛТА190"
        and made["full_name"] == NAME
        and made["consent_on"] == h.today().isoformat()
    )
    assert made["district"] == "Солигорский район" and made["arrived_on"] is None
    typed = {"district_id": prison["b"], "release_on": h.today().isoformat(), "code": " ahkb185-2 "}
    by_code = h.expect(client.post(f"{h.API}/expected", json=typed, headers=prison["worker"]), 201)
    assert by_code["code"] == "АНКВ185"
    rows = h.audit_rows(session, entity="expected_person", action="create")
    assert [r["entity_id"] for r in rows] == [made["id"], by_code["id"]]
    details = (
        session.execute(text("SELECT details FROM audit_entry WHERE entity = 'expected_person'"))
        .scalars()
        .all()
    )
    assert all(NAME not in str(d) and BIRTH not in str(d) for d in details), details


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"mother_name": None, "code": None}, "code_or_attributes"),
        ({"code": "АН185"}, "bad_code"),
        ({"release_on": (h.today() - dt.timedelta(days=40)).isoformat()}, "bad_release_date"),
        ({"release_on": (h.today() + dt.timedelta(days=800)).isoformat()}, "bad_release_date"),
        ({"full_name": NAME}, "consent_required"),
        ({"birth_date": BIRTH}, "consent_required"),
    ],
)
def test_refusals(client: TestClient, session: Session, prison: dict, body: dict, code: str) -> None:
    """Each refusal names its code; nothing is stored."""
    base = {"district_id": prison["a"], "release_on": h.today().isoformat(), "mother_name": "Олеся"}
    base |= {"father_name": "Тарас", "sex": "M", "birth_year": 1990}
    resp = client.post(f"{h.API}/expected", json={**base, **body}, headers=prison["worker"])
    h.expect(resp, 400, code)
    assert h.count(session, "expected_person") == 0


def test_unknown_district_and_twice(client: TestClient, session: Session, prison: dict) -> None:
    """A district that does not exist is 404; the same person twice for the same district is 409."""
    rw.expect_person(client, prison["worker"], district=987_654, status=404)
    rw.expect_person(client, prison["worker"], district=prison["a"])
    again = client.post(
        f"{h.API}/expected",
        json={"district_id": prison["a"], "release_on": h.today().isoformat(), "code": "ОЛТА190"},
        headers=prison["worker"],
    )
    h.expect(again, 409, "already_expected")
    rw.expect_person(client, prison["other"], district=prison["a"])  # another worker's record is theirs


def test_only_the_worker_who_added_and_the_districts_organisers_see(
    client: TestClient, session: Session, prison: dict, auth
) -> None:  # noqa: ANN001
    """The prison social worker sees only the people they added; the organisers of the district released
    to see them with the personal fields (audited); anyone else is told they do not exist or is refused."""
    made = rw.expect_person(
        client, prison["worker"], district=prison["a"], consent=True, full_name=NAME, birth_date=BIRTH
    )
    url = f"{h.API}/expected/{made['id']}"
    own = h.expect(client.get(f"{h.API}/expected", headers=prison["worker"]), 200)
    assert [p["id"] for p in own["items"]] == [made["id"]] and own["total"] == 1
    assert h.expect(client.get(f"{h.API}/expected", headers=prison["other"]), 200)["items"] == []
    h.expect(client.get(url, headers=prison["other"]), 404, "expected_not_found")
    h.expect(client.patch(url, json={"release_on": h.today().isoformat()}, headers=prison["other"]), 404)
    h.expect(client.delete(url, headers=prison["other"]), 404, "expected_not_found")
    organiser = auth("organiser")
    seen = h.expect(client.get(url, headers=organiser), 200)
    assert (seen["full_name"], seen["birth_date"]) == (NAME, BIRTH)
    listed = h.expect(client.get(f"{h.API}/expected", headers=organiser), 200)
    assert [p["code"] for p in listed["items"]] == ["ОЛТА190"]
    assert len(h.audit_rows(session, entity="expected_person", action="view_personal")) == 2
    h.expect(client.get(url, headers=auth("organiser_b")), 404, "expected_not_found")
    assert h.expect(client.get(f"{h.API}/expected", headers=auth("organiser_b")), 200)["items"] == []
    for username in ("partner_employment", "committee", "admin"):
        h.expect(client.get(url, headers=auth(username)), 403)
        h.expect(client.get(f"{h.API}/expected", headers=auth(username)), 403)
    # The prison worker's own record: no arrival shown (nothing of the district's visits).
    assert h.expect(client.get(url, headers=prison["worker"]), 200)["arrived_on"] is None
    # A prison worker reads nothing else of the district.
    for path in ("/clients", "/fairs", "/coupons", "/organisations", "/users"):
        h.expect(client.get(f"{h.API}{path}", headers=prison["worker"]), 403)


def test_change_and_remove(client: TestClient, session: Session, prison: dict) -> None:
    """The worker changes the release date and the district (audited before → after), then removes it."""
    made = rw.expect_person(client, prison["worker"], district=prison["a"])
    url = f"{h.API}/expected/{made['id']}"
    later = (h.today() + dt.timedelta(days=60)).isoformat()
    body = {"release_on": later, "district_id": prison["b"]}
    changed = h.expect(client.patch(url, json=body, headers=prison["worker"]), 200)
    assert (changed["release_on"], changed["district_id"]) == (later, prison["b"])
    assert [r["action"] for r in h.audit_rows(session, entity="expected_person")] == ["create", "update"]
    bad = {"release_on": (h.today() - dt.timedelta(days=90)).isoformat()}
    h.expect(client.patch(url, json=bad, headers=prison["worker"]), 400, "bad_release_date")
    assert client.delete(url, headers=prison["worker"]).status_code == 204
    h.expect(client.get(url, headers=prison["worker"]), 404, "expected_not_found")
    assert h.audit_rows(session, entity="expected_person")[-1]["action"] == "delete"


def test_arrival_when_a_client_with_the_code_comes_to_a_fair(
    client: TestClient, session: Session, prison: dict, auth
) -> None:  # noqa: ANN001
    """A visit before the registration does not count; the first fair after it does; the committee's
    counts (expected and arrived in a period) follow."""
    organiser = auth("organiser")
    person = h.register(client, organiser, mother="Олеся", father="Тарас", sex="M", birth_year=1990)
    earlier = h.make_open_fair(client, organiser, day=h.today() - dt.timedelta(days=35))
    assert h.visit(client, organiser, fair=earlier, client_id=person["id"]).status_code in (200, 201)
    h.close_fair(client, organiser, fair=earlier)
    made = rw.expect_person(client, prison["worker"], district=prison["a"], release_on=h.today())
    rw.expect_person(client, prison["worker"], district=prison["a"], mother="Нина", father="Олег")
    url = f"{h.API}/expected/{made['id']}"
    assert h.expect(client.get(url, headers=organiser), 200)["arrived_on"] is None
    fair = h.make_open_fair(client, organiser)
    assert h.visit(client, organiser, fair=fair, client_id=person["id"]).status_code in (200, 201)
    assert h.expect(client.get(url, headers=organiser), 200)["arrived_on"] == h.today().isoformat()
    arrived = h.expect(client.get(f"{h.API}/expected?arrived=true", headers=organiser), 200)
    waiting = h.expect(client.get(f"{h.API}/expected?arrived=false", headers=organiser), 200)
    assert [p["id"] for p in arrived["items"]] == [made["id"]] and waiting["total"] == 1
    assert h.expect(client.get(url, headers=prison["worker"]), 200)["arrived_on"] is None
    start, end = h.today() - dt.timedelta(days=1), h.today() + dt.timedelta(days=30)
    counted = release.expected_and_arrived(session, district_ids=[prison["a"]], start=start, end=end)
    assert counted == (2, 1)
    assert release.expected_and_arrived(session, district_ids=[prison["b"]], start=start, end=end) == (0, 0)
    assert release.expected_and_arrived(session, district_ids=[prison["a"]], start=start, end=start) == (0, 0)
    assert release.expected_and_arrived(session, district_ids=[], start=start, end=end) == (0, 0)


def test_another_districts_visit_is_no_arrival(
    client: TestClient, session: Session, prison: dict, auth
) -> None:  # noqa: ANN001
    """A client with the same code at district B's fair does not make the person arrive in district A."""
    made = rw.expect_person(client, prison["worker"], district=prison["a"], release_on=h.today())
    organiser_b = auth("organiser_b")
    person = h.register(client, organiser_b, mother="Олеся", father="Тарас", sex="M", birth_year=1990)
    fair = h.make_open_fair(client, organiser_b)
    assert h.visit(client, organiser_b, fair=fair, client_id=person["id"]).status_code in (200, 201)
    got = h.expect(client.get(f"{h.API}/expected/{made['id']}", headers=auth("organiser")), 200)
    assert got["arrived_on"] is None


def test_districts_to_release_to(client: TestClient, session: Session, prison: dict, auth) -> None:  # noqa: ANN001
    """The prison worker picks from every open district; others are refused."""
    names = [
        d["name"] for d in h.expect(client.get(f"{h.API}/expected/districts", headers=prison["worker"]), 200)
    ]
    assert {"Солигорский район", "Слуцкий район"} <= set(names)
    h.expect(client.get(f"{h.API}/expected/districts", headers=auth("organiser")), 403)


def test_prison_worker_accounts(client: TestClient, session: Session, prison: dict, orgs: dict, auth) -> None:  # noqa: ANN001
    """An organiser makes a prison worker only in a prison of the district (400 `prison_required` for
    another kind; `organisation_required` without one, or with another district's)."""
    body = {"username": "pw_x", "password": "correct-horse-1", "role": "prison_worker"}
    organiser = auth("organiser")
    made = h.expect(
        client.post(f"{h.API}/users", json={**body, "organisation_id": prison["org"]}, headers=organiser), 201
    )
    assert (made["role"], made["organisation_id"], made["district_id"]) == (
        "prison_worker",
        prison["org"],
        prison["a"],
    )
    wrong = {**body, "username": "pw_y", "organisation_id": orgs["employment"]}
    h.expect(client.post(f"{h.API}/users", json=wrong, headers=organiser), 400, "prison_required")
    h.expect(
        client.post(f"{h.API}/users", json={**body, "username": "pw_z"}, headers=organiser),
        400,
        "organisation_required",
    )
    foreign = {**body, "username": "pw_b", "organisation_id": prison["org"]}
    h.expect(
        client.post(f"{h.API}/users", json=foreign, headers=auth("organiser_b")), 400, "organisation_required"
    )
