"""Security headers on every kind of answer, pages without inline scripts, password rules over HTTP."""

from __future__ import annotations

import re

import pytest

from tests.api import helpers as h

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


def _check_headers(resp) -> None:  # noqa: ANN001
    csp = resp.headers["content-security-policy"]
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    assert directives["script-src"] == ["'self'"], csp  # no 'unsafe-inline', no 'unsafe-eval'
    assert directives["frame-ancestors"] == ["'none'"] and directives["object-src"] == ["'none'"]
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert resp.headers["x-frame-options"] == "DENY"
    assert resp.headers["referrer-policy"] == "same-origin"


URLS = ["/login", "/fairs", "/scan", "/redeem", "/nowhere", "/static/css/app.css", "/api/v1/directions"]
URLS += ["/healthz"]


@pytest.mark.parametrize("url", URLS)
def test_every_answer_carries_the_security_headers(browser, url: str) -> None:
    b = browser("organiser")
    _check_headers(b.get(url, follow_redirects=False))
    _check_headers(b.get(url, htmx=True, follow_redirects=False))


def test_pages_have_no_inline_scripts(browser) -> None:
    b = browser("organiser")
    for url in ("/fairs", "/clients", "/reports", "/scan", "/inbox", "/followup", "/users", "/audit"):
        page = b.get(url)
        assert page.status_code == 200, url
        for attributes, body in SCRIPT_TAG.findall(page.text):
            assert "src=" in attributes and not body.strip(), (url, attributes, body[:80])
        assert not re.search(r"\son[a-z]+=\"", page.text), url  # no inline event handlers either


# Too short for the request schema: 422 validation_error; long enough but weak: 400 weak_password.
WEAK = [
    ("short1", 422, "validation_error"),
    ("correct-horse-1"[:7], 422, "validation_error"),
    ("12345678901", 400, "weak_password"),
    ("aaaaaaaaaaaa", 400, "weak_password"),
    ("newuser-2026x", 400, "weak_password"),
    ("password123", 400, "weak_password"),
]


@pytest.mark.parametrize(("password", "status", "code"), WEAK, ids=[w[0] for w in WEAK])
def test_weak_passwords_are_refused_and_create_nothing(
    client, auth, session, password: str, status: int, code: str
) -> None:
    before = h.count(session, "user")
    body = {"username": "newuser", "password": password, "role": "committee"}
    resp = client.post(f"{h.API}/users", json=body, headers=auth("organiser"))
    h.expect(resp, status, code)
    assert h.count(session, "user") == before
