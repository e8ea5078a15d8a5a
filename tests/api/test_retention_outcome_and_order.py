"""`fairs retention`: an outcome recorded on the cut-off day is activity too; the list comes by district name,
then client code; every erasure leaves its audit row (found by the mutation run, docs/testing.md)."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import text
from typer.testing import CliRunner

from fairs.cli import app
from tests.api import helpers as h
from tests.api.test_retention_activities import AGE_DAYS, coupon_before, cutoff, old_client, personal

runner = CliRunner()


def test_an_outcome_on_the_cutoff_day_keeps_the_client(client, auth, orgs, session):
    org = auth("organiser")
    on_cutoff = old_client(client, org, session, "Алла")
    day_before = old_client(client, org, session, "Бела")
    fairs: dict = {}
    for person, last in ((on_cutoff, cutoff()), (day_before, cutoff() - dt.timedelta(days=1))):
        coupon = coupon_before(client, org, orgs, person, fairs)
        h.expect(h.redeem(client, org, coupon["code"], redeemed_on=last - dt.timedelta(days=1)), 200)
        h.expect(h.set_outcome(client, org, coupon["code"], outcome="registered_jobseeker", day=last), 200)

    applied = runner.invoke(app, ["retention", "--older-than", f"{AGE_DAYS}d", "--apply"])
    assert applied.exit_code == 0, applied.output
    assert "Erased the personal fields of 1 clients" in applied.output, applied.output
    assert personal(session, on_cutoff["id"]) == ("Клиент Алла", "+375 29 111-22-33", None)
    assert personal(session, day_before["id"])[:2] == (None, None)


def test_the_list_is_by_district_name_then_code_and_each_erasure_is_audited(client, auth, session):
    org, org_b = auth("organiser"), auth("organiser_b")
    # Registered so that neither the ids nor the codes alone give the order of the list.
    olga = old_client(client, org, session, "Ольга")
    anna = old_client(client, org, session, "Анна")
    vera = old_client(client, org_b, session, "Вера")
    shown = runner.invoke(app, ["retention", "--older-than", f"{AGE_DAYS}d"])
    assert shown.exit_code == 0, shown.output
    listed = [
        line for line in shown.output.splitlines() if any(p["code"] in line for p in (olga, anna, vera))
    ]
    # Слуцкий (district B) sorts before Солигорский (district A).
    assert [next(p["code"] for p in (olga, anna, vera) if p["code"] in line) for line in listed] == [
        vera["code"],
        anna["code"],
        olga["code"],
    ]
    assert "Слуцкий район" in listed[0] and "Солигорский район" in listed[1]

    applied = runner.invoke(app, ["retention", "--older-than", f"{AGE_DAYS}d", "--apply"])
    assert applied.exit_code == 0, applied.output
    rows = session.execute(
        text(
            "SELECT user_id, entity, entity_id, district_id, details FROM audit_entry"
            " WHERE action = 'retention_erase' ORDER BY entity_id"
        )
    ).all()
    district = dict(session.execute(text("SELECT id, district_id FROM client")).all())
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        (None, "client", p["id"], district[p["id"]])
        for p in sorted((olga, anna, vera), key=lambda p: p["id"])
    ]
    assert district[vera["id"]] != district[olga["id"]]
    for row in rows:
        details = row[4] if isinstance(row[4], dict) else json.loads(row[4])
        assert details == {"cutoff": cutoff().isoformat()}
