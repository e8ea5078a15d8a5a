"""Another organisation's short code is answered exactly as a code that does not exist, on every path that
takes a code (look-up, redeem, binding a blank), whatever the coupon's state (blank, bound, voided), and
each such look-up is in the scan log like any other."""

from __future__ import annotations

import secrets

import pytest

from tests.api import helpers as h
from tests.api.test_pads import _closed_fair_with_pad, bind, pad, void


def unknown_code() -> str:
    """A well-formed short code (right check character) that no coupon has."""
    body = "".join(secrets.choice(h.CROCKFORD) for _ in range(8))
    return body + h.luhn32_check(body)


def _paths(client, headers: dict, target: dict):  # noqa: ANN001, ANN202
    """Every way a partner sends a code: (name, the answer for `ref`)."""
    return [
        ("look-up", lambda ref: client.get(f"{h.API}/coupons/{ref}", headers=headers)),
        ("redeem", lambda ref: h.redeem(client, headers, ref)),
        ("bind", lambda ref: bind(client, headers, ref, **target)),
    ]


def _same_as_unknown(client, headers: dict, target: dict, session, foreign: str) -> None:  # noqa: ANN001
    for name, ask in _paths(client, headers, target):
        before = h.count(session, "scan")
        missing = ask(unknown_code())
        theirs = ask(foreign)
        assert (theirs.status_code, theirs.json()) == (missing.status_code, missing.json()), name
        assert theirs.headers["content-type"] == missing.headers["content-type"]
        assert missing.status_code == 404 and missing.json()["code"] == "unknown_code", name
        assert h.count(session, "scan") == before + 2, name  # both look-ups logged
        assert h.count(session, "scan", ref=foreign.upper(), result="other_organisation") >= 1, name


@pytest.fixture
def target(scene, orgs) -> dict:  # noqa: ANN001
    return {"client_id": scene.client_id, "org": orgs["hospital"], "direction": "hiv_testing"}


def test_another_organisations_blank_is_an_unknown_code(client, hdr, scene, target, session) -> None:
    blank = h.expect(pad(client, hdr["organiser"], fair=scene.fair, booth=scene.employment_booth), 201)[
        "blanks"
    ][0]
    _same_as_unknown(client, hdr["partner_hospital"], target, session, blank["code"])
    # Its own booth's staff still hear that it is a blank not filled in yet.
    own = hdr["partner_employment"]
    h.expect(client.get(f"{h.API}/coupons/{blank['code']}", headers=own), 409, "blank_coupon")


def test_another_organisations_bound_coupon_is_an_unknown_code(client, hdr, scene, orgs, session) -> None:
    theirs = h.issue(
        client,
        hdr["partner_employment"],
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["employment"],
        direction="employment_referral",
    )
    target = {"client_id": scene.client_id, "org": orgs["employment"], "direction": "employment_referral"}
    _same_as_unknown(client, hdr["partner_hospital"], target, session, theirs["code"])


def test_another_organisations_voided_blank_is_an_unknown_code(client, hdr, orgs, session) -> None:
    fair, _booth, blanks = _closed_fair_with_pad(client, hdr, orgs)
    h.expect(void(client, hdr["organiser"], fair), 200)
    person = h.register(client, hdr["organiser"])
    target = {"client_id": person["id"], "org": orgs["hospital"], "direction": "hiv_testing"}
    _same_as_unknown(client, hdr["partner_hospital"], target, session, blanks[0]["code"])


def test_a_refused_bind_is_in_the_scan_log_and_binds_nothing(client, hdr, scene, target, session) -> None:
    blank = h.expect(pad(client, hdr["organiser"], fair=scene.fair, booth=scene.employment_booth), 201)[
        "blanks"
    ][0]
    h.expect(bind(client, hdr["partner_hospital"], blank["code"], **target), 404, "unknown_code")
    assert h.count(session, "scan", ref=blank["code"], action="lookup", result="other_organisation") == 1
    assert h.count(session, "coupon", code=blank["code"], status="blank") == 1
    # By QR token (whoever holds the paper), the answer says where it belongs, without details, and is logged.
    h.expect(bind(client, hdr["partner_hospital"], blank["token"], **target), 403, "other_organisation")
    assert h.count(session, "scan", via="token", result="other_organisation") == 1
