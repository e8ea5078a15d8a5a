"""Withdrawing consent: refused for a client who never gave it (409 `no_consent`, in words), and refused by
the service itself to anyone but an organiser, whatever face calls it (found by the mutation run,
docs/testing.md)."""

from __future__ import annotations

import pytest
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
