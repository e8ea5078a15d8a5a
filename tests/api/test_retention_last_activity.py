"""`fairs retention` lists each stale client's last activity (the latest fair visited, issue, redemption,
outcome or follow-up contact, else the day of registration) and leaves out clients registered on or after the
cut-off (found by the mutation run, docs/testing.md)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from typer.testing import CliRunner

from fairs.cli import app
from tests.api import helpers as h
from tests.api.test_retention_activities import AGE_DAYS, closed_fair, coupon_before, cutoff, old_client

runner = CliRunner()


def test_last_activity_of_each_stale_client(client, auth, orgs, session):
    org = auth("organiser")
    days = dt.timedelta(days=1)
    fairs: dict = {}
    visited = old_client(client, org, session, "Алла")
    fair, _booth = closed_fair(client, org, cutoff() - 100 * days, orgs)
    h.expect(h.visit(client, org, fair=fair, client_id=visited["id"]), 201)
    outcome = old_client(client, org, session, "Бела")
    coupon = coupon_before(client, org, orgs, outcome, fairs)
    h.expect(h.redeem(client, org, coupon["code"], redeemed_on=cutoff() - 20 * days), 200)
    h.expect(
        h.set_outcome(client, org, coupon["code"], outcome="registered_jobseeker", day=cutoff() - 10 * days),
        200,
    )
    redeemed = old_client(client, org, session, "Вера")
    coupon = coupon_before(client, org, orgs, redeemed, fairs)
    h.expect(h.redeem(client, org, coupon["code"], redeemed_on=cutoff() - 15 * days), 200)
    contacted = old_client(client, org, session, "Галина")
    coupon = coupon_before(client, org, orgs, contacted, fairs)
    url = f"{h.API}/coupons/{coupon['code']}/contacted"
    body = {"contacted_on": (cutoff() - 5 * days).isoformat(), "note": "звонили"}
    h.expect(client.post(url, json=body, headers=org), 201)
    contacted_earlier = old_client(client, org, session, "Зоя")
    coupon = coupon_before(client, org, orgs, contacted_earlier, fairs)
    body = {"contacted_on": (cutoff() - 8 * days).isoformat(), "note": "звонили"}
    h.expect(client.post(f"{h.API}/coupons/{coupon['code']}/contacted", json=body, headers=org), 201)
    # A visit later than everything on the client's coupon: the latest of the kinds, not the last one read.
    visited_later = old_client(client, org, session, "Ирина")
    coupon_before(client, org, orgs, visited_later, fairs)
    later, _booth = closed_fair(client, org, cutoff() - 3 * days, orgs)
    h.expect(h.visit(client, org, fair=later, client_id=visited_later["id"]), 201)
    idle = old_client(client, org, session, "Дарья")
    new = h.register(client, org, mother="Елена", full_name="Клиент Елена")
    on_cutoff = old_client(client, org, session, "Жанна")
    session.execute(
        text("UPDATE client SET created_at = :c WHERE id = :id"),
        {"c": dt.datetime.combine(cutoff(), dt.time(12, 0)), "id": on_cutoff["id"]},
    )

    shown = runner.invoke(app, ["retention", "--older-than", f"{AGE_DAYS}d"])
    assert shown.exit_code == 0, shown.output
    expected = {
        visited["code"]: cutoff() - 100 * days,
        outcome["code"]: cutoff() - 10 * days,
        redeemed["code"]: cutoff() - 15 * days,
        contacted["code"]: cutoff() - 5 * days,
        contacted_earlier["code"]: cutoff() - 8 * days,
        visited_later["code"]: cutoff() - 3 * days,
        idle["code"]: dt.date(2019, 1, 1),
    }
    listed = {}
    for line in shown.output.splitlines():
        for code in expected:
            if code in line:
                listed[code] = dt.date.fromisoformat(line.split()[-1])
    assert listed == expected, shown.output
    assert new["code"] not in shown.output and on_cutoff["code"] not in shown.output
    assert f"{len(expected)} clients have personal fields" in shown.output
