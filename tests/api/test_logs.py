"""Logs carry no personal data and no coupon tokens: a real server's log records, searched for them."""

from __future__ import annotations

import logging
import threading
import time

import httpx
import pytest
import uvicorn

from fairs.app import create_app
from fairs.logs import redact_path
from tests.api import helpers as h
from tests.api.test_race import _free_port

FULL_NAME = "Снегирёва Прасковья Тихоновна"
PHONE = "+375 29 7654321"


def test_redact_path() -> None:
    token = "Zx9_aB-cD3eF4gH5iJ6kL7mN8oP9qR0s"
    assert redact_path(f"/c/{token}?next=/x") == "/c/…?…"
    assert redact_path(f"/api/v1/coupons/{token}/redeem") == "/api/v1/coupons/…/redeem"
    assert redact_path("/api/v1/coupons/K7QM2XHD9") == "/api/v1/coupons/…"
    assert redact_path("/clients?q=%D0%98%D0%B2") == "/clients?…"
    assert redact_path("/api/v1/clients/by-code/%D0%9F%D0%A0279") == "/api/v1/clients/by-code/…"
    assert redact_path("/api/v1/booths/3/coupons") == "/api/v1/booths/3/coupons"  # nothing secret there


def test_every_route_that_carries_a_token_or_code_is_redacted() -> None:
    """From the route table: a path parameter named token, code or ref never reaches the log (direction
    codes, which name a service and not a person, excepted)."""
    import re

    from fastapi.routing import APIRoute, iter_route_contexts

    from fairs.app import create_app

    secret = "S3CR3TVALUE9"
    checked = 0
    for context in iter_route_contexts(create_app().routes):
        path = context.path
        if not isinstance(context.original_route, APIRoute) or "directions/" in path:
            continue
        if re.search(r"{(token|code|ref)}", path):
            concrete = re.sub(r"{(token|code|ref)}", secret, re.sub(r"{\w+}", "7", path))
            assert secret not in redact_path(concrete), path
            checked += 1
    assert checked >= 20, checked


def test_a_served_session_logs_nothing_personal(client, hdr, scene, orgs, caplog: pytest.LogCaptureFixture):
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_config=None, access_log=True)
    )
    caplog.set_level(logging.DEBUG)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline
        time.sleep(0.01)
    try:
        org = hdr["organiser"]
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            body = {
                "mother_name": "Прасковья",
                "father_name": "Тихон",
                "sex": "F",
                "birth_year": 1979,
                "consent": True,
                "full_name": FULL_NAME,
                "phone": PHONE,
            }
            person = h.expect(http.post(f"{h.API}/clients", json=body, headers=org), 201)
            h.expect(http.get(f"{h.API}/clients/{person['id']}", headers=org), 200)
            coupon = h.issue(
                http,
                hdr["partner_employment"],
                booth=scene.employment_booth,
                client_id=person["id"],
                org=orgs["hospital"],
                direction="infectious",
            )
            h.expect(http.get(f"{h.API}/coupons/{coupon['token']}", headers=org), 200)
            h.expect(
                http.post(f"{h.API}/coupons/{coupon['token']}/redeem", headers=hdr["partner_hospital"]), 200
            )
            http.get(f"/c/{coupon['token']}", follow_redirects=False)
            http.get("/clients", params={"q": FULL_NAME}, follow_redirects=False)
            # A refused body must not echo into the logs either.
            http.post(f"{h.API}/clients", json={**body, "birth_year": "x" + PHONE}, headers=org)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    # What the server side logs (the test's own HTTP client logs its requests: not ours).
    messages = [r.getMessage() for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    access = [m for m in messages if "HTTP/1.1" in m]
    assert len(access) >= 8, messages  # the access log was on and captured
    logged = "\n".join(messages)
    for secret in (FULL_NAME, PHONE, "Снегирёва", coupon["token"], "Прасковья"):
        assert secret not in logged


@pytest.mark.parametrize("broken", ["not_null", "unique"])
def test_database_errors_do_not_carry_the_values(db_url, broken):
    """A failed statement's traceback (what a 500 logs), its causes included, names none of the values it
    was given nor the failing row or key: PostgreSQL repeats them in a detail line («Failing row contains
    (…)», «Key (…)=(…) already exists»)."""
    import traceback

    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from fairs.db import make_engine

    engine = make_engine(db_url)
    row = {"c": "ПРТИ279", "n": FULL_NAME, "t": "2026-01-01 00:00:00"}
    insert = text(
        "INSERT INTO client (district_id, code, base_code, sex, birth_year, full_name, created_at, person_id)"
        " VALUES (:d, :c, :c, 'F', 1979, :n, :t, :p)"
    )
    try:
        with engine.begin() as conn:
            district = conn.execute(text("SELECT min(id) FROM district")).scalar_one()
            person = conn.execute(
                text("INSERT INTO person (code) VALUES (:c) RETURNING id"), row
            ).scalar_one()
            if broken == "unique":  # the same code twice in one district: the key names the code
                conn.execute(insert, {**row, "d": district, "p": person, "n": None})
        with engine.begin() as conn, pytest.raises(IntegrityError) as failure:
            # not_null: no person, and the row holds a name
            conn.execute(insert, {**row, "d": district, "p": person if broken == "unique" else None})
    finally:
        engine.dispose()
    told = "".join(traceback.format_exception(failure.value))
    assert FULL_NAME not in told and "Прасковья" not in told
    assert row["c"] not in told.replace("VALUES (:c", "")  # the code only as a parameter's name
    assert "hidden due to hide_parameters" in str(failure.value)
    assert ("person_id" if broken == "not_null" else "unique") in told.lower()  # which rule, not what value
