"""Printed coupons: in the district's language whatever the screen's, a block telling the client where to
go, when, what to bring and what happens there, and a warning while the QR codes point at this machine."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlmodel import Session

from fairs.config import get_settings
from fairs.models import Direction
from tests.api import helpers as h
from tests.pages.test_pads import _make_pad

# Russian text of a printed coupon, and the English msgids it must not fall back to.
COUPON_RU = ("Талон-направление", "Код клиента", "Действителен до", "Тестирование на ВИЧ")
COUPON_EN = ("Referral coupon", "Client code", "Valid until", "HIV testing", "Where to go", "Staff of the")
WARNING_EN = "phones cannot open the QR codes"


def _coupons(html: str) -> list[str]:
    """The printed coupons of a page (everything outside them is the screen's toolbar)."""
    return re.findall(r"<article class=\"coupon.*?</article>", html, flags=re.S)


def _guide(coupon: str) -> dict[str, str]:
    """The client's block of a printed coupon: its labels and their text, tags stripped."""
    block = re.search(r'<dl class="coupon-guide">(.*?)</dl>', coupon, flags=re.S)
    assert block, coupon
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", block.group(1), flags=re.S)
    return {dt_: " ".join(re.sub(r"<[^>]+>", " ", dd).split()) for dt_, dd in pairs}


@pytest.fixture
def english(browser):  # noqa: ANN001, ANN201
    """The organiser, logged in with the screen in English (the `lang=en` cookie)."""
    b = browser("organiser")
    b.client.cookies.set("lang", "en")
    assert ">Fairs<" in b.get("/fairs").text  # the screen is in English
    return b


def test_a_coupon_prints_in_russian_on_an_english_screen(english, api_coupon) -> None:
    coupon = api_coupon()
    for url in (f"/coupons/{coupon['code']}/print", f"/fairs/{coupon['fair_id']}/print"):
        page = english.get(url)
        assert page.status_code == 200
        [printed] = _coupons(page.text)
        assert 'lang="ru"' in printed
        for text in COUPON_RU:
            assert text in printed, (url, text)
        for text in COUPON_EN:
            assert text not in printed, (url, text)
        assert "Этот талон и документ, удостоверяющий личность." in printed
        # The toolbar around the coupon stays in the organiser's language.
        assert '<html lang="en">' in page.text and ">Print</button>" in page.text


def test_a_pad_of_blanks_prints_in_russian_on_an_english_screen(english, client, auth, orgs) -> None:
    fair = h.make_open_fair(client, auth("organiser"))
    booth = h.add_booth(client, auth("organiser"), fair=fair, org=orgs["employment"])
    sheet = english.get(_make_pad(english, fair, booth, 2))
    assert sheet.status_code == 200 and ">Print</button>" in sheet.text
    blanks = _coupons(sheet.text)
    assert len(blanks) == 2
    for blank in blanks:
        for text in ("Талон-направление", "Принимающая организация", "Ярмарка услуг"):
            assert text in blank
        for text in ("Referral coupon", "Receiving organisation", "Fair of services", "Direction"):
            assert text not in blank


def test_the_coupon_tells_the_client_where_when_and_what(browser, api_coupon, client, auth) -> None:
    coupon = api_coupon(to="hospital", direction="hiv_testing")
    b = browser("organiser")
    [printed] = _coupons(b.get(f"/coupons/{coupon['code']}/print").text)
    guide = _guide(printed)
    expires = dt.date.fromisoformat(coupon["expires_on"]).strftime("%d.%m.%Y")
    hospital = client.get(f"{h.API}/organisations", headers=auth("organiser")).json()
    hospital = next(o for o in hospital if o["id"] == coupon["organisation_id"])
    assert list(guide) == ["Куда обратиться", "Когда", "Что взять с собой", "Что будет на месте"]
    where = f"{hospital['name']} г. Солигорск Часы работы: 8:00-17:00 ☎ +375 174 000000"
    assert guide["Куда обратиться"] == where
    assert guide["Когда"] == f"В рабочий день по {expires} включительно."
    assert guide["Что взять с собой"] == "Этот талон и документ, удостоверяющий личность."
    assert guide["Что будет на месте"] == (
        "Вы можете конфиденциально пройти тест на ВИЧ и получить услуги снижения вреда."
    )


def test_an_organisation_without_address_or_hours_leaves_no_empty_labels(
    browser, api_coupon, client, auth, session: Session
) -> None:
    # A direction added after the first migration has no sentence of its own: the general one is printed.
    debts = Direction(code="debt_advice", name_ru="Консультация по долгам", name_en="Debt advice")
    session.add(debts)
    session.commit()
    organiser = auth("organiser")
    body = {"name": "Фонд «Опора»", "kind": "ngo", "directions": ["debt_advice"]}
    org = h.expect(client.post(f"{h.API}/organisations", json=body, headers=organiser), 201)
    first = api_coupon()  # the fair, its client and the employment centre's booth
    person = h.expect(client.get(f"{h.API}/clients/by-code/{first['client_code']}", headers=organiser), 200)
    issued = client.post(
        f"{h.API}/booths/{first['booth_id']}/coupons",
        json={"client_id": person["id"], "organisation_id": org["id"], "direction": "debt_advice"},
        headers=organiser,
    )
    coupon = h.expect(issued, 201)
    [printed] = _coupons(browser("organiser").get(f"/coupons/{coupon['code']}/print").text)
    guide = _guide(printed)
    assert guide["Куда обратиться"] == "Фонд «Опора»"
    general = "Специалист примет вас и расскажет, какую помощь оказывает организация."
    assert guide["Что будет на месте"] == general
    for label in ("Часы работы", "☎", "guide-address", "guide-hours", "guide-phone"):
        assert label not in printed
    assert not re.search(r"<(span|dd|strong)[^>]*>\s*</\1>", printed)


def test_print_pages_warn_while_the_qr_address_is_this_machine(
    browser, api_coupon, client, auth, orgs, monkeypatch: pytest.MonkeyPatch
) -> None:
    coupon = api_coupon()
    booth = {"id": coupon["booth_id"]}
    b = browser("organiser")
    b.client.cookies.set("lang", "en")
    pad = _make_pad(b, {"id": coupon["fair_id"]}, booth, 1)
    urls = (f"/coupons/{coupon['code']}/print", f"/fairs/{coupon['fair_id']}/print", pad)
    for url in urls:  # FAIRS_BASE_URL is https://fairs.example.test: no warning
        assert WARNING_EN not in b.get(url).text
    for local in ("http://127.0.0.1:8000", "http://localhost:8000/", "http://[::1]:8000"):
        monkeypatch.setenv("FAIRS_BASE_URL", local)
        get_settings.cache_clear()
        for url in urls:
            page = b.get(url).text
            warning = re.search(r'<p class="qr-warning no-print" role="alert">(.*?)</p>', page, flags=re.S)
            assert warning, (local, url)
            assert WARNING_EN in warning.group(1) and "FAIRS_BASE_URL" in warning.group(1)
            assert local.rstrip("/") in warning.group(1)
            # ... on screen only: print.css hides .no-print on paper; the coupons never carry it.
            assert all("qr-warning" not in c for c in _coupons(page))
    css = b.get("/static/css/print.css").text
    assert re.search(r"@media print \{[^@]*\.no-print \{ display: none", css)
