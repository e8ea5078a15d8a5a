"""The organisation form's "serves the whole region" checkbox, and the mark in the list of every district of
the region (edited only in its home district)."""

from __future__ import annotations

import re

from tests.api import helpers as h


def test_the_checkbox_marks_an_organisation_regional(browser, client, auth):
    b = browser("organiser")
    form = b.get("/organisations/new").text
    assert 'name="serves_region" value="true"' in form and "Обслуживает всю область" in form
    body = {"name": "Областной центр занятости", "kind": "employment", "serves_region": "true"}
    assert b.post("/organisations", {**body, "directions": "employment_counselling"}).status_code == 303
    orgs = {
        o["name"]: o for o in h.expect(client.get(f"{h.API}/organisations", headers=auth("organiser")), 200)
    }
    regional = orgs["Областной центр занятости"]
    assert regional["serves_region"] is True
    assert orgs["Центр занятости"]["serves_region"] is False
    card = re.search(rf'id="org-{regional["id"]}".*?</article>', b.get("/organisations").text, re.S).group(0)
    assert "вся область" in card and f"/organisations/{regional['id']}/edit" in card
    edit = b.get(f"/organisations/{regional['id']}/edit").text
    assert re.search(r'name="serves_region" value="true" checked', edit)
    # Unticking it (the box is simply not sent) makes it the district's own again.
    unticked = {"name": "Областной центр занятости", "kind": "employment"}
    assert b.post(f"/organisations/{regional['id']}", unticked).status_code == 303
    again = h.expect(client.get(f"{h.API}/organisations", headers=auth("organiser_b")), 200)
    assert "Областной центр занятости" not in {o["name"] for o in again}
    assert b.post(f"/organisations/{regional['id']}", body).status_code == 303
    # District B lists it with the mark, offers no edit, and its edit form answers 403.
    other = browser("organiser_b")
    card = re.search(
        rf'id="org-{regional["id"]}".*?</article>', other.get("/organisations").text, re.S
    ).group(0)
    assert "вся область" in card and "/edit" not in card
    assert other.get(f"/organisations/{regional['id']}/edit").status_code == 403
