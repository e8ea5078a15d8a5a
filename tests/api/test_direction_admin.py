"""Admins add directions and outcomes, rename and retire them; what that does to coupons and the report."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from openpyxl import load_workbook
from sqlalchemy import create_engine

from fairs.services.report import queries
from tests.api import helpers as h

ROOT = Path(__file__).resolve().parents[2]
DIRECTIONS = f"{h.API}/directions"
DENTAL = {
    "code": "dental_care",
    "name_ru": "Стоматологическая помощь",
    "name_en": "Dental care",
    "kinds": ["medical"],
}


def _outcomes(client, headers: dict, code: str, *, all_: bool = False) -> dict[str, bool]:  # noqa: ANN001
    body = h.expect(client.get(DIRECTIONS, params={"all": "true"} if all_ else None, headers=headers), 200)
    direction = next((d for d in body if d["code"] == code), None)
    return {} if direction is None else {o["code"]: o["is_active"] for o in direction["outcomes"]}


def _report(client, headers: dict) -> dict:  # noqa: ANN001
    today = h.today().isoformat()
    resp = client.get(f"{h.API}/reports/committee", params={"from": today, "to": today}, headers=headers)
    return h.expect(resp, 200)


def _give_direction(client, headers: dict, org_id: int, code: str) -> None:  # noqa: ANN001
    org = next(
        o for o in h.expect(client.get(f"{h.API}/organisations", headers=headers), 200) if o["id"] == org_id
    )
    body = {k: org[k] for k in ("name", "kind", "address", "phone", "hours")}
    body["directions"] = [*org["directions"], code]
    h.expect(client.put(f"{h.API}/organisations/{org_id}", json=body, headers=headers), 200)


def test_an_added_direction_goes_from_coupon_to_report_and_retiring_keeps_the_old(
    client, hdr, orgs, scene, session, monkeypatch
) -> None:
    admin, org, hospital = hdr["admin"], hdr["organiser"], hdr["partner_hospital"]
    # Admin adds a direction with two outcomes; refusals are clear.
    made = h.expect(client.post(DIRECTIONS, json=DENTAL, headers=admin), 201)
    assert (made["code"], made["is_active"], made["kinds"], made["outcomes"]) == (
        "dental_care",
        True,
        ["medical"],
        [],
    )
    h.expect(client.post(DIRECTIONS, json=DENTAL, headers=admin), 409, "direction_exists")
    h.expect(
        client.post(DIRECTIONS, json={**DENTAL, "code": "Dental-Care"}, headers=admin), 400, "invalid_code"
    )
    h.expect(
        client.post(DIRECTIONS, json={**DENTAL, "code": "x2", "kinds": ["bank"]}, headers=admin),
        400,
        "unknown_kind",
    )
    for code, ru, en in [
        ("treated", "Лечение проведено", "Treated"),
        ("referred_on", "Направлен далее", "Referred on"),
    ]:
        body = {"code": code, "name_ru": ru, "name_en": en}
        h.expect(client.post(f"{DIRECTIONS}/dental_care/outcomes", json=body, headers=admin), 201)
    body = {"code": "treated", "name_ru": "x", "name_en": "x"}
    h.expect(
        client.post(f"{DIRECTIONS}/dental_care/outcomes", json=body, headers=admin), 409, "outcome_exists"
    )
    # Only admins change directions; everyone logged in reads them.
    h.expect(client.post(DIRECTIONS, json={**DENTAL, "code": "other"}, headers=org), 403)
    h.expect(client.put(f"{DIRECTIONS}/dental_care", json=DENTAL, headers=hospital), 403)
    h.expect(client.post(f"{DIRECTIONS}/dental_care/outcomes", json=body, headers=hdr["committee"]), 403)
    assert _outcomes(client, hdr["committee"], "dental_care") == {"treated": True, "referred_on": True}

    # An organisation gets it; coupons are issued in it, redeemed, and the outcome recorded.
    _give_direction(client, org, orgs["hospital"], "dental_care")
    second = h.register(client, org, mother="Ольга", father="Пётр", birth_year=1979)
    coupons = [
        h.issue(
            client,
            org,
            booth=scene.employment_booth,
            client_id=cid,
            org=orgs["hospital"],
            direction="dental_care",
        )
        for cid in (scene.client_id, second["id"])
    ]
    for c in coupons:
        h.expect(h.redeem(client, hospital, c["code"]), 200)
    h.expect(h.set_outcome(client, hospital, coupons[0]["code"], outcome="treated"), 200)

    # Retire the outcome: no longer offered nor recordable; the old coupon keeps it.
    renamed = {"name_ru": "Лечение проведено", "name_en": "Treated", "is_active": False}
    out = h.expect(client.put(f"{DIRECTIONS}/dental_care/outcomes/treated", json=renamed, headers=admin), 200)
    assert out["is_active"] is False
    assert _outcomes(client, hospital, "dental_care") == {"referred_on": True}
    assert _outcomes(client, hospital, "dental_care", all_=True) == {"treated": False, "referred_on": True}
    h.expect(h.set_outcome(client, hospital, coupons[1]["code"], outcome="treated"), 409, "outcome_retired")
    h.expect(h.set_outcome(client, hospital, coupons[1]["code"], outcome="referred_on"), 200)
    assert (
        h.expect(client.get(f"{h.API}/coupons/{coupons[0]['code']}", headers=hospital), 200)["outcome"]
        == "treated"
    )

    # Codes never change.
    moved = {**renamed, "code": "cured"}
    h.expect(
        client.put(f"{DIRECTIONS}/dental_care/outcomes/treated", json=moved, headers=admin),
        400,
        "code_immutable",
    )
    h.expect(
        client.put(f"{DIRECTIONS}/dental_care", json={**DENTAL, "code": "dental"}, headers=admin),
        400,
        "code_immutable",
    )
    h.expect(client.put(f"{DIRECTIONS}/no_such", json=DENTAL, headers=admin), 404, "direction_not_found")

    # Retire the direction: no new coupon in it, gone from the list, still in the report.
    retire = {"name_ru": DENTAL["name_ru"], "name_en": DENTAL["name_en"], "is_active": False}
    h.expect(client.put(f"{DIRECTIONS}/dental_care", json=retire, headers=admin), 200)
    resp = h.issue_resp(
        client,
        org,
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["hospital"],
        direction="dental_care",
    )
    h.expect(resp, 409, "direction_retired")
    assert "dental_care" not in {d["code"] for d in h.expect(client.get(DIRECTIONS, headers=org), 200)}
    assert _outcomes(client, admin, "dental_care", all_=True) == {"treated": False, "referred_on": True}

    # Counted in the JSON report, with the direction's id inside the mask and beyond it (the fallback).
    body = _report(client, org)
    row = next(d for d in body["directions"] if d["code"] == "dental_care")
    assert (row["persons"], row["coupons_issued"], row["coupons_redeemed"]) == (2, 2, 2)
    assert row["outcomes"] == {"treated": 1, "referred_on": 1}
    monkeypatch.setattr(queries, "MASK_BITS", 2)  # every direction id is now beyond the mask
    again = next(d for d in _report(client, org)["directions"] if d["code"] == "dental_care")
    assert again == row

    # ... and in the committee's workbook, sheet «По направлениям».
    today = h.today().isoformat()
    resp = client.get("/exports/committee.xlsx", params={"from": today, "to": today}, headers=org)
    assert resp.status_code == 200, resp.text
    sheet = load_workbook(io.BytesIO(resp.content), read_only=True)["По направлениям"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = rows[0]
    dental = next(r for r in rows if r[0] == "Стоматологическая помощь")
    columns = ("Человек", "Проконсультировано (человек)", "Выдано талонов", "Погашено талонов")
    assert [dental[header.index(name)] for name in columns] == [2, 0, 2, 2]  # no consultation in it
    assert dental[header.index("Лечение проведено")] == 1 and dental[header.index("Направлен далее")] == 1

    # Every change is audited.
    assert len(h.audit_rows(session, entity="direction")) == 5  # added, two outcomes, two retired


def _config(url: str) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["configure_logger"] = False
    return cfg


def test_the_programmes_directions_and_employed_at_the_employment_centre(
    client, hdr, orgs, scene, db_url
) -> None:
    org, partner = hdr["organiser"], hdr["partner_employment"]
    body = {d["code"]: d for d in h.expect(client.get(DIRECTIONS, headers=partner), 200)}
    seeded = {
        "tb_screening": "Обследование на туберкулёз (флюорография)",
        "hepatitis_c": "Обследование и лечение гепатита C",
        "pension_disability": "Оформление пенсии и инвалидности",
        "family_ties": "Восстановление социально полезных (семейных) связей",
    }
    for code, name in seeded.items():
        assert body[code]["name"] == name
        assert {"service_provided", "declined_by_client", "not_eligible"} <= {
            o["code"] for o in body[code]["outcomes"]
        }
    assert body["tb_screening"]["kinds"] == ["medical"]
    assert body["employment_counselling"]["outcomes"][0]["code"] == "employed"

    coupon = h.issue(
        client,
        org,
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["employment"],
        direction="employment_counselling",
    )
    h.expect(h.redeem(client, partner, coupon["code"]), 200)
    h.expect(h.set_outcome(client, partner, coupon["code"], outcome="employed"), 200)
    report = _report(client, org)
    assert (report["employment_referred_persons"], report["employed_persons"]) == (0, 1)

    # Going back past the migration is refused while a coupon has the outcome it added.
    command.downgrade(_config(db_url), "0019_i13dir_directions")  # the later migrations go back freely
    with pytest.raises(RuntimeError, match="downgrade refused"):
        command.downgrade(_config(db_url), "0017_i13acc_must_change")
    engine = create_engine(db_url)
    with engine.connect() as conn:
        revision = MigrationContext.configure(conn).get_current_revision()
    engine.dispose()
    assert revision == "0019_i13dir_directions"
