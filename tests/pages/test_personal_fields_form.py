"""The client page's personal-fields form stores every field it is given, refuses fields without consent in
words, and the service refuses anyone but an organiser itself (found by the mutation run,
docs/testing.md)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from fairs.errors import Forbidden
from fairs.models import Client, User
from fairs.services import clients
from tests.api import helpers as h


def test_the_form_stores_name_birth_date_and_phone(client, auth, browser):
    person = h.register(client, auth("organiser"), consent=False, expect_status=201)
    b = browser("organiser")
    form = {"consent": "true", "full_name": "Клиент Анна", "birth_date": "1985-04-02", "phone": "+375 29 1"}
    assert b.post(f"/clients/{person['id']}", form).status_code == 303
    detail = h.expect(client.get(f"{h.API}/clients/{person['id']}", headers=auth("organiser")), 200)
    assert (detail["full_name"], detail["birth_date"], detail["phone"]) == (
        "Клиент Анна",
        "1985-04-02",
        "+375 29 1",
    )


def test_fields_without_consent_are_refused_in_words(client, auth, browser):
    person = h.register(client, auth("organiser"), consent=False, expect_status=201)
    b = browser("organiser")
    refused = b.post(f"/clients/{person['id']}", {"full_name": "Клиент Анна"}, htmx=True)
    assert refused.status_code == 400
    assert "Персональные данные можно сохранить только с согласия клиента." in refused.text
    detail = h.expect(client.get(f"{h.API}/clients/{person['id']}", headers=auth("organiser")), 200)
    assert detail["full_name"] is None


@pytest.mark.parametrize("username", ["committee", "partner_employment", "admin"])
def test_only_an_organiser_stores_personal_fields(client, auth, session, username):
    person = h.register(client, auth("organiser"))
    actor = session.exec(select(User).where(User.username == username)).one()
    with pytest.raises(Forbidden) as refused:
        clients.update_personal(
            session, actor=actor, client=session.get(Client, person["id"]), consent=True, full_name="Клиент"
        )
    assert (refused.value.code, refused.value.message) == (
        "forbidden",
        "Персональные данные видят только организаторы.",
    )


def test_the_consent_refusal_has_its_code(client, auth, session):
    """The page shows only the words; the code is the refusal's contract for every other caller."""
    from fairs.errors import Invalid

    person = h.register(client, auth("organiser"), consent=False, expect_status=201)
    actor = session.exec(select(User).where(User.username == "organiser")).one()
    with pytest.raises(Invalid) as refused:
        clients.update_personal(
            session, actor=actor, client=session.get(Client, person["id"]), consent=False, phone="+375 29 1"
        )
    assert (refused.value.code, refused.value.status) == ("consent_required", 400)
