"""Two app servers on one PostgreSQL database behave as one: export jobs, idempotency, lock-out, sessions.

Each test starts two `uvicorn` processes (as two hosts would run `fairs serve`) on the test's database,
each with an export directory of its own (no shared disk), the same secret key and settings. What one
process did must hold on the other: a background export started through server 1 is polled and
downloaded through server 2 (after server 1 is gone), a redeem retried through server 2 with the same
Idempotency-Key gets server 1's answer, a lock-out reached through server 1 holds on server 2, and a
page session begun on server 1 works (and ends) on server 2.

PostgreSQL only (SQLite is one machine's file): skipped without FAIRS_TEST_DATABASE_URL, failed when
FAIRS_TEST_REQUIRE_POSTGRES (or CI) is set and the server cannot be reached (see tests/conftest.py).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from io import BytesIO
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook

from tests.api import helpers as h
from tests.api.conftest import hdr, scene  # noqa: F401  (fixtures)
from tests.exports.conftest import history  # noqa: F401  (fixture)
from tests.pages.conftest import csrf_of
from tests.world import PASSWORD

PG_ENV = "FAIRS_TEST_DATABASE_URL"
START_TIMEOUT = 30.0
JSON = {"Accept": "application/json"}

# The app as `fairs serve` runs it, with background exports from three register rows on (the history
# has six coupons), so that a small database makes a background job. "slow" (the second argument) makes
# every register row take 10 s and the heartbeat beat every 0.5 s, a job abandoned after 3 s without one.
SERVE = """
import sys
import time
from datetime import timedelta

import uvicorn

from fairs.exports import jobs
from fairs.services import report

jobs.BACKGROUND_ROWS = 2
if sys.argv[2:] == ["slow"]:
    jobs.HEARTBEAT_EVERY, jobs.STALE_AFTER = 0.5, timedelta(seconds=3)
    rows = report.register_rows

    def slow_rows(*args, **kwargs):
        for row in rows(*args, **kwargs):
            time.sleep(10)
            yield row

    report.register_rows = slow_rows
uvicorn.run(
    "fairs.app:create_app", factory=True, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning"
)
"""

pytestmark = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)


@pytest.fixture(autouse=True)
def _postgresql_configured() -> None:
    if not os.environ.get(PG_ENV):
        pytest.skip(
            f"Scale-out tests skipped: two servers sharing one database need PostgreSQL; set {PG_ENV} "
            "(e.g. postgresql+psycopg://postgres@127.0.0.1/test)"
        )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def _server(tmp: Path, name: str, *extra: str) -> Iterator[tuple[subprocess.Popen, str]]:
    """One app process on the test's database (the environment the `db_url` fixture set); its URL."""
    port = _free_port()
    env = {**os.environ, "FAIRS_EXPORT_DIR": str(tmp / name / "exports"), "FAIRS_LOG_LEVEL": "WARNING"}
    log = tmp / f"{name}.log"
    with log.open("w") as out:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", SERVE, str(port), *extra], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"{name} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"{name} did not start:\n{log.read_text()[-3000:]}"
            time.sleep(0.1)
        yield process, url
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


@pytest.fixture
def servers(db_url: str, tmp_path: Path) -> Iterator[list[tuple[subprocess.Popen, str]]]:
    """Two app processes on the test's database: [(process, url), (process, url)]."""
    with ExitStack() as stack:
        yield [stack.enter_context(_server(tmp_path, name)) for name in ("one", "two")]


@pytest.fixture
def slow_servers(db_url: str, tmp_path: Path) -> Iterator[list[tuple[subprocess.Popen, str]]]:
    """The same, with slow register rows and a quick heartbeat (see SERVE)."""
    with ExitStack() as stack:
        yield [stack.enter_context(_server(tmp_path, name, "slow")) for name in ("one", "two")]


def _poll(url: str, headers: dict, until: tuple[str, ...], timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        body = h.expect(httpx.get(url, headers=headers), 200)
        if body["status"] in until:
            return body
        assert time.monotonic() < deadline, body
        time.sleep(0.2)


def test_an_export_started_on_one_is_polled_and_downloaded_on_the_other(servers, auth, history):  # noqa: F811
    (first, one), (_second, two) = servers
    headers = {**auth("organiser"), **JSON}
    accepted = httpx.get(f"{one}/exports/register.xlsx", params=history.params(lang="en"), headers=headers)
    job = h.expect(accepted, 202)
    body = _poll(f"{two}{job['progress_url']}", headers, until=("done", "failed"))
    assert body["status"] == "done" and body["ready"] is True, body
    assert body["done"] == body["total"] == 6
    # The process that wrote the file is gone; the other serves it from the database.
    first.terminate()
    first.wait(timeout=10)
    resp = httpx.get(f"{two}{job['download_url']}", headers=auth("organiser"))
    assert resp.status_code == 200, resp.text[:500]
    assert resp.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert int(resp.headers["content-length"]) == len(resp.content)
    assert (
        f'filename="register_{history.period[0]}_{history.period[1]}.xlsx"'
        in resp.headers["content-disposition"]
    )
    wb = load_workbook(BytesIO(resp.content))
    assert wb.sheetnames == [
        "Summary",
        "By fair",
        "By organisation",
        "By direction",
        "By category",
        "Reasons for not hiring",
        "A year later",
        "Coupons",
        "Definitions",
    ]
    assert wb["Coupons"].max_row == 7  # the header and six coupons


def test_a_job_whose_process_dies_is_failed_by_its_heartbeat_on_the_other(slow_servers, auth, history):  # noqa: F811
    (first, one), (_, two) = slow_servers
    headers = {**auth("organiser"), **JSON}
    job = h.expect(httpx.get(f"{one}/exports/register.xlsx", params=history.params(), headers=headers), 202)
    _poll(f"{two}{job['progress_url']}", headers, until=("running",))
    # Its register takes a minute; the heartbeat of server 1 keeps it alive well past STALE_AFTER.
    time.sleep(5)
    assert h.expect(httpx.get(f"{two}{job['progress_url']}", headers=headers), 200)["status"] == "running"
    first.kill()
    first.wait(timeout=10)
    failed = _poll(f"{two}{job['progress_url']}", headers, until=("failed", "done"), timeout=30)
    assert failed["status"] == "failed" and failed["ready"] is False
    h.expect(httpx.get(f"{two}{job['download_url']}", headers=headers), 404, "export_not_ready")


def test_a_redeem_retried_on_the_other_gets_the_first_answer(servers, client, hdr, scene, orgs, session):  # noqa: F811
    (_, one), (_, two) = servers
    partner = hdr["partner_employment"]
    coupon = h.issue(
        client,
        hdr["organiser"],
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["employment"],
        direction="employment_referral",
    )
    path = f"{h.API}/coupons/{coupon['code']}/redeem"
    keyed = {**partner, "Idempotency-Key": "tap-across-hosts"}
    first = httpx.post(f"{one}{path}", headers=keyed)
    assert first.status_code == 200 and first.json()["status"] == "redeemed", first.text
    again = httpx.post(f"{two}{path}", headers=keyed)
    assert (again.status_code, again.content) == (first.status_code, first.content)
    # Without the key, the other server tells the truth: already redeemed; one scan row was written.
    h.expect(httpx.post(f"{two}{path}", headers=partner), 409, "already_redeemed")
    assert h.count(session, "scan", result="redeemed") == 1


def test_a_lock_out_on_one_holds_on_the_other(servers):
    (_, one), (_, two) = servers
    token = f"{h.API}/auth/token"
    for _ in range(5):
        h.expect(httpx.post(f"{one}{token}", data={"username": "organiser", "password": "wrong"}), 401)
    locked = httpx.post(f"{two}{token}", data={"username": "organiser", "password": PASSWORD})
    h.expect(locked, 429, "too_many_attempts")
    assert int(locked.headers["Retry-After"]) > 0
    h.expect(httpx.post(f"{two}{token}", data={"username": "admin", "password": PASSWORD}), 200)


class _Cookies:
    """Cookies kept by hand: the session cookie is Secure (FAIRS_BASE_URL is https in the tests), and
    an HTTP client would not send it to http://127.0.0.1."""

    def __init__(self) -> None:
        self.jar: dict[str, str] = {}

    def __call__(self, resp: httpx.Response) -> httpx.Response:
        self.jar.update(resp.cookies.items())
        return resp

    @property
    def header(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{name}={value}" for name, value in self.jar.items())}


def test_a_page_session_from_one_works_on_the_other(servers):
    (_, one), (_, two) = servers
    cookies = _Cookies()
    page = cookies(httpx.get(f"{one}/login"))
    form = {"username": "organiser", "password": PASSWORD, "csrf_token": csrf_of(page.text)}
    logged_in = cookies(httpx.post(f"{one}/login", data=form, headers=cookies.header))
    assert logged_in.status_code == 303, logged_in.text[:500]
    home = httpx.get(f"{two}/fairs", headers=cookies.header)
    assert home.status_code == 200 and 'action="/logout"' in home.text
    anonymous = httpx.get(f"{two}/fairs")
    assert anonymous.status_code in (302, 303) and "/login" in anonymous.headers["location"]
    # Logging out on server 2 ends the session on server 1 too (sessions are kept in the database):
    # the same cookie, sent again, no longer logs anyone in.
    out = httpx.post(f"{two}/logout", data={"csrf_token": csrf_of(home.text)}, headers=cookies.header)
    assert out.status_code in (302, 303), out.text[:500]
    stale = httpx.get(f"{one}/fairs", headers=cookies.header)
    assert stale.status_code in (302, 303) and "/login" in stale.headers["location"]
