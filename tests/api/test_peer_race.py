"""Desks racing with one peer's slip through a real server: exactly one peer is recorded as recruited, the
others are told it was used, and their visits are not recorded either."""

from __future__ import annotations

from collections import Counter

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.api import helpers as h
from tests.api.conftest import Scene
from tests.api.test_race import _all_at_once, live_server  # noqa: F401  (the fixture, served the same way)

DESKS = 6


def test_one_slip_brings_one_peer(
    client: TestClient,
    session: Session,
    hdr: dict,
    scene: Scene,
    live_server: str,  # noqa: F811
) -> None:
    org = hdr["organiser"]
    body = {"client_id": scene.client_id, "count": 1}
    slip = h.expect(client.post(f"{h.API}/peers/invitations", json=body, headers=org), 201)[0]
    mothers = ("Вера", "Нина", "Ольга", "Дарья", "Елена", "Галина")
    peers = [h.register(client, org, mother=mother, father="Пётр") for mother in mothers[:DESKS]]
    path = f"{h.API}/fairs/{scene.fair['id']}/visits"
    requests = [
        (org, path, {"client_id": peer["id"], "invitation": slip["token"] if i % 2 else slip["code"]})
        for i, peer in enumerate(peers)
    ]
    responses = _all_at_once(live_server, requests)
    assert Counter(r.status_code for r in responses) == Counter({201: 1, 409: DESKS - 1}), [
        r.text for r in responses
    ]
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"invitation_used"}
    winner = next(r.json()["client_id"] for r in responses if r.status_code == 201)
    assert h.count(session, "peer_invitation", recruit_client_id=winner) == 1
    assert sum(h.count(session, "visit", client_id=peer["id"]) for peer in peers) == 1
    assert h.count(session, "audit_entry", action="recruit") == 1


def test_one_newcomer_with_two_slips_at_two_desks(
    client: TestClient,
    session: Session,
    hdr: dict,
    scene: Scene,
    live_server: str,  # noqa: F811
) -> None:
    org = hdr["organiser"]
    body = {"client_id": scene.client_id, "count": 2}
    slips = h.expect(client.post(f"{h.API}/peers/invitations", json=body, headers=org), 201)
    peer = h.register(client, org, mother="Вера", father="Пётр")
    path = f"{h.API}/fairs/{scene.fair['id']}/visits"
    requests = [(org, path, {"client_id": peer["id"], "invitation": slip["code"]}) for slip in slips]
    responses = _all_at_once(live_server, requests)
    assert sorted(r.status_code for r in responses) == [201, 409], [r.text for r in responses]
    assert next(r.json()["code"] for r in responses if r.status_code == 409) == "already_recruited"
    assert h.count(session, "peer_invitation", recruit_client_id=peer["id"]) == 1
