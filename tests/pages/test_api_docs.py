"""/api/docs: Swagger UI from the app's own vendored copy, under the Content-Security-Policy of every page.

FastAPI's built-in page loaded Swagger UI from cdn.jsdelivr.net and started it with an inline script, both
refused by the CSP (`script-src 'self'`), so the page was blank. Here every file the page names must be
same-origin and served by the app, the CSP must name no other host and allow no inline script, and the
OpenAPI URL that static/js/swagger-init.js reads from the page must answer with the API's paths.
tests/browser/test_api_docs_page.py opens the page in Chromium and sees the operations rendered.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from fastapi.testclient import TestClient

from tests.api import helpers as h

DOCS = "/api/docs"
OPENAPI = f"{h.API}/openapi.json"
ROOT = Path(__file__).parents[2]
STATIC = ROOT / "src" / "fairs" / "static"


class _Page(HTMLParser):
    """The URLs of the page's scripts and links, the bodies of its script tags, its elements' attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []  # (tag, url)
        self.script_bodies: list[str] = []
        self.by_id: dict[str, dict[str, str]] = {}
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if "id" in attributes:
            self.by_id[attributes["id"]] = attributes
        if tag == "script":
            self._in_script = True
            self.script_bodies.append("")
            if "src" in attributes:
                self.urls.append((tag, attributes["src"]))
        elif tag == "link" and "href" in attributes:
            self.urls.append((tag, attributes["href"]))
        if any(name.startswith("on") for name in attributes):
            raise AssertionError(f"inline event handler on <{tag}>: {attributes}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_bodies[-1] += data


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _csp(answer) -> dict[str, list[str]]:  # noqa: ANN001
    policy = answer.headers["content-security-policy"]
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


def test_every_file_the_docs_page_names_is_same_origin_and_served(client: TestClient) -> None:
    page = client.get(DOCS)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    parsed = _parse(page.text)
    scripts = [url for tag, url in parsed.urls if tag == "script"]
    assert len(scripts) == 2, scripts  # Swagger UI (its vendored name carries the version) and its starter
    assert any(re.search(r"/swagger-ui-\d+\.\d+\.\d+-bundle\.js$", url) for url in scripts), scripts
    assert any(re.search(r"/swagger-ui-\d+\.\d+\.\d+\.css$", url) for tag, url in parsed.urls), parsed.urls
    for tag, url in parsed.urls:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc and url.startswith("/"), (tag, url)  # same origin
        answer = client.get(url)
        assert answer.status_code == 200, (tag, url, answer.status_code)
        assert len(answer.content) > 0, url
        kind = answer.headers["content-type"]
        if tag == "script":
            assert "javascript" in kind, (url, kind)
    assert all(not body.strip() for body in parsed.script_bodies), parsed.script_bodies  # no inline script
    assert "cdn." not in page.text and "http://" not in page.text and "https://" not in page.text


def test_the_docs_page_csp_names_no_other_host_and_allows_no_inline_script(client: TestClient) -> None:
    page = client.get(DOCS)
    assert page.status_code == 200
    directives = _csp(page)
    assert directives["script-src"] == ["'self'"], directives  # no 'unsafe-inline', no hash, no nonce, no CDN
    assert directives["default-src"] == ["'self'"], directives
    policy = page.headers["content-security-policy"]
    assert "cdn" not in policy and "http" not in policy and "*" not in policy, policy
    assert page.headers["x-frame-options"] == "DENY" and page.headers["x-content-type-options"] == "nosniff"


def test_the_init_script_reads_the_openapi_url_which_lists_the_api(client: TestClient) -> None:
    parsed = _parse(client.get(DOCS).text)
    init = [url for tag, url in parsed.urls if tag == "script" and url.endswith("/swagger-init.js")]
    assert init == ["/static/js/swagger-init.js"], parsed.urls
    script = client.get(init[0]).text
    assert 'getAttribute("data-openapi-url")' in script and "SwaggerUIBundle(" in script
    assert 'dom_id: "#swagger-ui"' in script
    target = parsed.by_id["swagger-ui"]["data-openapi-url"]
    assert target == OPENAPI
    spec = client.get(target)
    assert spec.status_code == 200 and spec.headers["content-type"].startswith("application/json")
    paths = spec.json()["paths"]
    assert "post" in paths[f"{h.API}/auth/token"] and f"{h.API}/fairs" in paths, sorted(paths)[:5]
    assert DOCS not in paths  # the page itself is not an operation of the API


def test_the_docs_page_is_public_and_not_stored_with_a_token(client: TestClient, auth) -> None:  # noqa: ANN001
    anonymous = client.get(DOCS, follow_redirects=False)
    assert anonymous.status_code == 200 and "no-store" not in anonymous.headers.get("cache-control", "")
    with_token = client.get(DOCS, headers=auth("organiser"), follow_redirects=False)
    assert with_token.status_code == 200 and with_token.headers["cache-control"] == "no-store"
    assert _csp(with_token)["script-src"] == ["'self'"]
    for url in ("/static/js/swagger-init.js", *(u for _, u in _parse(anonymous.text).urls)):
        static = client.get(url, headers=auth("organiser"))
        assert static.status_code == 200 and "no-store" not in static.headers.get("cache-control", ""), url


def test_the_docs_page_with_a_page_session_is_not_stored(browser) -> None:  # noqa: ANN001
    b = browser("committee")
    answer = b.get(DOCS, follow_redirects=False)
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"


def test_the_vendored_swagger_ui_is_the_makefiles_version_with_its_licence() -> None:
    from fairs.api import docs

    makefile = (ROOT / "Makefile").read_text()
    assert f"SWAGGER_UI_VERSION := {docs.SWAGGER_UI_VERSION}\n" in makefile
    vendor = STATIC / "vendor"
    for name in ("swagger_js_url", "swagger_css_url", "swagger_favicon_url"):
        url = docs.ASSETS[name]
        assert (vendor / Path(url).name).stat().st_size > 0, url
        assert url.startswith("/static/vendor/") and docs.SWAGGER_UI_VERSION in url
    assert "Apache License" in (vendor / f"swagger-ui-{docs.SWAGGER_UI_VERSION}.LICENSE").read_text()
    assert (vendor / f"swagger-ui-{docs.SWAGGER_UI_VERSION}.NOTICE").exists()
