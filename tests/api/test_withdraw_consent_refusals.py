"""Withdrawing consent: refused for a client who never gave it (409 `no_consent`, in words), and refused by
the service itself to anyone but an organiser, whatever face calls it (found by the mutation run,
docs/testing.md)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlmodel import select

from fairs.errors import Forbidden
from fairs.models import Client, User
from fairs.services import clients
from tests.api import helpers as h


def test_no_consent_to_withdraw(client, hdr, session):
    bare = h.register(client, hdr["organiser"], consent=False, expect_status=201)
    resp = client.post(f"{h.API}/clients/{bare['id']}/withdraw-consent", headers=hdr["organiser"])
    body = h.expect(resp, 409, "no_consent")
    assert body["detail"] == "Этот клиент не давал согласия."


@pytest.mark.parametrize("username", ["committee", "partner_employment", "admin"])
def test_only_an_organiser_withdraws_consent(client, hdr, session, username):
    person = h.register(client, hdr["organiser"], full_name="Клиент Анна", phone="+375 29 111-22-33")
    actor = session.exec(select(User).where(User.username == username)).one()
    record = session.get(Client, person["id"])
    with pytest.raises(Forbidden) as refused:
        clients.withdraw_consent(session, actor=actor, client=record)
    assert refused.value.code == "forbidden"
    assert refused.value.message == "Персональные данные видят только организаторы."
    session.refresh(record)
    assert record.full_name == "Клиент Анна" and record.consent_on is not None


def test_withdrawing_consent_is_audited_with_the_fields_erased(client, hdr, session):
    person = h.register(client, hdr["organiser"], full_name="Клиент Анна", phone="+375 29 111-22-33")
    done = client.post(f"{h.API}/clients/{person['id']}/withdraw-consent", headers=hdr["organiser"])
    body = h.expect(done, 200)
    assert body["full_name"] is None and body["phone"] is None and body["consent_on"] is None
    row = session.execute(
        text(
            "SELECT u.username, a.entity, a.entity_id, a.district_id, a.details FROM audit_entry a"
            " JOIN \"user\" u ON u.id = a.user_id WHERE a.action = 'withdraw_consent'"
        )
    ).one()
    district = session.execute(text("SELECT district_id FROM client WHERE id = :id"), {"id": person["id"]})
    assert tuple(row)[:4] == ("organiser", "client", person["id"], district.scalar_one())
    details = row.details if isinstance(row.details, dict) else json.loads(row.details)
    assert details == {"erased": ["full_name", "phone"]}
