"""/admin/directions: admins add, edit and retire directions and outcomes; retired ones are not offered."""

from __future__ import annotations

from sqlmodel import Session, select

from fairs.models import Direction, Outcome


def _direction(session: Session, code: str) -> Direction:
    session.expire_all()
    return session.exec(select(Direction).where(Direction.code == code)).one()


def _outcome(session: Session, direction: Direction, code: str) -> Outcome:
    session.expire_all()
    return session.exec(
        select(Outcome).where(Outcome.direction_id == direction.id, Outcome.code == code)
    ).one()


def test_admin_manages_directions_and_outcomes_on_the_page(
    browser, session: Session, auth, api_coupon
) -> None:
    organiser = browser("organiser")
    assert (
        organiser.post("/admin/directions", {"code": "x", "name_ru": "x", "name_en": "x"}).status_code == 403
    )

    b = browser("admin")
    page = b.get("/admin/directions")
    assert page.status_code == 200
    assert 'id="new-direction"' in page.text and "<code>tb_screening</code>" in page.text
    assert 'hx-confirm="Вывести из употребления направление' in page.text

    # A bad code is refused in place, with what was typed.
    typed = {
        "code": "Зубы",
        "name_ru": "Стоматология",
        "name_en": "Dentistry",
        "kinds": ["medical", "social"],
    }
    refused = b.post("/admin/directions", typed, htmx=True)
    assert refused.status_code == 400 and "<html" not in refused.text and "note-error" in refused.text
    assert 'value="Стоматология"' in refused.text and 'value="Зубы"' in refused.text
    assert b.post("/admin/directions", {**typed, "code": "dentistry"}).status_code == 303
    dentistry = _direction(session, "dentistry")
    assert (dentistry.name_ru, dentistry.kinds, dentistry.is_active) == (
        "Стоматология",
        "medical,social",
        True,
    )
    duplicate = b.post("/admin/directions", {**typed, "code": "dentistry"}, htmx=True)
    assert duplicate.status_code == 409 and "Направление с таким кодом уже существует." in duplicate.text

    # Edit names and kinds; add and rename an outcome; retire and bring back the direction.
    edit = {
        "name_ru": "Стоматологическая помощь",
        "name_en": "Dental care",
        "sort_order": "40",
        "kinds": "medical",
    }
    assert b.post("/admin/directions/dentistry", edit).status_code == 303
    new = {"outcome_code": "treated", "name_ru": "Лечение", "name_en": "Treatment"}
    assert b.post("/admin/directions/dentistry/outcomes", new).status_code == 303
    again = b.post("/admin/directions/dentistry/outcomes", new, htmx=True)
    assert again.status_code == 409 and 'value="treated"' in again.text
    rename = {"name_ru": "Лечение проведено", "name_en": "Treated"}
    assert b.post("/admin/directions/dentistry/outcomes/treated", rename).status_code == 303
    assert b.post("/admin/directions/dentistry/active", {"active": "false"}).status_code == 303
    dentistry = _direction(session, "dentistry")
    assert (dentistry.name_en, dentistry.sort_order, dentistry.kinds, dentistry.is_active) == (
        "Dental care",
        40,
        "medical",
        False,
    )
    assert _outcome(session, dentistry, "treated").name_ru == "Лечение проведено"
    assert b.post("/admin/directions/dentistry/active", {"active": "true"}).status_code == 303
    assert _direction(session, "dentistry").is_active is True

    # A coupon whose outcome is then retired: the outcome stays on it, but is no longer offered.
    coupon = api_coupon(booth="employment", to="hospital", direction="hiv_testing")
    partner = auth("partner_hospital")
    assert b.client.post(f"/api/v1/coupons/{coupon['code']}/redeem", headers=partner).status_code == 200
    recorded = b.client.post(
        f"/api/v1/coupons/{coupon['code']}/outcome", json={"outcome": "service_provided"}, headers=partner
    )
    assert recorded.status_code == 200, recorded.text
    retire = b.post("/admin/directions/hiv_testing/outcomes/service_provided/active", {"active": "false"})
    assert retire.status_code == 303
    assert _outcome(session, _direction(session, "hiv_testing"), "service_provided").is_active is False
    listed = b.get("/admin/directions")
    assert 'id="outcome-hiv_testing-service_provided"' in listed.text and "не используется" in listed.text

    browser("partner_hospital")
    shown = b.client.get(f"/c/{coupon['token']}")
    assert shown.status_code == 200
    assert "Услуга оказана" in shown.text  # the coupon keeps its retired outcome
    assert 'value="service_provided"' not in shown.text and 'value="treatment_started"' in shown.text
    inbox = b.client.get("/inbox", params={"state": "redeemed"})
    assert 'value="treatment_started"' in inbox.text and 'value="service_provided"' not in inbox.text
