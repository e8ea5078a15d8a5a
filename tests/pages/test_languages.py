"""Three languages: a user's own (account page, API), the request's (`lang`), and a district's language of
printed matter (coupons and the committee's workbook), with unknown languages refused."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import load_workbook
from pydantic import ValidationError

from fairs import i18n
from fairs.config import Settings
from tests.api import helpers as h

DISTRICT_A = "Солигорский район"
WORKBOOK = "/exports/committee.xlsx"
YEAR = {"from": f"{h.today().year}-01-01", "to": f"{h.today().year}-12-31"}
# The fairs page's heading in each language.
FAIRS = {"ru": ">Ярмарки<", "en": ">Fairs<", "be": ">Кірмашы<"}


def _district_a(client, auth) -> dict:  # noqa: ANN001
    [row] = [
        d for d in client.get("/api/v1/districts", headers=auth("admin")).json() if d["name"] == DISTRICT_A
    ]
    return row


def _set_print_language(client, auth, locale: str) -> dict:  # noqa: ANN001
    """The admin sets district A's language of printed matter through the JSON API."""
    body = {"name": DISTRICT_A, "retired": False, "print_locale": locale}
    return h.expect(
        client.put(f"/api/v1/districts/{_district_a(client, auth)['id']}", json=body, headers=auth("admin")),
        200,
    )


def _printed(html: str) -> str:
    [coupon] = re.findall(r"<article class=\"coupon.*?</article>", html, flags=re.S)
    return coupon


def _workbook_text(resp) -> tuple[list[str], str]:  # noqa: ANN001
    """The sheet names and every cell's text; the document's language matches the first sheet's."""
    assert resp.status_code == 200, resp.text[:300]
    wb = load_workbook(BytesIO(resp.content))
    assert wb.properties.language == {"Зводка": "be-BY", "Сводка": "ru-RU"}.get(wb.sheetnames[0], "en-GB")
    cells = [str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v]
    return wb.sheetnames, "\n".join(cells)


def _language(html: str) -> str:
    return re.search(r'<html lang="([a-z]+)">', html).group(1)


def test_a_user_who_chose_belarusian_sees_belarusian_pages(browser) -> None:
    b = browser("organiser")
    assert _language(b.get("/fairs").text) == "ru"  # the deployment's default
    saved = b.post("/account/language", {"locale": "be"})
    assert saved.status_code == 303 and saved.headers["location"] == "/account/password#language"
    account = b.get("/account/password").text
    assert "Мова вашых старонак захавана." in account  # the confirmation is in the new language
    assert '<option value="be" lang="be" selected>Беларуская</option>' in account
    page = b.get("/fairs").text
    assert _language(page) == "be" and FAIRS["be"] in page and "Выйсці" in page
    # The header's switch offers the three languages.
    assert all(f'name="lang" value="{code}"' in page for code in ("ru", "en", "be"))

    # An explicit choice of the request still wins: the query for one page, the switch's cookie for all.
    assert FAIRS["en"] in b.get("/fairs?lang=en").text
    assert FAIRS["be"] in b.get("/fairs").text
    b.post("/lang", {"lang": "ru", "next": "/fairs"})
    assert FAIRS["ru"] in b.get("/fairs").text
    # Saving the preference again drops the switch's cookie, so the stored language shows at once.
    b.post("/account/language", {"locale": "be"})
    assert FAIRS["be"] in b.get("/fairs").text

    # Back to the deployment's language.
    b.post("/account/language", {"locale": ""})
    page = b.get("/fairs").text
    assert _language(page) == "ru" and FAIRS["ru"] in page


def test_the_stored_language_is_the_users_own(browser, client, auth) -> None:
    browser("organiser").post("/account/language", {"locale": "be"})
    other = browser("committee")
    assert FAIRS["be"] not in other.get("/fairs").text  # another account keeps its own language
    # The API answers the account in its language too, and shows it.
    refused = h.expect(client.get("/api/v1/fairs/999999", headers=auth("organiser")), 404, "fair_not_found")
    assert refused["detail"] == "Кірмаш не знойдзены."
    [me] = [
        u
        for u in client.get("/api/v1/users", headers=auth("organiser")).json()
        if u["username"] == "organiser"
    ]
    assert me["locale"] == "be"


def test_the_language_through_the_api(client, auth) -> None:
    partner = auth("partner_hospital")
    language = "/api/v1/users/me/language"
    assert h.expect(client.put(language, json={"locale": "en"}, headers=partner), 200)["locale"] == "en"
    missing = "/api/v1/fairs/999999"
    assert h.expect(client.get(missing, headers=partner), 404, "fair_not_found")["detail"] == "No such fair."
    asked = client.get(missing, params={"lang": "be"}, headers=partner)
    assert h.expect(asked, 404, "fair_not_found")["detail"] == "Кірмаш не знойдзены."
    assert h.expect(client.put(language, json={"locale": ""}, headers=partner), 200)["locale"] == ""
    assert h.expect(client.get(missing, headers=partner), 404)["detail"] == "Ярмарка не найдена."


@pytest.mark.parametrize("locale", ["de", "BEL", "ru_RU", "xx"])
def test_an_unknown_language_is_refused_with_the_languages_there_are(browser, client, auth, locale) -> None:
    b = browser("organiser")
    page = b.post("/account/language", {"locale": locale})
    assert page.status_code == 400
    assert "Неизвестный язык: выберите один из ru, en, be." in page.text
    assert FAIRS["ru"] in b.get("/fairs").text  # nothing was stored

    body = h.expect(
        client.put("/api/v1/users/me/language", json={"locale": locale}, headers=auth("organiser")),
        400,
        "unknown_locale",
    )
    assert "ru, en, be" in body["detail"]
    district = _district_a(client, auth)
    change = {"name": DISTRICT_A, "retired": False, "print_locale": locale}
    h.expect(
        client.put(f"/api/v1/districts/{district['id']}", json=change, headers=auth("admin")),
        400,
        "unknown_locale",
    )
    assert _district_a(client, auth)["print_locale"] == "ru"
    committee = auth("committee")
    h.expect(client.get(WORKBOOK, params={**YEAR, "lang": locale}, headers=committee), 400, "unknown_locale")
    report = "/api/v1/reports/committee"
    h.expect(client.get(report, params={**YEAR, "lang": locale}, headers=committee), 400, "unknown_locale")


def test_an_unknown_default_language_is_refused_at_start() -> None:
    assert Settings(default_locale="be").default_locale == "be"
    with pytest.raises(ValidationError, match="default_locale must be one of ru, en, be"):
        Settings(default_locale="de")


def test_a_belarusian_district_prints_its_coupons_in_belarusian(browser, client, auth, api_coupon) -> None:
    coupon = api_coupon()
    admin = browser("admin")
    district = _district_a(client, auth)
    form = {"name": DISTRICT_A, "print_locale": "be"}
    assert admin.post(f"/admin/districts/{district['id']}", form).status_code == 303
    assert _district_a(client, auth)["print_locale"] == "be"
    assert '<option value="be" lang="be" selected>Беларуская</option>' in admin.get("/admin/districts").text

    organiser = browser("organiser")  # the screen stays in Russian
    for url in (f"/coupons/{coupon['code']}/print", f"/fairs/{coupon['fair_id']}/print"):
        page = organiser.get(url).text
        printed = _printed(page)
        assert 'lang="be"' in printed
        for text in ("Талон-накіраванне", "Код кліента", "Сапраўдны да", "Куды звярнуцца"):
            assert text in printed, (url, text)
        assert "Талон-направление" not in printed
        assert _language(page) == "ru"  # the toolbar around it is the organiser's

    # Back to Russian (the same test client is now the organiser's: the admin's form is sent again after
    # logging in once more).
    admin = browser("admin")
    assert (
        admin.post(
            f"/admin/districts/{district['id']}", {"name": DISTRICT_A, "print_locale": "ru"}
        ).status_code
        == 303
    )
    organiser = browser("organiser")
    printed = _printed(organiser.get(f"/coupons/{coupon['code']}/print").text)
    assert 'lang="ru"' in printed and "Талон-направление" in printed and "Талон-накіраванне" not in printed


def test_a_refused_district_form_keeps_the_language_typed(browser, client, auth) -> None:
    admin = browser("admin")
    district = _district_a(client, auth)
    page = admin.post(f"/admin/districts/{district['id']}", {"name": DISTRICT_A, "print_locale": "pl"})
    assert page.status_code == 400 and "Неизвестный язык" in page.text
    assert _district_a(client, auth)["print_locale"] == "ru"


def test_a_belarusian_district_gets_its_workbook_in_belarusian(browser, client, auth, api_coupon) -> None:
    api_coupon()
    assert _set_print_language(client, auth, "be")["print_locale"] == "be"
    for headers in (auth("committee"), auth("organiser")):
        sheets, text = _workbook_text(client.get(WORKBOOK, params=YEAR, headers=headers))
        assert sheets[0] == "Зводка"
        assert "Інфармацыя аб правядзенні кірмашоў паслуг" in text
        assert "Выдадзена талонаў" in text and "Сводка" not in text
    # An explicit language still wins.
    sheets, text = _workbook_text(
        client.get(WORKBOOK, params={**YEAR, "lang": "ru"}, headers=auth("committee"))
    )
    assert sheets[0] == "Сводка" and "Информация о проведении ярмарок" in text
    # The report page, in Russian, links to the workbook in the district's language.
    page = browser("committee").get("/reports").text
    href = re.search(r'href="(/exports/committee\.xlsx\?[^"]+)"', page).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(href).query)["lang"] == ["be"]
    assert _workbook_text(client.get(href, headers=auth("committee")))[0][0] == "Зводка"

    # Back to Russian.
    _set_print_language(client, auth, "ru")
    sheets, _text = _workbook_text(client.get(WORKBOOK, params=YEAR, headers=auth("committee")))
    assert sheets[0] == "Сводка"


def test_the_readme_names_the_languages_there_are(browser) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    paragraph = readme[readme.index("Pages in three languages") :].split("\n\n")[0]
    assert re.findall(r"`\?lang=([a-z]+)`", paragraph) == list(i18n.LOCALES)
    assert "| `FAIRS_DEFAULT_LOCALE` | `ru` | `ru`, `en` or `be`" in readme
    # As it says: `?lang=…` for one page, each in its own language.
    b = browser("organiser")
    for code in i18n.LOCALES:
        assert FAIRS[code] in b.get(f"/fairs?lang={code}").text


def test_the_organiser_sets_the_districts_language_with_the_report_settings(browser, client, auth) -> None:
    b = browser("organiser")
    assert '<option value="ru" lang="ru" selected>Русский</option>' in b.get("/reports").text
    refused = b.post("/reports/settings", {"head_name": "Петров П. П.", "print_locale": "fr"})
    assert refused.status_code == 400 and "Неизвестный язык: выберите один из ru, en, be." in refused.text
    assert _district_a(client, auth)["print_locale"] == "ru"  # nothing of the form was kept
    assert b.post("/reports/settings", {"head_name": "Петров П. П.", "print_locale": "be"}).status_code == 303
    assert _district_a(client, auth)["print_locale"] == "be"
    page = b.get("/reports").text
    assert '<option value="be" lang="be" selected>Беларуская</option>' in page and _language(page) == "ru"
    sheets, text = _workbook_text(client.get(WORKBOOK, params=YEAR, headers=auth("organiser")))
    assert sheets[0] == "Зводка" and "Петров П. П." in text
    # Without the field (an older form), the language stays; with it, it goes back.
    b.post("/reports/settings", {"head_name": "Петров П. П."})
    assert _district_a(client, auth)["print_locale"] == "be"
    b.post("/reports/settings", {"head_name": "Петров П. П.", "print_locale": "ru"})
    assert _district_a(client, auth)["print_locale"] == "ru"
    # Only an organiser of the district sets it this way.
    assert browser("committee").post("/reports/settings", {"print_locale": "be"}).status_code == 403
    assert _district_a(client, auth)["print_locale"] == "ru"


def test_holidays_are_named_in_belarusian(client, auth) -> None:
    new_year = {"date": f"{h.today().year + 1}-01-01"}
    asked = client.post("/api/v1/fairs", params={"lang": "be"}, json=new_year, headers=auth("organiser"))
    assert h.expect(asked, 409)["detail"].startswith(
        f"01.01.{h.today().year + 1} — дзяржаўнае свята (Новы год)"
    )
