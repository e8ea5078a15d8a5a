"""Errors as application/problem+json for the API, as a readable page (or fragment) elsewhere."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from fairs.api.deps import LoginRequired, is_htmx
from fairs.errors import DomainError
from fairs.i18n import _

PROBLEM = "application/problem+json"


def problem(status: int, code: str, title: str, detail: str, **extra: Any) -> JSONResponse:
    """An RFC 9457 problem document."""
    body = {"type": f"about:blank#{code}", "title": title, "status": status, "detail": detail, "code": code}
    body.update({k: v for k, v in extra.items() if v is not None})
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if status == 429 and extra.get("retry_after"):
        headers["Retry-After"] = str(extra["retry_after"])
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def wants_json(request: Request) -> bool:
    """API paths (and clients that ask for JSON) get problem+json."""
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def _page_error(request: Request, status: int, message: str) -> Response:
    from fairs.templating import templates

    context = {
        "request": request,
        "status": status,
        "message": message,
        "user": getattr(request.state, "user", None),
    }
    if is_htmx(request):
        return templates.TemplateResponse(
            request,
            "error.html",
            context,
            status_code=status,
            block_name="content",
        )
    return templates.TemplateResponse(request, "error.html", context, status_code=status)


def install(app: FastAPI) -> None:
    """Register the handlers on `app`."""

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        if wants_json(request):
            return problem(exc.status, exc.code, exc.code.replace("_", " "), exc.message, **exc.extra)
        return _page_error(request, exc.status, exc.message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        if wants_json(request):
            return problem(
                422, "validation_error", "validation error", _("The request is not valid."), errors=errors
            )
        return _page_error(
            request,
            422,
            _("The form is not valid: %(fields)s.")
            % {"fields": ", ".join(str(e["loc"][-1]) for e in errors if e["loc"])},
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(
            exc.status_code, "http_error"
        )
        detail = str(exc.detail) if exc.status_code != 404 else _("Not found.")
        if wants_json(request):
            return problem(exc.status_code, code, code.replace("_", " "), detail)
        return _page_error(request, exc.status_code, detail)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired) -> Response:
        if request.method in ("GET", "HEAD"):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        else:  # a POST-only path would answer 405 after logging in: go back to the page the form was on
            referer = urlsplit(request.headers.get("referer", ""))
            target = (
                referer.path if referer.path.startswith("/") and not referer.path.startswith("//") else "/"
            )
        location = f"/login?next={quote(target, safe='')}"
        if is_htmx(request):
            return Response(status_code=204, headers={"HX-Redirect": location})
        return RedirectResponse(location, status_code=303)
