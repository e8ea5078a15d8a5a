"""A second person with the same client code gets a suffix (`АНИВ185-2`): typed back, it finds them."""

from __future__ import annotations

import pytest

from fairs.services.clients.code import normalise_code


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("АНИВ185-2", "АНИВ185-2"),
        ("аниВ185 - 2", "АНИВ185-2"),
        ("AHИB185–12", "АНИВ185-12"),  # Latin look-alikes, an en dash, a two-digit suffix
        ("АНИВ185", "АНИВ185"),
        ("АН ИВ 185", "АНИВ185"),
    ],
)
def test_suffix_survives_normalisation(typed: str, stored: str) -> None:
    assert normalise_code(typed) == stored


def test_a_suffixed_client_is_found_by_its_code_on_the_fair_day(client, auth) -> None:  # noqa: ANN001
    """The organiser registers two people with the same code; the second one's code finds the second."""
    organiser = auth("organiser")
    person = {"mother_name": "Анна", "father_name": "Иван", "sex": "M", "birth_year": 1985}
    first = client.post("/api/v1/clients", headers=organiser, json=person).json()
    second = client.post(
        "/api/v1/clients", headers=organiser, json={**person, "distinct_person": True}
    ).json()
    assert (first["code"], second["code"]) == ("АНИВ185", "АНИВ185-2")
    for typed, wanted in (("аНИв185-2", second), ("АНИВ185", first), ("АНИВ185 – 2", second)):
        found = client.get(f"/api/v1/clients/by-code/{typed}", headers=organiser)
        assert (found.status_code, found.json()["id"]) == (200, wanted["id"])
