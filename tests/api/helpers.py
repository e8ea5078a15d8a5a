"""Keyword-only factories that build test data through the JSON API, and small independent checks.

Everything here talks HTTP (a TestClient or an httpx client); tests inspect the database only through the
`session` fixture. The reference computations (Crockford alphabet, Luhn mod 32, today in Minsk) are written
out here independently of `fairs.services`, so a wrong service cannot agree with itself.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlmodel import Session

API = "/api/v1"
BASE_URL = "https://fairs.example.test"
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PROBLEM_JSON = "application/problem+json"


def today() -> dt.date:
    """Today in the district's time zone (the default setting, Europe/Minsk)."""
    return dt.datetime.now(ZoneInfo("Europe/Minsk")).date()


def last_month() -> tuple[dt.date, dt.date]:
    """The first and last days of the month before today's."""
    last = today().replace(day=1) - dt.timedelta(days=1)
    return last.replace(day=1), last


def luhn32_check(body: str) -> str:
    """The Luhn mod 32 check symbol over the Crockford alphabet (reference implementation)."""
    factor, total = 2, 0
    for ch in reversed(body):
        addend = factor * CROCKFORD.index(ch)
        total += addend // 32 + addend % 32
        factor = 3 - factor
    return CROCKFORD[-total % 32]


def expect(resp: Any, status: int, code: str | None = None) -> dict:
    """Assert the status (and the problem code); return the JSON body."""
    assert resp.status_code == status, (resp.status_code, resp.text)
    body = resp.json()
    if code is not None:
        assert resp.headers["content-type"].startswith(PROBLEM_JSON), resp.headers["content-type"]
        assert body["code"] == code, body
        assert body["status"] == status, body
    return body


def make_fair(client: Any, headers: dict, *, day: dt.date, venue: str = "УИИ") -> dict:
    """A planned fair (confirmed: the day may be a public holiday, as today may be when the suite runs)."""
    body = {"date": day.isoformat(), "venue": venue, "confirm": True}
    return expect(client.post(f"{API}/fairs", json=body, headers=headers), 201)


def open_fair(client: Any, headers: dict, *, fair: dict) -> dict:
    """Open a fair (confirming it when it is dated another day than today); returns it."""
    return expect(client.post(f"{API}/fairs/{fair['id']}/open", json={"confirm": True}, headers=headers), 200)


def close_fair(client: Any, headers: dict, *, fair: dict) -> dict:
    """Close a fair; returns it."""
    return expect(client.post(f"{API}/fairs/{fair['id']}/close", headers=headers), 200)


def make_open_fair(client: Any, headers: dict, *, day: dt.date | None = None) -> dict:
    """A fair that is open now (today's date unless `day` is given)."""
    return open_fair(client, headers, fair=make_fair(client, headers, day=day or today()))


def add_booth(client: Any, headers: dict, *, fair: dict, org: int) -> dict:
    """The booth of organisation `org` at `fair`."""
    resp = client.post(f"{API}/fairs/{fair['id']}/booths", json={"organisation_id": org}, headers=headers)
    return expect(resp, 201)


def register(
    client: Any,
    headers: dict,
    *,
    mother: str = "Анна",
    father: str = "Иван",
    sex: str = "M",
    birth_year: int = 1985,
    consent: bool = True,
    expect_status: int | None = None,
    **extra: Any,
) -> dict:
    """Register (or find) a client; returns `{id, code, existing, warnings}`."""
    body = {
        "mother_name": mother,
        "father_name": father,
        "sex": sex,
        "birth_year": birth_year,
        "consent": consent,
        **extra,
    }
    resp = client.post(f"{API}/clients", json=body, headers=headers)
    if expect_status is not None:
        return expect(resp, expect_status)
    assert resp.status_code in (200, 201), resp.text
    return resp.json()


def visit(client: Any, headers: dict, *, fair: dict, client_id: int) -> Any:
    """POST a visit; returns the response."""
    return client.post(f"{API}/fairs/{fair['id']}/visits", json={"client_id": client_id}, headers=headers)


def consult(client: Any, headers: dict, *, booth: dict, client_id: int, direction: str) -> Any:
    """POST a consultation; returns the response."""
    body = {"client_id": client_id, "direction": direction}
    return client.post(f"{API}/booths/{booth['id']}/consultations", json=body, headers=headers)


def issue_resp(
    client: Any,
    headers: dict,
    *,
    booth: dict,
    client_id: int,
    org: int,
    direction: str,
    confirm_duplicate: bool = True,
) -> Any:
    """POST a coupon; returns the response. A second valid coupon for the same client, direction and
    organisation is confirmed unless `confirm_duplicate=False` (tests/api/test_batch_issue.py asks)."""
    body = {"client_id": client_id, "organisation_id": org, "direction": direction}
    body["confirm_duplicate"] = confirm_duplicate
    return client.post(f"{API}/booths/{booth['id']}/coupons", json=body, headers=headers)


def issue_between(client: Any, headers: dict, client_id: int, org: int, direction: str, **extra: Any) -> Any:
    """POST a coupon between fairs from the client's page (`extra`: more fields of the body); returns the
    response."""
    body = {"organisation_id": org, "direction": direction, **extra}
    return client.post(f"{API}/clients/{client_id}/coupons", json=body, headers=headers)


def issue(
    client: Any, headers: dict, *, booth: dict, client_id: int, org: int, direction: str, **extra: Any
) -> dict:
    """Issue a coupon (expecting 201); returns it (`extra`: `confirm_duplicate`, see `issue_resp`)."""
    resp = issue_resp(
        client, headers, booth=booth, client_id=client_id, org=org, direction=direction, **extra
    )
    return expect(resp, 201)


def redeem(client: Any, headers: dict, ref: str, *, redeemed_on: dt.date | None = None) -> Any:
    """POST a redemption (optionally back-dated from a paper stub); returns the response."""
    body = {"redeemed_on": redeemed_on.isoformat()} if redeemed_on else None
    return client.post(f"{API}/coupons/{ref}/redeem", json=body, headers=headers)


def redeem_raw(client: Any, headers: dict, ref: str, *, body: Any) -> Any:
    """POST an arbitrary redemption body; returns the response."""
    return client.post(f"{API}/coupons/{ref}/redeem", json=body, headers=headers)


NONHIRE = ("not_hired", "not_eligible")


def set_outcome(
    client: Any,
    headers: dict,
    ref: str,
    *,
    outcome: str,
    day: dt.date | None = None,
    reason: str | None = "",
    **why: Any,
) -> Any:
    """POST an outcome; returns the response. «not hired» / «not eligible» take the reason `other` unless
    `reason` is given (None: sent without one); `why` adds `employer`, `profession` and the like."""
    body: dict[str, Any] = {"outcome": outcome, **why}
    if reason == "" and outcome in NONHIRE:
        reason = "other"
    if reason:
        body["reason"] = reason
    if day:
        body["date"] = day.isoformat()
    return client.post(f"{API}/coupons/{ref}/outcome", json=body, headers=headers)


def cancel(client: Any, headers: dict, ref: str, *, reason: str = "issued in error") -> Any:
    """POST a cancellation; returns the response."""
    return client.post(f"{API}/coupons/{ref}/cancel", json={"reason": reason}, headers=headers)


def count(session: Session, table: str, **where: Any) -> int:
    """Rows of `table` matching the equality conditions (table names are ours, values are bound)."""
    clause = " AND ".join(f"{column} = :{column}" for column in where) or "1 = 1"
    return session.execute(text(f'SELECT count(*) FROM "{table}" WHERE {clause}'), where).scalar_one()  # noqa: S608


def audit_rows(session: Session, **where: Any) -> list[dict]:
    """Audit rows matching the equality conditions, oldest first."""
    clause = " AND ".join(f"{column} = :{column}" for column in where) or "1 = 1"
    columns = "action, entity, entity_id, back_entered, user_id"
    query = f"SELECT {columns} FROM audit_entry WHERE {clause} ORDER BY id"  # noqa: S608
    rows = session.execute(text(query), where)
    return [dict(r._mapping) for r in rows]


def kept_tally(session: Session) -> tuple[int, dict]:
    """The one submitted period's id and the tally kept with it (a JSON column: a dict on PostgreSQL, text on
    SQLite)."""
    kept = session.execute(text("SELECT id, tally FROM period_submission")).one()
    return kept.id, kept.tally if isinstance(kept.tally, dict) else json.loads(kept.tally)


def keep_tally(session: Session, submission_id: int, tally: dict) -> None:
    """Overwrite the tally kept with a submitted period (so that a test tells the kept figures from a
    recount)."""
    session.execute(
        text("UPDATE period_submission SET tally = :t WHERE id = :id"),
        {"t": json.dumps(tally), "id": submission_id},
    )
    session.commit()
