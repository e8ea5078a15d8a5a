"""CSRF on every state-changing page route, generated from the app's route table.

Every route that is not under /api and accepts POST, PUT, PATCH or DELETE is sent, as a logged-in
organiser, a form without the session's CSRF token, one with a wrong token, and an htmx request with a
wrong X-CSRF-Token header: each is refused with 403 `csrf_failed` and writes nothing. The same request
with the right token is not refused for CSRF, so the check is not vacuous. A new form route is covered
without editing this file.
"""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy import text

from fairs.app import create_app
from tests.pages.conftest import HX

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
# Answers in JSON so the refusal's machine code can be read (the page gives the same 403 as HTML).
JSON = {"Accept": "application/json"}
PARAMS = {"code": "7DMWD0R53", "ref": "7DMWD0R53", "token": "x" * 32, "identifier": "committee"}
TABLES = ("fair", "booth", "client", "visit", "consultation", "coupon", "audit_entry", "organisation", "user")


def form_routes() -> list[tuple[str, str]]:
    """(method, path) of every state-changing route outside the JSON API and the exports."""
    routes = []
    for route in iter_route_contexts(create_app().routes):
        if not isinstance(route.original_route, APIRoute) or route.path.startswith(("/api/", "/exports")):
            continue
        routes += [(method, route.path) for method in sorted(set(route.methods or ()) & STATE_CHANGING)]
    return routes


def concrete(path: str) -> str:
    """The path with every parameter filled in (ids 1, codes of the right shape)."""
    return re.sub(r"{(\w+)(:\w+)?}", lambda m: PARAMS.get(m.group(1), "1"), path)


def counts(session) -> dict[str, int]:  # noqa: ANN001
    return {t: session.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in TABLES}  # noqa: S608


def test_the_route_table_has_forms_to_check() -> None:
    routes = form_routes()
    assert len(routes) >= 25, routes
    assert ("POST", "/login") in routes and ("POST", "/logout") in routes


@pytest.mark.parametrize(("method", "path"), form_routes())
def test_every_form_refuses_a_missing_or_wrong_token(browser, session, method: str, path: str) -> None:
    b = browser("organiser")
    url = concrete(path)
    before = counts(session)
    attempts = {
        "no token": b.client.request(method, url, data={"x": "1"}, headers=JSON, follow_redirects=False),
        "wrong token": b.client.request(
            method, url, data={"csrf_token": "forged-" + b.csrf[7:]}, headers=JSON, follow_redirects=False
        ),
        "empty token": b.client.request(
            method, url, data={"csrf_token": ""}, headers=JSON, follow_redirects=False
        ),
        "htmx, wrong header": b.client.request(
            method, url, headers={**HX, **JSON, "X-CSRF-Token": "forged"}, follow_redirects=False
        ),
        "htmx, no header": b.client.request(method, url, headers={**HX, **JSON}, follow_redirects=False),
    }
    for what, resp in attempts.items():
        assert resp.status_code == 403, (what, resp.status_code, resp.text[:300])
        assert resp.json()["code"] == "csrf_failed", (what, resp.text[:300])
    assert counts(session) == before
    # The right token passes the CSRF check (whatever the route then makes of the empty form).
    passed = b.client.request(method, url, data={"csrf_token": b.csrf}, headers=JSON, follow_redirects=False)
    assert "csrf_failed" not in passed.text, passed.text[:300]
    if path == "/logout":
        b.login("organiser")  # the form just logged out
    passed = b.client.request(
        method, url, headers={**HX, **JSON, "X-CSRF-Token": b.csrf}, follow_redirects=False
    )
    assert "csrf_failed" not in passed.text, passed.text[:300]


def test_a_refused_form_shows_a_readable_page(browser) -> None:
    b = browser("organiser")
    page = b.client.post("/fairs/schedule", data={"year": "2031"}, follow_redirects=False)
    assert page.status_code == 403 and page.headers["content-type"].startswith("text/html")
    assert "<form" in page.text or "<main" in page.text
    fragment = b.client.post("/fairs/schedule", data={"year": "2031"}, headers=HX, follow_redirects=False)
    assert fragment.status_code == 403 and "<html" not in fragment.text.lower()
