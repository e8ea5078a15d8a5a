"""Curation in tests: curators' accounts made through the JSON API by a district's organiser, as a deployment
would, and a client assigned to one."""

from __future__ import annotations

from typing import NamedTuple

from fastapi.testclient import TestClient
from sqlmodel import Session

from fairs.models import User
from tests import world
from tests.api import helpers as h
from tests.api.release_world import bearer


def curator(
    client: TestClient, session: Session, *, username: str, by: str = "organiser"
) -> tuple[int, dict]:
    """A curator's account of `by`'s district (its password already changed, as its owner would); its id and
    bearer headers."""
    body = {"username": username, "password": world.PASSWORD, "role": "curator", "full_name": "Кураторова"}
    created = h.expect(client.post(f"{h.API}/users", json=body, headers=bearer(session, by)), 201)
    account = session.get(User, created["id"])
    account.must_change_password = False
    session.add(account)
    session.commit()
    return created["id"], bearer(session, username)


def assign(
    client: TestClient, headers: dict, *, client_id: int, curator_id: int | None, status: int = 200
) -> dict:
    """PUT /api/v1/clients/{id}/curator; the answer's JSON."""
    resp = client.put(
        f"{h.API}/clients/{client_id}/curator", json={"curator_id": curator_id}, headers=headers
    )
    return h.expect(resp, status)


class TwoCurators(NamedTuple):
    """Anna, assigned to curator_one ("mine"), and Vera, assigned to curator_two ("theirs"): the clients,
    and each curator's account id and bearer headers."""

    anna: dict
    vera: dict
    mine_id: int
    mine: dict
    theirs_id: int
    theirs: dict


def two_curators(client: TestClient, session: Session, organiser: dict) -> TwoCurators:
    """Anna and Vera registered by `organiser` (bearer headers), each assigned a curator of their own."""
    anna = h.register(client, organiser)
    vera = h.register(client, organiser, mother="Вера", father="Пётр", sex="F", birth_year=1990)
    mine_id, mine = curator(client, session, username="curator_one")
    theirs_id, theirs = curator(client, session, username="curator_two")
    assign(client, organiser, client_id=anna["id"], curator_id=mine_id)
    assign(client, organiser, client_id=vera["id"], curator_id=theirs_id)
    return TwoCurators(anna, vera, mine_id, mine, theirs_id, theirs)
