"""The fair day's active visitor: registering or finding a person makes them the visitor every booth form
serves (per fair and per login), one submit at a booth records the consultation and issues the ticked
coupons, the issued coupons are shown again after a reload, "next visitor" clears it, and matches show as
a code or the parents' names are typed (this fair's visitors and earlier ones)."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.api import helpers as h
from tests.pages.conftest import Browser


def _day(b: Browser, fair: dict, query: str = "") -> str:
    page = b.get(f"/fairs/{fair['id']}{query}")
    assert page.status_code == 200
    return page.text


def _focused(html: str) -> list[str]:
    """The tags that carry the focus marker (the next thing to do)."""
    return re.findall(r"<[a-z]+\b[^>]*\bdata-focus\b(?!-)[^>]*>", html)


def _world(client, auth, orgs) -> tuple[dict, dict, dict, dict]:  # noqa: ANN001
    api = auth("organiser")
    fair = h.make_open_fair(client, api)
    employment = h.add_booth(client, api, fair=fair, org=orgs["employment"])
    hospital = h.add_booth(client, api, fair=fair, org=orgs["hospital"])
    return api, fair, employment, hospital


VISITOR = {"mother_name": "Ольга", "father_name": "Пётр", "sex": "F", "birth_year": "1979"}
CODE = "ОЛПЕ279"


def test_registering_makes_the_active_visitor_whom_every_booth_form_serves(client, auth, orgs, browser):
    _api, fair, employment, hospital = _world(client, auth, orgs)
    b = browser("organiser")
    before = _day(b, fair)
    assert 'id="active-code"' not in before and "/serve" not in before
    assert _focused(before) == [_focused(before)[0]] and 'id="find-code"' in _focused(before)[0]

    answer = b.post(f"/fairs/{fair['id']}/visitors", VISITOR, htmx=True)
    assert answer.status_code == 200 and answer.text.lstrip().startswith('<div id="day"')
    for html in (answer.text, _day(b, fair)):  # the fragment, and the page after a reload
        assert f'<strong class="code" id="active-code">{CODE}</strong>' in html
        for booth in (employment, hospital):
            assert f'action="/booths/{booth["id"]}/serve"' in html
        # Every booth form carries the code: the visitor form's hidden field and the three others.
        code_fields = re.findall(r'<input[^>]*name="client_code"[^>]*>', html)
        assert len(code_fields) == 2 * 4 and all(f'value="{CODE}"' in f for f in code_fields)
        # The keyboard goes to the first booth's consultation, and only there.
        marked = _focused(html)
        assert len(marked) == 1 and 'name="direction" data-serve-first' in marked[0]
        first_form = html.index(f'action="/booths/{employment["id"]}/serve"')
        assert html.index(marked[0]) > first_form


def test_one_submit_records_the_consultation_and_issues_the_ticked_coupons(
    client, auth, orgs, browser, session
):
    _api, fair, employment, hospital = _world(client, auth, orgs)
    b = browser("organiser")
    b.post(f"/fairs/{fair['id']}/visitors", {**VISITOR, "consent": "1"})  # a note needs consent
    person = h.expect(client.get(f"{h.API}/clients/by-code/{CODE}", headers=auth("organiser")), 200)
    ticked = [f"{orgs['employment']}:employment_counselling", f"{orgs['hospital']}:hiv_testing"]
    note = "Нужна справка о составе семьи"
    form = {"client_code": CODE, "direction": "employment_counselling", "note": note, "targets": ticked}
    answer = b.post(f"/booths/{employment['id']}/serve", form, htmx=True)
    assert answer.status_code == 200, answer.text
    stored = session.execute(
        text("SELECT note FROM consultation WHERE client_id = :id"), {"id": person["id"]}
    )
    assert stored.scalar_one() == note
    html = answer.text
    assert html.lstrip().startswith(f'<section id="booth-{employment["id"]}"')
    assert h.count(session, "consultation", client_id=person["id"], booth_id=employment["id"]) == 1
    assert h.count(session, "coupon", client_id=person["id"], booth_id=employment["id"]) == 2
    assert html.count('class="issued-code"') == 2
    # The keyboard goes to the visitor's print, which prints at once and comes back.
    print_url = f"/fairs/{fair['id']}/clients/{person['id']}/print?auto=1"
    assert [m for m in _focused(html) if f'href="{print_url}"' in m], _focused(html)

    # A consultation only, at the other booth: the keyboard goes on to the booth after it.
    only = {"client_code": CODE, "direction": "hiv_testing"}
    answer = b.post(f"/booths/{hospital['id']}/serve", only, htmx=True)
    assert answer.status_code == 200 and "issued-code" not in answer.text
    assert 'data-focus="next-booth"' in answer.text
    assert h.count(session, "consultation", client_id=person["id"]) == 2

    # After a reload the "issued" box still shows the visitor's coupons, at the booth that issued them.
    page = _day(b, fair)
    start, end = page.index(f'id="booth-{employment["id"]}"'), page.index(f'id="booth-{hospital["id"]}"')
    booth_html = page[start:end]
    assert booth_html.count('class="issued-code"') == 2 and print_url in booth_html

    # Without JavaScript: the same form posts and redirects back to the day with the new coupon shown.
    third = [f"{orgs['hospital']}:hiv_testing"]  # held already, from the first booth
    again = b.post(f"/booths/{hospital['id']}/serve", {"client_code": CODE, "targets": third})
    assert again.status_code == 409  # a valid coupon like it is held: asked first, in place
    fresh = b.post(f"/booths/{hospital['id']}/serve", {"client_code": CODE, "direction": "rehab"})
    assert fresh.status_code == 303 and fresh.headers["location"].endswith(f"#booth-{hospital['id']}")


def test_refusals_are_answered_in_the_booth_with_what_was_typed(client, auth, orgs, browser, session):
    _api, fair, employment, _hospital = _world(client, auth, orgs)
    b = browser("organiser")
    b.post(f"/fairs/{fair['id']}/visitors", {**VISITOR, "consent": "1"})
    nothing = b.post(f"/booths/{employment['id']}/serve", {"client_code": CODE}, htmx=True)
    assert nothing.status_code == 400 and "note-error" in nothing.text
    assert "Выберите направление консультации или отметьте талон" in nothing.text
    assert 'data-error="nothing_to_record"' in nothing.text  # the refusal's code, as the API gives it
    typed = {"client_code": CODE, "note": "буклет"}
    note_only = b.post(f"/booths/{employment['id']}/serve", typed, htmx=True)
    assert note_only.status_code == 400 and 'value="буклет"' in note_only.text
    assert [m for m in _focused(note_only.text) if "data-serve-first" in m]

    ticked = [f"{orgs['employment']}:employment_counselling"]
    # A note with coupons ticked but no consultation chosen: the note has nowhere to go; nothing is issued.
    noted = b.post(f"/booths/{employment['id']}/serve", {**typed, "targets": ticked}, htmx=True)
    assert noted.status_code == 400 and 'value="буклет"' in noted.text
    assert "Заметка относится к консультации: выберите её направление." in noted.text
    assert 'data-error="note_without_consultation"' in noted.text
    assert h.count(session, "coupon") == 0 and h.count(session, "consultation") == 0
    first = b.post(f"/booths/{employment['id']}/serve", {"client_code": CODE, "targets": ticked}, htmx=True)
    assert first.status_code == 200
    assert "Консультация записана" not in first.text  # coupons only: no consultation is said to be recorded
    form = {"client_code": CODE, "direction": "rehab", "note": "", "targets": ticked}
    asked = b.post(f"/booths/{employment['id']}/serve", form, htmx=True)
    assert asked.status_code == 409
    assert 'data-error="duplicate_coupon"' in asked.text
    # All or nothing: the consultation of the refused submit is not kept either.
    assert h.count(session, "consultation") == 0
    forms = re.findall(r'<form method="post" action="/booths/\d+/serve".*?</form>', asked.text, re.S)
    confirm = next(re.match(".*", f, re.S) for f in forms if 'name="confirm_duplicate" value="true"' in f)
    assert 'name="direction" value="rehab"' in confirm.group(0) and f'value="{ticked[0]}"' in confirm.group(0)
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', confirm.group(0)))
    done = b.post(f"/booths/{employment['id']}/serve", {**fields, "targets": ticked}, htmx=True)
    assert done.status_code == 200
    assert f"Консультация записана: {CODE}." in done.text
    assert h.count(session, "coupon") == 2 and h.count(session, "consultation") == 1


def test_next_visitor_clears_it_for_this_fair_and_this_login_only(client, auth, orgs, browser):
    api, fair, _employment, _hospital = _world(client, auth, orgs)
    other_fair = h.make_fair(client, api, day=h.today() + dt.timedelta(days=40))
    b = browser("organiser")
    b.post(f"/fairs/{fair['id']}/visitors", VISITOR)
    assert 'id="active-code"' in _day(b, fair)
    assert 'id="active-code"' not in b.get(f"/fairs/{other_fair['id']}").text  # per fair

    desk2 = TestClient(client.app, base_url="https://testserver")
    other = Browser(desk2)
    other.login("organiser")
    assert 'id="active-code"' not in other.get(f"/fairs/{fair['id']}").text  # per login

    # Back from the visitor's print: the next visitor is the next thing to do.
    marked = _focused(_day(b, fair, "?after=print"))
    assert len(marked) == 1 and 'id="next-visitor"' in marked[0]
    cleared = b.post(f"/fairs/{fair['id']}/active/clear", htmx=True)
    assert cleared.status_code == 200 and 'id="active-code"' not in cleared.text
    assert "/serve" not in cleared.text
    assert not [f for f in re.findall(r'<input[^>]*name="client_code"[^>]*>', cleared.text) if CODE in f]
    assert [m for m in _focused(cleared.text) if 'id="find-code"' in m]
    assert 'id="active-code"' not in _day(b, fair)
    # Without JavaScript: back to the day.
    assert b.post(f"/fairs/{fair['id']}/active/clear").status_code == 303


def test_find_before_register_by_code_or_by_the_parents_names(client, auth, orgs, browser):
    api, fair, _employment, _hospital = _world(client, auth, orgs)
    earlier = h.register(client, api, mother="Ольга", father="Пётр", sex="F", birth_year=1979)
    h.register(client, api, mother="Ольга", father="Пётр", sex="M", birth_year=1990)
    h.register(client, api, mother="Анна", father="Иван")
    b = browser("organiser")
    url = f"/fairs/{fair['id']}/visitors/matches"

    by_names = b.get(url, params={"mother_name": "ольга", "father_name": "Пё"}, htmx=True).text
    assert "ОЛПЕ279" in by_names and "ОЛПЕ190" in by_names and "АНИВ185" not in by_names
    narrowed = b.get(url, params={"mother_name": "Ольга", "father_name": "Петр", "sex": "F"}, htmx=True)
    assert "ОЛПЕ279" in narrowed.text and "ОЛПЕ190" not in narrowed.text
    assert "прежние ярмарки" in narrowed.text  # not a visitor of this fair yet
    typed = b.get(url, params={"code": "олпе2"}, htmx=True).text  # lower case, Cyrillic, a prefix
    assert "ОЛПЕ279" in typed and "ОЛПЕ190" not in typed
    none = b.get(url, params={"code": "ЯЯ"}, htmx=True).text
    assert "Подходящих зарегистрированных клиентов нет" in none
    assert "<li>" not in b.get(url, params={"mother_name": "О"}, htmx=True).text  # one letter: too few

    # Serving a match records the visit and makes them the active visitor.
    served = b.post(f"/fairs/{fair['id']}/active", {"code": earlier["code"]}, htmx=True)
    assert served.status_code == 200 and f'id="active-code">{earlier["code"]}<' in served.text
    assert "на этой ярмарке" in b.get(url, params={"code": "ОЛПЕ2"}, htmx=True).text
    unknown = b.post(f"/fairs/{fair['id']}/active", {"code": "ЯЯЯЯ199"}, htmx=True)
    assert unknown.status_code == 404 and "note-error" in unknown.text
    assert [m for m in _focused(unknown.text) if 'id="find-code"' in m]
    assert 'value="ЯЯЯЯ199"' in unknown.text  # what was typed is kept


def test_partners_have_no_active_visitor_and_do_not_search_clients(client, auth, orgs, browser):
    _api, fair, employment, _hospital = _world(client, auth, orgs)
    b = browser("partner_employment")
    page = b.get(f"/fairs/{fair['id']}").text
    assert 'id="active-code"' not in page and f'action="/booths/{employment["id"]}/serve"' not in page
    found = b.get(f"/fairs/{fair['id']}/visitors/matches", params={"code": "ОЛ"})
    assert found.status_code == 403


def test_the_visitor_print_from_the_fair_day_prints_at_once_and_comes_back(client, auth, orgs, browser):
    api, fair, employment, _hospital = _world(client, auth, orgs)
    person = h.register(client, api)
    h.visit(client, api, fair=fair, client_id=person["id"])
    job = "employment_counselling"
    h.issue(client, api, booth=employment, client_id=person["id"], org=orgs["employment"], direction=job)
    b = browser("organiser")
    url = f"/fairs/{fair['id']}/clients/{person['id']}/print"
    auto = b.get(url, params={"auto": "1"}).text
    assert f'data-autoprint="/fairs/{fair["id"]}?after=print"' in auto and "/static/js/fair_day.js" in auto
    plain = b.get(url).text
    assert "data-autoprint" not in plain and "fair_day.js" not in plain
