"""The server killed (SIGKILL) in the middle of a burst of coupon issues leaves no half-written coupon.

`uvicorn` runs the app in a subprocess on the test database; eight threads issue coupons as fast as they
can; once a number of them have been answered the process is killed without warning. Then: SQLite's
`integrity_check` and `foreign_key_check` are clean, every coupon row is complete, every coupon has its
one `issue` audit row and every such row its coupon, every coupon the server confirmed is there, and the
app starts again on the same database and serves. On PostgreSQL the server process is killed the same
way (the database server, separate, keeps running) and the same checks run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from tests.api import helpers as h
from tests.api.test_race import _free_port

THREADS = 8
KILL_AFTER = 40  # answered issues before the kill
COMPLETE = (
    "token IS NOT NULL AND token <> '' AND code IS NOT NULL AND code <> '' AND client_id IS NOT NULL"
    " AND expires_on IS NOT NULL AND issued_on IS NOT NULL AND organisation_id IS NOT NULL"
    " AND direction_id IS NOT NULL AND booth_id IS NOT NULL"
)


def wait_for_orphaned_backends(session: Session) -> None:
    """On PostgreSQL, wait until the killed app's server processes are gone: one that had already
    received its COMMIT finishes it after the client died, so counting earlier would miss that coupon."""
    others = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND pid <> pg_backend_pid() AND state <> 'idle'"
    )
    deadline = time.monotonic() + 15
    while session.execute(others).scalar_one() and time.monotonic() < deadline:
        session.rollback()
        time.sleep(0.1)
    session.rollback()


@contextmanager
def server_process(db_url: str) -> Iterator[tuple[subprocess.Popen, str]]:
    """`uvicorn` serving the app on `db_url` in a child process; yields it and its base URL."""
    port = _free_port()
    env = {**os.environ, "FAIRS_DATABASE_URL": db_url}
    command = [sys.executable, "-m", "uvicorn", "fairs.app:create_app", "--factory", "--port", str(port)]
    process = subprocess.Popen([*command, "--log-level", "warning"], env=env)  # noqa: S603
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, "the server exited"
            assert time.monotonic() < deadline, "the server did not start"
            try:
                if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield process, base_url
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def test_killed_while_issuing_leaves_no_half_written_coupon(client, hdr, scene, orgs, session, db_url):  # noqa: ANN001
    partner = hdr["partner_employment"]
    path = f"{h.API}/booths/{scene.employment_booth['id']}/coupons"
    body = {
        "client_id": scene.client_id,
        "organisation_id": orgs["employment"],
        "direction": "employment_referral",
        "confirm_duplicate": True,
    }
    confirmed: list[str] = []
    failures: list[str] = []
    answered = threading.Semaphore(0)
    stop = threading.Event()

    def issue_until_killed() -> None:
        with httpx.Client(base_url=base_url, headers=partner, timeout=30) as http:
            while not stop.is_set():
                try:
                    resp = http.post(path, json=body)
                except httpx.TransportError:
                    return  # the server is gone
                if resp.status_code == 201:
                    confirmed.append(resp.json()["code"])
                elif resp.status_code >= 500:
                    failures.append(resp.text)
                answered.release()

    with server_process(db_url) as (process, base_url):
        threads = [threading.Thread(target=issue_until_killed) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for _ in range(KILL_AFTER):
            assert answered.acquire(timeout=60), "the burst stalled"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert not failures, failures[:3]
    assert len(confirmed) >= KILL_AFTER - THREADS

    if make_url(db_url).get_backend_name() == "postgresql":
        wait_for_orphaned_backends(session)
    if make_url(db_url).get_backend_name() == "sqlite":
        assert session.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        assert session.execute(text("PRAGMA foreign_key_check")).all() == []
    coupons = h.count(session, "coupon")
    assert coupons >= len(confirmed)
    incomplete = session.execute(text(f"SELECT count(*) FROM coupon WHERE NOT ({COMPLETE})")).scalar_one()  # noqa: S608
    assert incomplete == 0
    stored = set(session.execute(text("SELECT code FROM coupon")).scalars())
    assert set(confirmed) <= stored
    # One issue audit row per coupon, and no audit row of an issue whose coupon is missing.
    unaudited = session.execute(
        text(
            "SELECT count(*) FROM coupon c WHERE (SELECT count(*) FROM audit_entry a"
            " WHERE a.action = 'issue' AND a.entity = 'coupon' AND a.entity_id = c.id) <> 1"
        )
    ).scalar_one()
    orphans = session.execute(
        text(
            "SELECT count(*) FROM audit_entry a WHERE a.action = 'issue' AND a.entity = 'coupon'"
            " AND NOT EXISTS (SELECT 1 FROM coupon c WHERE c.id = a.entity_id)"
        )
    ).scalar_one()
    assert (unaudited, orphans) == (0, 0)
    print(f"killed after {len(confirmed)} confirmed issues; {coupons} coupons stored")  # noqa: T201

    # The app starts again on the same database and goes on issuing.
    with (
        server_process(db_url) as (_process, base_url),
        httpx.Client(base_url=base_url, headers=partner) as http,
    ):
        again = http.post(path, json=body)
        assert again.status_code == 201, again.text
        assert http.get(f"{h.API}/coupons/{again.json()['code']}").status_code == 200
    assert h.count(session, "coupon") == coupons + 1
