"""Organisations (everyone reads, organisers edit) and clients (organisers; personal views audited)."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from fairs.models import AuditEntry, Client, Organisation
from tests.api import helpers as h
from tests.pages.conftest import Browser


def test_organisations_read_by_all_edited_by_organisers(browser, session: Session) -> None:
    b = browser("organiser")
    page = b.get("/organisations")
    assert "Центр занятости" in page.text and "/organisations/new" in page.text
    form = {
        "name": "НА «Надежда»",
        "kind": "ngo",
        "phone": "+375 29 000",
        "directions": ["humanitarian", "psychological"],
    }
    created = b.post("/organisations", form)
    assert created.status_code == 303 and created.headers["location"] == "/organisations"
    org = session.exec(select(Organisation).where(Organisation.name == "НА «Надежда»")).one()
    edit = b.get(f"/organisations/{org.id}/edit").text
    assert edit.count("checked") == 2
    duplicate = b.post("/organisations", form, htmx=True)
    assert duplicate.status_code == 409 and "note-error" in duplicate.text and "<html" not in duplicate.text
    saved = b.post(
        f"/organisations/{org.id}",
        {**form, "name": "НА «Надежда»", "kind": "religious", "directions": ["rehab"]},
    )
    assert saved.status_code == 303
    session.expire_all()
    assert session.get(Organisation, org.id).kind == "religious"

    partner = Browser(b.client)
    partner.login("partner_hospital")
    page = partner.get("/organisations")
    assert page.status_code == 200 and "НА «Надежда»" in page.text and "/edit" not in page.text
    assert partner.get(f"/organisations/{org.id}/edit").status_code == 403


def test_client_page_audits_the_view_and_saves_consent(browser, orgs, session: Session) -> None:
    b = browser("organiser")
    b.post("/fairs", {"day": "2026-01-12"})
    fair_id = int(re.search(r'href="/fairs/(\d+)"', b.get("/fairs?year=2026").text).group(1))
    b.post(f"/fairs/{fair_id}/open", {"confirm": "true"})  # a past fair: back-entering its day
    b.post(
        f"/fairs/{fair_id}/visitors",
        {"mother_name": "Анна", "father_name": "Иван", "sex": "M", "birth_year": "1985"},
    )
    client = session.exec(select(Client)).one()
    listing = b.get("/clients")
    assert f'href="/clients/{client.id}"' in listing.text

    refused = b.post(f"/clients/{client.id}", {"full_name": "Петров П. П."})
    assert refused.status_code == 303  # no consent: nothing stored
    session.expire_all()
    assert session.get(Client, client.id).full_name is None

    saved = b.post(f"/clients/{client.id}", {"consent": "true", "full_name": "Петров П. П.", "phone": "+375"})
    assert saved.status_code == 303
    page = b.get(f"/clients/{client.id}")
    assert "Петров П. П." in page.text
    views = session.exec(select(AuditEntry).where(AuditEntry.action == "view_personal")).all()
    assert len(views) >= 1


def test_closed_fair_shows_the_back_entry_notice(browser, session: Session) -> None:
    b = browser("organiser")
    b.post("/fairs", {"day": "2026-02-09"})
    fair_id = int(re.search(r'href="/fairs/(\d+)"', b.get("/fairs?year=2026").text).group(1))
    b.post(f"/fairs/{fair_id}/open", {"confirm": "true"})  # a past fair: back-entering its day
    b.post(f"/fairs/{fair_id}/close")
    page = b.get(f"/fairs/{fair_id}")
    assert "banner-warn" in page.text
    b.post(
        f"/fairs/{fair_id}/visitors",
        {"mother_name": "Анна", "father_name": "Иван", "sex": "M", "birth_year": "1985"},
    )
    assert "внесено задним числом" in b.get(f"/fairs/{fair_id}").text  # Russian, the default locale


def test_personal_fields_can_be_cleared_and_consent_withdrawn(browser, session: Session) -> None:
    b = browser("organiser")
    b.post("/fairs", {"day": "2026-01-12"})
    fair_id = int(re.search(r'href="/fairs/(\d+)"', b.get("/fairs?year=2026").text).group(1))
    b.post(f"/fairs/{fair_id}/open", {"confirm": "true"})  # a past fair: back-entering its day
    b.post(
        f"/fairs/{fair_id}/visitors",
        {"mother_name": "Вера", "father_name": "Павел", "sex": "F", "birth_year": "1979"},
    )
    client = session.exec(select(Client)).one()
    b.post(f"/clients/{client.id}", {"consent": "true", "full_name": "Сидорова В. П.", "phone": "+375 29 1"})
    # An emptied field is cleared, the others stay.
    b.post(f"/clients/{client.id}", {"consent": "true", "full_name": "Сидорова В. П.", "phone": ""})
    session.expire_all()
    stored = session.get(Client, client.id)
    assert stored.full_name == "Сидорова В. П." and stored.phone is None
    page = b.get(f"/clients/{client.id}")
    assert f'action="/clients/{client.id}/withdraw-consent"' in page.text and "data-confirm" in page.text

    assert b.post(f"/clients/{client.id}/withdraw-consent").status_code == 303
    session.expire_all()
    stored = session.get(Client, client.id)
    assert (stored.full_name, stored.phone, stored.birth_date, stored.consent_on) == (None, None, None, None)
    assert stored.code == client.code
    assert "Сидорова" not in b.get(f"/clients/{client.id}").text
    rows = session.exec(select(AuditEntry).where(AuditEntry.action == "withdraw_consent")).all()
    assert len(rows) == 1 and "Сидорова" not in str(rows[0].details)
    # Withdrawing twice is refused; a partner cannot do it at all.
    assert b.post(f"/clients/{client.id}/withdraw-consent").status_code == 303
    assert len(session.exec(select(AuditEntry).where(AuditEntry.action == "withdraw_consent")).all()) == 1
    partner = browser("partner_employment")
    assert partner.post(f"/clients/{client.id}/withdraw-consent").status_code == 403


def test_the_form_offers_the_directions_of_the_kind_and_nothing_offers_a_retired_one(
    browser, auth, orgs, session: Session
) -> None:
    b = browser("organiser")
    admin, organiser = auth("admin"), auth("organiser")
    for code, changes in [("hiv_testing", {"kinds": ["medical"]}), ("infectious", {"is_active": False})]:
        direction = next(
            d for d in b.client.get(f"{h.API}/directions", headers=admin).json() if d["code"] == code
        )
        body = {"name_ru": direction["name_ru"], "name_en": direction["name_en"], **changes}
        h.expect(b.client.put(f"{h.API}/directions/{code}", json=body, headers=admin), 200)
    fair = h.make_open_fair(b.client, organiser)
    booth = h.add_booth(b.client, organiser, fair=fair, org=orgs["hospital"])
    hospital = orgs["hospital"]

    # A new organisation (medical, first in the list): HIV testing is offered, the retired direction is not.
    new = b.get("/organisations/new").text
    assert 'value="hiv_testing"' in new and 'value="infectious"' not in new and 'value="humanitarian"' in new
    # Another kind chosen: the form comes back with what was typed and that kind's directions only.
    typed = {"kind": "ngo", "name": "Шанс", "directions": ["hiv_testing", "humanitarian"]}
    other = b.get("/organisations/new", htmx=True, params=typed)
    assert other.status_code == 200 and "<html" not in other.text and 'value="Шанс"' in other.text
    assert 'value="hiv_testing"' not in other.text and 'value="humanitarian" checked' in other.text
    # Sent anyway (no JavaScript): refused in the form, with what was typed.
    refused = b.post("/organisations", {**typed, "directions": ["hiv_testing"]}, htmx=True)
    assert refused.status_code == 400 and "не предназначено для организаций вида" in refused.text
    assert 'value="Шанс"' in refused.text and "<html" not in refused.text

    # The hospital's form keeps its retired direction, ticked and marked; saving it keeps the link.
    edit = b.get(f"/organisations/{hospital}/edit").text
    assert 'value="infectious" checked' in edit and "не используется" in edit
    form = {"name": "Центральная районная больница", "kind": "medical"}
    saved = b.post(f"/organisations/{hospital}", {**form, "directions": ["infectious", "hiv_testing"]})
    assert saved.status_code == 303
    refused = b.post(
        f"/organisations/{orgs['redcross']}",
        {"name": "Красный Крест", "kind": "ngo", "directions": ["infectious"]},
    )
    assert refused.status_code == 409 and "выведено из употребления" in refused.text

    # The fair day offers coupons and consultations in no retired direction, and refuses one sent anyway.
    day = b.get(f"/fairs/{fair['id']}").text
    assert f'value="{hospital}:hiv_testing"' in day and f'value="{hospital}:infectious"' not in day
    assert '<option value="infectious"' not in day
    sent = {"client_code": h.register(b.client, organiser)["code"], "direction": "infectious"}
    consulted = b.post(f"/booths/{booth['id']}/consultations", sent, htmx=True)
    assert consulted.status_code == 409 and "новые консультации по нему не регистрируются" in consulted.text
