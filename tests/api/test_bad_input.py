"""Bad input to the JSON API gets a clear 4xx problem and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.api import helpers as h

# Tables a refused request must leave as they were.
WRITTEN = ("fair", "booth", "client", "visit", "consultation", "coupon", "audit_entry", "organisation", '"user"')


def _counts(session) -> dict[str, int]:  # noqa: ANN001
    return {t: h.count(session, t.strip('"')) for t in WRITTEN}


@pytest.fixture
def unchanged(session):  # noqa: ANN001, ANN201
    """Asserts at the end of the test that no table of WRITTEN gained or lost a row."""
    before = _counts(session)
    yield
    assert _counts(session) == before


def test_ids_beyond_64_bits_are_out_of_range_not_a_crash(client, hdr, scene, session):  # noqa: ANN001
    """Found by the fuzz: an id the database integer cannot hold crashed the request (500 on SQLite)."""
    before = _counts(session)
    huge = -442851960381329905231892039335936
    resp = client.post(
        f"{h.API}/fairs/{scene.fair['id']}/booths", json={"organisation_id": huge}, headers=hdr["organiser"]
    )
    assert resp.status_code in (404, 422), resp.text
    assert resp.headers["content-type"].startswith(h.PROBLEM_JSON)
    resp = client.get(f"{h.API}/fairs/{2**70}", headers=hdr["organiser"])
    assert resp.status_code in (404, 422), resp.text
    assert resp.headers["content-type"].startswith(h.PROBLEM_JSON)
    assert _counts(session) == before
