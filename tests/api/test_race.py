"""Racing scans: many simultaneous redemptions of one coupon through a real server; exactly one wins."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import httpx
import pytest
import uvicorn
from sqlalchemy import text

from fairs.app import create_app
from fairs.models import Role
from fairs.services import accounts
from tests.api import helpers as h
from tests.world import PASSWORD

SCANS = 50


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(app) -> Iterator[str]:  # noqa: ANN001
    """`app` served by uvicorn in a background thread on a free port; yields its base URL. `log_config=None`
    leaves the process's logging as it was (uvicorn's default config would keep its access log from the
    root logger in later tests of the same worker)."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert not thread.is_alive()


@pytest.fixture
def live_server(db_url: str) -> Iterator[str]:
    """The app served by uvicorn in a background thread on a free port; yields its base URL."""
    with serving(create_app()) as base_url:
        yield base_url


def _all_at_once(base_url: str, requests: list[tuple[dict, str, dict | None]]) -> list[httpx.Response]:
    """POST each (headers, path, json) from its own thread and connection, released together by a barrier."""
    barrier = threading.Barrier(len(requests))

    def fire(request: tuple[dict, str, dict | None]) -> httpx.Response:
        headers, path, body = request
        with httpx.Client(base_url=base_url, headers=headers, timeout=60) as http:
            http.get("/healthz")  # connect before the barrier, so the POSTs leave together
            barrier.wait(timeout=30)
            return http.post(path, json=body)

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(fire, requests))


def test_fifty_simultaneous_redemptions(client, hdr, scene, orgs, session, live_server):
    coupon = h.issue(
        client,
        hdr["partner_employment"],
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["employment"],
        direction="employment_referral",
    )
    # Two thirds scan the QR token, a third type the code; organiser and partner scan alike.
    requests = [
        (
            hdr["partner_employment"] if i % 2 else hdr["organiser"],
            f"{h.API}/coupons/{coupon['token'] if i % 3 else coupon['code']}/redeem",
            None,
        )
        for i in range(SCANS)
    ]
    responses = _all_at_once(live_server, requests)
    statuses = Counter(r.status_code for r in responses)
    assert statuses == Counter({200: 1, 409: SCANS - 1}), [
        r.text for r in responses if r.status_code not in (200, 409)
    ]
    winner = next(r.json() for r in responses if r.status_code == 200)
    for resp in responses:
        if resp.status_code == 409:
            assert resp.json()["code"] == "already_redeemed"
            assert resp.json()["redeemed_by"] == winner["redeemed_by"]
    assert h.count(session, "audit_entry", action="redeem", entity="coupon") == 1
    assert h.count(session, "coupon", status="redeemed") == 1
    stored = h.expect(client.get(f"{h.API}/coupons/{coupon['code']}", headers=hdr["organiser"]), 200)
    assert stored["redeemed_by"] == winner["redeemed_by"] and stored["redeemed_at"] == winner["redeemed_at"]


def test_two_organisers_back_enter_the_same_stub(client, hdr, orgs, session, auth, live_server):
    org = hdr["organiser"]
    accounts.create_user(
        session,
        actor=None,
        username="organiser2",
        password=PASSWORD,
        role=Role.organiser,
        district_id=_district_of(session, "organiser"),
    )
    fair = h.make_open_fair(client, org, day=h.today() - dt.timedelta(days=10))
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    h.close_fair(client, org, fair=fair)
    person = h.register(client, org)
    coupon = h.issue(
        client,
        org,
        booth=booth,
        client_id=person["id"],
        org=orgs["employment"],
        direction="employment_referral",
    )
    stub_day = h.today() - dt.timedelta(days=8)
    body = {"redeemed_on": stub_day.isoformat()}
    path = f"{h.API}/coupons/{coupon['code']}/redeem"
    responses = _all_at_once(live_server, [(org, path, body), (auth("organiser2"), path, body)])
    assert sorted(r.status_code for r in responses) == [200, 409], [r.text for r in responses]
    winner = next(r.json() for r in responses if r.status_code == 200)
    loser = next(r.json() for r in responses if r.status_code == 409)
    assert winner["redeemed_by"] in ("Иванова А. А.", "organiser2")
    assert loser["code"] == "already_redeemed" and loser["redeemed_by"] == winner["redeemed_by"]
    assert h.count(session, "audit_entry", action="redeem", entity="coupon") == 1
    assert h.audit_rows(session, action="redeem")[0]["back_entered"]
    stored = h.expect(client.get(f"{h.API}/coupons/{coupon['code']}", headers=org), 200)
    assert stored["redeemed_on"] == stub_day.isoformat()


def _district_of(session, username: str) -> int:
    return session.execute(
        text('SELECT district_id FROM "user" WHERE username = :u'), {"u": username}
    ).scalar_one()


class _SmallThreadPool:
    """ASGI wrapper: the served app gets only `tokens` worker threads (set inside the server's loop)."""

    def __init__(self, app, tokens: int) -> None:  # noqa: ANN001
        self.app, self.tokens, self.done = app, tokens, False

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if not self.done:
            import anyio.to_thread

            anyio.to_thread.current_default_thread_limiter().total_tokens = self.tokens
            self.done = True
        await self.app(scope, receive, send)


def test_more_simultaneous_requests_than_worker_threads(client, hdr, scene, orgs, db_url):
    """Readers and writers queued behind SQLite's writer must not starve the one holding it of a thread."""
    partner = hdr["partner_employment"]
    body = {
        "client_id": scene.client_id,
        "organisation_id": orgs["employment"],
        "direction": "employment_referral",
        "confirm_duplicate": True,
    }
    calls = [("POST", f"{h.API}/booths/{scene.employment_booth['id']}/coupons", body)] * 8
    calls += [("GET", f"{h.API}/fairs/{scene.fair['id']}", None)] * 8
    barrier = threading.Barrier(len(calls))

    with serving(_SmallThreadPool(create_app(), tokens=2)) as base_url:

        def fire(call: tuple[str, str, dict | None]) -> int:
            method, path, payload = call
            with httpx.Client(base_url=base_url, headers=partner, timeout=60) as http:
                http.get("/healthz")
                barrier.wait(timeout=30)
                return http.request(method, path, json=payload).status_code

        with ThreadPoolExecutor(max_workers=len(calls)) as pool:
            statuses = Counter(pool.map(fire, calls))
    assert statuses == Counter({201: 8, 200: 8})
