"""The audit log (organisers) and the directions' names (admins)."""

from __future__ import annotations

from sqlmodel import Session, select

from fairs.models import Direction, User


def test_audit_log_lists_the_district_paginated(browser) -> None:
    b = browser("organiser")
    b.post("/fairs/schedule", {"year": "2030"})
    page = b.get("/audit")
    assert page.status_code == 200 and "составлен график на год" in page.text
    only = b.get("/audit?entity=organisation", htmx=True)
    assert "<html" not in only.text and "schedule" not in only.text and "organisation" in only.text


def test_admin_renames_a_direction(browser, session: Session) -> None:
    b = browser("admin")
    page = b.get("/admin/directions")
    assert 'action="/admin/directions/rehab"' in page.text
    saved = b.post(
        "/admin/directions/rehab",
        {"name_ru": "Реабилитация", "name_en": "Rehabilitation", "is_active": "true"},
    )
    assert saved.status_code == 303
    direction = session.exec(select(Direction).where(Direction.code == "rehab")).one()
    assert (direction.name_ru, direction.name_en, direction.is_active) == (
        "Реабилитация",
        "Rehabilitation",
        True,
    )
    refused = b.post(
        "/admin/directions/rehab", {"name_ru": "", "name_en": "x", "is_active": "true"}, htmx=True
    )
    assert refused.status_code == 400 and "note-error" in refused.text and "<html" not in refused.text


def test_organiser_manages_accounts_on_the_users_page(browser, orgs, session: Session) -> None:
    b = browser("organiser")
    page = b.get("/users")
    assert page.status_code == 200 and "partner_employment" in page.text and "organiser_b" not in page.text
    refused = b.post(
        "/users", {"username": "new.partner", "role": "partner", "full_name": "Новиков", "password": "short"}
    )
    assert refused.status_code == 400
    assert 'value="new.partner"' in refused.text and 'value="Новиков"' in refused.text
    assert 'value="short"' not in refused.text  # a password is never echoed back
    made = b.post(
        "/users",
        {
            "username": "new.partner",
            "role": "partner",
            "organisation_id": str(orgs["employment"]),
            "password": "long-enough-1",
        },
    )
    assert made.status_code == 303
    created = session.exec(select(User).where(User.username == "new.partner")).one()
    assert created.organisation_id == orgs["employment"] and created.role == "partner"
    assert b.post(f"/users/{created.id}/active", {"active": "false"}).status_code == 303
    session.expire_all()
    assert session.get(User, created.id).is_active is False
    assert "заблокирован" in b.get("/users").text
    for role in ("partner_employment", "committee"):
        assert browser(role).get("/users").status_code == 403
