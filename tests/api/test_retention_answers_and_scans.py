"""`fairs retention` also removes stored idempotency answers past their 24 hours (each holds a whole coupon
with its client code) and erases the typed code (`ref`) of scans made before the cut-off; the scans stay,
so every tally and a coupon's scan history keep their counts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from typer.testing import CliRunner

from fairs.models import utcnow
from tests.api import helpers as h
from tests.api.test_idempotency import _coupon, _redeem
from tests.api.test_scans import _made_up_code

runner = CliRunner()


def _keys(session) -> list[str]:  # noqa: ANN001
    return [row[0] for row in session.execute(text("SELECT key FROM idempotency_key ORDER BY key"))]


def _refs(session) -> list[tuple[int | None, str]]:  # noqa: ANN001
    return [tuple(row) for row in session.execute(text("SELECT coupon_id, ref FROM scan ORDER BY id"))]


def test_retention_removes_old_answers_and_the_codes_of_old_scans(client, hdr, scene, orgs, session):
    from fairs.cli import app

    partner, org = hdr["partner_employment"], hdr["organiser"]
    old, new = _coupon(client, hdr, scene, orgs), _coupon(client, hdr, scene, orgs)
    h.expect(_redeem(client, partner, old["code"], "old-tap"), 200)
    first_new = _redeem(client, partner, new["code"], "new-tap")
    assert first_new.status_code == 200
    unknown = _made_up_code()
    h.expect(h.redeem(client, partner, unknown), 404, "unknown_code")
    [body] = session.execute(text("SELECT body FROM idempotency_key WHERE key = 'old-tap'")).one()
    assert scene.client_code in body  # what a stored answer holds
    assert _refs(session) == [(old["id"], old["code"]), (new["id"], new["code"]), (None, unknown)]

    # The old key is past its 24 hours; the old coupon's scan and the unknown code's were 400 days ago.
    long_ago = h.today() - dt.timedelta(days=400)
    session.execute(
        text("UPDATE idempotency_key SET created_at = :t WHERE key = 'old-tap'"),
        {"t": utcnow() - dt.timedelta(hours=25)},
    )
    session.execute(
        text("UPDATE scan SET scanned_on = :d WHERE coupon_id = :c OR ref = :u"),
        {"d": long_ago, "c": old["id"], "u": unknown},
    )
    report = {"from": (long_ago - dt.timedelta(days=1)).isoformat(), "to": h.today().isoformat()}
    before = h.expect(client.get(f"{h.API}/reports/committee", params=report, headers=org), 200)
    assert before["failed_scans"]["unknown"] == 1
    history = h.expect(client.get(f"{h.API}/coupons/{old['code']}/scans", headers=org), 200)

    shown = runner.invoke(app, ["retention", "--older-than", "365d"])
    assert shown.exit_code == 0, shown.output
    assert "1 stored idempotency answers older than 24 hours would be removed." in shown.output
    assert "2 scans made before" in shown.output
    assert _keys(session) == ["new-tap", "old-tap"] and len(_refs(session)) == 3  # nothing changed yet
    assert _refs(session)[0][1] == old["code"]

    applied = runner.invoke(app, ["retention", "--older-than", "365d", "--apply"])
    assert applied.exit_code == 0, applied.output
    assert "Removed 1 stored idempotency answers older than 24 hours." in applied.output
    assert "Erased the typed codes of 2 scans made before" in applied.output
    assert _keys(session) == ["new-tap"]
    assert _refs(session) == [(old["id"], ""), (new["id"], new["code"]), (None, "")]
    # Every count stays: the report's failed scans, the old coupon's scan history.
    assert h.expect(client.get(f"{h.API}/reports/committee", params=report, headers=org), 200) == before
    after = h.expect(client.get(f"{h.API}/coupons/{old['code']}/scans", headers=org), 200)
    assert after["total"] == history["total"] == 1
    # The fresh key still replays its first answer; the old one is a new request again.
    again = _redeem(client, partner, new["code"], "new-tap")
    assert (again.status_code, again.text) == (200, first_new.text)
    h.expect(_redeem(client, partner, old["code"], "old-tap"), 409, "already_redeemed")

    quiet = runner.invoke(app, ["retention", "--older-than", "365d", "--apply"])
    assert "Removed 0 stored idempotency answers" in quiet.output
    assert "Erased the typed codes of 0 scans" in quiet.output
