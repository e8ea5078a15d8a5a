"""The access log of a real `fairs serve` holds no QR token, coupon code or client code.

The server runs as a child process with its output in a file; a whole referral loop goes through it: a
client registered, two coupons issued, looked up by token and by code and redeemed through the JSON API
and through the pages (the QR address, the coupon screen, its redeem form, the code typed on the redeem
page), an outcome recorded, the client found by code. Then the log file is searched for every token and
code used.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from fairs import logs
from tests import world
from tests.api import helpers as h
from tests.api.test_race import _free_port
from tests.pages.conftest import csrf_of


@pytest.fixture
def served(db_url: str, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`fairs serve` on the test database, its output (access log included) in a file."""
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_file = tmp_path / "server.log"
    env = {**os.environ, "FAIRS_DATABASE_URL": db_url, "FAIRS_BASE_URL": base_url, "FAIRS_LOG_LEVEL": "INFO"}
    command = [sys.executable, "-c", "from fairs.cli import app; app()", "serve", "--port", str(port)]
    with log_file.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, log_file.read_text()
            assert time.monotonic() < deadline, "the server did not start"
            try:
                if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base_url, log_file
    finally:
        process.terminate()
        process.wait(timeout=15)


def page_login(http: httpx.Client, username: str) -> str:
    """Log in through the form; the CSRF token of the session."""
    form = {"username": username, "password": world.PASSWORD, "csrf_token": csrf_of(http.get("/login").text)}
    assert http.post("/login", data=form, follow_redirects=False).status_code == 303
    return csrf_of(http.get("/scan").text)


def test_the_access_log_holds_no_token_or_code(client, hdr, scene, orgs, served) -> None:  # noqa: ANN001
    base_url, log_file = served
    organiser, issuer, receiver = hdr["organiser"], hdr["partner_employment"], hdr["partner_hospital"]
    with httpx.Client(base_url=base_url, timeout=30) as api:
        issued = [
            h.issue(
                api,
                issuer,
                booth=scene.employment_booth,
                client_id=scene.client_id,
                org=orgs["hospital"],
                direction="hiv_testing",
            )
            for _ in range(3)
        ]
        by_api, by_page, by_typed_code = issued
        h.expect(api.get(f"{h.API}/clients/by-code/{scene.client_code}", headers=organiser), 200)
        h.expect(api.get(f"{h.API}/coupons/{by_api['token']}", headers=receiver), 200)
        h.expect(api.get(f"{h.API}/coupons/{by_api['code']}", headers=receiver), 200)
        h.expect(h.redeem(api, receiver, by_api["code"]), 200)
        h.expect(api.get(f"{h.API}/coupons/{by_api['token']}/scans", headers=organiser), 200)
    with httpx.Client(base_url=base_url, timeout=30, follow_redirects=True) as pages:
        csrf = page_login(pages, "partner_hospital")
        assert pages.get(f"/c/{by_page['token']}").status_code == 200
        assert pages.get(f"/coupons/{by_page['code']}").status_code == 200
        form = {"csrf_token": csrf, "idempotency_key": "k-" + by_page["code"]}
        assert pages.post(f"/coupons/{by_page['token']}/redeem", data=form).status_code == 200
        assert pages.get("/scan", params={"code": by_typed_code["code"]}).status_code == 200
        form = {"csrf_token": csrf}
        assert pages.post(f"/coupons/{by_typed_code['code']}/redeem", data=form).status_code == 200
        assert pages.get("/inbox", params={"code": by_page["code"]}).status_code == 200
        csrf = page_login(pages, "organiser")
        assert pages.get("/clients", params={"q": scene.client_code}).status_code == 200
    time.sleep(0.5)  # let the server write its last lines
    logged = log_file.read_text(encoding="utf-8")
    access = [line for line in logged.splitlines() if "HTTP/1.1" in line]
    assert len(access) >= 20, logged  # the access log was on and in the file
    secrets = [scene.client_code, quote(scene.client_code)]
    secrets += [coupon[key] for coupon in issued for key in ("token", "code")]
    for secret in secrets:
        assert secret not in logged, (secret, [line for line in access if secret in line])
    for prefix in {c["token"][:6] for c in issued} | {c["code"][:5] for c in issued}:
        assert prefix not in logged, prefix
    assert any("/c/…" in line for line in access) and any("/by-code/…" in line for line in access)


def test_our_own_log_lines_are_redacted_too(caplog: pytest.LogCaptureFixture) -> None:
    logs.install()
    caplog.set_level(logging.INFO)
    token, code = "Zx9_aB-cD3eF4gH5iJ6kL7mN8oP9qR0s", "K7QM2XHDQ"
    logging.getLogger("fairs.exports.jobs").warning("failed at /c/%s and /api/v1/coupons/%s", token, code)
    logging.getLogger("fairs.db").info(f"GET /inbox?code={code}&page=2 /api/v1/clients/by-code/ПРТИ279")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "/c/… and /api/v1/coupons/…" in logged and "?code=…&page=2" in logged and "/by-code/…" in logged
    for secret in (token, code, "ПРТИ279"):
        assert secret not in logged
