"""Categories at registration on the fair day: the register-visitor form offers the active categories
(optional); the ticked ones hold from the fair's day on; a refused form keeps them ticked; a known client
keeps the categories held before (the form does not show them, so it ends none)."""

from __future__ import annotations

import datetime as dt
import re

from tests.api import helpers as h

VISITOR = {"mother_name": "Ольга", "father_name": "Пётр", "sex": "F", "birth_year": "1979"}


def _ticked(html: str) -> list[str]:
    """The categories ticked in the register-visitor form."""
    form = re.search(r'<form method="post" action="/fairs/\d+/visitors".*?</form>', html, flags=re.S).group(0)
    return re.findall(r'<input type="checkbox" name="categories" value="([a-z_]+)" checked>', form)


def _offered(html: str) -> list[str]:
    form = re.search(r'<form method="post" action="/fairs/\d+/visitors".*?</form>', html, flags=re.S).group(0)
    return re.findall(r'name="categories" value="([a-z_]+)"', form)


def _categories(client, auth, person: int) -> dict:  # noqa: ANN001
    return h.expect(client.get(f"{h.API}/clients/{person}/categories", headers=auth("organiser")), 200)


def _code(html: str) -> str:
    return re.search(r'<strong class="code" id="active-code">([^<]+)</strong>', html).group(1)


def _client_id(client, auth, **answers) -> int:  # noqa: ANN001, ANN003
    """The id of the client with these answers (registering finds the same person again)."""
    return h.register(client, auth("organiser"), consent=False, **answers)["id"]


def test_the_ticked_categories_hold_from_the_fairs_day(browser, client, auth, session) -> None:  # noqa: ANN001
    api = auth("organiser")
    retired = {"name_ru": "Без жилья", "name_en": "Homeless", "code": "homeless"}
    h.expect(client.post(f"{h.API}/categories", json=retired, headers=auth("admin")), 201)
    body = {"name_ru": "Без жилья", "name_en": "Homeless", "is_active": False}
    h.expect(client.put(f"{h.API}/categories/homeless", json=body, headers=auth("admin")), 200)
    # A fair held ten days ago, closed: the organiser enters its visitors afterwards.
    day = h.today() - dt.timedelta(days=10)
    fair = h.make_open_fair(client, api, day=day)
    h.close_fair(client, api, fair=fair)

    b = browser("organiser")
    page = b.get(f"/fairs/{fair['id']}").text
    assert _offered(page) == ["released", "registered", "non_custodial", "relatives", "drug_use"]
    assert _ticked(page) == []
    answer = b.post(
        f"/fairs/{fair['id']}/visitors", {**VISITOR, "categories": ["released", "drug_use"]}, htmx=True
    )
    assert answer.status_code == 200, answer.text[-2000:]
    assert _ticked(answer.text) == []  # registered: the form is empty for the next visitor
    person = _client_id(client, auth, mother="Ольга", father="Пётр", sex="F", birth_year=1979)
    assert _code(answer.text) == h.expect(client.get(f"{h.API}/clients/{person}", headers=api), 200)["code"]
    held = _categories(client, auth, person)
    assert sorted(held["categories"]) == ["drug_use", "released"]
    assert sorted((c["on"], c["code"], c["held"]) for c in held["history"]) == [
        (day.isoformat(), "drug_use", True),
        (day.isoformat(), "released", True),
    ]
    assert h.count(session, "visit", fair_id=fair["id"], client_id=person) == 1

    # The same person again with nothing ticked: the categories stay as they are.
    again = b.post(f"/fairs/{fair['id']}/visitors", VISITOR, htmx=True)
    assert again.status_code == 200
    assert sorted(_categories(client, auth, person)["categories"]) == ["drug_use", "released"]
    # Another one ticked is added; none held before ends.
    more = b.post(f"/fairs/{fair['id']}/visitors", {**VISITOR, "categories": ["relatives"]}, htmx=True)
    assert more.status_code == 200
    held = _categories(client, auth, person)
    assert sorted(held["categories"]) == ["drug_use", "relatives", "released"]
    assert all(change["held"] for change in held["history"])


def test_a_refused_registration_keeps_the_ticked_categories(browser, client, auth, session) -> None:  # noqa: ANN001
    fair = h.make_open_fair(client, auth("organiser"))
    b = browser("organiser")
    bad_year = {**VISITOR, "birth_year": "19", "categories": ["relatives", "registered"]}
    refused = b.post(f"/fairs/{fair['id']}/visitors", bad_year, htmx=True)
    assert refused.status_code == 400 and "note-error" in refused.text
    assert sorted(_ticked(refused.text)) == ["registered", "relatives"]
    assert 'value="Ольга"' in refused.text

    # A retired or unknown category is refused as a whole: no client, no visit, the ticks kept.
    unknown = b.post(
        f"/fairs/{fair['id']}/visitors", {**VISITOR, "categories": ["relatives", "nobody"]}, htmx=True
    )
    assert unknown.status_code == 400 and "note-error" in unknown.text
    assert _ticked(unknown.text) == ["relatives"]
    assert h.count(session, "visit", fair_id=fair["id"]) == 0
    assert h.count(session, "client_category") == 0

    # Without JavaScript: the same form, answered by a redirect to the day.
    plain = b.post(f"/fairs/{fair['id']}/visitors", {**VISITOR, "categories": ["relatives"]})
    assert plain.status_code == 303
    person = _client_id(client, auth, mother="Ольга", father="Пётр", sex="F", birth_year=1979)
    held = _categories(client, auth, person)
    assert held["categories"] == ["relatives"] and held["history"][0]["on"] == h.today().isoformat()
