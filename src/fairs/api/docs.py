"""/api/docs: Swagger UI from the app's own copy (static/vendor), started by a same-origin script.

FastAPI's built-in page loads Swagger UI from cdn.jsdelivr.net and starts it with an inline `<script>`;
the app's Content-Security-Policy (`script-src 'self'`, middleware.CSP) refuses both, so that page was
blank. This page is the same Swagger UI, vendored by `make vendor` (the version is in the file names), with
`static/js/swagger-init.js` reading the OpenAPI URL from the page. The CSP is the one every answer gets:
no CDN, no 'unsafe-inline' for scripts. ReDoc is not served (`redoc_url=None`), nor FastAPI's OAuth2
redirect page: the API's only flow is the password flow, which Swagger UI's Authorize dialog runs with a
same-origin request to the token URL."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from fairs.templating import templates

DOCS_URL = "/api/docs"
SWAGGER_UI_VERSION = "5.36.0"  # the Makefile's SWAGGER_UI_VERSION: `make vendor` fetches these files
VENDOR = f"/static/vendor/swagger-ui-{SWAGGER_UI_VERSION}"
ASSETS = {
    "swagger_js_url": f"{VENDOR}-bundle.js",
    "swagger_css_url": f"{VENDOR}.css",
    "swagger_favicon_url": f"{VENDOR}-favicon-32x32.png",
    "init_js_url": "/static/js/swagger-init.js",
}


def install(app: FastAPI) -> None:
    """Serve the Swagger UI page for `app.openapi_url` at DOCS_URL (create the app with `docs_url=None`)."""
    if not app.openapi_url:
        return
    context = {"title": f"{app.title} API", "openapi_url": app.openapi_url, **ASSETS}

    @app.get(DOCS_URL, include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        """The API's interactive documentation; public, as the OpenAPI document it reads."""
        return templates.TemplateResponse(request, "api_docs.html", context)
