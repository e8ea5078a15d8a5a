"""Shared fixtures for the JSON API tests: role headers and an open fair with booths and a client."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.api import helpers as h

ROLES = (
    "organiser",
    "organiser_b",
    "partner_employment",
    "partner_hospital",
    "committee",
    "committee_region",
    "admin",
)


@pytest.fixture
def hdr(auth) -> dict[str, dict[str, str]]:  # noqa: ANN001
    """Bearer headers for every base-world user, by username."""
    return {username: auth(username) for username in ROLES}


@dataclass
class Scene:
    """An open fair of district A with the employment centre's and the hospital's booths and one client."""

    fair: dict
    employment_booth: dict
    hospital_booth: dict
    client_id: int
    client_code: str


@pytest.fixture
def scene(client, hdr, orgs) -> Scene:  # noqa: ANN001
    org = hdr["organiser"]
    fair = h.make_open_fair(client, org)
    employment_booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    hospital_booth = h.add_booth(client, org, fair=fair, org=orgs["hospital"])
    person = h.register(client, org)
    return Scene(fair, employment_booth, hospital_booth, person["id"], person["code"])
