"""`fairs retention` and the people expected before release: once their registration and planned release
both lie before the cut-off, their full name and birth date are erased; the code, the dates and the counts
of people expected and arrived stay."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session
from typer.testing import CliRunner

from fairs.cli import app
from fairs.services import release
from tests.api import helpers as h
from tests.api import release_world as rw

runner = CliRunner()
NAME = "Ожидаемов Тимофей Ильич"


def _dated(session: Session, expected_id: int, *, registered: dt.date, release_on: dt.date) -> None:
    session.execute(
        text("UPDATE expected_person SET registered_on = :r, release_on = :o WHERE id = :id"),
        {"r": registered, "o": release_on, "id": expected_id},
    )
    session.commit()


def test_retention_erases_the_personal_fields_of_people_long_expected(
    client: TestClient, session: Session
) -> None:
    org = rw.prison(client, session)
    worker = rw.prison_worker(client, session, username="prison_social", organisation_id=org)
    district = rw.district_id(session)
    personal = {"consent": True, "full_name": NAME, "birth_date": "1990-05-17"}
    old = rw.expect_person(client, worker, district=district, **personal)
    released_late = rw.expect_person(client, worker, district=district, mother="Нина", **personal)
    no_fields = rw.expect_person(client, worker, district=district, mother="Вера")
    cutoff = h.today() - dt.timedelta(days=365)
    long_ago = cutoff - dt.timedelta(days=1)  # the day before the cut-off: erased
    _dated(session, old["id"], registered=long_ago - dt.timedelta(days=30), release_on=long_ago)
    _dated(session, released_late["id"], registered=long_ago, release_on=cutoff)  # on the cut-off: kept
    _dated(session, no_fields["id"], registered=long_ago, release_on=long_ago)
    counts = release.expected_and_arrived(
        session, district_ids=[district], start=long_ago - dt.timedelta(days=60), end=h.today()
    )
    age = f"{(h.today() - cutoff).days}d"

    shown = runner.invoke(app, ["retention", "--older-than", age])
    assert shown.exit_code == 0, shown.output
    assert "1 people expected before release" in shown.output and NAME not in shown.output
    assert h.expect(client.get(f"{h.API}/expected/{old['id']}", headers=worker), 200)["full_name"] == NAME

    done = runner.invoke(app, ["retention", "--older-than", age, "--apply"])
    assert done.exit_code == 0, done.output
    assert "Erased the personal fields of 1 people expected before release" in done.output
    erased = h.expect(client.get(f"{h.API}/expected/{old['id']}", headers=worker), 200)
    assert (erased["full_name"], erased["birth_date"]) == (None, None)
    assert (erased["code"], erased["release_on"]) == (old["code"], long_ago.isoformat())
    kept = h.expect(client.get(f"{h.API}/expected/{released_late['id']}", headers=worker), 200)
    assert (kept["full_name"], kept["birth_date"]) == (NAME, "1990-05-17")
    rows = h.audit_rows(session, entity="expected_person", action="retention_erase", district_id=district)
    assert [(r["entity_id"], r["user_id"]) for r in rows] == [(old["id"], None)]
    assert (
        release.expected_and_arrived(
            session, district_ids=[district], start=long_ago - dt.timedelta(days=60), end=h.today()
        )
        == counts
        == (3, 0)
    )
    again = runner.invoke(app, ["retention", "--older-than", age, "--apply"])
    assert "Erased the personal fields of 0 people expected before release" in again.output
