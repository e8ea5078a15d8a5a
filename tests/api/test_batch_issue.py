"""Several coupons at once (POST /api/v1/booths/{id}/coupons/batch): all or nothing in one transaction, a
refusal naming its item, audited like single issues, an Idempotency-Key repeat answered with the first
coupons; and the duplicate guard (single and batch): a second valid coupon for the same client, direction
and receiving organisation is 409 `duplicate_coupon` naming the existing one, unless confirmed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from tests.api import helpers as h


def _batch(client, headers: dict, booth: dict, body: dict, key: str | None = None):  # noqa: ANN001, ANN202
    extra = {"Idempotency-Key": key} if key else {}
    return client.post(f"{h.API}/booths/{booth['id']}/coupons/batch", json=body, headers={**headers, **extra})


def test_a_batch_is_all_or_nothing_and_a_repeat_gets_the_first_coupons(client, hdr, scene, orgs, session):
    partner = hdr["partner_employment"]
    booth = scene.employment_booth
    items = [
        {"organisation_id": orgs["employment"], "direction": "employment_counselling"},
        {"organisation_id": orgs["hospital"], "direction": "hiv_testing"},
        {"organisation_id": orgs["hospital"], "direction": "infectious"},
    ]
    body = {"client_id": scene.client_id, "items": items}
    first = _batch(client, partner, booth, body, key="visitor-1")
    issued = h.expect(first, 201)["coupons"]
    assert [(c["organisation_id"], c["direction"]) for c in issued] == [
        (i["organisation_id"], i["direction"]) for i in items
    ]
    assert {c["status"] for c in issued} == {"issued"} and len({c["code"] for c in issued}) == 3
    assert {c["client_code"] for c in issued} == {scene.client_code}
    assert h.count(session, "coupon") == 3
    assert h.count(session, "audit_entry", action="issue", entity="coupon") == 3
    assert h.count(session, "visit", client_id=scene.client_id) == 1  # one visit, not one per coupon
    # The repeat (a retry after a lost answer) gets the very same answer and issues nothing.
    again = _batch(client, partner, booth, body, key="visitor-1")
    assert (again.status_code, again.content) == (201, first.content)
    assert h.count(session, "coupon") == 3
    h.expect(_batch(client, partner, booth, {**body, "items": items[:1]}, key="visitor-1"), 422)

    # One refused item (the employment centre does not receive HIV testing): named, and nothing written,
    # not even the items before it.
    other = h.register(client, hdr["organiser"], mother="Ольга", father="Пётр")
    mixed = [
        {"organisation_id": orgs["hospital"], "direction": "psychoneuro"},
        {"organisation_id": orgs["employment"], "direction": "hiv_testing"},
    ]
    refused = h.expect(
        _batch(client, partner, booth, {"client_id": other["id"], "items": mixed}),
        400,
        "direction_not_received",
    )
    assert refused["item"] == 1 and refused["direction"] == "hiv_testing"
    assert refused["detail"].startswith("Талон 2 из 2")
    assert h.count(session, "coupon") == 3
    assert h.count(session, "visit", client_id=other["id"]) == 0
    assert h.count(session, "audit_entry", action="issue", entity="coupon") == 3
    twice = {"client_id": other["id"], "items": [mixed[0], mixed[0]]}
    assert h.expect(_batch(client, partner, booth, twice), 400, "repeated_item")["item"] == 1
    h.expect(_batch(client, partner, booth, {"client_id": other["id"], "items": []}), 422)

    # Authorisation as for a single issue: another organisation's booth, another district's organiser.
    one = {"client_id": other["id"], "items": mixed[:1]}
    h.expect(_batch(client, hdr["partner_hospital"], booth, one), 403)
    h.expect(_batch(client, hdr["organiser_b"], booth, one), 404, "booth_not_found")
    assert h.count(session, "coupon") == 3


def test_a_second_valid_coupon_like_one_held_is_asked_about_first(client, hdr, scene, orgs, session):
    organiser = hdr["organiser"]
    target = {"booth": scene.employment_booth, "client_id": scene.client_id}
    counselling = {**target, "org": orgs["employment"], "direction": "employment_counselling"}
    first = h.issue(client, organiser, **counselling, confirm_duplicate=False)
    refused = h.expect(
        h.issue_resp(client, organiser, **counselling, confirm_duplicate=False), 409, "duplicate_coupon"
    )
    assert refused["existing"] == {
        "code": first["code"],
        "code_display": first["code_display"],
        "expires_on": first["expires_on"],
    }
    assert first["code_display"] in refused["detail"]
    assert h.count(session, "coupon") == 1
    # Confirmed, it is issued; another direction or another organisation is no duplicate.
    second = h.issue(client, organiser, **counselling, confirm_duplicate=True)
    hospital = {**target, "org": orgs["hospital"], "direction": "hiv_testing"}
    hiv = h.issue(client, organiser, **hospital, confirm_duplicate=False)

    # The batch asks item by item, naming the newest valid coupon held, and writes nothing until confirmed.
    items = [
        {"organisation_id": orgs["hospital"], "direction": "infectious"},
        {"organisation_id": orgs["employment"], "direction": "employment_counselling"},
    ]
    body = {"client_id": scene.client_id, "items": items}
    asked = h.expect(_batch(client, organiser, scene.employment_booth, body), 409, "duplicate_coupon")
    assert asked["item"] == 1 and asked["existing"]["code"] == second["code"]
    assert h.count(session, "coupon") == 3
    confirmed = _batch(client, organiser, scene.employment_booth, {**body, "confirm_duplicate": True})
    assert len(h.expect(confirmed, 201)["coupons"]) == 2

    # Only a valid coupon counts: not a cancelled one, nor one past its expiry date.
    h.expect(h.cancel(client, organiser, hiv["code"]), 200)
    h.issue(client, organiser, **hospital, confirm_duplicate=False)
    expired = "UPDATE coupon SET expires_on = :day WHERE organisation_id = :org"
    session.execute(text(expired), {"day": h.today() - dt.timedelta(days=1), "org": orgs["employment"]})
    session.commit()
    h.issue(client, organiser, **counselling, confirm_duplicate=False)


def test_the_readme_rows_name_routes_that_exist() -> None:
    from pathlib import Path

    from tests.test_role_matrix import app_routes

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    routes = set(app_routes())
    assert "`POST /api/v1/booths/{id}/coupons/batch`" in readme and "`duplicate_coupon`" in readme
    assert ("POST", "/api/v1/booths/{booth_id}/coupons/batch") in routes
    assert "| `/fairs/{id}/clients/{id}/print` |" in readme and "`?layout=a4`" in readme
    assert ("GET", "/fairs/{fair_id}/clients/{client_id}/print") in routes
