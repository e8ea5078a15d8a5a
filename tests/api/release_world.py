"""Before release in tests: a prison of district A and its social workers, made through the JSON API by
district A's organiser as a deployment would, and people they register."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from fairs import security
from fairs.models import District, User
from tests import world
from tests.api import helpers as h

PRISON = "ИК-2 (Солигорск)"


def bearer(session: Session, username: str) -> dict[str, str]:
    """Bearer headers for an account of the test database."""
    user = session.exec(select(User).where(User.username == username)).one()
    return {"Authorization": f"Bearer {security.create_access_token(user.id)}"}


def district_id(session: Session, name: str = "Солигорский район") -> int:
    """A base-world district's id (A: Солигорский район, B: Слуцкий район)."""
    return session.exec(select(District.id).where(District.name == name)).one()


def prison(client: TestClient, session: Session, *, name: str = PRISON, by: str = "organiser") -> int:
    """A prison (organisation of the kind `prison`) of `by`'s district; its id."""
    body = {"name": name, "kind": "prison", "address": "г. Солигорск"}
    return h.expect(client.post(f"{h.API}/organisations", json=body, headers=bearer(session, by)), 201)["id"]


def prison_worker(
    client: TestClient, session: Session, *, username: str, organisation_id: int, by: str = "organiser"
) -> dict[str, str]:
    """A prison social worker's account made by `by` (its password already changed, as its owner would);
    returns bearer headers."""
    body = {
        "username": username,
        "password": world.PASSWORD,
        "role": "prison_worker",
        "organisation_id": organisation_id,
    }
    created = h.expect(client.post(f"{h.API}/users", json=body, headers=bearer(session, by)), 201)
    account = session.get(User, created["id"])
    account.must_change_password = False
    session.add(account)
    session.commit()
    return bearer(session, username)


def expect_person(
    client: TestClient,
    headers: dict[str, str],
    *,
    district: int,
    release_on: dt.date | None = None,
    mother: str = "Олеся",
    father: str = "Тарас",
    sex: str = "M",
    birth_year: int = 1990,
    status: int = 201,
    **extra: Any,
) -> dict:
    """POST /api/v1/expected with the attributes of the client code; the answer's JSON."""
    body = {
        "district_id": district,
        "release_on": (release_on or h.today() + dt.timedelta(days=10)).isoformat(),
        "mother_name": mother,
        "father_name": father,
        "sex": sex,
        "birth_year": birth_year,
        **extra,
    }
    return h.expect(client.post(f"{h.API}/expected", json=body, headers=headers), status)
