"""The organiser's day through the pages: plan, open, booth, visitor, consultation, coupon, print."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from fairs.clock import local_today
from fairs.models import Client, Coupon
from fairs.services import coupons
from fairs.services.coupons.codes import format_short_code
from fairs.services.coupons.view import coupon_url
from tests.pages.conftest import Browser

PERSONAL_NAME = "Петров Пётр Петрович"


def run_day(b: Browser, orgs: dict[str, int]) -> dict:
    """Plan and open a fair today, add the employment centre's booth, register a visitor, consult, issue."""
    today = local_today()
    r = b.post("/fairs", {"day": today.isoformat(), "venue": "УИИ, каб. 5", "confirm": "true"})
    assert r.status_code == 303
    calendar = b.get(f"/fairs?year={today.year}").text
    fair_id = int(re.search(r'href="/fairs/(\d+)"', calendar).group(1))
    assert b.post(f"/fairs/{fair_id}/open").status_code == 303
    assert b.post(f"/fairs/{fair_id}/booths", {"organisation_id": orgs["employment"]}).status_code == 303
    day = b.get(f"/fairs/{fair_id}").text
    booth_id = int(re.search(r'id="booth-(\d+)"', day).group(1))
    r = b.post(
        f"/fairs/{fair_id}/visitors",
        {
            "mother_name": "Анна",
            "father_name": "Иван",
            "sex": "M",
            "birth_year": "1985",
            "consent": "true",
            "full_name": PERSONAL_NAME,
        },
    )
    assert r.status_code == 303
    day = b.get(r.headers["location"]).text
    assert "АНИВ185" in day
    r = b.post(
        f"/booths/{booth_id}/consultations",
        {"client_code": "аних185", "direction": "employment_counselling", "note": "просил вакансии"},
    )
    # Refused in place, without JavaScript too: the message and everything typed are kept.
    assert r.status_code == 404 and "<html" in r.text
    assert 'value="аних185"' in r.text and "просил вакансии</textarea>" in r.text
    assert '<option value="employment_counselling" selected>' in r.text
    r = b.post(
        f"/booths/{booth_id}/consultations", {"client_code": "АНИВ185", "direction": "employment_counselling"}
    )
    assert r.status_code == 303
    r = b.post(
        f"/booths/{booth_id}/coupons",
        {"client_code": "АНИВ185", "target": f"{orgs['hospital']}:hiv_testing"},
    )
    assert r.status_code == 303
    code = re.search(r"issued=([0-9A-Z]+)", r.headers["location"]).group(1)
    return {"fair_id": fair_id, "booth_id": booth_id, "code": code, "page": b.get(r.headers["location"]).text}


def test_organiser_day(browser, orgs, session: Session) -> None:
    b = browser("organiser")
    day = run_day(b, orgs)

    coupon = session.exec(select(Coupon).where(Coupon.code == day["code"])).one()
    page = b.get(f"/coupons/{coupon.code}/print")
    assert page.status_code == 200
    assert coupons.svg_for(coupon_url(coupon.token)) in page.text
    assert format_short_code(coupon.code) in page.text
    assert PERSONAL_NAME not in page.text
    assert session.exec(select(Client)).one().full_name == PERSONAL_NAME
