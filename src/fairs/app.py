"""The FastAPI application: JSON API under /api/v1, HTMX pages, static files."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from fairs import __version__, logs
from fairs.api import (
    auth,
    booths,
    categories,
    checks,
    clients,
    coupons,
    curation,
    directions,
    docs,
    expected,
    exports,
    fairs,
    followup,
    geo,
    handovers,
    inbox,
    organisations,
    pads,
    pages,
    peers,
    problems,
    reasons,
    reports,
    users,
)
from fairs.config import get_settings
from fairs.exports import worker as export_worker
from fairs.middleware import SESSION_COOKIE, BodyLimit, LocaleAndHeaders, SessionLifetime
from fairs.security import secret_key

STATIC_DIR = Path(__file__).parent / "static"
# Matched in this order: the requests a fair day sends most (issue at a booth, look up and redeem a
# coupon) first, so they are found before the other routers are tried.
API_ROUTERS = (
    booths,
    coupons,
    auth,
    directions,
    organisations,
    fairs,
    clients,
    categories,
    reasons,
    pads,
    inbox,
    followup,
    users,
    geo,
    reports,
    exports,
    expected,
    curation,
    peers,
    checks,
    handovers,
)


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    """On shutdown the export worker finishes its file and stops: no thread outlives the app."""
    yield
    export_worker.stop()


def create_app() -> FastAPI:
    """Build the application from the current settings."""
    logs.install()
    settings = get_settings()
    app = FastAPI(
        title="fairs",
        version=__version__,
        summary="Referral-scheme service fairs: coupons with QR codes, redemption, committee tallies.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # api/docs.py serves /api/docs from the vendored Swagger UI
        redoc_url=None,
        lifespan=lifespan,
    )
    for module in API_ROUTERS:
        app.include_router(module.router)
    for router in pages.ROUTERS:
        app.include_router(router)
    problems.install(app)
    docs.install(app)

    @app.get("/healthz", tags=["meta"], include_in_schema=False)
    def healthz() -> dict[str, str]:
        """Liveness: answers without touching the database."""
        return {"status": "ok"}

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # Innermost: the 413 page is rendered with the session and the locale already in place.
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SessionLifetime, max_age=settings.session_max_age_seconds)
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key(),
        session_cookie=SESSION_COOKIE,
        max_age=settings.session_max_age_seconds,
        same_site="lax",
        https_only=settings.base_url.startswith("https://"),
    )
    app.add_middleware(LocaleAndHeaders, default_locale=settings.default_locale)
    return app
