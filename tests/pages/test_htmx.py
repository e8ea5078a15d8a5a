"""htmx: forms answer with the changed fragment only (Vary: HX-Request), redirects via HX-Redirect."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from fairs.clock import local_today
from fairs.models import Coupon
from tests.pages.conftest import Browser


def fragment(response) -> str:  # noqa: ANN001
    assert "<html" not in response.text
    assert "HX-Request" in response.headers["vary"]
    return response.text


def open_fair_with_booth(b, orgs: dict[str, int]) -> tuple[int, int]:  # noqa: ANN001
    b.post("/fairs", {"day": local_today().isoformat(), "confirm": "true"})
    fair_id = int(re.search(r'href="/fairs/(\d+)"', b.get("/fairs").text).group(1))
    b.post(f"/fairs/{fair_id}/open")
    added = b.post(f"/fairs/{fair_id}/booths", {"organisation_id": orgs["rehab"]}, htmx=True)
    html = fragment(added)
    assert html.lstrip().startswith('<section id="booths"')
    booth_id = int(re.search(r'id="booth-(\d+)"', html).group(1))
    return fair_id, booth_id


def test_fair_day_forms_swap_fragments(browser, orgs, session: Session) -> None:
    b = browser("organiser")
    fair_id, booth_id = open_fair_with_booth(b, orgs)
    # With consent: the consultation below keeps a note (refused without, tests/pages/test_notes_page.py).
    visitor = {"mother_name": "Ольга", "father_name": "Пётр", "sex": "F", "birth_year": "1979"}
    visitor["consent"] = "1"
    html = fragment(b.post(f"/fairs/{fair_id}/visitors", visitor, htmx=True))
    # The whole day answers: the new visitor is the active one, every booth form serves them.
    assert html.lstrip().startswith('<div id="day"') and '<section id="visitors"' in html
    assert "ОЛПЕ279" in html
    again = fragment(b.post(f"/fairs/{fair_id}/visitors", visitor, htmx=True))
    assert "note-warn" in again  # the visit was recorded before

    bad = b.post(f"/fairs/{fair_id}/visitors", {**visitor, "birth_year": "19x"}, htmx=True)
    assert bad.status_code == 400 and "note-error" in fragment(bad) and 'id="visitors"' in bad.text

    consult = {"client_code": "ОЛПЕ279", "direction": "rehab", "note": "буклет"}
    html = fragment(b.post(f"/booths/{booth_id}/consultations", consult, htmx=True))
    assert html.lstrip().startswith(f'<section id="booth-{booth_id}"') and "note-ok" in html

    wrong = {"client_code": "ОЛПЕ279", "target": f"{orgs['redcross']}:rehab"}
    refused = b.post(f"/booths/{booth_id}/coupons", wrong, htmx=True)
    assert refused.status_code == 400 and "note-error" in fragment(refused)

    issue = {"client_code": "олпе279", "target": f"{orgs['rehab']}:rehab"}
    html = fragment(b.post(f"/booths/{booth_id}/coupons", issue, htmx=True))
    code = session.exec(select(Coupon)).one().code
    assert f'href="/coupons/{code}/print"' in html and 'class="issued"' in html


def test_fair_list_fragment_and_full_page(browser) -> None:
    b = browser("organiser")
    html = fragment(b.post("/fairs/schedule", {"year": "2030"}, htmx=True))
    assert html.lstrip().startswith('<section id="fair-list"')
    assert html.count("<tr") == 13  # header + twelve second Mondays
    assert "<html" in b.get("/fairs?year=2030").text  # a plain GET is a whole page
    history = b.client.get("/clients", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in history.text  # a history restore needs the whole page


def test_htmx_redirects_use_hx_redirect(browser) -> None:
    b = browser("organiser")
    response = b.post("/logout", htmx=True)
    assert response.status_code == 204 and response.headers["hx-redirect"] == "/login"
    anonymous = b.get("/fairs", htmx=True, follow_redirects=False)
    assert anonymous.status_code == 204 and anonymous.headers["hx-redirect"] == "/login?next=%2Ffairs"


def test_client_search_fragment(browser, orgs) -> None:
    b = browser("organiser")
    fair_id, _booth = open_fair_with_booth(b, orgs)
    b.post(
        f"/fairs/{fair_id}/visitors",
        {"mother_name": "Анна", "father_name": "Иван", "sex": "M", "birth_year": "1985"},
    )
    html = fragment(b.get("/clients?q=аниВ", htmx=True))
    assert html.lstrip().startswith('<section id="client-list"') and "АНИВ185" in html
    assert "АНИВ185" not in fragment(b.get("/clients?q=ZZZ", htmx=True))


def test_partner_works_only_at_their_own_booth(browser, orgs) -> None:
    b = browser("organiser")
    fair_id, booth_id = open_fair_with_booth(b, orgs)  # the rehabilitation centre's booth
    b.post(
        f"/fairs/{fair_id}/visitors",
        {"mother_name": "Анна", "father_name": "Иван", "sex": "M", "birth_year": "1985"},
    )
    b.post(f"/fairs/{fair_id}/booths", {"organisation_id": orgs["employment"]})
    partner = Browser(b.client)
    partner.login("partner_employment")
    page = partner.get(f"/fairs/{fair_id}").text
    assert f'id="booth-{booth_id}"' not in page and page.count('class="card booth"') == 1
    assert 'id="visitors"' not in page  # registration and the visitor list are the organisers'
    foreign = partner.post(
        f"/booths/{booth_id}/consultations", {"client_code": "АНИВ185", "direction": "rehab"}
    )
    assert foreign.status_code == 403
    own = int(re.search(r'id="booth-(\d+)"', page).group(1))
    issue = {"client_code": "АНИВ185", "target": f"{orgs['hospital']}:hiv_testing"}
    assert partner.post(f"/booths/{own}/coupons", issue).status_code == 303


def test_a_refused_visitor_form_keeps_what_was_typed(browser) -> None:
    b = browser("organiser")
    b.post("/fairs", {"day": "2026-03-09"})
    fair_id = int(re.search(r'href="/fairs/(\d+)"', b.get("/fairs?year=2026").text).group(1))
    b.post(f"/fairs/{fair_id}/open", {"confirm": "true"})  # a past fair: back-entering its day
    typed = {
        "mother_name": "Анна",
        "father_name": "Иван",
        "sex": "F",
        "birth_year": "1985",
        "full_name": "Петрова",
    }
    for htmx in (True, False):
        r = b.post(f"/fairs/{fair_id}/visitors", typed, htmx=htmx)  # personal field without consent
        assert r.status_code == 400
        assert ("<html" in r.text) is not htmx
        for value in ("Анна", "Иван", "1985", "Петрова"):
            assert f'value="{value}"' in r.text
        assert 'value="F" checked' in r.text
