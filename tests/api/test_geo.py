"""Regions and districts: admins create, rename and retire them; unique names; retired take nothing new."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from fairs.models import District, Region
from tests.api import helpers as h


def _district_a(session) -> District:  # noqa: ANN001
    return session.exec(select(District).where(District.name == "Солигорский район")).one()


def test_admin_creates_a_region_and_a_district_audited(client, auth, session):
    admin = auth("admin")
    region = h.expect(
        client.post(f"{h.API}/regions", json={"name": "  Гродненская область "}, headers=admin), 201
    )
    assert region["name"] == "Гродненская область" and region["retired"] is False
    body = {"name": "Лидский район", "region_id": region["id"]}
    district = h.expect(client.post(f"{h.API}/districts", json=body, headers=admin), 201)
    assert district["region_id"] == region["id"] and district["name"] == "Лидский район"
    regions = h.expect(client.get(f"{h.API}/regions", headers=admin), 200)
    assert {"id": region["id"], "name": "Гродненская область", "retired": False} in regions
    districts = h.expect(client.get(f"{h.API}/districts", headers=admin), 200)
    assert district in districts and len(districts) == 3
    rows = h.audit_rows(session, entity="district", action="create")
    assert [r["entity_id"] for r in rows] == [district["id"]]
    assert h.audit_rows(session, entity="region", action="create")[0]["entity_id"] == region["id"]


def test_names_are_unique_trimmed_and_not_empty(client, auth, session):
    admin = auth("admin")
    h.expect(
        client.post(f"{h.API}/regions", json={"name": " Минская область"}, headers=admin),
        409,
        "region_exists",
    )
    h.expect(client.post(f"{h.API}/regions", json={"name": "   "}, headers=admin), 400, "name_required")
    region_id = _district_a(session).region_id
    same = {"name": "Солигорский район ", "region_id": region_id}
    refused = h.expect(client.post(f"{h.API}/districts", json=same, headers=admin), 409, "district_exists")
    assert "уже" in refused["detail"], refused  # in Russian, the default locale
    # The same district name in another region is another district.
    other = h.expect(client.post(f"{h.API}/regions", json={"name": "Брестская область"}, headers=admin), 201)
    h.expect(client.post(f"{h.API}/districts", json={**same, "region_id": other["id"]}, headers=admin), 201)
    h.expect(client.post(f"{h.API}/districts", json={**same, "region_id": 99999}, headers=admin), 404)
    assert session.exec(select(Region).where(Region.name == "   ")).first() is None


def test_rename_and_retire(client, auth, session):
    admin = auth("admin")
    district = _district_a(session)
    body = {"name": "Слуцкий район", "retired": False}
    h.expect(client.put(f"{h.API}/districts/{district.id}", json=body, headers=admin), 409, "district_exists")
    body = {"name": "Солигорский р-н", "retired": True}
    renamed = h.expect(client.put(f"{h.API}/districts/{district.id}", json=body, headers=admin), 200)
    assert renamed == {
        "id": district.id,
        "name": "Солигорский р-н",
        "region_id": district.region_id,
        "retired": True,
        "print_locale": "ru",  # left out of the body: as it was
    }
    updates = h.audit_rows(session, entity="district", action="update", district_id=district.id)
    assert [r["entity_id"] for r in updates] == [district.id]
    # Its organiser still reads its fairs, but the retired district takes no new fair and no new account.
    organiser = auth("organiser")
    h.expect(client.get(f"{h.API}/fairs", headers=organiser), 200)
    day = (h.today() + dt.timedelta(days=60)).isoformat()
    h.expect(client.post(f"{h.API}/fairs", json={"date": day}, headers=organiser), 409, "district_retired")
    new_user = {"username": "newcomer", "password": "long-enough-password-1", "role": "organiser"}
    new_user["district_id"] = district.id
    h.expect(client.post(f"{h.API}/users", json=new_user, headers=admin), 409, "district_retired")
    # Brought back, it takes them again.
    body = {"name": "Солигорский район", "retired": False}
    h.expect(client.put(f"{h.API}/districts/{district.id}", json=body, headers=admin), 200)
    h.expect(client.post(f"{h.API}/users", json=new_user, headers=admin), 201)


def test_a_retired_region_takes_no_new_district(client, auth, session):
    admin = auth("admin")
    region_id = _district_a(session).region_id
    retired = h.expect(
        client.put(
            f"{h.API}/regions/{region_id}", json={"name": "Минская обл.", "retired": True}, headers=admin
        ),
        200,
    )
    assert retired == {"id": region_id, "name": "Минская обл.", "retired": True}
    body = {"name": "Копыльский район", "region_id": region_id}
    h.expect(client.post(f"{h.API}/districts", json=body, headers=admin), 409, "region_retired")
    h.expect(client.put(f"{h.API}/regions/99999", json={"name": "x"}, headers=admin), 404, "region_not_found")


@pytest.mark.parametrize("username", ["organiser", "committee", "committee_region", "partner_employment"])
def test_only_admins(client, auth, username):
    headers = auth(username)
    h.expect(client.get(f"{h.API}/regions", headers=headers), 403)
    h.expect(client.get(f"{h.API}/districts", headers=headers), 403)
    h.expect(client.post(f"{h.API}/regions", json={"name": "Новая"}, headers=headers), 403)
    h.expect(client.put(f"{h.API}/districts/1", json={"name": "Новый"}, headers=headers), 403)
