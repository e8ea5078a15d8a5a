"""Errors are clear: unknown ids are 404, malformed bodies 422, broken business rules 400 — never 500."""

from __future__ import annotations

import datetime as dt

from tests.api import helpers as h


def test_unknown_ids_are_404(client, hdr, scene, orgs):
    org = hdr["organiser"]
    missing = 987654
    cases = [
        (client.get(f"{h.API}/fairs/{missing}", headers=org), "fair_not_found"),
        (client.post(f"{h.API}/fairs/{missing}/open", headers=org), "fair_not_found"),
        (
            client.post(
                f"{h.API}/fairs/{missing}/booths", json={"organisation_id": orgs["rehab"]}, headers=org
            ),
            "fair_not_found",
        ),
        (h.visit(client, org, fair={"id": missing}, client_id=scene.client_id), "fair_not_found"),
        (h.visit(client, org, fair=scene.fair, client_id=missing), "client_not_found"),
        (client.get(f"{h.API}/clients/{missing}", headers=org), "client_not_found"),
        (client.get(f"{h.API}/clients/by-code/ЯЯЯЯ199", headers=org), "client_not_found"),
        (
            h.issue_resp(
                client,
                org,
                booth={"id": missing},
                client_id=scene.client_id,
                org=orgs["rehab"],
                direction="rehab",
            ),
            "booth_not_found",
        ),
        (
            h.issue_resp(
                client,
                org,
                booth=scene.employment_booth,
                client_id=scene.client_id,
                org=missing,
                direction="rehab",
            ),
            "organisation_not_found",
        ),
        (
            h.consult(client, org, booth={"id": missing}, client_id=scene.client_id, direction="rehab"),
            "booth_not_found",
        ),
    ]
    for resp, code in cases:
        h.expect(resp, 404, code)


def test_malformed_bodies_are_422(client, hdr, scene, orgs):
    org = hdr["organiser"]
    cases = [
        client.post(f"{h.API}/fairs", json={"date": "not-a-date"}, headers=org),
        client.post(f"{h.API}/fairs", json={"date": "2027-01-11", "colour": "red"}, headers=org),
        client.post(f"{h.API}/fairs/schedule", json={"year": 1812}, headers=org),
        client.post(f"{h.API}/organisations", json={"name": "X", "kind": "casino"}, headers=org),
        client.post(
            f"{h.API}/clients", json={"mother_name": "Анна", "father_name": "Иван", "sex": "M"}, headers=org
        ),
        h.redeem_raw(client, org, "0000-0000-0", body={"redeemed_on": "yesterday"}),
        client.post(f"{h.API}/coupons/0000-0000-0/outcome", json={}, headers=org),
        client.post(
            f"{h.API}/booths/{scene.employment_booth['id']}/coupons",
            json={"client_id": scene.client_id},
            headers=org,
        ),
    ]
    for resp in cases:
        h.expect(resp, 422, "validation_error")


def test_business_rule_violations_are_400(client, hdr):
    org = hdr["organiser"]
    h.expect(
        client.post(f"{h.API}/fairs", json={"date": "1999-12-31"}, headers=org), 400, "date_out_of_range"
    )
    future_birth = (h.today() + dt.timedelta(days=1)).isoformat()
    resp = client.post(
        f"{h.API}/clients",
        json={
            "mother_name": "Анна",
            "father_name": "Иван",
            "sex": "M",
            "birth_year": 1985,
            "consent": True,
            "birth_date": future_birth,
        },
        headers=org,
    )
    h.expect(resp, 400, "bad_birth_date")
    h.register(client, org, mother="А", expect_status=400)
    h.register(client, org, sex="X", expect_status=400)
