"""The coupon screen: scan → log in → back → redeem → outcome; every refusal in its colour."""

from __future__ import annotations

from urllib.parse import quote

from sqlmodel import Session, select

from fairs.models import AuditEntry, Coupon
from fairs.services.coupons.codes import format_short_code
from tests.api import helpers as h
from tests.pages.conftest import Browser, csrf_of, login


def verdict(html: str) -> str:
    """The machine code of the answer on the coupon screen (data-verdict)."""
    marker = 'data-verdict="'
    assert marker in html, html[:2000]
    return html.split(marker, 1)[1].split('"', 1)[0]


def test_scan_logs_in_and_comes_back_then_redeems_and_records_outcome(client, api_coupon) -> None:
    coupon = api_coupon()
    url = f"/c/{coupon['token']}"
    anonymous = client.get(url, follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == f"/login?next={quote(url, safe='')}"

    client.base_url = "https://testserver"  # the session cookie is Secure
    back = login(client, "partner_hospital", next_url=url)
    assert back.headers["location"] == url
    page = client.get(url)
    assert verdict(page.text) == "valid"
    assert "verdict-green" in page.text

    b = Browser(client)
    b.csrf = csrf_of(page.text)
    redeemed = b.post(f"/coupons/{coupon['token']}/redeem")
    assert redeemed.status_code == 303 and redeemed.headers["location"] == url
    page = client.get(url)
    assert verdict(page.text) == "redeemed_now"
    assert 'name="outcome" value="service_provided"' in page.text

    recorded = b.post(f"/coupons/{coupon['token']}/outcome", {"outcome": "treatment_started"})
    assert recorded.status_code == 303
    assert verdict(client.get(url).text) == "outcome"
    page = client.get(url)
    assert verdict(page.text) == "already_redeemed"  # a second visit: amber, with when and who
    assert "verdict-amber" in page.text
    assert 'aria-pressed="true"' in page.text  # the recorded outcome is marked


def test_second_redeem_is_refused_amber(browser, api_coupon, session: Session) -> None:
    coupon = api_coupon()
    b = browser("partner_hospital")
    assert b.post(f"/coupons/{coupon['code']}/redeem").status_code == 303
    again = b.post(f"/coupons/{coupon['code']}/redeem", htmx=True)
    assert again.status_code == 409
    assert verdict(again.text) == "already_redeemed"
    assert "<html" not in again.text
    redeems = session.exec(select(AuditEntry).where(AuditEntry.action == "redeem")).all()
    assert len(redeems) == 1


def test_other_organisation_sees_red(browser, api_coupon) -> None:
    coupon = api_coupon(booth="redcross", to="hospital")
    b = browser("partner_employment")  # neither issuing nor receiving
    page = b.get(f"/c/{coupon['token']}")
    assert page.status_code == 403
    assert verdict(page.text) == "other_organisation"
    assert "verdict-red" in page.text
    assert "Redeem" not in page.text and "Погасить" not in page.text


def test_issuing_partner_cannot_redeem(browser, api_coupon) -> None:
    coupon = api_coupon(booth="employment", to="hospital")
    b = browser("partner_employment")
    page = b.get(f"/coupons/{coupon['code']}")
    assert page.status_code == 200
    assert verdict(page.text) == "other_organisation"
    refused = b.post(f"/coupons/{coupon['code']}/redeem")
    assert refused.status_code == 303
    assert verdict(b.get(refused.headers["location"]).text) == "other_organisation"


def test_unknown_and_mistyped_codes_are_red(browser) -> None:
    b = browser("partner_hospital")
    unknown = b.get("/c/" + "A" * 32)
    assert unknown.status_code == 404 and verdict(unknown.text) == "unknown_code"
    mistyped = b.get("/coupons/K7QM2XHD8")  # the check character of K7QM2XHD is Q, not 8
    assert h.luhn32_check("K7QM2XHD") == "Q"
    assert (mistyped.status_code, verdict(mistyped.text)) == (400, "mistyped_code")
    assert b.get("/coupons/ABCD").status_code == 400
    assert verdict(b.get("/coupons/ABCD").text) == "mistyped_code"


def test_typed_code_on_the_scan_page_goes_to_the_coupon_screen(browser, api_coupon) -> None:
    coupon = api_coupon()
    b = browser("partner_hospital")
    form = b.get("/scan")
    assert "autofocus" in form.text
    typed = format_short_code(coupon["code"]).lower()
    go = b.get("/scan", params={"code": typed}, follow_redirects=False)
    assert go.status_code == 303 and go.headers["location"] == f"/coupons/{coupon['code']}"
    scanned = b.get("/scan", params={"code": coupon["url"]}, follow_redirects=False)
    assert scanned.headers["location"] == f"/c/{coupon['token']}"
    assert verdict(b.get(go.headers["location"]).text) == "valid"


def test_htmx_redeem_returns_the_result_fragment(browser, api_coupon) -> None:
    coupon = api_coupon()
    b = browser("partner_hospital")
    answer = b.post(f"/coupons/{coupon['token']}/redeem", htmx=True)
    assert answer.status_code == 200
    assert "<html" not in answer.text and 'id="result"' in answer.text
    assert verdict(answer.text) == "redeemed_now"
    assert "HX-Request" in answer.headers["vary"]
    outcome = b.post(f"/coupons/{coupon['token']}/outcome", {"outcome": "nonsense"}, htmx=True)
    assert outcome.status_code == 400 and "note-error" in outcome.text


def test_organiser_cancels_then_the_coupon_is_red(browser, api_coupon, session: Session) -> None:
    coupon = api_coupon()
    b = browser("organiser")
    page = b.get(f"/coupons/{coupon['code']}")
    assert 'action="/coupons/' + coupon["code"] + '/cancel"' in page.text
    assert b.post(f"/coupons/{coupon['code']}/cancel", {"reason": ""}).status_code == 303
    assert session.exec(select(Coupon)).one().status == "issued"  # a reason is required
    assert b.post(f"/coupons/{coupon['code']}/cancel", {"reason": "Ошибка в направлении"}).status_code == 303
    page = b.get(f"/coupons/{coupon['code']}")
    assert verdict(page.text) == "cancelled" and "Ошибка в направлении" in page.text
    assert b.get(f"/coupons/{coupon['code']}/print").status_code == 409


def test_committee_cannot_open_coupons(browser, api_coupon) -> None:
    coupon = api_coupon()
    b = browser("committee")
    assert b.get(f"/c/{coupon['token']}").status_code == 403


def test_batch_print_four_to_a_sheet(browser, api_coupon) -> None:
    for _ in range(5):
        coupon = api_coupon()
    b = browser("organiser")
    page = b.get(f"/fairs/{coupon['fair_id']}/print")
    assert page.status_code == 200
    assert page.text.count('class="coupon"') == 5
    assert page.text.count('class="sheet sheet-a4"') == 2
