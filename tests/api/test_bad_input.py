"""Bad input to the JSON API gets a clear 4xx problem and writes nothing.

Every refusal here is checked three ways: the status, the problem+json body with its machine code, and
the row counts of every table a request could write (audit log included), which must not change.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from tests.api import helpers as h

# Tables a refused request must leave as they were.
WRITTEN = (
    "fair",
    "booth",
    "client",
    "visit",
    "consultation",
    "coupon",
    "audit_entry",
    "organisation",
    "user",
    "followup_contact",
)


def counts(session) -> dict[str, int]:  # noqa: ANN001
    """Rows per table of WRITTEN."""
    return {table: h.count(session, table) for table in WRITTEN}


def refused(resp, status: int, code: str | None = None) -> dict:  # noqa: ANN001
    """A problem document with this status (and code)."""
    assert resp.status_code == status, (resp.status_code, resp.text)
    assert resp.headers["content-type"].startswith(h.PROBLEM_JSON), resp.headers["content-type"]
    body = resp.json()
    assert body["status"] == status and body["detail"]
    if code is not None:
        assert body["code"] == code, body
    return body


@pytest.fixture
def coupon(client, hdr, scene, orgs) -> dict:  # noqa: ANN001
    """An issued coupon of the hospital's, from the employment centre's booth."""
    return h.issue(
        client,
        hdr["partner_employment"],
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["hospital"],
        direction="hiv_testing",
    )


def _wrong_check(code: str) -> str:
    return code[:-1] + ("0" if code[-1] != "0" else "1")


@pytest.mark.parametrize(
    "ref",
    [
        "wrong-check",  # the real code with another check character
        "swapped",  # two neighbouring characters of the real code swapped
        "K7QM",  # too short
        "%21%21%21",  # not an alphabet character at all
        "A" * 300,  # far too long
        "К7QМ-2ХD-9",  # Cyrillic letters mixed in
        "0000-0000-0",  # the right shape, an unknown code
    ],
)
def test_mistyped_and_unknown_codes_redeem_nothing(client, hdr, coupon, session, ref):  # noqa: ANN001
    if ref == "wrong-check":
        ref = _wrong_check(coupon["code"])
    elif ref == "swapped":
        code = coupon["code"]
        ref = code[1] + code[0] + code[2:] if code[0] != code[1] else code[:2] + code[3] + code[2] + code[4:]
    before = counts(session)
    resp = client.post(f"{h.API}/coupons/{ref}/redeem", headers=hdr["partner_hospital"])
    body = refused(resp, resp.status_code)
    assert (resp.status_code, body["code"]) in {(400, "mistyped_code"), (404, "unknown_code")}, body
    assert counts(session) == before
    assert h.count(session, "coupon", status="redeemed") == 0


@pytest.mark.parametrize(
    ("redeemed_on", "status", "code"),
    [
        ("0000-01-01", 422, "validation_error"),  # year 0 does not exist
        ("2026-02-30", 422, "validation_error"),
        ("2026-13-01", 422, "validation_error"),
        ("yesterday", 422, "validation_error"),
        (20260101, 422, "validation_error"),
        ("9999-12-31", 400, "date_in_future"),
        ("far-future", 400, "date_in_future"),
        ("0001-01-01", 400, None),  # before the coupon was issued
    ],
)
def test_redemption_dates_out_of_range(client, hdr, coupon, session, redeemed_on, status, code):  # noqa: ANN001
    if redeemed_on == "far-future":
        redeemed_on = (h.today() + dt.timedelta(days=400)).isoformat()
    before = counts(session)
    resp = h.redeem_raw(client, hdr["organiser"], coupon["code"], body={"redeemed_on": redeemed_on})
    refused(resp, status, code)
    assert counts(session) == before
    assert h.count(session, "coupon", status="redeemed") == 0


@pytest.mark.parametrize("body", [[], "redeem", {"redeemed_on": None, "by": "me"}, {"redeemed_on": {}}])
def test_malformed_redemption_bodies(client, hdr, coupon, session, body):  # noqa: ANN001
    before = counts(session)
    refused(h.redeem_raw(client, hdr["organiser"], coupon["code"], body=body), 422, "validation_error")
    assert counts(session) == before


@pytest.mark.parametrize(
    ("direction", "code"),
    [("no_such_direction", "unknown_direction"), ("rehab", "direction_not_received"), ("", None)],
)
def test_unknown_directions_issue_and_consult_nothing(client, hdr, scene, orgs, session, direction, code):  # noqa: ANN001
    org = hdr["organiser"]
    before = counts(session)
    issue = h.issue_resp(
        client,
        org,
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["hospital"],
        direction=direction,
    )
    refused(issue, 422 if not direction else 400, code)
    if direction == "rehab":  # a booth may consult on any direction; only the coupon must fit the receiver
        assert counts(session) == before
        return
    consult = h.consult(
        client, org, booth=scene.employment_booth, client_id=scene.client_id, direction=direction
    )
    refused(consult, 422 if not direction else 400, None if not direction else "unknown_direction")
    assert counts(session) == before


def test_unknown_outcome_records_nothing(client, hdr, coupon, session):  # noqa: ANN001
    partner = hdr["partner_hospital"]
    h.expect(h.redeem(client, partner, coupon["code"]), 200)
    before = counts(session)
    refused(h.set_outcome(client, partner, coupon["code"], outcome="no_such_outcome"), 400)
    refused(h.set_outcome(client, partner, coupon["code"], outcome="x", day=dt.date(9999, 1, 1)), 400)
    assert counts(session) == before


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/fairs", {"date": "9999-12-31"}, 400),
        ("/fairs", {"date": "0001-01-01"}, 400),
        ("/fairs", {"date": "2027-02-30"}, 422),
        ("/fairs", {"date": "2027-03-01", "starts_at": "25:00"}, 422),
        ("/fairs/schedule", {"year": 0}, 422),
        ("/fairs/schedule", {"year": 9999}, 422),
        ("/clients", {"mother_name": "Ольга", "father_name": "Олег", "sex": "F", "birth_year": 0}, 422),
        ("/clients", {"mother_name": "Ольга", "father_name": "Олег", "sex": "X", "birth_year": 1990}, 400),
        (
            "/clients",
            {
                "mother_name": "Ольга",
                "father_name": "Олег",
                "sex": "F",
                "birth_year": 1990,
                "consent": True,
                "birth_date": "9999-01-01",
            },
            400,
        ),
        (
            "/clients",
            {"mother_name": "\u200b\u200b", "father_name": "Олег", "sex": "F", "birth_year": 1990},
            400,
        ),
        ("/clients", {"mother_name": "😀😀", "father_name": "Олег", "sex": "F", "birth_year": 1990}, 400),
    ],
)
def test_dates_and_attributes_out_of_range(client, hdr, scene, session, path, body, status):  # noqa: ANN001
    before = counts(session)
    refused(client.post(f"{h.API}{path}", json=body, headers=hdr["organiser"]), status)
    assert counts(session) == before


def test_moving_a_fair_out_of_range(client, hdr, scene, session):  # noqa: ANN001
    before = counts(session)
    for day in ("9999-12-31", "0001-01-01"):
        move = client.post(
            f"{h.API}/fairs/{scene.fair['id']}/move", json={"date": day}, headers=hdr["organiser"]
        )
        refused(move, 400, "date_out_of_range")
    assert counts(session) == before


@pytest.mark.parametrize("query", ["from=0001-01-01&to=9999-12-31", "from=2026-12-01&to=2026-01-01"])
def test_report_periods_out_of_range(client, hdr, query):  # noqa: ANN001
    refused(client.get(f"{h.API}/reports/committee?{query}", headers=hdr["organiser"]), 400, "invalid_period")
    refused(client.get(f"/exports/committee.xlsx?{query}", headers=hdr["organiser"]), 400, "invalid_period")


@pytest.mark.parametrize("text", ["X\u0000Y", "bell\u0007", "esc\u001b[31m"])
def test_control_characters_in_text_are_refused_on_both_backends(client, hdr, coupon, session, text):  # noqa: ANN001
    """PostgreSQL refuses NUL (it answered 500), SQLite stored it: both now refuse every control character."""
    org = hdr["organiser"]
    before = counts(session)
    body = {"name": text, "kind": "ngo", "directions": ["humanitarian"]}
    refused(client.post(f"{h.API}/organisations", json=body, headers=org), 422, "validation_error")
    refused(h.cancel(client, org, coupon["code"], reason=text), 422, "validation_error")
    assert counts(session) == before
    assert h.count(session, "coupon", status="cancelled") == 0


def test_tabs_and_newlines_are_still_text(client, hdr, coupon, session):  # noqa: ANN001
    reason = "line one\n\tline two"
    body = h.expect(h.cancel(client, hdr["organiser"], coupon["code"], reason=reason), 200)
    assert body["cancel_reason"] == reason
    stored = session.execute(
        text("SELECT cancel_reason FROM coupon WHERE code = :code"), {"code": coupon["code"]}
    ).scalar_one()
    assert stored == reason
    read = h.expect(client.get(f"{h.API}/coupons/{coupon['code']}", headers=hdr["organiser"]), 200)
    assert read["cancel_reason"] == reason


def test_ids_beyond_64_bits_are_out_of_range_not_a_crash(client, hdr, scene, session):  # noqa: ANN001
    """Found by the fuzz: an id the database integer cannot hold crashed the request (500 on both)."""
    before = counts(session)
    huge = -442851960381329905231892039335936
    resp = client.post(
        f"{h.API}/fairs/{scene.fair['id']}/booths", json={"organisation_id": huge}, headers=hdr["organiser"]
    )
    assert (resp.status_code, resp.json()["code"]) == (422, "out_of_range"), resp.text
    refused(resp, resp.status_code)
    resp = client.get(f"{h.API}/fairs/{2**70}", headers=hdr["organiser"])
    assert (resp.status_code, resp.json()["code"]) == (422, "out_of_range"), resp.text
    refused(resp, resp.status_code)
    assert counts(session) == before


def test_oversized_bodies_get_413_and_write_nothing(client, hdr, scene, orgs, session):  # noqa: ANN001
    org = hdr["organiser"]
    before = counts(session)
    padding = "x" * (1024 * 1024 + 1)
    body = {"client_id": scene.client_id, "organisation_id": orgs["hospital"], "direction": "hiv_testing"}
    resp = client.post(
        f"{h.API}/booths/{scene.employment_booth['id']}/coupons",
        content=('{"pad": "' + padding + '", ' + str(body)[1:]).encode(),
        headers={**org, "content-type": "application/json"},
    )
    refused(resp, 413, "too_large")
    # The route never reads a body: still refused before it runs.
    refused(
        client.post(f"{h.API}/fairs/{scene.fair['id']}/close", content=padding.encode(), headers=org), 413
    )
    assert counts(session) == before
    assert h.expect(client.get(f"{h.API}/fairs/{scene.fair['id']}", headers=org), 200)["status"] == "open"


def test_a_body_without_length_is_cut_off_at_the_limit(client, hdr, scene, session):  # noqa: ANN001
    """Chunked transfer: no Content-Length to check up front, the bytes are counted as they come."""
    before = counts(session)

    def chunks():  # noqa: ANN202
        yield b'{"date": "2027-03-01", "venue": "'
        for _ in range(1100):
            yield b"x" * 1024
        yield b'"}'

    resp = client.post(
        f"{h.API}/fairs", content=chunks(), headers={**hdr["organiser"], "content-type": "application/json"}
    )
    refused(resp, 413, "too_large")
    assert counts(session) == before


def test_the_limit_is_a_setting(monkeypatch, db_url, hdr, scene):  # noqa: ANN001
    from fastapi.testclient import TestClient

    from fairs import config
    from fairs.app import create_app

    monkeypatch.setenv("FAIRS_MAX_BODY_BYTES", "2048")
    config.get_settings.cache_clear()
    with TestClient(create_app()) as small:
        body = {"date": "2027-03-01", "venue": "v" * 3000}
        refused(small.post(f"{h.API}/fairs", json=body, headers=hdr["organiser"]), 413, "too_large")
        body = {"date": "2027-03-01", "venue": "v" * 200}
        h.expect(small.post(f"{h.API}/fairs", json=body, headers=hdr["organiser"]), 201)


@pytest.mark.parametrize(
    ("mother", "father"),
    [("А\u0301нна", "Иван"), ("Ан\u200bна", "Ив\ufeffан"), ("AHHA", "Иван"), ("\uff21нна", "ИВАН")],
)
def test_odd_unicode_in_names_finds_the_same_client(client, hdr, scene, session, mother, father):  # noqa: ANN001
    """The scene's client is Анна/Иван/M/1985: the same person typed oddly is found, not created again."""
    before = h.count(session, "client")
    found = h.register(client, hdr["organiser"], mother=mother, father=father)
    assert found["existing"] and found["id"] == scene.client_id and found["code"] == scene.client_code
    assert h.count(session, "client") == before
    typed = " анив\u200b185 "
    by_code = client.get(f"{h.API}/clients/by-code/{typed}", headers=hdr["organiser"])
    assert h.expect(by_code, 200)["id"] == scene.client_id
