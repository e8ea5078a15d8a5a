"""District isolation, generated from the app's route table: every GET route × the roles of a second district.

The role matrix's world (tests/test_role_matrix.py: an open fair of district A with booths of two partners,
a client with planted personal fields, coupons, a pad of blanks, a spare user, an export job) is built in
district A, with the people a prison social worker of district A registered there before their release, and
a curator of district A with the planted client assigned (a journey note kept on that client). Then an
organiser, a partner, a committee member, a prison social worker and a curator of district B (Slutsk), and a
curator of district A to whom nobody is assigned (curators see only their own people), call every GET route
of the app, API and pages, lists and details, with the path parameters filled with district A's ids, codes
and tokens. Two rules:

* no body (JSON, HTML, or the sheets of a workbook) contains anything that identifies district A's records:
  coupon short codes (plain and dashed), QR tokens, client codes, the planted personal fields, the fairs'
  venue, A's usernames and staff names, the export job's token (the very reference sent in the URL may be
  echoed back on an error page: that tells the caller nothing new);
* a route whose path points at one of district A's records (fair, booth, client, coupon, pad, user, export
  job, organisation-level scan log) answers 403 or 404 to district B, never 2xx.

A route that needs no district data (health, login, directions, the account page) passes both trivially;
what matters is that dropping the district filter from any list or look-up fails here (checked by hand:
without the filter in `clients.list_clients`, organiser_b gets A's client codes and personal fields from
/api/v1/clients and /clients). The tally's scope is tested in tests/api/test_reports.py.

Runs on SQLite and PostgreSQL (the filters are SQL).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from freezegun import freeze_time
from sqlalchemy import text
from sqlmodel import Session, select

from fairs import config
from fairs.models import User
from tests import test_role_matrix as matrix
from tests import world as base_world
from tests.api import curation_world, release_world
from tests.api import helpers as h

VENUE = "Солигорск, ул. Изоляционная 17"
STAFF_NAME = "Иванова А. А."  # district A's organiser (tests/world.py)
A_USERNAMES = ("partner_employment", "partner_hospital", "spare_partner")
B_ROLES = ("organiser_b", "partner_slutsk", "committee_b", "prison_slutsk", "curator_slutsk")
# A curator of district A to whom nobody is assigned: sees no more of A's people than district B does.
OTHER_CURATOR = "curator_spare"
NOTE = "Заметка куратора: встреча в Солигорске"  # a journey note on A's planted client

# Path parameters that do not point at a district's record.
NEUTRAL_PARAMS = {"identifier", "milestone"}


def b_users(client: TestClient, session: Session) -> None:
    """A partner of the Slutsk employment centre, a committee member of district B and a social worker of a
    prison of district B, made by organiser_b."""
    org_b = matrix._bearer(session, "organiser_b")
    slutsk = session.execute(text("SELECT id FROM organisation WHERE name = 'Центр занятости (Слуцк)'")).one()
    prison = release_world.prison(client, session, name="ИК-13 (Слуцк)", by="organiser_b")
    for username, role, extra in (
        ("partner_slutsk", "partner", {"organisation_id": slutsk[0]}),
        ("committee_b", "committee", {}),
        ("prison_slutsk", "prison_worker", {"organisation_id": prison}),
        ("curator_slutsk", "curator", {}),
    ):
        body = {"username": username, "password": base_world.PASSWORD, "role": role, **extra}
        created = h.expect(client.post(f"{h.API}/users", json=body, headers=org_b), 201)
        organiser_a = session.exec(select(User).where(User.username == "organiser")).one()
        assert created["district_id"] != organiser_a.district_id, created
        # Made by an organiser, the account must change its password first: done here, as its owner would.
        account = session.get(User, created["id"])
        account.must_change_password = False
        session.add(account)
        session.commit()


def checks_due(client: TestClient, session: Session, w: matrix.World) -> None:
    """District A's client first came to a fair 13 months ago: its 6-month check is recorded (the note is the
    planted full name), its 12-month check is due on A's due-list."""
    org = matrix._bearer(session, "organiser")
    first = h.today().replace(day=1)
    index = first.year * 12 + first.month - 1 - 13
    fair = h.make_open_fair(client, org, day=first.replace(year=index // 12, month=index % 12 + 1))
    h.close_fair(client, org, fair=fair)
    h.expect(h.visit(client, org, fair=fair, client_id=w.client["id"]), 201)
    body = {"checked_on": h.today().isoformat(), "findings": ["housed"], "note": matrix.FULL_NAME}
    h.expect(client.put(f"{h.API}/checks/clients/{w.client['id']}/6", json=body, headers=org), 200)


def a_traces(w: matrix.World) -> list[str]:
    """The strings that identify district A's records."""
    coupons = [w.coupon_a, w.coupon_a_redeemed, w.coupon_a_spare, w.coupon_b, *w.extra["pad"]["blanks"]]
    coupons.append(w.extra["between"])
    values = [VENUE, STAFF_NAME, *A_USERNAMES, w.job_token]
    for coupon in coupons:
        code = coupon["code"]
        values += [code, f"{code[:4]}-{code[4:8]}-{code[8:]}"]
        if coupon.get("token"):
            values.append(coupon["token"])
    values += [w.client["code"], w.spare_client["code"]]
    values.append(w.extra["handover"]["client_code"])  # district C's client handed over to district A
    values += [w.extra[key]["code"] for key in ("expected", "spare_expected", "spare_expected_page")]
    values += [matrix.EXPECTED_NAME, "prison_social", matrix.USERNAMES["curator"], NOTE]
    for key in ("invitation", "spare_invitation", "spare_invitation_page"):  # peers' slips: code and QR
        code = w.extra[key]["code"]
        values += [code, f"{code[:4]}-{code[4:8]}-{code[8:]}", w.extra[key]["token"]]
    values += [matrix.FULL_NAME, matrix.PHONE, matrix.BIRTH_DATE, "Матриксова", "555-01-23", "14.03.1987"]
    return [v for v in values if v]


def body_texts(resp: Any) -> list[str]:
    """The response body, or the XML parts of a workbook."""
    if resp.content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(resp.content)) as archive:
            return [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    return [resp.text]


def get_routes() -> list[str]:
    """Every GET route of the app (the docs excepted), in the matrix's order."""
    return [path for method, path in matrix.ordered(matrix.app_routes()) if method == "GET"]


def points_at_a(path: str) -> bool:
    """Whether the path's parameters name one of district A's records."""
    params = {p.split("}")[0] for p in path.split("{")[1:]}
    return bool(params - NEUTRAL_PARAMS)


@pytest.fixture
def isolated(
    client: TestClient,
    session: Session,
    orgs: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> matrix.World:
    """The matrix's world in district A (fair venues marked), and district B's partner and committee."""
    monkeypatch.setenv("FAIRS_EXPORT_DIR", str(tmp_path / "exports"))
    config.get_settings.cache_clear()
    client.base_url = "https://testserver"  # the session cookie is Secure in the tests
    w = matrix.build_world(client, session, orgs)
    session.execute(text("UPDATE fair SET venue = :venue"), {"venue": VENUE})
    w.extra["orgs"] = orgs
    w.job_token = matrix.finished_job(session, "organiser", tmp_path)
    w.extra["between"] = between_coupon(client, session, w.spare_client["id"], orgs["hospital"])
    checks_due(client, session, w)
    b_users(client, session)
    curation_world.curator(client, session, username=OTHER_CURATOR)
    note = {"note": NOTE}
    h.expect(
        client.post(
            f"{h.API}/clients/{w.client['id']}/notes", json=note, headers=matrix._bearer(session, "organiser")
        ),
        201,
    )
    for username in (*B_ROLES, OTHER_CURATOR):
        monkeypatch.setitem(matrix.USERNAMES, username, username)
    return w


def between_coupon(client: TestClient, session: Session, client_id: int, organisation_id: int) -> dict:
    """A coupon of district A issued between fairs (on a working day, Wednesday 18 November 2026)."""
    client.get("/api/v1/no-such-route")  # let FastAPI read the routes' signatures before freezegun
    with freeze_time(dt.datetime(2026, 11, 18, 7, 0), tick=True):
        headers = matrix._bearer(session, "organiser")
        return h.expect(h.issue_between(client, headers, client_id, organisation_id, "hiv_testing"), 201)


def test_routes_are_enumerated() -> None:
    """The generated list is the app's: lists and details of API and pages (so a new route is covered)."""
    routes = get_routes()
    assert len(routes) == len(set(routes)) >= 50, routes
    for path in ("/api/v1/clients", "/clients", "/api/v1/coupons", "/fairs/{fair_id}", "/c/{token}"):
        assert path in routes


@pytest.mark.parametrize("role", [*B_ROLES, OTHER_CURATOR])
def test_second_district_sees_nothing_of_the_first(
    role: str, client: TestClient, session: Session, isolated: matrix.World
) -> None:
    """Every GET route as a district B role, with district A's ids, codes and tokens in the path."""
    w = isolated
    traces = a_traces(w)
    caller = matrix.Caller(client, session, role)
    leaks, opened, checked = [], [], 0
    for path in get_routes():
        values = {**matrix.path_values(w), **matrix.OVERRIDES.get(("GET", path), lambda _w: {})(w)}
        if "{token}" in path and path.startswith("/exports/"):
            values["token"] = w.job_token
        url = path.format(**values)
        query = matrix.QUERIES.get(("GET", path), lambda _w: {})(w)
        resp = caller.call("GET", path, url, None, query)
        checked += 1
        assert resp.status_code < 500, (path, resp.status_code, resp.text[:300])
        # The reference the caller sent may be echoed back ("no coupon BKYX…"): that tells nothing new.
        found = sorted({t for t in traces for body in body_texts(resp) if t in body and t not in url})
        if found:
            leaks.append(f"{path} ({resp.status_code}): {found}")
        if points_at_a(path) and resp.status_code not in (403, 404):
            opened.append(f"{path} → {resp.status_code}: {resp.text[:120]!r}")
    assert checked == len(get_routes())
    assert not leaks and not opened, (
        f"{role}: {checked} GET routes; district A's traces in:\n"
        + "\n".join(leaks)
        + "\nA's records opened:\n"
        + "\n".join(opened)
    )


def test_traces_are_there_to_find(client: TestClient, session: Session, isolated: matrix.World) -> None:
    """The scan is not vacuous: district A's organiser does get the traces from the same lists."""
    w = isolated
    caller = matrix.Caller(client, session, "organiser")
    api_clients = caller.call("GET", "", f"{h.API}/clients", None, {}).text
    assert w.client["code"] in api_clients and w.spare_client["code"] in api_clients
    listed = caller.call("GET", "", f"{h.API}/coupons", None, {}).text
    assert w.coupon_a["code"] in listed and w.extra["between"]["code"] in listed
    due = caller.call("GET", "", f"{h.API}/checks/due", None, {}).text
    assert w.client["code"] in due and w.client["code"] in caller.call("GET", "", "/checks", None, {}).text
    checked = caller.call("GET", "", f"{h.API}/checks/clients/{w.client['id']}", None, {}).text
    assert matrix.FULL_NAME in checked
    assert w.coupon_a["code"] in caller.call("GET", "", f"{h.API}/coupons", None, {}).text
    assert VENUE in caller.call("GET", "", "/fairs", None, {}).text
    assert "spare_partner" in caller.call("GET", "", f"{h.API}/users", None, {}).text
    page = caller.call("GET", "", "/clients", None, {}).text
    assert w.client["code"] in page
    expected = caller.call("GET", "", "/expected", None, {}).text
    assert w.extra["expected"]["code"] in expected and matrix.EXPECTED_NAME in expected
    slips = caller.call("GET", "", "/peers", None, {}).text
    assert w.extra["invitation"]["code"][:4] in slips and w.client["code"] in slips
    printed = caller.call("GET", "", "/peers/slips", None, {"ids": str(w.extra["invitation"]["id"])}).text
    assert f"{w.extra['invitation']['code'][:4]}-" in printed
    arriving = caller.call("GET", "", f"/handovers/{w.extra['handover']['id']}", None, {}).text
    assert w.extra["handover"]["client_code"] in arriving
    listed = caller.call("GET", "", "/handovers", None, {"show": "arriving"}).text
    assert w.extra["handover"]["client_code"] in listed
    # Last: the curator's log-in takes the client's session over from the organiser's.
    curator = matrix.Caller(client, session, "curator")
    assert w.client["code"] in curator.call("GET", "", "/curator", None, {}).text
    journey = curator.call("GET", "", f"/clients/{w.client['id']}/journey", None, {}).text
    assert w.client["code"] in journey and NOTE in journey
    # The client's checks are the curator's too: the 12-month one on their due-list (the spare curator's and
    # district B's lists, scanned above, hold none of A's codes).
    assert w.client["code"] in curator.call("GET", "", "/checks", None, {}).text
    assert w.client["code"] in curator.call("GET", "", f"{h.API}/checks/due", None, {}).text


def test_handover_history_is_read_across_only_during_its_period(
    client: TestClient, session: Session, isolated: matrix.World
) -> None:
    """District C's client handed over to district A: A's organiser (receiving) and C's (sending) read the
    other side's history until the handover's last day, not the day after; district B reads nothing of it
    (the GET routes above, with the handover's id, as every district B role)."""
    handover = isolated.extra["handover"]
    url = f"{h.API}/handovers/{handover['id']}/history"
    for username in ("organiser", "organiser_c"):
        h.expect(client.get(url, headers=matrix._bearer(session, username)), 200)
    h.expect(client.get(url, headers=matrix._bearer(session, "organiser_b")), 404, "handover_not_found")
    client.get("/api/v1/no-such-route")  # let FastAPI read the routes' signatures before freezegun
    after = dt.date.fromisoformat(handover["readable_until"]) + dt.timedelta(days=1)
    with freeze_time(dt.datetime.combine(after, dt.time(7, 0)), tick=True):
        for username in ("organiser", "organiser_c"):
            headers = matrix._bearer(session, username)
            h.expect(client.get(url, headers=headers), 403, "handover_period_over")
            one = h.expect(client.get(f"{h.API}/handovers/{handover['id']}", headers=headers), 200)
            assert one["history_readable"] is False
