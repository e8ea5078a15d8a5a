"""`fairs retention`: personal fields of long-inactive clients are erased; codes and every tally stay."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from typer.testing import CliRunner

from fairs.cli import app
from tests.api import helpers as h
from tests.history import build_history

runner = CliRunner()
CUTOFF = dt.date(2026, 2, 25)  # P3 had a redemption on 1 March 2026; P1, P2, P4, P5 nothing since January


def _personal(session) -> dict[str, tuple]:  # noqa: ANN001
    rows = session.execute(text("SELECT code, full_name, phone, birth_date, personal_erased_at FROM client"))
    return {row[0]: tuple(row[1:]) for row in rows}


def test_retention_shows_then_erases_only_inactive_clients(client, hdr, orgs, session):
    history = build_history(client, hdr, orgs)
    for name, person in history.persons.items():
        session.execute(
            text(
                "UPDATE client SET full_name = :n, phone = :p, birth_date = :b, created_at = :c,"
                " consent_on = :b WHERE id = :id"
            ),
            {
                "n": f"Фамилия {name}",
                "p": "+375 29 000000",
                "b": dt.date(1985, 1, 1),
                "c": dt.datetime(2025, 1, 1),
                "id": person["id"],
            },
        )
    report = {"from": "2025-01-01", "to": "2026-12-31"}
    before = h.expect(client.get(f"{h.API}/reports/committee", params=report, headers=hdr["organiser"]), 200)
    age = f"{(h.today() - CUTOFF).days}d"

    shown = runner.invoke(app, ["retention", "--older-than", age])
    assert shown.exit_code == 0, shown.output
    codes = {name: history.persons[name]["code"] for name in history.persons}
    for name in ("P1", "P2", "P4", "P5"):
        assert codes[name] in shown.output
    assert codes["P3"] not in shown.output and "4 clients" in shown.output
    assert "Фамилия" not in shown.output  # the listing shows codes, never names
    assert sum(values[0] is not None for values in _personal(session).values()) == 5

    applied = runner.invoke(app, ["retention", "--older-than", age, "--apply"])
    assert applied.exit_code == 0, applied.output
    assert "Erased the personal fields of 4 clients" in applied.output
    after_rows = _personal(session)
    for name in ("P1", "P2", "P4", "P5"):
        full_name, phone, birth_date, erased_at = after_rows[codes[name]]
        assert (full_name, phone, birth_date) == (None, None, None) and erased_at is not None
    assert after_rows[codes["P3"]][:3] == ("Фамилия P3", "+375 29 000000", after_rows[codes["P3"]][2])
    assert after_rows[codes["P3"]][2] is not None
    assert h.count(session, "audit_entry", action="retention_erase") == 4

    after = h.expect(client.get(f"{h.API}/reports/committee", params=report, headers=hdr["organiser"]), 200)
    assert after == before
    again = runner.invoke(app, ["retention", "--older-than", age, "--apply"])
    assert "of 0 clients" in again.output


def test_retention_refuses_an_unclear_period(db_url):
    result = runner.invoke(app, ["retention", "--older-than", "three years"])
    assert result.exit_code == 2 and "36m" in result.output
