"""Free-text notes (follow-up "contacted" marks, consultations) are personal data: only with consent, erased
with the personal fields (consent withdrawn, `fairs retention --apply`), and every showing is audited."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from fairs.cli import app
from tests.api import helpers as h

runner = CliRunner()
SECRET = "тел. сестры +375 29 111-22-33, ул. Ленина 5, ВИЧ+"
DIRECTION = "employment_counselling"


@pytest.fixture
def people(client, hdr, orgs):  # noqa: ANN001, ANN201
    """An open fair today with the employment booth; a client with consent and one without, each with an
    employment coupon."""
    org = hdr["organiser"]
    fair = h.make_open_fair(client, org)
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    result = {"booth": booth}
    for key, mother, consent in (("agreed", "Ольга", True), ("bare", "Анна", False)):
        person = h.register(client, org, mother=mother, consent=consent)
        coupon = h.issue(
            client, org, booth=booth, client_id=person["id"], org=orgs["employment"], direction=DIRECTION
        )
        result[key], result[f"{key}_coupon"] = person, coupon
    return result


def mark(client, headers: dict, coupon: dict, note: str, day: dt.date | None = None):  # noqa: ANN001, ANN201
    body = {"note": note, **({"contacted_on": day.isoformat()} if day else {})}
    return client.post(f"{h.API}/coupons/{coupon['code']}/contacted", json=body, headers=headers)


def consult(client, headers: dict, booth: dict, person: dict, note: str):  # noqa: ANN001, ANN201
    body = {"client_id": person["id"], "direction": DIRECTION, "note": note}
    return client.post(f"{h.API}/booths/{booth['id']}/consultations", json=body, headers=headers)


def notes_of(session, client_id: int) -> list[str]:  # noqa: ANN001
    """Every note of the client, both kinds, read from the database."""
    rows = session.execute(
        text(
            "SELECT note FROM followup_contact WHERE client_id = :id"
            " UNION ALL SELECT note FROM consultation WHERE client_id = :id"
        ),
        {"id": client_id},
    )
    return sorted(row[0] for row in rows)


def details(row_details) -> dict:  # noqa: ANN001
    return row_details if isinstance(row_details, dict) else json.loads(row_details)


def test_a_note_needs_consent(client, hdr, people, session):
    org, partner = hdr["organiser"], hdr["partner_employment"]
    bare = people["bare"]
    body = h.expect(mark(client, org, people["bare_coupon"], SECRET), 400, "note_needs_consent")
    assert "согласи" in body["detail"]
    h.expect(consult(client, org, people["booth"], bare, SECRET), 400, "note_needs_consent")
    h.expect(consult(client, partner, people["booth"], bare, SECRET), 400, "note_needs_consent")
    assert notes_of(session, bare["id"]) == []
    assert h.count(session, "consultation", client_id=bare["id"]) == 0
    # Without a note (blanks count as none) the mark and the consultation are recorded.
    h.expect(mark(client, org, people["bare_coupon"], "   "), 201)
    h.expect(consult(client, partner, people["booth"], bare, ""), 201)
    assert notes_of(session, bare["id"]) == ["", ""]
    # With consent, a note is kept.
    h.expect(mark(client, org, people["agreed_coupon"], SECRET), 201)
    h.expect(consult(client, partner, people["booth"], people["agreed"], SECRET), 201)
    assert notes_of(session, people["agreed"]["id"]) == [SECRET, SECRET]


def test_withdrawing_consent_erases_both_kinds_of_notes(client, hdr, people, session):
    org = hdr["organiser"]
    other = h.register(client, org, mother="Нина", father="Олег", full_name="Клиент Нина")
    for person in (people["agreed"], other):
        h.expect(consult(client, org, people["booth"], person, SECRET), 201)
    h.expect(mark(client, org, people["agreed_coupon"], SECRET), 201)
    h.expect(client.post(f"{h.API}/clients/{people['agreed']['id']}/withdraw-consent", headers=org), 200)
    assert notes_of(session, people["agreed"]["id"]) == ["", ""]
    assert notes_of(session, other["id"]) == [SECRET]  # another client's note stays
    row = session.execute(text("SELECT details FROM audit_entry WHERE action = 'withdraw_consent'")).one()
    assert details(row[0]) == {"erased": [], "notes": 2}
    assert SECRET not in json.dumps(details(row[0]), ensure_ascii=False)
    # Without consent now: no new note either.
    h.expect(mark(client, org, people["agreed_coupon"], SECRET), 400, "note_needs_consent")


def test_retention_erases_the_notes_of_inactive_clients(client, hdr, orgs, session):
    org = hdr["organiser"]
    long_ago = h.today() - dt.timedelta(days=400)
    fair = h.make_open_fair(client, org, day=long_ago)
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    h.close_fair(client, org, fair=fair)  # records are back-entered on the fair's date
    # With personal fields; with consent but notes only; and one active lately (kept).
    named = h.register(client, org, mother="Алла", full_name="Клиент Алла")
    notes_only = h.register(client, org, mother="Бела")
    recent = h.register(client, org, mother="Вера")
    for person in (named, notes_only, recent):
        coupon = h.issue(
            client, org, booth=booth, client_id=person["id"], org=orgs["employment"], direction=DIRECTION
        )
        h.expect(consult(client, org, booth, person, SECRET), 201)
        day = h.today() if person is recent else long_ago + dt.timedelta(days=1)
        h.expect(mark(client, org, coupon, SECRET, day), 201)
    old = dt.datetime.combine(long_ago, dt.time(12, 0))
    session.execute(text("UPDATE client SET created_at = :c"), {"c": old})
    session.execute(text("UPDATE consultation SET created_at = :c"), {"c": old})

    shown = runner.invoke(app, ["retention", "--older-than", "200d"])
    assert shown.exit_code == 0, shown.output
    assert named["code"] in shown.output and notes_only["code"] in shown.output
    assert recent["code"] not in shown.output and SECRET not in shown.output
    applied = runner.invoke(app, ["retention", "--older-than", "200d", "--apply"])
    assert applied.exit_code == 0, applied.output
    assert notes_of(session, named["id"]) == ["", ""]
    assert notes_of(session, notes_only["id"]) == ["", ""]
    assert notes_of(session, recent["id"]) == [SECRET, SECRET]
    assert h.count(session, "audit_entry", action="retention_erase") == 2


def view_rows(session) -> list[tuple]:  # noqa: ANN001
    rows = session.execute(
        text("SELECT entity, entity_id, details FROM audit_entry WHERE action = 'view_personal' ORDER BY id")
    )
    return [(r[0], r[1], details(r[2])) for r in rows]


def test_reading_notes_in_the_followup_list_is_audited(client, hdr, people, session):
    org = hdr["organiser"]
    h.expect(mark(client, org, people["bare_coupon"], ""), 201)
    listed = h.expect(client.get(f"{h.API}/followup", params={"days": 0}, headers=org), 200)
    assert len(listed["items"]) == 2
    assert view_rows(session) == []  # no note shown, nothing to audit
    h.expect(mark(client, org, people["agreed_coupon"], SECRET), 201)
    listed = h.expect(client.get(f"{h.API}/followup", params={"days": 0}, headers=org), 200)
    shown = [c["last_contact"]["note"] for item in listed["items"] for c in item["coupons"]]
    assert SECRET in shown
    assert view_rows(session) == [("client", people["agreed"]["id"], {"notes": 1})]
