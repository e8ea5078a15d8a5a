"""/admin/districts: admins add, rename and retire regions and districts through the page's forms."""

from __future__ import annotations

from sqlmodel import Session, select

from fairs.models import District, Region


def _region(session: Session, name: str) -> Region:
    return session.exec(select(Region).where(Region.name == name)).one()


def test_admin_sets_up_a_region_and_a_district(browser, session: Session) -> None:
    b = browser("admin")
    home = b.get("/admin/directions")
    assert 'href="/admin/districts"' in home.text  # in the admin's navigation
    page = b.get("/admin/districts")
    assert page.status_code == 200 and "Солигорский район" in page.text and "Минская область" in page.text

    made = b.post("/admin/regions", {"name": " Витебская область "})
    assert made.status_code == 303 and made.headers["location"] == "/admin/districts"
    region = _region(session, "Витебская область")
    made = b.post("/admin/districts", {"name": "Оршанский район", "region_id": str(region.id)})
    assert made.status_code == 303
    district = session.exec(select(District).where(District.name == "Оршанский район")).one()
    assert district.region_id == region.id and not district.retired
    shown = b.get("/admin/districts")
    assert f'action="/admin/districts/{district.id}"' in shown.text and "Сохранено." in shown.text

    renamed = b.post(f"/admin/districts/{district.id}", {"name": "Оршанский р-н", "retired": "true"})
    assert renamed.status_code == 303
    session.refresh(district)
    assert (district.name, district.retired) == ("Оршанский р-н", True)
    users_form = b.get("/users").text  # a retired district is offered for no new account
    assert ">Солигорский район</option>" in users_form and "Оршанский р-н</option>" not in users_form
    renamed = b.post(f"/admin/regions/{region.id}", {"name": "Витебская обл."})
    assert renamed.status_code == 303 and _region(session, "Витебская обл.").retired is False


def test_refusals_come_back_with_what_was_typed(browser, session: Session) -> None:
    b = browser("admin")
    region = _region(session, "Минская область")
    refused = b.post("/admin/districts", {"name": "Слуцкий район", "region_id": str(region.id)})
    assert refused.status_code == 409 and "<html" in refused.text
    assert "Район с таким названием в этой области уже есть." in refused.text
    assert 'value="Слуцкий район"' in refused.text
    refused = b.post("/admin/regions", {"name": "Минская область"}, htmx=True)
    assert refused.status_code == 409 and "<html" not in refused.text and 'id="geo"' in refused.text
    assert "Область с таким названием уже есть." in refused.text
    district = session.exec(select(District).where(District.name == "Солигорский район")).one()
    refused = b.post(f"/admin/districts/{district.id}", {"name": "  ", "retired": "true"})
    assert refused.status_code == 400 and "Укажите название района." in refused.text
    session.refresh(district)
    assert district.name == "Солигорский район" and not district.retired
    assert len(session.exec(select(Region)).all()) == 1


def test_only_admins_see_the_page(browser) -> None:
    b = browser("organiser")
    assert b.get("/admin/districts").status_code == 403
    assert b.post("/admin/regions", {"name": "Новая область"}).status_code == 403
