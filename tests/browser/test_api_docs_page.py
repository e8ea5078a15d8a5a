"""/api/docs in Chromium: Swagger UI renders the API's operations from the vendored files under the CSP.

The old page (FastAPI's, from cdn.jsdelivr.net with an inline starter) stayed blank: the CSP refused both.
Every request the page makes must go to the app itself, and the console must report no CSP violation.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from tests.browser.helpers import desktop_page


def test_swagger_ui_renders_the_operations_with_no_csp_violation(live_server, browser) -> None:  # noqa: ANN001
    page = desktop_page(browser)
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    answer = page.goto(f"{live_server.url}/api/docs")
    assert answer is not None and answer.status == 200
    page.locator(".opblock").first.wait_for(timeout=15_000)

    token = page.locator(".opblock-post", has_text="/api/v1/auth/token")
    assert token.count() >= 1 and token.first.is_visible()
    spec = httpx.get(f"{live_server.url}/api/v1/openapi.json").json()
    operations = sum(len(methods) for methods in spec["paths"].values())
    assert operations > 40 and page.locator(".opblock").count() == operations  # every operation of the API
    assert page.locator(".swagger-ui .info .title").first.inner_text().startswith("fairs")

    violations = [line for line in console if "Content Security Policy" in line or "Refused to" in line]
    assert violations == [], violations
    assert [line for line in console if line.startswith(("error", "pageerror"))] == [], console
    origin = urlsplit(live_server.url).netloc
    web = [urlsplit(url) for url in requested if urlsplit(url).scheme in ("http", "https")]
    foreign = [parts.geturl() for parts in web if parts.netloc != origin]
    assert foreign == [], foreign
    assert f"{live_server.url}/api/v1/openapi.json" in requested
