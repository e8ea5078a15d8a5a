"""Categories on the pages: admins manage them on /admin/categories; organisers record a client's
categories on the client's page, dated, and see the history; the JSON API gives the same history."""

from __future__ import annotations

import datetime as dt
import re

from tests.api import helpers as h


def test_admin_adds_renames_and_retires_a_category(browser, client, auth) -> None:  # noqa: ANN001
    organiser = browser("organiser")
    assert organiser.get("/admin/categories").status_code == 403
    assert (
        organiser.post("/admin/categories", {"code": "x", "name_ru": "x", "name_en": "x"}).status_code == 403
    )

    b = browser("admin")
    page = b.get("/admin/categories")
    assert page.status_code == 200
    for code in ("released", "registered", "non_custodial", "relatives", "drug_use"):
        assert f"<code>{code}</code>" in page.text
    refused = b.post(
        "/admin/categories", {"code": "Бомж", "name_ru": "Без жилья", "name_en": "Homeless"}, htmx=True
    )
    assert refused.status_code == 400 and "note-error" in refused.text and 'value="Без жилья"' in refused.text
    assert (
        b.post(
            "/admin/categories", {"code": "homeless", "name_ru": "Без жилья", "name_en": "Homeless"}
        ).status_code
        == 303
    )
    form = {"name_ru": "Без определённого места жительства", "name_en": "Homeless", "sort_order": "9"}
    assert b.post("/admin/categories/homeless", form).status_code == 303  # `active` unticked: retired
    listed = h.expect(
        client.get(f"{h.API}/categories", params={"all": "true"}, headers=auth("organiser")), 200
    )
    homeless = next(c for c in listed if c["code"] == "homeless")
    assert (homeless["name_ru"], homeless["sort_order"], homeless["is_active"]) == (form["name_ru"], 9, False)
    offered = h.expect(client.get(f"{h.API}/categories", headers=auth("organiser")), 200)
    assert [c["code"] for c in offered] == [
        "released",
        "registered",
        "non_custodial",
        "relatives",
        "drug_use",
    ]

    # A retired category is not given to a client any more; the API says why.
    person = h.register(client, auth("organiser"))
    body = {"categories": ["homeless"]}
    h.expect(
        client.put(f"{h.API}/clients/{person['id']}/categories", json=body, headers=auth("organiser")),
        409,
        "category_retired",
    )
    body = {"categories": ["nobody"]}
    h.expect(
        client.put(f"{h.API}/clients/{person['id']}/categories", json=body, headers=auth("organiser")),
        400,
        "unknown_category",
    )


def test_organiser_records_a_clients_categories_with_their_dates(browser, client, auth) -> None:  # noqa: ANN001
    person = h.register(client, auth("organiser"), categories=["released"])
    b = browser("organiser")
    page = b.get(f"/clients/{person['id']}")
    assert page.status_code == 200
    assert re.search(r'value="released" checked', page.text)

    earlier = h.today() - dt.timedelta(days=30)
    form = {"categories": ["drug_use", "registered"], "day": earlier.isoformat()}
    assert b.post(f"/clients/{person['id']}/categories", form).status_code == 303
    form = {"categories": ["registered"]}  # today: drug use no longer; released not ticked either
    assert b.post(f"/clients/{person['id']}/categories", form).status_code == 303

    page = b.get(f"/clients/{person['id']}")
    changes = re.findall(r'data-change="([^"]+)"', page.text)
    today = h.today().isoformat()
    assert changes == sorted(changes, key=lambda change: change.split()[0], reverse=True)  # newest first
    assert set(changes) == {
        f"{earlier.isoformat()} drug_use in",
        f"{earlier.isoformat()} registered in",
        f"{today} drug_use out",
    }  # released was put in and taken out on the same day: that day's change was replaced

    got = h.expect(client.get(f"{h.API}/clients/{person['id']}/categories", headers=auth("organiser")), 200)
    assert got["categories"] == ["registered"]
    assert {(c["on"], c["code"], c["held"]) for c in got["history"]} == {
        (earlier.isoformat(), "drug_use", True),
        (earlier.isoformat(), "registered", True),
        (today, "drug_use", False),
    }
    # The committee and partners never see a client's categories.
    for role in ("committee", "partner_employment"):
        resp = client.get(f"{h.API}/clients/{person['id']}/categories", headers=auth(role))
        assert resp.status_code == 403, role
