"""The whole loop as each role: what organisers, partners, the committee and admins may do."""

from __future__ import annotations

from tests.api import helpers as h


def test_organiser_does_everything(client, hdr, orgs, session):
    org = hdr["organiser"]
    h.expect(client.post(f"{h.API}/fairs/schedule", json={"year": 2027}, headers=org), 201)
    fair = h.make_open_fair(client, org)
    booths = {
        key: h.add_booth(client, org, fair=fair, org=orgs[key])
        for key in ("employment", "hospital", "redcross", "rehab")
    }
    person = h.register(client, org, consent=True, full_name="Петров Пётр", expect_status=201)
    h.expect(h.visit(client, org, fair=fair, client_id=person["id"]), 201)
    h.expect(h.consult(client, org, booth=booths["rehab"], client_id=person["id"], direction="rehab"), 201)
    plan = [
        ("employment", "employer", "employment_referral", "employed"),
        ("employment", "employment", "employment_counselling", "registered_jobseeker"),
        ("hospital", "hospital", "hiv_testing", "treatment_started"),
        ("redcross", "redcross", "humanitarian", "aid_given"),
        ("rehab", "rehab", "psychological", "service_provided"),
    ]
    for booth_key, target, direction, outcome in plan:
        coupon = h.issue(
            client,
            org,
            booth=booths[booth_key],
            client_id=person["id"],
            org=orgs[target],
            direction=direction,
        )
        h.expect(h.redeem(client, org, coupon["token"]), 200)
        body = h.expect(h.set_outcome(client, org, coupon["code"], outcome=outcome), 200)
        assert body["status"] == "redeemed" and body["outcome"] == outcome
    spare = h.issue(
        client,
        org,
        booth=booths["hospital"],
        client_id=person["id"],
        org=orgs["hospital"],
        direction="infectious",
    )
    h.expect(h.cancel(client, org, spare["code"]), 200)
    listed = h.expect(client.get(f"{h.API}/coupons?fair_id={fair['id']}", headers=org), 200)
    assert listed["total"] == 6
    assert sorted(c["status"] for c in listed["items"]) == ["cancelled"] + ["redeemed"] * 5
    h.expect(client.post(f"{h.API}/fairs/{fair['id']}/close", headers=org), 200)
    assert h.count(session, "coupon", status="redeemed") == 5
    assert h.count(session, "visit") == 1


def test_partner_loop(client, hdr, scene, orgs, session):
    partner = hdr["partner_employment"]
    h.expect(
        h.consult(
            client,
            partner,
            booth=scene.employment_booth,
            client_id=scene.client_id,
            direction="employment_counselling",
        ),
        201,
    )
    own = h.issue(
        client,
        partner,
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["employment"],
        direction="employment_counselling",
    )
    to_employer = h.issue(
        client,
        partner,
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["employer"],
        direction="employment_referral",
    )
    to_hospital = h.issue(
        client,
        hdr["organiser"],
        booth=scene.hospital_booth,
        client_id=scene.client_id,
        org=orgs["hospital"],
        direction="hiv_testing",
    )
    # Redeems and records an outcome on coupons addressed to the employment centre.
    h.expect(h.redeem(client, partner, own["code"]), 200)
    assert (
        h.expect(h.set_outcome(client, partner, own["code"], outcome="registered_jobseeker"), 200)["outcome"]
        == "registered_jobseeker"
    )
    # Not on the hospital's coupon, nor on the employer's (issued here, but addressed elsewhere). The
    # hospital's coupon by code is, to them, a code that does not exist (docs/coupon-lookup.md); by QR
    # token they are told it is another organisation's, with nothing of the coupon in the answer.
    made_up = h.expect(
        h.redeem(client, partner, "K7QM2XHD" + h.luhn32_check("K7QM2XHD")), 404, "unknown_code"
    )
    assert h.expect(h.redeem(client, partner, to_hospital["code"]), 404, "unknown_code") == made_up
    refused = h.expect(h.redeem(client, partner, to_hospital["token"]), 403, "other_organisation")
    assert set(refused) == {"type", "title", "status", "detail", "code"}
    h.expect(
        h.set_outcome(client, partner, to_hospital["code"], outcome="service_provided"), 404, "unknown_code"
    )
    h.expect(h.redeem(client, partner, to_employer["code"]), 403, "other_organisation")
    h.expect(h.cancel(client, partner, own["code"]), 403)
    # Lists only coupons to or from its organisation.
    listed = h.expect(client.get(f"{h.API}/coupons", headers=partner), 200)
    assert {c["id"] for c in listed["items"]} == {own["id"], to_employer["id"]}
    hospital_list = h.expect(client.get(f"{h.API}/coupons", headers=hdr["partner_hospital"]), 200)
    assert {c["id"] for c in hospital_list["items"]} == {to_hospital["id"]}
    # The hospital redeems its own.
    h.expect(h.redeem(client, hdr["partner_hospital"], to_hospital["code"]), 200)
    # Partners do not run fairs or register clients.
    h.expect(client.post(f"{h.API}/fairs/{scene.fair['id']}/close", headers=partner), 403)
    h.expect(
        client.post(
            f"{h.API}/clients",
            json={"mother_name": "Ан", "father_name": "Ив", "sex": "M", "birth_year": 1980},
            headers=partner,
        ),
        403,
    )
    assert h.count(session, "coupon", status="redeemed") == 2


def test_committee_sees_no_clients_or_coupons(client, hdr, scene, orgs, session):
    coupon = h.issue(
        client,
        hdr["organiser"],
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["employment"],
        direction="employment_referral",
    )
    for committee in (hdr["committee"], hdr["committee_region"]):
        refused = [
            client.get(f"{h.API}/coupons", headers=committee),
            client.get(f"{h.API}/coupons/{coupon['code']}", headers=committee),
            client.get(f"{h.API}/coupons/{coupon['token']}", headers=committee),
            h.redeem(client, committee, coupon["code"]),
            h.set_outcome(client, committee, coupon["code"], outcome="employed"),
            h.cancel(client, committee, coupon["code"]),
            client.get(f"{h.API}/clients", headers=committee),
            client.get(f"{h.API}/clients/{scene.client_id}", headers=committee),
            client.get(f"{h.API}/clients/by-code/{scene.client_code}", headers=committee),
            client.post(
                f"{h.API}/clients",
                json={"mother_name": "Анна", "father_name": "Иван", "sex": "M", "birth_year": 1985},
                headers=committee,
            ),
            h.issue_resp(
                client,
                committee,
                booth=scene.employment_booth,
                client_id=scene.client_id,
                org=orgs["employment"],
                direction="employment_referral",
            ),
            h.consult(
                client,
                committee,
                booth=scene.employment_booth,
                client_id=scene.client_id,
                direction="employment_counselling",
            ),
            h.visit(client, committee, fair=scene.fair, client_id=scene.client_id),
        ]
        assert [r.status_code for r in refused] == [403] * len(refused), [
            r.text for r in refused if r.status_code != 403
        ]
        for resp in refused:
            assert scene.client_code not in resp.text
        # What the committee may read: fairs and organisations of its district(s).
        fairs = h.expect(client.get(f"{h.API}/fairs", headers=committee), 200)
        assert scene.fair["id"] in {f["id"] for f in fairs}
        h.expect(client.get(f"{h.API}/organisations", headers=committee), 200)
    assert h.count(session, "coupon", status="issued") == 1
    assert h.count(session, "coupon") == 1


def test_admin_has_no_district(client, hdr, scene, orgs, session):
    admin = hdr["admin"]
    refused = [
        client.get(f"{h.API}/fairs", headers=admin),
        client.post(f"{h.API}/fairs", json={"date": "2027-01-11"}, headers=admin),
        client.post(f"{h.API}/fairs/schedule", json={"year": 2027}, headers=admin),
        client.get(f"{h.API}/fairs/{scene.fair['id']}", headers=admin),
        client.post(f"{h.API}/fairs/{scene.fair['id']}/close", headers=admin),
        client.post(
            f"{h.API}/fairs/{scene.fair['id']}/booths",
            json={"organisation_id": orgs["redcross"]},
            headers=admin,
        ),
        client.get(f"{h.API}/organisations", headers=admin),
        client.post(
            f"{h.API}/organisations", json={"name": "X", "kind": "ngo", "directions": []}, headers=admin
        ),
        client.post(
            f"{h.API}/clients",
            json={"mother_name": "Анна", "father_name": "Иван", "sex": "M", "birth_year": 1985},
            headers=admin,
        ),
        client.get(f"{h.API}/clients/{scene.client_id}", headers=admin),
        client.get(f"{h.API}/coupons", headers=admin),
        h.issue_resp(
            client,
            admin,
            booth=scene.employment_booth,
            client_id=scene.client_id,
            org=orgs["employment"],
            direction="employment_referral",
        ),
        h.visit(client, admin, fair=scene.fair, client_id=scene.client_id),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused), [
        r.text for r in refused if r.status_code != 403
    ]
    h.expect(client.get(f"{h.API}/directions", headers=admin), 200)
    assert h.count(session, "fair") == 1
    assert h.count(session, "coupon") == 0


def test_organiser_b_cannot_touch_district_a(client, hdr, scene, orgs):
    other = hdr["organiser_b"]
    coupon = h.issue(
        client,
        hdr["organiser"],
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["employment"],
        direction="employment_referral",
    )
    h.expect(client.post(f"{h.API}/fairs/{scene.fair['id']}/close", headers=other), 404, "fair_not_found")
    h.expect(h.visit(client, other, fair=scene.fair, client_id=scene.client_id), 404)
    h.expect(
        h.issue_resp(
            client,
            other,
            booth=scene.employment_booth,
            client_id=scene.client_id,
            org=orgs["employment"],
            direction="employment_referral",
        ),
        404,
    )
    h.expect(h.redeem(client, other, coupon["code"]), 404, "unknown_code")
    h.expect(client.get(f"{h.API}/clients/{scene.client_id}", headers=other), 404)
    assert h.expect(client.get(f"{h.API}/coupons", headers=other), 200)["total"] == 0
    # District B registering the same attributes gets its own client.
    mine = h.register(client, other, expect_status=201)
    assert mine["id"] != scene.client_id and mine["code"] == scene.client_code
