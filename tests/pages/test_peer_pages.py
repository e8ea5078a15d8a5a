"""Peers bring peers on the pages: the organiser gives the fair day's visitor slips and prints them (the
slip's code and QR, nothing of anybody), a peer registers at the desk with one and shows as recruited by
that client, a slip is voided, the incentive recorded; refusals come back on the list."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session

from tests.api import helpers as h
from tests.pages.conftest import Browser

VISITOR = {"mother_name": "Анна", "father_name": "Иван", "sex": "M", "birth_year": "1985"}
PEER = {"mother_name": "Вера", "father_name": "Олег", "sex": "F", "birth_year": "1991"}


def test_slips_given_printed_used_voided_and_rewarded(
    client: TestClient,
    session: Session,
    auth,
    orgs: dict,
    browser: Callable[[str], Browser],  # noqa: ANN001
) -> None:
    org = auth("organiser")
    fair = h.make_open_fair(client, org)
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    b = browser("organiser")
    day = b.post(f"/fairs/{fair['id']}/visitors", VISITOR, htmx=True)
    assert day.status_code == 200, day.text[:300]
    visitor = re.search(r'id="visitors-code">([^<]+)<', day.text).group(1)
    assert f'href="/peers?client={quote(visitor)}"' in day.text  # the active visitor's link to their slips

    given = b.post("/peers/invitations", {"client_code": visitor, "count": "2"})
    assert given.status_code == 303 and given.headers["location"].startswith("/peers/slips?ids=")
    slips = b.get(given.headers["location"]).text
    codes = re.findall(r'class="short-code">([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z])<', slips)
    assert len(codes) == 2 and slips.count("<svg") == 2
    assert visitor not in slips  # a slip names nobody, not even by code
    listed = b.get(f"/peers?client={visitor}").text
    assert all(code in listed for code in codes) and listed.count('data-state="open"') == 2
    too_many = b.post("/peers/invitations", {"client_code": visitor, "count": "2"})
    assert too_many.status_code == 303
    assert 'data-error="too_many_invitations"' in b.get(too_many.headers["location"]).text

    # The peer registers at the desk with the first slip, typed as printed.
    day = b.post(f"/fairs/{fair['id']}/visitors", {**PEER, "invitation": codes[0]}, htmx=True)
    assert day.status_code == 200 and "Записан как приглашённый" in day.text, day.text[:300]
    peer = re.search(r'id="visitors-code">([^<]+)<', day.text).group(1)
    # The same slip for someone else is refused in the form, with what was typed.
    again = b.post(
        f"/fairs/{fair['id']}/visitors", {**VISITOR, "mother_name": "Нина", "invitation": codes[0]}, htmx=True
    )
    assert 'data-error="invitation_used"' in again.text and 'value="Нина"' in again.text
    ids = dict(session.execute(text("SELECT code, id FROM peer_invitation")).all())
    used_id, open_id = ids[codes[0].replace("-", "")], ids[codes[1].replace("-", "")]
    page = b.get("/peers").text
    row = re.search(rf'data-invitation="{codes[0].replace("-", "")}".*?</tr>', page, re.S).group(0)
    assert 'data-state="used"' in row and peer in row

    assert b.post(f"/peers/invitations/{open_id}/void").status_code == 303
    assert 'data-state="voided"' in b.get("/peers").text
    refused = b.post(f"/peers/invitations/{used_id}/incentive")
    assert 'data-error="no_redeemed_referral"' in b.get(refused.headers["location"]).text
    peer_id = session.execute(text("SELECT id FROM client WHERE code = :code"), {"code": peer}).scalar_one()
    coupon = h.issue(
        client,
        org,
        booth=booth,
        client_id=peer_id,
        org=orgs["employment"],
        direction="employment_counselling",
    )
    h.expect(h.redeem(client, auth("partner_employment"), coupon["code"]), 200)
    assert b.post(f"/peers/invitations/{used_id}/incentive").status_code == 303
    assert "incentive on" in b.get("/peers").text or "поощрение" in b.get("/peers").text
    assert h.count(session, "peer_incentive") == 1


def test_other_roles_and_districts_do_not_see_slips(
    client: TestClient,
    auth,
    browser: Callable[[str], Browser],  # noqa: ANN001
) -> None:
    org = auth("organiser")
    person = h.register(client, org)
    slip = h.expect(
        client.post(f"{h.API}/peers/invitations", json={"client_id": person["id"]}, headers=org), 201
    )[0]
    b = browser("organiser_b")
    assert slip["code"] not in b.get("/peers").text
    assert "<svg" not in b.get(f"/peers/slips?ids={slip['id']}").text
    assert b.post(f"/peers/invitations/{slip['id']}/void").status_code == 404
    assert h.expect(client.get(f"{h.API}/peers/invitations", headers=org), 200)[0]["state"] == "open"


def test_the_slips_are_listed_a_page_at_a_time(
    client: TestClient,
    auth,  # noqa: ANN001
    browser: Callable[[str], Browser],
    monkeypatch,  # noqa: ANN001
) -> None:
    """Three slips, two a page: the newest two on the first page with a link on, the oldest on the second."""
    from fairs.api.pages import peers as peer_pages

    monkeypatch.setattr(peer_pages, "PER_PAGE", 2)
    org = auth("organiser")
    fair = h.make_open_fair(client, org)
    b = browser("organiser")
    day = b.post(f"/fairs/{fair['id']}/visitors", VISITOR, htmx=True)
    visitor = re.search(r'id="visitors-code">([^<]+)<', day.text).group(1)
    given = b.post("/peers/invitations", {"client_code": visitor, "count": "3"})
    slips = b.get(given.headers["location"]).text
    codes = re.findall(r'class="short-code">([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z])<', slips)
    assert len(codes) == 3
    first, second = b.get("/peers").text, b.get("/peers?page=2").text
    shown = [[code for code in codes if code in page] for page in (first, second)]
    assert sorted(shown[0] + shown[1]) == sorted(codes) and (len(shown[0]), len(shown[1])) == (2, 1)
    assert 'href="/peers?page=2"' in first and "Страница 1 из 2" in first
    assert 'href="/peers"' in second and "Страница 2 из 2" in second
