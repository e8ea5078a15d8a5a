"""Auth: the password flow gives a bearer token; every API route refuses requests without one."""

from __future__ import annotations

import re

import pytest

from fairs.app import create_app
from tests.api import helpers as h
from tests.world import PASSWORD

# The only API routes meant to answer anonymous callers.
PUBLIC = {("POST", "/api/v1/auth/token"), ("GET", "/api/v1/openapi.json")}


def api_routes() -> list[tuple[str, str]]:
    """(method, path) of every documented route under /api/v1, path parameters filled with 1."""
    found = []
    for path, operations in create_app().openapi()["paths"].items():
        for method in operations:
            if path.startswith("/api/v1/") and (method.upper(), path) not in PUBLIC:
                found.append((method.upper(), re.sub(r"\{[^}]+\}", "1", path)))
    return found


def test_token_for_right_password_works_as_bearer(client):
    resp = client.post(f"{h.API}/auth/token", data={"username": "organiser", "password": PASSWORD})
    body = h.expect(resp, 200)
    assert body["token_type"] == "bearer"
    assert body["access_token"]
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    assert client.get(f"{h.API}/fairs", headers=headers).status_code == 200
    # The token is the organiser's: organiser-only routes accept it.
    assert client.post(f"{h.API}/fairs/schedule", json={"year": 2031}, headers=headers).status_code == 201


@pytest.mark.parametrize(
    ("username", "password"),
    [("organiser", "wrong-password-1"), ("nobody", PASSWORD), ("partner_employment", PASSWORD + "x")],
)
def test_wrong_credentials_401_problem(client, username, password):
    resp = client.post(f"{h.API}/auth/token", data={"username": username, "password": password})
    h.expect(resp, 401, "bad_credentials")
    assert "access_token" not in resp.json()
    assert resp.headers["www-authenticate"] == "Bearer"


def test_route_list_covers_the_api():
    routes = set(api_routes())
    # A sanity check of the enumeration itself, so the 401 test below cannot pass on an empty list.
    for expected in [
        ("GET", "/api/v1/directions"),
        ("POST", "/api/v1/organisations"),
        ("POST", "/api/v1/fairs/schedule"),
        ("POST", "/api/v1/fairs/1/open"),
        ("POST", "/api/v1/booths/1/coupons"),
        ("POST", "/api/v1/coupons/1/redeem"),
        ("GET", "/api/v1/clients/1"),
    ]:
        assert expected in routes


@pytest.mark.parametrize("bearer", [None, "not-a-jwt", "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl"])
def test_every_api_route_needs_a_token(client, bearer):
    headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
    for method, path in api_routes():
        resp = client.request(method, path, headers=headers, json={})
        assert resp.status_code == 401, (method, path, resp.status_code, resp.text)
        assert resp.headers["content-type"].startswith(h.PROBLEM_JSON), (method, path)
        assert resp.json()["code"] == "not_authenticated"


def test_token_of_another_secret_is_refused(client):
    import jwt

    forged = jwt.encode({"sub": "1", "exp": 4102444800}, "some-other-secret-" + "y" * 32, algorithm="HS256")
    resp = client.get(f"{h.API}/fairs", headers={"Authorization": f"Bearer {forged}"})
    h.expect(resp, 401, "not_authenticated")
