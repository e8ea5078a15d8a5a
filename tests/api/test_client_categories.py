"""A client's categories through the JSON API: the dated record, the audit, the refusals (a future day,
a day of a submitted period, another district's client)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlmodel import Session, select

from fairs import db
from fairs.models import Client, ClientCategory, User
from fairs.services import clients
from tests.api import helpers as h


def _put(client, headers, person: int, codes: list[str], on: dt.date | None = None):  # noqa: ANN001, ANN202
    body: dict = {"categories": codes}
    if on:
        body["on"] = on.isoformat()
    return client.put(f"{h.API}/clients/{person}/categories", json=body, headers=headers)


def test_changes_are_dated_audited_and_locked_with_a_submitted_period(client, hdr, session) -> None:  # noqa: ANN001
    org = hdr["organiser"]
    person = h.register(client, org)["id"]
    before = h.count(session, "audit_entry", entity="client", action="categories")
    earlier = h.today() - dt.timedelta(days=400)
    got = h.expect(_put(client, org, person, ["released", "drug_use"], earlier), 200)
    assert got["categories"] == ["released", "drug_use"]  # in report order
    h.expect(_put(client, org, person, ["released", "drug_use"], earlier), 200)  # nothing changes
    assert h.count(session, "audit_entry", entity="client", action="categories") == before + 1

    # The same set again, later: no new change; a category dropped: one change, dated.
    h.expect(_put(client, org, person, ["released"]), 200)
    history = h.expect(client.get(f"{h.API}/clients/{person}/categories", headers=org), 200)["history"]
    assert [(c["on"], c["code"], c["held"]) for c in history][0] == (h.today().isoformat(), "drug_use", False)
    assert len(history) == 3

    # Never a future day.
    h.expect(_put(client, org, person, [], h.today() + dt.timedelta(days=1)), 400, "bad_day")
    # Another district's organiser does not find the client.
    h.expect(_put(client, hdr["organiser_b"], person, []), 404, "client_not_found")

    # A day of a submitted period is refused; a day after it is not.
    first_of_this = h.today().replace(day=1)
    last_month = (first_of_this - dt.timedelta(days=1)).replace(day=1)
    h.expect(
        client.post(f"{h.API}/reports/submissions", json={"period": f"{last_month:%Y-%m}"}, headers=org), 201
    )
    h.expect(_put(client, org, person, ["released", "relatives"], last_month), 409, "period_submitted")
    h.expect(_put(client, org, person, ["released", "relatives"]), 200)


def test_admins_manage_categories_through_the_api(client, hdr) -> None:  # noqa: ANN001
    admin = hdr["admin"]
    body = {"code": "homeless", "name_ru": "Без жилья", "name_en": "Homeless"}
    made = h.expect(client.post(f"{h.API}/categories", json=body, headers=admin), 201)
    assert (made["code"], made["sort_order"], made["is_active"]) == ("homeless", 6, True)
    h.expect(client.post(f"{h.API}/categories", json=body, headers=admin), 409, "category_exists")
    h.expect(
        client.post(f"{h.API}/categories", json={**body, "code": "Без"}, headers=admin), 400, "invalid_code"
    )
    h.expect(client.post(f"{h.API}/categories", json={**body, "code": "x"}, headers=hdr["organiser"]), 403)
    change = {"code": "roofless", "name_ru": "Без жилья", "name_en": "Homeless"}
    h.expect(client.put(f"{h.API}/categories/homeless", json=change, headers=admin), 400, "code_immutable")
    change = {"name_ru": "БОМЖ", "name_en": "No fixed abode", "is_active": False}
    changed = h.expect(client.put(f"{h.API}/categories/homeless", json=change, headers=admin), 200)
    assert (changed["name_en"], changed["is_active"]) == ("No fixed abode", False)
    h.expect(client.put(f"{h.API}/categories/nobody", json=change, headers=admin), 404, "category_not_found")
    everyone = h.expect(client.get(f"{h.API}/categories?all=true", headers=hdr["committee"]), 200)
    assert [c["code"] for c in everyone][-1] == "homeless"


def test_two_recordings_of_one_client_at_once_both_end_well(client, hdr, db_url) -> None:  # noqa: ANN001
    """Two organisers record the same category of one client on the same day at the same moment: the
    second waits for the first and finds the category already held (no unique-index error, one change)."""
    if db_url.startswith("sqlite"):
        pytest.skip("SQLite runs one writing transaction at a time: there is no race to lose")
    person = h.register(client, hdr["organiser"])["id"]
    engine = db.make_engine(db_url)
    first_recorded, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def record(hold: bool) -> None:
        try:
            with Session(engine) as session:
                actor = session.exec(select(User).where(User.username == "organiser")).one()
                clients.record_categories(
                    session, actor=actor, client=session.get(Client, person), codes=["released"]
                )
                session.flush()
                if hold:
                    first_recorded.set()
                    release.wait(30)
                session.commit()
        except BaseException as error:  # noqa: BLE001  (reported by the test)
            errors.append(error)
            first_recorded.set()

    first = threading.Thread(target=record, args=(True,))
    first.start()
    assert first_recorded.wait(30)
    second = threading.Thread(target=record, args=(False,))
    second.start()
    second.join(1.0)
    assert second.is_alive()  # waiting for the first to end
    release.set()
    first.join(30)
    second.join(30)
    assert errors == []
    with Session(engine) as session:
        rows = session.exec(select(ClientCategory).where(ClientCategory.client_id == person)).all()
    engine.dispose()
    assert [(row.held, row.recorded_on) for row in rows] == [(True, h.today())]
