"""Journey notes are personal data like the other notes: `fairs retention` lists a stale client whose only
personal data is a journey note and erases it with --apply; withdrawing consent erases them at once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from typer.testing import CliRunner

from fairs.cli import app
from tests.api import helpers as h
from tests.api.test_retention_activities import AGE_DAYS

runner = CliRunner()


def journey_notes(session, client_id: int) -> list[str]:  # noqa: ANN001
    """The client's journey notes, read from the database."""
    rows = session.execute(text("SELECT note FROM journey_note WHERE client_id = :id"), {"id": client_id})
    return sorted(row[0] for row in rows)


def test_a_journey_note_alone_makes_a_stale_client_listed_and_erased(client, auth, session):  # noqa: ANN001
    org = auth("organiser")
    person = h.register(client, org, mother="Алла")
    session.execute(
        text("UPDATE client SET created_at = :c WHERE id = :id"),
        {"c": dt.datetime(2019, 1, 1, 12, 0), "id": person["id"]},
    )
    session.commit()
    day = (h.today() - dt.timedelta(days=AGE_DAYS + 30)).isoformat()
    body = {"note": "живёт у брата", "noted_on": day}
    h.expect(client.post(f"{h.API}/clients/{person['id']}/notes", json=body, headers=org), 201)
    shown = runner.invoke(app, ["retention", "--older-than", f"{AGE_DAYS}d"])
    assert shown.exit_code == 0 and person["code"] in shown.output, shown.output
    applied = runner.invoke(app, ["retention", "--older-than", f"{AGE_DAYS}d", "--apply"])
    assert applied.exit_code == 0, applied.output
    assert journey_notes(session, person["id"]) == [""]


def test_withdrawn_consent_erases_journey_notes(client, auth, session):  # noqa: ANN001
    org = auth("organiser")
    person = h.register(client, org, mother="Бела")
    h.expect(
        client.post(f"{h.API}/clients/{person['id']}/notes", json={"note": "нужен паспорт"}, headers=org), 201
    )
    assert journey_notes(session, person["id"]) == ["нужен паспорт"]
    h.expect(client.post(f"{h.API}/clients/{person['id']}/withdraw-consent", headers=org), 200)
    assert journey_notes(session, person["id"]) == [""]
