"""Racing checks: several people record the same check of one person at the same moment, through a real
server; one row is made, the others change it (no error, one check, the last findings whole)."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx

from fairs.app import create_app
from fairs.models import FINDINGS
from tests.api import helpers as h
from tests.api.checks_world import CHECKS, history
from tests.api.test_race import serving


def test_simultaneous_records_of_one_check_make_one_row(client, hdr, session) -> None:  # noqa: ANN001
    p = history(client, hdr)
    org = hdr["organiser"]
    barrier = threading.Barrier(len(FINDINGS))

    def record(finding: str) -> httpx.Response:
        with httpx.Client(base_url=base_url, headers=org, timeout=60) as http:
            http.get("/healthz")  # connect before the barrier, so the requests leave together
            barrier.wait(timeout=30)
            body = {"checked_on": h.today().isoformat(), "findings": [finding]}
            return http.put(f"{CHECKS}/clients/{p['P2']}/6", json=body)

    with serving(create_app()) as base_url, ThreadPoolExecutor(max_workers=len(FINDINGS)) as pool:
        responses = list(pool.map(record, FINDINGS))
    assert Counter(r.status_code for r in responses) == Counter({200: len(FINDINGS)}), [
        r.text for r in responses
    ]
    assert h.count(session, "later_check") == 1 and h.count(session, "later_check_finding") == 1
    assert h.count(session, "audit_entry", entity="later_check", action="create") == 1
    stored = h.expect(client.get(f"{CHECKS}/clients/{p['P2']}", headers=org), 200)["milestones"][0]
    assert stored["recorded"] and len(stored["findings"]) == 1 and stored["findings"][0] in FINDINGS
