"""Helpers for the page tests: log in through the real form, send forms with the session's CSRF token."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from fairs.clock import local_today
from tests import world

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
HX = {"HX-Request": "true"}


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = CSRF_RE.search(html)
    assert match, "no CSRF field on the page"
    return match.group(1)


def login(client: TestClient, username: str, *, next_url: str = "") -> Response:
    """Log in like a browser: GET the form, POST it with the token from the page. Returns the 303."""
    page = client.get("/login", params={"next": next_url} if next_url else None)
    assert page.status_code == 200, page.text
    form = {"username": username, "password": world.PASSWORD, "csrf_token": csrf_of(page.text)}
    response = client.post("/login", data={**form, "next": next_url}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return response


class Browser:
    """One logged-in user: `post` sends the session's CSRF token with every form."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.csrf = ""

    def login(self, username: str, *, next_url: str = "") -> Response:
        """Log in (a new session: a new CSRF token, read from the page logged in to)."""
        response = login(self.client, username, next_url=next_url)
        self.csrf = csrf_of(self.client.get(response.headers["location"]).text)
        return response

    def get(self, url: str, *, htmx: bool = False, **kwargs) -> Response:  # noqa: ANN003
        """GET, as htmx when asked."""
        return self.client.get(url, headers=HX if htmx else None, **kwargs)

    def post(self, url: str, data: dict | None = None, *, htmx: bool = False) -> Response:
        """POST a form with the CSRF token; redirects are not followed."""
        form = {"csrf_token": self.csrf, **(data or {})}
        return self.client.post(url, data=form, headers=HX if htmx else None, follow_redirects=False)


@pytest.fixture
def browser(client: TestClient) -> Callable[[str], Browser]:
    """`browser("organiser")` → the test client, logged in as that base-world user."""

    # FAIRS_BASE_URL is https in the tests, so the session cookie is Secure: talk https.
    client.base_url = "https://testserver"

    def make(username: str) -> Browser:
        b = Browser(client)
        b.login(username)
        return b

    return make


@pytest.fixture
def api_coupon(client: TestClient, auth, orgs: dict[str, int]):  # noqa: ANN001, ANN201
    """Arrange through the JSON API (the other face): an open fair today, a booth, a client, a coupon.

    `api_coupon(booth="employment", to="hospital", direction="hiv_testing")` → the coupon as JSON."""
    state: dict = {}

    def make(*, booth: str = "employment", to: str = "hospital", direction: str = "hiv_testing") -> dict:
        headers = auth("organiser")
        if "fair" not in state:
            r = client.post("/api/v1/fairs", json={"date": local_today().isoformat()}, headers=headers)
            state["fair"] = r.json()["id"]
            client.post(f"/api/v1/fairs/{state['fair']}/open", headers=headers)
            r = client.post(
                "/api/v1/clients",
                json={"mother_name": "Мария", "father_name": "Олег", "sex": "F", "birth_year": 1990},
                headers=headers,
            )
            state["client"] = r.json()["id"]
        if booth not in state:
            r = client.post(
                f"/api/v1/fairs/{state['fair']}/booths",
                json={"organisation_id": orgs[booth]},
                headers=headers,
            )
            state[booth] = r.json()["id"]
        r = client.post(
            f"/api/v1/booths/{state[booth]}/coupons",
            json={
                "client_id": state["client"],
                "organisation_id": orgs[to],
                "direction": direction,
                "confirm_duplicate": True,
            },
            headers=headers,
        )
        assert r.status_code == 201, r.text
        return {**r.json(), "fair_id": state["fair"], "booth_id": state[booth]}

    return make
