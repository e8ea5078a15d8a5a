"""Peers in the committee's report: the JSON report, the dashboard and the workbook's Сводка show the same
three figures (people reached through peers at the period's fairs, the deepest chain above one of them,
incentives handed over in the period), worked out by hand here from a known history, beside the same
period a year earlier; another district counts none of them; a period kept before these figures existed
has them counted when read."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import text
from sqlmodel import Session

from tests.api import helpers as h

PEERS = f"{h.API}/peers/invitations"
KEYS = ("peer_recruited_persons", "peer_chain_depth", "peer_incentives")


@pytest.fixture
def hdr(auth) -> dict[str, dict[str, str]]:  # noqa: ANN001
    """Bearer headers of the base world's users who act here."""
    names = ("organiser", "organiser_b", "partner_employment", "committee", "committee_region")
    return {username: auth(username) for username in names}


def _slip(client: TestClient, org: dict, client_id: int) -> dict:
    body = {"client_id": client_id, "count": 1}
    return h.expect(client.post(PEERS, json=body, headers=org), 201)[0]


def _come(client: TestClient, org: dict, fair: dict, slip: dict, *, mother: str) -> dict:
    person = h.register(client, org, mother=mother, father="Пётр")
    body = {"client_id": person["id"], "invitation": slip["code"]}
    h.expect(client.post(f"{h.API}/fairs/{fair['id']}/visits", json=body, headers=org), 201)
    return person


def _back_date(session: Session, slip: dict, day: dt.date) -> None:
    """A slip given on `day` (before a fair held then)."""
    session.execute(
        text("UPDATE peer_invitation SET issued_on = :d WHERE id = :id"), {"d": day, "id": slip["id"]}
    )
    session.commit()


def _redeemed(client: TestClient, hdr: dict, booth: dict, person: dict, employment: int) -> None:
    coupon = h.issue(
        client,
        hdr["organiser"],
        booth=booth,
        client_id=person["id"],
        org=employment,
        direction="employment_counselling",
    )
    h.expect(h.redeem(client, hdr["partner_employment"], coupon["code"]), 200)


def _report(client: TestClient, headers: dict, start: dt.date, end: dt.date, **extra: str) -> dict:
    params = {"from": start.isoformat(), "to": end.isoformat(), **extra}
    return h.expect(client.get(f"{h.API}/reports/committee", params=params, headers=headers), 200)


def test_peer_figures_in_every_face_of_the_report(
    client: TestClient,
    session: Session,
    hdr: dict,
    orgs: dict,
    browser,  # noqa: ANN001
) -> None:
    org, today = hdr["organiser"], h.today()
    earlier_day = today - dt.timedelta(days=28)
    # Before the period: R's slip brings P0 to the fair four weeks ago.
    earlier = h.make_open_fair(client, org, day=earlier_day)
    root = h.register(client, org, mother="Роза", father="Пётр")
    s0 = _slip(client, org, root["id"])
    _back_date(session, s0, earlier_day - dt.timedelta(days=2))
    p0 = _come(client, org, earlier, s0, mother="Ольга")
    h.close_fair(client, org, fair=earlier)
    # Today's fair: P0's slip brings P3, P3's brings P4 (R → P0 → P3 → P4: 3 links), R's second brings P1.
    fair = h.make_open_fair(client, org)
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    s_p0 = _slip(client, org, p0["id"])
    p3 = _come(client, org, fair, s_p0, mother="Галина")
    p4 = _come(client, org, fair, _slip(client, org, p3["id"]), mother="Дарья")
    s_r = _slip(client, org, root["id"])
    p1 = _come(client, org, fair, s_r, mother="Елена")
    assert p4["code"] != p1["code"]
    # Incentives: for P1 (handed over today) and for P3 (recorded, then dated to the earlier period).
    _redeemed(client, hdr, booth, p1, orgs["employment"])
    _redeemed(client, hdr, booth, p3, orgs["employment"])
    h.expect(client.post(f"{PEERS}/{s_r['id']}/incentive", headers=org), 201)
    h.expect(client.post(f"{PEERS}/{s_p0['id']}/incentive", headers=org), 201)
    session.execute(
        text("UPDATE peer_incentive SET handed_on = :d WHERE invitation_id = :id"),
        {"d": earlier_day, "id": s_p0["id"]},
    )
    session.commit()

    # The period: P3, P4, P1 reached (3), the deepest chain 3 (through P0, recruited before it), 1 incentive.
    start, end = today - dt.timedelta(days=1), today + dt.timedelta(days=30)
    committee = hdr["committee"]
    report = _report(client, committee, start, end, compare="previous_year")
    assert tuple(report[k] for k in KEYS) == (3, 3, 1)
    assert tuple(report["previous"][k] for k in KEYS) == (0, 0, 0)
    assert tuple(report["change"][k] for k in KEYS) == (3, 3, 1)
    # The period before: P0 alone (1 link), and the incentive dated into it.
    before = _report(client, committee, earlier_day - dt.timedelta(days=7), start - dt.timedelta(days=1))
    assert tuple(before[k] for k in KEYS) == (1, 1, 1)
    other = _report(client, hdr["organiser_b"], start, end)
    assert tuple(other[k] for k in KEYS) == (0, 0, 0)
    # The region (districts A and B): the same, B having none; the deepest chain is A's.
    region = _report(client, hdr["committee_region"], start, end)
    assert len(region["district_ids"]) > 1 and tuple(region[k] for k in KEYS) == (3, 3, 1)
    period = {"from": start.isoformat(), "to": end.isoformat()}

    page = browser("committee").get("/reports", params={**period, "compare": "previous_year"}).text
    shown = dict(re.findall(r'data-key="(peer_[a-z_]+)">(\d+)<', page))
    assert shown == {"peer_recruited_persons": "3", "peer_chain_depth": "3", "peer_incentives": "1"}
    assert "Пришли по приглашению сверстников" in page
    assert all(person["code"] not in page for person in (root, p0, p1, p3, p4))  # counts only

    workbook = client.get("/exports/committee.xlsx", params=period, headers=committee)
    assert workbook.status_code == 200, workbook.text[:300]
    sheet = load_workbook(io.BytesIO(workbook.content))["Сводка"]
    summary = {row[0]: row[1:4] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert summary["Пришли по приглашению сверстников"] == (3, 0, 3)
    assert summary["Наибольшая длина цепочки приглашений"] == (3, 0, 3)
    assert summary["Вручено поощрений пригласившим"] == (1, 0, 1)


def test_a_period_kept_before_the_peer_figures_counts_them_when_read(
    client: TestClient, session: Session, hdr: dict
) -> None:
    """Last month, one peer recruited at its fair; submitted, the tally keeps the figures; with them taken
    out of the kept tally (as a period kept before they existed), they are counted when read."""
    org = hdr["organiser"]
    first, last = h.last_month()
    fair = h.make_open_fair(client, org, day=first)
    holder = h.register(client, org, mother="Роза", father="Пётр")
    slip = _slip(client, org, holder["id"])
    _back_date(session, slip, first)
    _come(client, org, fair, slip, mother="Ольга")
    h.close_fair(client, org, fair=fair)
    h.expect(client.post(f"{h.API}/reports/submissions", json={"period": f"{first:%Y-%m}"}, headers=org), 201)
    submission_id, tally = h.kept_tally(session)
    assert tuple(tally[k] for k in KEYS) == (1, 1, 0)  # kept with the submission
    for key in KEYS:
        tally.pop(key)
    h.keep_tally(session, submission_id, tally)
    report = _report(client, hdr["committee"], first, last)
    assert report["submitted_on"] is not None
    assert tuple(report[k] for k in KEYS) == (1, 1, 0)
