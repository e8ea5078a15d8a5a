"""Clients: the pseudonymous code, consent before personal fields, who sees what; visits once per fair."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.api import helpers as h


def test_code_from_the_attributes(client, hdr, session):
    first = h.register(
        client, hdr["organiser"], mother="Анна", father="Иван", sex="M", birth_year=1985, expect_status=201
    )
    assert first["code"] == "АНИВ185"
    assert first["existing"] is False
    again = h.register(
        client, hdr["organiser"], mother="Анна", father="Иван", sex="M", birth_year=1985, expect_status=200
    )
    assert again["id"] == first["id"] and again["code"] == first["code"]
    assert again["existing"] is True
    assert h.count(session, "client") == 1
    # Any attribute changes the code.
    other = [
        h.register(client, hdr["organiser"], sex="F")["code"],
        h.register(client, hdr["organiser"], birth_year=1986)["code"],
        h.register(client, hdr["organiser"], mother="Ольга")["code"],
        h.register(client, hdr["organiser"], father="Пётр")["code"],
    ]
    assert other == ["АНИВ285", "АНИВ186", "ОЛИВ185", "АНПЕ185"]
    assert h.count(session, "client") == 5


@pytest.mark.parametrize(
    ("mother", "father"),
    [
        ("анна", "иван"),  # case
        ("АННА", "ИВАН"),
        ("  Анна ", " Иван"),  # spaces
        ("-Анна", "Ив-ан"),  # hyphens
        ("А нна", "И-в-а-н"),
    ],
)
def test_normalisation_gives_the_same_code(client, hdr, mother, father):
    base = h.register(client, hdr["organiser"], mother="Анна", father="Иван")
    same = h.register(client, hdr["organiser"], mother=mother, father=father)
    assert same["code"] == "АНИВ185"
    assert same["id"] == base["id"]


def test_yo_is_read_as_ye(client, hdr):
    with_yo = h.register(client, hdr["organiser"], mother="Алёна", father="Фёдор", sex="F", birth_year=1990)
    with_ye = h.register(client, hdr["organiser"], mother="Алена", father="Федор", sex="F", birth_year=1990)
    assert with_yo["code"] == with_ye["code"] == "АЛФЕ290"
    assert with_yo["id"] == with_ye["id"]


def test_personal_fields_need_consent(client, hdr, session):
    clients_before = h.count(session, "client")
    audit_before = h.count(session, "audit_entry")
    for personal in (
        {"full_name": "Иванов Пётр"},
        {"birth_date": "1985-03-04"},
        {"phone": "+375 29 1234567"},
    ):
        resp = client.post(
            f"{h.API}/clients",
            json={
                "mother_name": "Анна",
                "father_name": "Иван",
                "sex": "M",
                "birth_year": 1985,
                "consent": False,
                **personal,
            },
            headers=hdr["organiser"],
        )
        h.expect(resp, 400, "consent_required")
    assert h.count(session, "client") == clients_before
    assert h.count(session, "audit_entry") == audit_before
    # Without personal fields a client can be registered without consent; consent is then not recorded.
    bare = h.register(client, hdr["organiser"], consent=False, expect_status=201)
    detail = h.expect(client.get(f"{h.API}/clients/{bare['id']}", headers=hdr["organiser"]), 200)
    assert detail["consent_on"] is None and detail["full_name"] is None


def test_distinct_person_gets_a_suffix_and_a_warning(client, hdr, session):
    first = h.register(client, hdr["organiser"], expect_status=201)
    assert first["warnings"] == []
    second = h.register(client, hdr["organiser"], distinct_person=True, expect_status=201)
    assert second["id"] != first["id"]
    assert second["code"] != first["code"]
    assert second["code"].startswith(first["code"])
    assert second["code"] == "АНИВ185-2"
    assert second["warnings"], second
    assert "АНИВ185-2" in second["warnings"][0]
    third = h.register(client, hdr["organiser"], distinct_person=True, expect_status=201)
    assert third["code"] == "АНИВ185-3"
    # Without the flag the attributes find the first person, with a warning that the code is shared.
    found = h.register(client, hdr["organiser"], expect_status=200)
    assert found["id"] == first["id"]
    assert found["warnings"]
    assert h.count(session, "client") == 3


def test_who_sees_personal_fields(client, hdr):
    person = h.register(
        client,
        hdr["organiser"],
        consent=True,
        full_name="Иванов Пётр Сергеевич",
        birth_date="1985-03-04",
        phone="+375291234567",
    )
    organiser_view = h.expect(client.get(f"{h.API}/clients/{person['id']}", headers=hdr["organiser"]), 200)
    assert organiser_view["full_name"] == "Иванов Пётр Сергеевич"
    assert organiser_view["birth_date"] == "1985-03-04"
    assert organiser_view["phone"] == "+375291234567"
    assert organiser_view["consent_on"] == h.today().isoformat()
    # A partner finds the client by exact code (by id only once its organisation dealt with the client:
    # tests/api/test_client_reach.py).
    partner_view = h.expect(
        client.get(f"{h.API}/clients/by-code/{person['code']}", headers=hdr["partner_employment"]), 200
    )
    assert partner_view["code"] == person["code"]
    for field in ("full_name", "birth_date", "phone", "consent_on"):
        assert partner_view.get(field) is None, field
    assert "Иванов" not in client.get(f"{h.API}/clients/{person['id']}", headers=hdr["partner_hospital"]).text
    h.expect(client.get(f"{h.API}/clients/{person['id']}", headers=hdr["committee"]), 403)
    h.expect(client.get(f"{h.API}/clients/{person['id']}", headers=hdr["committee_region"]), 403)
    h.expect(client.get(f"{h.API}/clients", headers=hdr["committee"]), 403)
    # Another district's organiser does not find the client at all.
    h.expect(
        client.get(f"{h.API}/clients/{person['id']}", headers=hdr["organiser_b"]), 404, "client_not_found"
    )


@pytest.mark.parametrize("username", ["partner_employment", "committee", "admin"])
def test_only_organisers_register(client, hdr, session, username):
    resp = client.post(
        f"{h.API}/clients",
        json={"mother_name": "Анна", "father_name": "Иван", "sex": "M", "birth_year": 1985, "consent": True},
        headers=hdr[username],
    )
    h.expect(resp, 403)
    assert h.count(session, "client") == 0


def test_visit_once_per_fair(client, hdr, scene, session):
    org = hdr["organiser"]
    first = h.expect(h.visit(client, org, fair=scene.fair, client_id=scene.client_id), 201)
    assert first["created"] is True and first["back_entered"] is False
    second = h.visit(client, org, fair=scene.fair, client_id=scene.client_id)
    assert second.status_code == 200
    assert second.json()["id"] == first["id"] and second.json()["created"] is False
    # Registering visitors is the organisers' (partners' coupons and consultations record the visit).
    h.expect(h.visit(client, hdr["partner_employment"], fair=scene.fair, client_id=scene.client_id), 403)
    assert h.count(session, "visit", fair_id=scene.fair["id"], client_id=scene.client_id) == 1
    assert h.count(session, "audit_entry", action="create", entity="visit") == 1
    # A new fair is a new visit.
    other = h.make_open_fair(client, org, day=h.today() - dt.timedelta(days=1))
    assert h.expect(h.visit(client, org, fair=other, client_id=scene.client_id), 201)["id"] != first["id"]
    h.expect(h.visit(client, hdr["committee"], fair=other, client_id=scene.client_id), 403)


def test_visit_needs_an_open_fair(client, hdr):
    org = hdr["organiser"]
    planned = h.make_fair(client, org, day=dt.date(2027, 1, 11))
    person = h.register(client, org)
    h.expect(h.visit(client, org, fair=planned, client_id=person["id"]), 409, "fair_not_open")


def test_consultations(client, hdr, scene, session):
    resp = h.consult(
        client,
        hdr["partner_employment"],
        booth=scene.employment_booth,
        client_id=scene.client_id,
        direction="employment_counselling",
    )
    body = h.expect(resp, 201)
    assert body["direction"] == "employment_counselling" and body["back_entered"] is False
    assert h.count(session, "consultation", client_id=scene.client_id) == 1
    # The consultation registers the visit too.
    assert h.count(session, "visit", fair_id=scene.fair["id"], client_id=scene.client_id) == 1
    resp = h.consult(
        client,
        hdr["partner_employment"],
        booth=scene.hospital_booth,
        client_id=scene.client_id,
        direction="infectious",
    )
    h.expect(resp, 403, "other_booth")
    resp = h.consult(
        client, hdr["organiser"], booth=scene.hospital_booth, client_id=scene.client_id, direction="astrology"
    )
    h.expect(resp, 400, "unknown_direction")
    resp = h.consult(
        client,
        hdr["committee"],
        booth=scene.hospital_booth,
        client_id=scene.client_id,
        direction="infectious",
    )
    h.expect(resp, 403)
    assert h.count(session, "consultation") == 1


def test_sex_is_stored_in_one_spelling_and_lookup_reads_latin_look_alikes(client, hdr, session):
    org = hdr["organiser"]
    first = h.expect(
        client.post(
            "/api/v1/clients",
            headers=org,
            json={"mother_name": "Анна", "father_name": "Олег", "sex": "ж", "birth_year": 1990},
        ),
        201,
    )
    assert client.get(f"/api/v1/clients/{first['id']}", headers=org).json()["sex"] == "F"
    # The code typed with Latin A and O (keyboard mix-up) finds the same client.
    typed = first["code"].replace("А", "A").replace("О", "O").lower()
    found = client.get(f"/api/v1/clients/by-code/{typed}", headers=org)
    assert found.status_code == 200 and found.json()["id"] == first["id"]


def test_withdrawn_consent_erases_personal_fields_through_the_api(client, hdr, session):
    org = hdr["organiser"]
    body = {
        "mother_name": "Нина",
        "father_name": "Олег",
        "sex": "F",
        "birth_year": 1992,
        "consent": True,
        "full_name": "Орлова Н. О.",
        "phone": "+375 44 5",
    }
    person = h.expect(client.post("/api/v1/clients", headers=org, json=body), 201)
    assert (
        client.post(
            f"/api/v1/clients/{person['id']}/withdraw-consent", headers=hdr["partner_employment"]
        ).status_code
        == 403
    )
    out = h.expect(client.post(f"/api/v1/clients/{person['id']}/withdraw-consent", headers=org), 200)
    assert (out["full_name"], out["phone"], out["consent_on"]) == (None, None, None) and out[
        "code"
    ] == person["code"]
    again = client.post(f"/api/v1/clients/{person['id']}/withdraw-consent", headers=org)
    assert again.status_code == 409 and again.json()["code"] == "no_consent"
    # Without consent, personal fields are refused again.
    refused = client.post("/api/v1/clients", headers=org, json={**body, "consent": False})
    assert refused.status_code == 400 and refused.json()["code"] == "consent_required"
