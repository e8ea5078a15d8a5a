"""`Cache-Control: no-store` on every answer to a caller with credentials; static files keep their caching.

Partner offices share their PCs: a page, a JSON answer or a workbook kept in the browser's cache would show
the next person at the desk whatever the last one looked at. Every GET route of the app (from its route
table) is asked with a bearer token and with a page session; every answer, whatever its status, must say
`no-store`. Form posts, error pages and the login's answer too.
"""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute, iter_route_contexts

from fairs.app import create_app

PARAMS = {"code": "7DMWD0R53", "ref": "7DMWD0R53", "token": "x" * 32, "identifier": "committee"}
PERIOD = {"from": "2026-01-01", "to": "2026-03-31"}


def get_routes() -> list[str]:
    """Every GET path of the app except the static files, its parameters filled in."""
    paths = []
    for context in iter_route_contexts(create_app().routes):
        if isinstance(context.original_route, APIRoute) and "GET" in (context.original_route.methods or ()):
            paths.append(re.sub(r"{(\w+)(:\w+)?}", lambda m: PARAMS.get(m.group(1), "1"), context.path))
    return paths


def test_the_route_table_is_read() -> None:
    paths = get_routes()
    assert len(paths) >= 50 and "/api/v1/fairs" in paths and "/fairs" in paths, paths


@pytest.mark.parametrize("username", ["organiser", "partner_hospital", "committee"])
def test_every_authenticated_answer_says_no_store(client, auth, browser, username: str) -> None:  # noqa: ANN001
    paths = get_routes()
    bearer = auth(username)
    for path in paths:  # with a bearer token, before any cookie exists
        answer = client.get(path, headers=bearer, params=PERIOD, follow_redirects=False)
        assert answer.headers.get("cache-control") == "no-store", (path, answer.status_code)
    b = browser(username)
    for path in paths:
        for htmx in (False, True):
            answer = b.get(path, htmx=htmx, params=PERIOD, follow_redirects=False)
            assert answer.headers.get("cache-control") == "no-store", (path, answer.status_code, htmx)
    posted = b.post("/lang", {"lang": "en", "next": "/fairs"})
    missing = b.post("/fairs/999999/open", {})
    assert posted.headers["cache-control"] == missing.headers["cache-control"] == "no-store"


def test_the_login_answer_and_page_are_not_stored_either(client) -> None:  # noqa: ANN001
    page = client.get("/login")  # its form holds a CSRF token of the session it starts
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"


def test_static_files_keep_their_caching(browser) -> None:  # noqa: ANN001
    b = browser("organiser")
    for path in ("/static/css/app.css", "/static/vendor/htmx-2.0.11.min.js"):
        answer = b.get(path)
        assert answer.status_code == 200, path
        assert "no-store" not in answer.headers.get("cache-control", ""), path
        assert answer.headers["etag"] and answer.headers["last-modified"]
        revalidated = b.client.get(path, headers={"If-None-Match": answer.headers["etag"]})
        assert revalidated.status_code == 304
