"""The coupon page records «not hired» with its reason, employer and profession (the fields are always
there, without JavaScript), refuses it without a reason and refuses a reason with another outcome; admins
manage the reasons on /admin/nonhire-reasons."""

from __future__ import annotations

from sqlmodel import Session, select

from fairs.models import CouponNonhire


def test_the_coupon_page_records_not_hired_with_its_reason(browser, api_coupon, session: Session) -> None:  # noqa: ANN001
    coupon = api_coupon(to="employer", direction="employment_referral")
    b = browser("organiser")
    url = f"/c/{coupon['token']}"
    assert b.post(f"/coupons/{coupon['token']}/redeem").status_code == 303
    page = b.get(url).text
    assert 'name="reason"' in page and 'name="profession"' in page and 'name="employer"' in page
    assert 'value="conviction_restriction"' in page
    refused = b.post(f"/coupons/{coupon['token']}/outcome", {"outcome": "not_hired"}, htmx=True)
    assert refused.status_code == 400 and "nonhire_reason_required" in refused.text
    refused = b.post(
        f"/coupons/{coupon['token']}/outcome", {"outcome": "employed", "reason": "other"}, htmx=True
    )
    assert refused.status_code == 400 and "nonhire_not_applicable" in refused.text
    form = {
        "outcome": "not_hired",
        "reason": "conviction_restriction",
        "profession": " Электрик  ",
        "employer": "",
    }
    done = b.post(f"/coupons/{coupon['token']}/outcome", form, htmx=True)
    assert done.status_code == 200, done.text
    kept = session.exec(select(CouponNonhire).where(CouponNonhire.coupon_id == coupon["id"])).one()
    assert (kept.profession, kept.employer_organisation_id is not None) == ("Электрик", True)
    assert "Электрик" in b.get(url).text


def test_admins_manage_reasons_on_the_page(browser) -> None:  # noqa: ANN001
    b = browser("admin")
    assert "conviction_restriction" in b.get("/admin/nonhire-reasons").text
    added = {"code": "seasonal", "name_ru": "Сезонная работа", "name_en": "Seasonal work", "name_be": ""}
    assert b.post("/admin/nonhire-reasons", added).status_code == 303
    retired = {"name_ru": "Сезонная работа", "name_en": "Seasonal work", "name_be": "Сезонная праца"}
    assert b.post("/admin/nonhire-reasons/seasonal", retired).status_code == 303
    page = b.get("/admin/nonhire-reasons").text
    assert 'value="Сезонная праца"' in page and "is-inactive" in page
