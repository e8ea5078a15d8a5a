"""Belarusian names of directions, outcomes and categories: seeded for the seeded rows, shown on a coupon
printed in Belarusian and in a Belarusian workbook, Russian where the Belarusian name is empty, set by admins
on /admin/directions and /admin/categories and through the API; Russian and English stay as they were."""

from __future__ import annotations

import re
from io import BytesIO

from openpyxl import load_workbook

from tests.api import helpers as h

DISTRICT_A = "Солигорский район"
YEAR = {"from": f"{h.today().year}-01-01", "to": f"{h.today().year}-12-31"}
# The coupon's direction, its outcome and its client's category, in each language.
NAMES = {
    "be": (
        "Тэсціраванне на ВІЧ і паслугі зніжэння шкоды",
        "Паслуга аказана",
        "Вызваленыя з месцаў пазбаўлення волі",
    ),
    "ru": (
        "Тестирование на ВИЧ и услуги снижения вреда",
        "Услуга оказана",
        "Освободившиеся из мест лишения свободы",
    ),
    "en": ("HIV testing and harm-reduction services", "Service provided", "Released from prison"),
}


def _arrange(client, auth, api_coupon) -> tuple[dict, dict]:  # noqa: ANN001
    """A redeemed hiv_testing coupon with the outcome `service_provided`, and one still to print (a redeemed
    one is not printed again); their client is `released`."""
    coupon, to_print = api_coupon(direction="hiv_testing"), api_coupon(direction="hiv_testing")
    org = auth("organiser")
    h.expect(h.redeem(client, org, coupon["code"]), 200)
    h.expect(h.set_outcome(client, org, coupon["code"], outcome="service_provided"), 200)
    # The coupon's client (found again by the same answers), in a category from today.
    person = h.register(client, org, mother="Мария", father="Олег", sex="F", birth_year=1990, consent=False)
    assert person["code"] == coupon["client_code"]
    body = {"categories": ["released"]}
    h.expect(client.put(f"{h.API}/clients/{person['id']}/categories", json=body, headers=org), 200)
    return coupon, to_print


def _print_in(client, auth, locale: str) -> None:  # noqa: ANN001
    """The admin sets district A's language of printed matter."""
    [district] = [
        d for d in client.get(f"{h.API}/districts", headers=auth("admin")).json() if d["name"] == DISTRICT_A
    ]
    body = {"name": DISTRICT_A, "retired": False, "print_locale": locale}
    h.expect(client.put(f"{h.API}/districts/{district['id']}", json=body, headers=auth("admin")), 200)


def _printed(browser, coupon: dict) -> str:  # noqa: ANN001
    page = browser("organiser").get(f"/coupons/{coupon['code']}/print")
    assert page.status_code == 200
    [printed] = re.findall(r"<article class=\"coupon.*?</article>", page.text, flags=re.S)
    return printed


def _workbook(client, auth, coupon: dict, locale: str) -> tuple[str, str, str, str]:  # noqa: ANN001
    """From the organisers' workbook in `locale`: the direction row counting one person, the category row
    counting one person consulted, the coupon's register row's outcome; and every cell's text."""
    resp = client.get("/exports/register.xlsx", params={**YEAR, "lang": locale}, headers=auth("organiser"))
    assert resp.status_code == 200, resp.text[:300]
    wb = load_workbook(BytesIO(resp.content), data_only=True)
    rows = [row for ws in wb.worksheets for row in ws.iter_rows(values_only=True)]
    names = {NAMES[lang][0] for lang in NAMES} | {NAMES[lang][2] for lang in NAMES}
    counted = {row[0] for row in rows if row[0] in names and len(row) > 1 and row[1] == 1}
    [direction] = [name for name in counted if name in {NAMES[lang][0] for lang in NAMES}]
    [category] = [name for name in counted if name in {NAMES[lang][2] for lang in NAMES}]
    [register] = [row for row in rows if row[0] == coupon["code_display"]]
    text = "\n".join(str(v) for row in rows for v in row if v is not None)
    return direction, register[7], category, text


def test_a_belarusian_coupon_and_workbook_show_belarusian_names(browser, client, auth, api_coupon) -> None:  # noqa: ANN001
    coupon, to_print = _arrange(client, auth, api_coupon)
    _print_in(client, auth, "be")
    printed = _printed(browser, to_print)
    assert 'lang="be"' in printed and NAMES["be"][0] in printed and NAMES["ru"][0] not in printed

    direction, outcome, category, text = _workbook(client, auth, coupon, "be")
    assert (direction, outcome, category) == NAMES["be"]
    assert [name for name in NAMES["ru"] if name in text] == []
    # The coupon's own page, asked for in Belarusian, names its outcome in Belarusian.
    page = browser("organiser").get(f"/coupons/{coupon['code']}", params={"lang": "be"})
    assert page.status_code == 200 and NAMES["be"][1] in page.text and NAMES["ru"][1] not in page.text

    # Russian and English are as they were.
    for locale in ("ru", "en"):
        direction, outcome, category, text = _workbook(client, auth, coupon, locale)
        assert (direction, outcome, category) == NAMES[locale]
        assert [name for name in NAMES["be"] if name in text] == []
    _print_in(client, auth, "ru")
    printed = _printed(browser, to_print)
    assert NAMES["ru"][0] in printed and NAMES["be"][0] not in printed
    listed = h.expect(
        client.get(f"{h.API}/directions", params={"lang": "en"}, headers=auth("organiser")), 200
    )
    hiv = next(d for d in listed if d["code"] == "hiv_testing")
    assert (hiv["name"], hiv["name_ru"], hiv["name_be"]) == (NAMES["en"][0], NAMES["ru"][0], NAMES["be"][0])


def test_an_empty_belarusian_name_falls_back_to_russian(browser, client, auth, api_coupon) -> None:  # noqa: ANN001
    coupon, to_print = _arrange(client, auth, api_coupon)
    admin = auth("admin")
    direction = {"name_ru": NAMES["ru"][0], "name_en": NAMES["en"][0]}
    # Not sent: unchanged.
    kept = h.expect(client.put(f"{h.API}/directions/hiv_testing", json=direction, headers=admin), 200)
    assert kept["name_be"] == NAMES["be"][0]
    cleared = h.expect(
        client.put(f"{h.API}/directions/hiv_testing", json={**direction, "name_be": ""}, headers=admin), 200
    )
    assert cleared["name_be"] == ""
    outcome = {"name_ru": NAMES["ru"][1], "name_en": NAMES["en"][1], "name_be": "  "}
    url = f"{h.API}/directions/hiv_testing/outcomes/service_provided"
    assert h.expect(client.put(url, json=outcome, headers=admin), 200)["name_be"] == ""
    category = {"name_ru": NAMES["ru"][2], "name_en": NAMES["en"][2], "name_be": ""}
    h.expect(client.put(f"{h.API}/categories/released", json=category, headers=admin), 200)
    asked = h.expect(client.get(f"{h.API}/categories", params={"lang": "be"}, headers=admin), 200)
    assert next(c for c in asked if c["code"] == "released")["name"] == NAMES["ru"][2]

    _print_in(client, auth, "be")
    printed = _printed(browser, to_print)
    assert 'lang="be"' in printed and NAMES["ru"][0] in printed
    direction_name, outcome_name, category_name, _text = _workbook(client, auth, coupon, "be")
    assert (direction_name, outcome_name, category_name) == NAMES["ru"]


def test_admins_set_belarusian_names_on_the_pages_and_through_the_api(browser, client, auth) -> None:  # noqa: ANN001
    b = browser("admin")
    form = {"name_ru": "Жильё", "name_en": "Housing", "name_be": "Жыллё і прапіска", "sort_order": "12"}
    assert b.post("/admin/directions/housing", form).status_code == 303
    page = b.get("/admin/directions").text
    assert 'name="name_be" value="Жыллё і прапіска"' in page
    outcome = {"name_ru": "Услуга оказана", "name_en": "Service provided", "name_be": "Жыллё дадзена"}
    assert b.post("/admin/directions/housing/outcomes/service_provided", outcome).status_code == 303
    refused = b.post("/admin/directions/housing", {**form, "name_ru": "", "name_be": "Набранае"}, htmx=True)
    assert refused.status_code == 400 and 'value="Набранае"' in refused.text  # kept as typed
    category = {"name_ru": "Родственники и близкие", "name_en": "Relatives", "name_be": "Родныя"}
    assert b.post("/admin/categories/relatives", {**category, "active": "true"}).status_code == 303
    assert 'name="name_be" value="Родныя"' in b.get("/admin/categories").text

    organiser = auth("organiser")
    directions = h.expect(client.get(f"{h.API}/directions", params={"lang": "be"}, headers=organiser), 200)
    housing = next(d for d in directions if d["code"] == "housing")
    assert (housing["name"], housing["name_be"]) == ("Жыллё і прапіска", "Жыллё і прапіска")
    provided = next(o for o in housing["outcomes"] if o["code"] == "service_provided")
    assert provided["name"] == "Жыллё дадзена"
    other = next(d for d in directions if d["code"] == "legal")  # another direction's outcome keeps its own
    assert next(o for o in other["outcomes"] if o["code"] == "service_provided")["name"] == "Паслуга аказана"
    categories = h.expect(client.get(f"{h.API}/categories", params={"lang": "be"}, headers=organiser), 200)
    assert next(c for c in categories if c["code"] == "relatives")["name"] == "Родныя"

    # Created with a Belarusian name through the API, and without one (shown in Russian).
    admin = auth("admin")
    body = {"code": "transport", "name_ru": "Проезд", "name_en": "Travel", "name_be": "Праезд"}
    assert h.expect(client.post(f"{h.API}/directions", json=body, headers=admin), 201)["name_be"] == "Праезд"
    body = {"code": "ticket", "name_ru": "Билет выдан", "name_en": "Ticket given"}
    made = h.expect(client.post(f"{h.API}/directions/transport/outcomes", json=body, headers=admin), 201)
    assert made["name_be"] == ""
    body = {"code": "homeless", "name_ru": "Без жилья", "name_en": "Homeless", "name_be": "Без жылля"}
    assert (
        h.expect(client.post(f"{h.API}/categories", json=body, headers=admin), 201)["name_be"] == "Без жылля"
    )
    directions = h.expect(client.get(f"{h.API}/directions", params={"lang": "be"}, headers=organiser), 200)
    transport = next(d for d in directions if d["code"] == "transport")
    assert (transport["name"], transport["outcomes"][0]["name"]) == ("Праезд", "Билет выдан")
    too_long = {"code": "x_long", "name_ru": "x", "name_en": "x", "name_be": "б" * 201}
    h.expect(client.post(f"{h.API}/directions", json=too_long, headers=admin), 422)
