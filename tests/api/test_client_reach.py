"""Partners read only the clients their organisation dealt with (a coupon it issued or receives, a
consultation at its booth): any other id answers as a missing one. An exact-code look-up stays, audited."""

from __future__ import annotations

import json

from sqlalchemy import text

from tests.api import helpers as h

PARTNERS = ("partner_employment", "partner_hospital")


def read(client, headers: dict, client_id: int):  # noqa: ANN001, ANN201
    return client.get(f"{h.API}/clients/{client_id}", headers=headers)


def readable(client, hdr: dict, client_id: int) -> dict[str, int]:  # noqa: ANN001
    return {username: read(client, hdr[username], client_id).status_code for username in PARTNERS}


def test_partners_read_only_the_clients_they_dealt_with(client, hdr, orgs, scene):
    org = hdr["organiser"]
    missing = read(client, hdr["partner_employment"], 987654)
    h.expect(missing, 404, "client_not_found")
    # Registered, no coupon, no consultation: unknown to every partner, worded as a missing id.
    for username in PARTNERS:
        unknown = read(client, hdr[username], scene.client_id)
        assert unknown.status_code == 404 and unknown.json() == missing.json()
    assert read(client, org, scene.client_id).status_code == 200
    # A coupon issued at the employment booth, addressed to the employment centre.
    employed = h.register(client, org, mother="Ольга", father="Пётр", sex="F")
    h.issue(
        client,
        org,
        booth=scene.employment_booth,
        client_id=employed["id"],
        org=orgs["employment"],
        direction="employment_counselling",
    )
    assert readable(client, hdr, employed["id"]) == {"partner_employment": 200, "partner_hospital": 404}
    # Issued at the employment booth, addressed to the hospital: both organisations dealt with the client.
    referred = h.register(client, org, mother="Нина", father="Олег", sex="F")
    h.issue(
        client,
        org,
        booth=scene.employment_booth,
        client_id=referred["id"],
        org=orgs["hospital"],
        direction="hiv_testing",
    )
    assert readable(client, hdr, referred["id"]) == {"partner_employment": 200, "partner_hospital": 200}
    # A consultation at the hospital's booth, by its partner.
    consulted = h.register(client, org, mother="Вера", father="Иван", sex="F")
    resp = h.consult(
        client,
        hdr["partner_hospital"],
        booth=scene.hospital_booth,
        client_id=consulted["id"],
        direction="hiv_testing",
    )
    h.expect(resp, 201)
    assert readable(client, hdr, consulted["id"]) == {"partner_employment": 404, "partner_hospital": 200}
    # A consultation of one client opens that client only: the first one is still unknown to both.
    assert readable(client, hdr, scene.client_id) == {"partner_employment": 404, "partner_hospital": 404}
    # Another district's organiser still sees nothing of district A.
    h.expect(read(client, hdr["organiser_b"], employed["id"]), 404, "client_not_found")


def test_a_partners_look_up_by_code_is_audited(client, hdr, scene, session):
    url = f"{h.API}/clients/by-code/{scene.client_code.lower()}"
    found = h.expect(client.get(url, headers=hdr["partner_employment"]), 200)
    assert found["id"] == scene.client_id and found["full_name"] is None
    h.expect(client.get(url, headers=hdr["partner_employment"]), 200)
    rows = session.execute(
        text(
            "SELECT u.username, a.entity, a.entity_id, a.details FROM audit_entry a"
            " JOIN \"user\" u ON u.id = a.user_id WHERE a.action = 'look_up_code' ORDER BY a.id"
        )
    ).all()
    assert [tuple(r)[:3] for r in rows] == [("partner_employment", "client", scene.client_id)] * 2
    for row in rows:
        details = row[3] if isinstance(row[3], dict) else json.loads(row[3])
        assert scene.client_code not in json.dumps(details, ensure_ascii=False)
    # Organisers' look-ups are audited as personal views already (with consent), not as partners' look-ups.
    h.expect(client.get(url, headers=hdr["organiser"]), 200)
    assert h.count(session, "audit_entry", action="look_up_code") == 2
    # A code that is no client's: 404, as before.
    h.expect(client.get(f"{h.API}/clients/by-code/ЮЮЮЮ170", headers=hdr["partner_employment"]), 404)
