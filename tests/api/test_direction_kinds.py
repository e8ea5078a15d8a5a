"""Directions by organisation kind, and retired directions: an organisation is given only directions meant
for its kind and still in use (the links it has stay), a consultation is never recorded in a retired
direction, and the partner import names both as row errors."""

from __future__ import annotations

from tests.api import helpers as h
from tests.api.test_partner_import import upload, workbook

DIRECTIONS = f"{h.API}/directions"


def _set_direction(client, admin: dict, code: str, **changes) -> None:  # noqa: ANN001, ANN003
    direction = next(
        d
        for d in h.expect(client.get(DIRECTIONS, params={"all": "true"}, headers=admin), 200)
        if d["code"] == code
    )
    body = {"name_ru": direction["name_ru"], "name_en": direction["name_en"], **changes}
    h.expect(client.put(f"{DIRECTIONS}/{code}", json=body, headers=admin), 200)


def _organisation(client, headers: dict, org_id: int) -> dict:  # noqa: ANN001
    orgs = h.expect(client.get(f"{h.API}/organisations", headers=headers), 200)
    return next(o for o in orgs if o["id"] == org_id)


def _put(client, headers: dict, org_id: int, **changes):  # noqa: ANN001, ANN003, ANN202
    org = _organisation(client, headers, org_id)
    body = {k: org[k] for k in ("name", "kind", "address", "phone", "hours", "directions")}
    return client.put(f"{h.API}/organisations/{org_id}", json={**body, **changes}, headers=headers)


def test_directions_follow_the_kind_and_retired_ones_are_given_to_no_one(client, hdr, orgs, scene) -> None:
    admin, org = hdr["admin"], hdr["organiser"]
    _set_direction(client, admin, "hiv_testing", kinds=["medical"])
    _set_direction(client, admin, "psychological", is_active=False)

    # A new organisation: only directions meant for its kind; the refusal says why, in Russian.
    body = {"name": "Общественное объединение «Шанс»", "kind": "ngo", "directions": ["hiv_testing"]}
    refused = h.expect(
        client.post(f"{h.API}/organisations", json=body, headers=org), 400, "direction_not_for_kind"
    )
    assert "«Медицинская»" in refused["detail"] and "не предназначено" in refused["detail"], refused
    body["directions"] = ["humanitarian"]  # no kinds named: any kind receives it
    made = h.expect(client.post(f"{h.API}/organisations", json=body, headers=org), 201)
    assert made["directions"] == ["humanitarian"]
    h.expect(
        _put(client, org, made["id"], directions=["humanitarian", "hiv_testing"]),
        400,
        "direction_not_for_kind",
    )
    h.expect(_put(client, org, orgs["employer"], directions=["hiv_testing"]), 400, "direction_not_for_kind")
    clinic = {"name": "Медицинский центр «Здоровье»", "kind": "medical", "directions": ["hiv_testing"]}
    h.expect(client.post(f"{h.API}/organisations", json=clinic, headers=org), 201)

    # A retired direction is given to no organisation, whatever its kind.
    h.expect(_put(client, org, orgs["hospital"], directions=["psychological"]), 409, "direction_retired")
    clinic = {"name": "Психологическая служба", "kind": "other", "directions": ["psychological"]}
    refused = h.expect(
        client.post(f"{h.API}/organisations", json=clinic, headers=org), 409, "direction_retired"
    )
    assert "выведено из употребления" in refused["detail"], refused

    # The links an organisation has stay: the rehabilitation centre keeps its retired direction, and the
    # hospital keeps HIV testing when the direction's kinds change or its own kind does.
    rehab = h.expect(_put(client, org, orgs["rehab"], hours="9:00-18:00"), 200)
    assert sorted(rehab["directions"]) == ["psychological", "rehab"]
    _set_direction(client, admin, "hiv_testing", kinds=["social"])
    hospital = h.expect(_put(client, org, orgs["hospital"], kind="other"), 200)
    assert "hiv_testing" in hospital["directions"]
    # ... but once dropped, a link is a new one again.
    without = [d for d in hospital["directions"] if d != "hiv_testing"]
    h.expect(_put(client, org, orgs["hospital"], directions=without), 200)
    h.expect(
        _put(client, org, orgs["hospital"], directions=hospital["directions"]), 400, "direction_not_for_kind"
    )

    # A consultation in a retired direction is refused, at the booth as anywhere.
    consulted = h.consult(
        client, org, booth=scene.hospital_booth, client_id=scene.client_id, direction="psychological"
    )
    refused = h.expect(consulted, 409, "direction_retired")
    assert "консультации" in refused["detail"], refused
    partner = hdr["partner_hospital"]
    consulted = h.consult(
        client, partner, booth=scene.hospital_booth, client_id=scene.client_id, direction="psychological"
    )
    h.expect(consulted, 409, "direction_retired")
    consulted = h.consult(
        client, partner, booth=scene.hospital_booth, client_id=scene.client_id, direction="infectious"
    )
    h.expect(consulted, 201)

    # The partner import gives both as row errors, and writes nothing.
    rows = [
        [
            "Общественное объединение «Выбор»",
            "Общественная организация",
            "hiv_testing, humanitarian",
            "",
            "",
            "",
        ],
        ["Кабинет психолога", "Медицинская", "psychological", "", "", ""],
        ["Территориальный центр", "Социальное обслуживание", "hiv_testing", "", "", ""],
    ]
    preview = h.expect(upload(client, org, workbook(rows), dry_run=True), 200)
    errors = {r["line"]: r["errors"] for r in preview["organisations"]}
    assert [len(errors[line]) for line in (3, 4, 5)] == [1, 1, 0], errors
    assert "не предназначено для организаций вида «Общественная организация»" in errors[3][0]
    assert "выведено из употребления" in errors[4][0]
    h.expect(upload(client, org, workbook(rows)), 400, "import_invalid")
