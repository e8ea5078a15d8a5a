"""`fairs retention` and clients whose only personal data is a note (found by the mutation run,
docs/testing.md): a client without personal fields but with a follow-up note, or a booth consultation's
note, is listed when stale and its note is erased; a stale client with neither is not listed."""

from __future__ import annotations

import datetime as dt

from freezegun import freeze_time
from sqlalchemy import text
from typer.testing import CliRunner

from fairs.cli import app
from tests.api import helpers as h
from tests.api.test_notes_consent import notes_of
from tests.api.test_retention_activities import AGE_DAYS, closed_fair, coupon_before, cutoff

runner = CliRunner()


def _registered_long_ago(client, org: dict, session, mother: str) -> dict:  # noqa: ANN001
    """A client with no personal fields (no name, no phone), registered (per the database) in 2019."""
    person = h.register(client, org, mother=mother)
    session.execute(
        text("UPDATE client SET created_at = :c WHERE id = :id"),
        {"c": dt.datetime(2019, 1, 1, 12, 0), "id": person["id"]},
    )
    return person


def test_a_note_alone_makes_a_stale_client_listed_and_erased(client, auth, orgs, session):
    org = auth("organiser")
    fairs: dict = {}
    contacted = _registered_long_ago(client, org, session, "Алла")
    coupon = coupon_before(client, org, orgs, contacted, fairs)
    body = {"contacted_on": (cutoff() - dt.timedelta(days=20)).isoformat(), "note": "звонили сестре"}
    h.expect(client.post(f"{h.API}/coupons/{coupon['code']}/contacted", json=body, headers=org), 201)
    consulted = _registered_long_ago(client, org, session, "Бела")
    day = cutoff() - dt.timedelta(days=40)
    with freeze_time(dt.datetime.combine(day, dt.time(9, 0)), tick=True):
        fair = h.make_open_fair(client, org, day=day)
        booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
        body = {"client_id": consulted["id"], "direction": "employment_counselling", "note": "нужен паспорт"}
        h.expect(client.post(f"{h.API}/booths/{booth['id']}/consultations", json=body, headers=org), 201)
        h.close_fair(client, org, fair=fair)
    bare = _registered_long_ago(client, org, session, "Вера")
    fair, _booth = closed_fair(client, org, cutoff() - dt.timedelta(days=50), orgs)
    h.expect(h.visit(client, org, fair=fair, client_id=bare["id"]), 201)
    assert notes_of(session, contacted["id"]) == ["звонили сестре"]
    assert notes_of(session, consulted["id"]) == ["нужен паспорт"]

    shown = runner.invoke(app, ["retention", "--older-than", f"{AGE_DAYS}d"])
    assert shown.exit_code == 0, shown.output
    assert contacted["code"] in shown.output and consulted["code"] in shown.output, shown.output
    assert bare["code"] not in shown.output  # nothing personal to erase
    applied = runner.invoke(app, ["retention", "--older-than", f"{AGE_DAYS}d", "--apply"])
    assert applied.exit_code == 0, applied.output
    assert notes_of(session, contacted["id"]) == [""] and notes_of(session, consulted["id"]) == [""]
    again = runner.invoke(app, ["retention", "--older-than", f"{AGE_DAYS}d"])
    assert contacted["code"] not in again.output and consulted["code"] not in again.output, again.output
