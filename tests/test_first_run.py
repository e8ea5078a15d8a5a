"""A region sets itself up from an empty database and runs a fair, through the public surface only.

The command line makes the first admin and the region; the admin adds one district through the API and one
through the page, and their accounts; the first organiser changes the temporary password, imports the
partners from the downloaded template, generates 2027's schedule (2027-03-08, a second Monday, is Women's
Day: the fair moves to the 9th), opens today's fair, registers a visitor and issues a coupon, which an
imported partner redeems. The second district of the region sees none of it; the region's committee reads
both districts. On SQLite and PostgreSQL (the `empty_db` fixture).
"""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from fairs.cli import app as cli
from fairs.clock import local_today
from tests.api import helpers as h
from tests.pages.conftest import csrf_of

API = "/api/v1"
runner = CliRunner()
ADMIN_PASSWORD = "granite-harbour-keeper-31"
ORGANISER_PASSWORD = "willow-ledger-morning-52"
PARTNER_PASSWORD = "amber-compass-river-17"
TEMPORARY = "pebble-orchard-lantern-64"


def _cli(*args: str, env: dict[str, str] | None = None) -> str:
    result = runner.invoke(cli, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


def _token(client: TestClient, username: str, password: str) -> dict[str, str]:
    body = h.expect(client.post(f"{API}/auth/token", data={"username": username, "password": password}), 200)
    return {"Authorization": f"Bearer {body['access_token']}"}


def _first_login(client: TestClient, username: str, temporary: str, password: str) -> dict[str, str]:
    """Log in with the temporary password: everything but the change is refused until it is changed."""
    headers = _token(client, username, temporary)
    h.expect(client.get(f"{API}/fairs", headers=headers), 403, "password_change_required")
    body = {"current": temporary, "new": password}
    fresh = h.expect(client.post(f"{API}/users/me/password", json=body, headers=headers), 200)
    return {"Authorization": f"Bearer {fresh['access_token']}"}


def _page_login(client: TestClient, username: str, password: str) -> str:
    """Log in through the page form; returns the session's CSRF token."""
    form = {
        "username": username,
        "password": password,
        "csrf_token": csrf_of(client.get("/login").text),
    }
    response = client.post("/login", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    return csrf_of(client.get(response.headers["location"]).text)


def test_a_region_sets_itself_up_and_runs_a_fair(empty_db: str) -> None:
    from fairs.app import create_app

    # The command line: the schema, the first admin, the region.
    _cli("migrate")
    _cli(
        "users",
        "create",
        "chief",
        "--role",
        "admin",
        "--no-temporary",
        env={"FAIRS_NEW_PASSWORD": ADMIN_PASSWORD},
    )
    _cli("regions", "create", "Минская область")

    with TestClient(create_app()) as client:
        admin = _token(client, "chief", ADMIN_PASSWORD)
        (region,) = h.expect(client.get(f"{API}/regions", headers=admin), 200)
        assert region["name"] == "Минская область"
        # One district through the API, the other through the admin's page.
        body = {"name": "Солигорский район", "region_id": region["id"]}
        district_a = h.expect(client.post(f"{API}/districts", json=body, headers=admin), 201)
        with TestClient(create_app()) as pages:
            csrf = _page_login(pages, "chief", ADMIN_PASSWORD)
            form = {"csrf_token": csrf, "name": "Слуцкий район", "region_id": str(region["id"])}
            assert pages.post("/admin/districts", data=form, follow_redirects=False).status_code == 303
        districts = {d["name"]: d for d in h.expect(client.get(f"{API}/districts", headers=admin), 200)}
        assert set(districts) == {"Солигорский район", "Слуцкий район"}
        district_b = districts["Слуцкий район"]

        # Their organisers and the region's committee, with passwords to change at the first login.
        people = {
            "anna": {"role": "organiser", "district_id": district_a["id"]},
            "boris": {"role": "organiser", "district_id": district_b["id"]},
            "oblast": {"role": "committee", "region_id": region["id"]},
        }
        for username, place in people.items():
            body = {"username": username, "password": TEMPORARY, **place}
            made = h.expect(client.post(f"{API}/users", json=body, headers=admin), 201)
            assert made["must_change_password"] is True
        anna = _first_login(client, "anna", TEMPORARY, ORGANISER_PASSWORD)
        boris = _first_login(client, "boris", TEMPORARY, ORGANISER_PASSWORD)
        oblast = _first_login(client, "oblast", TEMPORARY, ORGANISER_PASSWORD)

        # The organiser fills the downloaded template: two partners and one staff account.
        with TestClient(create_app()) as pages:
            _page_login(pages, "anna", ORGANISER_PASSWORD)
            template = pages.get("/organisations/template.xlsx")
            assert template.status_code == 200
        book = load_workbook(io.BytesIO(template.content))
        book["Организации"].append(
            ["Центр занятости", "employment", "employment_counselling, employment_referral", "ул. Ленина, 1"]
        )
        book["Организации"].append(
            ["Городская больница", "medical", "hiv_testing, infectious", "ул. Мира, 3"]
        )
        book["Сотрудники"].append(["olga", "Ольга Сергеевна", "Центр занятости"])
        filled = io.BytesIO()
        book.save(filled)
        upload = {"file": ("partners.xlsx", filled.getvalue(), "application/octet-stream")}
        preview = h.expect(
            client.post(f"{API}/organisations/import?dry_run=true", files=upload, headers=anna), 200
        )
        assert preview["ok"], preview
        assert preview["counts"] == {"organisations": 2, "accounts": 1, "rows_with_errors": 0}
        assert h.expect(client.get(f"{API}/organisations", headers=anna), 200) == []
        imported = h.expect(client.post(f"{API}/organisations/import", files=upload, headers=anna), 201)
        (account,) = imported["accounts"]
        organisations = {
            o["name"]: o for o in h.expect(client.get(f"{API}/organisations", headers=anna), 200)
        }
        assert set(organisations) == {"Центр занятости", "Городская больница"}
        employment = organisations["Центр занятости"]

        # A year's schedule: Women's Day (a second Monday in 2027) is skipped, the fair is on the 9th.
        venue = {"venue": "ул. Козлова, 23", "starts_at": "10:00", "ends_at": "16:00"}
        h.expect(client.put(f"{API}/fairs/defaults", json=venue, headers=anna), 200)
        schedule = h.expect(client.post(f"{API}/fairs/schedule", json={"year": 2027}, headers=anna), 201)
        dates = {fair["date"]: fair for fair in schedule}
        assert len(schedule) == 12 and "2027-03-08" not in dates
        assert dates["2027-03-09"]["shifted_from"] == "2027-03-08"
        assert all(fair["venue"] == "ул. Козлова, 23" for fair in schedule)

        # Today's fair: opened, a booth, a visitor, a coupon to the imported employment centre.
        fair = h.make_open_fair(client, anna, day=local_today())
        booth = h.add_booth(client, anna, fair=fair, org=employment["id"])
        person = h.register(client, anna, mother="Мария", father="Пётр")
        h.expect(h.visit(client, anna, fair=fair, client_id=person["id"]), 201)
        coupon = h.issue(
            client,
            anna,
            booth=booth,
            client_id=person["id"],
            org=employment["id"],
            direction="employment_counselling",
        )

        # The imported partner logs in with the password the import showed, changes it and redeems.
        olga = _first_login(client, account["username"], account["password"], PARTNER_PASSWORD)
        h.expect(h.redeem(client, olga, coupon["code"]), 200)
        h.expect(h.set_outcome(client, olga, coupon["code"], outcome="registered_jobseeker"), 200)
        h.expect(h.redeem(client, olga, coupon["code"]), 409, "already_redeemed")

        # The second district of the region sees nothing of the first.
        assert h.expect(client.get(f"{API}/organisations", headers=boris), 200) == []
        assert h.expect(client.get(f"{API}/clients", headers=boris), 200)["items"] == []
        assert h.expect(client.get(f"{API}/fairs", headers=boris), 200) == []
        h.expect(client.get(f"{API}/coupons/{coupon['code']}", headers=boris), 404)
        h.expect(client.get(f"{API}/clients/{person['id']}", headers=boris), 404)

        # The region's committee reads both districts: the region's figures, then each district's.
        period = {"from": local_today().isoformat(), "to": local_today().isoformat()}
        whole = h.expect(client.get(f"{API}/reports/committee", params=period, headers=oblast), 200)
        assert sorted(whole["district_ids"]) == sorted([district_a["id"], district_b["id"]])
        assert (whole["fairs_held"], whole["coupons_issued"], whole["coupons_redeemed"]) == (1, 1, 1)
        one = h.expect(
            client.get(
                f"{API}/reports/committee", params={**period, "district": district_a["id"]}, headers=oblast
            ),
            200,
        )
        other = h.expect(
            client.get(
                f"{API}/reports/committee", params={**period, "district": district_b["id"]}, headers=oblast
            ),
            200,
        )
        assert (one["persons_referred"], one["coupons_redeemed"]) == (1, 1)
        assert (other["fairs_held"], other["persons_referred"], other["coupons_issued"]) == (0, 0, 0)
