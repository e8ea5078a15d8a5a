"""Which coupon a client already holds counts as a duplicate (found by the mutation run, docs/testing.md):
the same direction to the same receiving organisation, still valid today (its last valid day included); the
same direction to another receiver is a new referral."""

from __future__ import annotations

import datetime as dt

from fairs.config import get_settings
from tests.api import helpers as h


def test_the_same_direction_to_another_receiver_is_not_a_duplicate(client, hdr, orgs, scene):
    org = hdr["organiser"]
    first = {"client_id": scene.client_id, "direction": "employment_referral", "confirm_duplicate": False}
    h.expect(h.issue_resp(client, org, booth=scene.employment_booth, org=orgs["employment"], **first), 201)
    # The employer receives the same direction: a referral to it is another coupon, not asked about.
    other = h.issue_resp(client, org, booth=scene.employment_booth, org=orgs["employer"], **first)
    assert h.expect(other, 201)["organisation_id"] == orgs["employer"]
    # The same receiver again is asked about.
    again = h.issue_resp(client, org, booth=scene.employment_booth, org=orgs["employment"], **first)
    h.expect(again, 409, "duplicate_coupon")


def test_a_coupon_on_its_last_valid_day_is_still_held(client, hdr, orgs, scene):
    org = hdr["organiser"]
    validity = dt.timedelta(days=get_settings().coupon_validity_days)
    old = h.make_open_fair(client, org, day=h.today() - validity)
    booth = h.add_booth(client, org, fair=old, org=orgs["employment"])
    h.close_fair(client, org, fair=old)
    asked = {"client_id": scene.client_id, "direction": "employment_counselling", "confirm_duplicate": False}
    held = h.expect(h.issue_resp(client, org, booth=booth, org=orgs["employment"], **asked), 201)
    assert held["expires_on"] == h.today().isoformat()  # its last valid day is today
    again = h.issue_resp(client, org, booth=scene.employment_booth, org=orgs["employment"], **asked)
    problem = h.expect(again, 409, "duplicate_coupon")
    shown = problem["existing"]["code_display"]
    assert problem["existing"] == {
        "code": held["code"],
        "code_display": shown,
        "expires_on": held["expires_on"],
    }
    assert shown.replace("-", "") == held["code"]
    assert problem["detail"] == (
        f"У клиента {scene.client_code} уже есть действующий талон {shown} по направлению "
        f"«Профориентация и содействие занятости (центр занятости)» в Центр занятости, "
        f"действителен до {h.today():%d.%m.%Y}."
    )
