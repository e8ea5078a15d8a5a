"""Errors as application/problem+json for the API, as a readable page (or fragment) elsewhere."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from fairs.api.deps import LoginRequired, PasswordChangeRequired, is_htmx
from fairs.api.redirects import see_other
from fairs.errors import DomainError
from fairs.i18n import _

PROBLEM = "application/problem+json"
# Every answer of the JSON API other than success may be one of these problems (RFC 9457).
PROBLEM_STATUSES = {
    "400": "Bad request: a business rule refused the input (e.g. a mistyped code)",
    "401": "Not authenticated",
    "403": "Forbidden",
    "404": "Not found",
    "409": "Conflict with the current state (e.g. already redeemed)",
    "410": "Gone: expired or cancelled",
    "413": "Request body too large",
    "422": "The request does not match this schema",
    "429": "Too many attempts",
}
PROBLEM_SCHEMA = {
    "title": "Problem",
    "type": "object",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string", "description": "machine-readable reason"},
    },
    "additionalProperties": True,
}


def problem(status: int, code: str, title: str, detail: str, **extra: Any) -> JSONResponse:
    """An RFC 9457 problem document."""
    body = {"type": f"about:blank#{code}", "title": title, "status": status, "detail": detail, "code": code}
    body.update({k: v for k, v in extra.items() if v is not None})
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if status == 429 and extra.get("retry_after"):
        headers["Retry-After"] = str(extra["retry_after"])
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def refusal(error: DomainError) -> JSONResponse:
    """A domain refusal as a problem document (for routes that answer it instead of raising it, so the
    request's transaction, which recorded the refusal, still commits)."""
    return problem(error.status, error.code, error.code.replace("_", " "), error.message, **error.extra)


def wants_json(request: Request) -> bool:
    """API paths (and clients that ask for JSON) get problem+json."""
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def page_error(request: Request, status: int, message: str) -> Response:
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


# JSON Schema's "time" is RFC 3339's full-time, with an offset; our times are a fair's local wall clock.
WALL_CLOCK_TIME = {
    "type": "string",
    "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
}


def _wall_clock_times(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("format") == "time" and node.get("type") == "string":
            del node["format"]
            node.update(WALL_CLOCK_TIME)
        for value in node.values():
            _wall_clock_times(value)
    elif isinstance(node, list):
        for value in node:
            _wall_clock_times(value)


def document_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare, on every operation of the schema (the JSON API and the exports; pages are not in it), the
    problem+json answers the handlers below can give."""
    _wall_clock_times(schema.get("components", {}))
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    reference = {"$ref": "#/components/schemas/Problem"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in PROBLEM_STATUSES.items():
                # FastAPI's own 422 says application/json; ours is a problem document.
                responses[status] = {"description": description, "content": {PROBLEM: {"schema": reference}}}
    return schema


def _install_openapi(app: FastAPI) -> None:
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_problems(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def install(app: FastAPI) -> None:
    """Register the handlers on `app` and declare their answers in the OpenAPI schema."""
    _install_openapi(app)

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        if wants_json(request):
            return refusal(exc)
        return page_error(request, exc.status, exc.message)

    @app.exception_handler(PasswordChangeRequired)
    async def password_change_required(request: Request, exc: PasswordChangeRequired) -> Response:
        if wants_json(request):
            return refusal(exc)
        return see_other(request, "/account/password")  # the form says why

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
        return page_error(
            request,
            422,
            _("The form is not valid: %(fields)s.")
            % {"fields": ", ".join(str(e["loc"][-1]) for e in errors if e["loc"])},
        )

    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def out_of_range(request: Request, _exc: Exception) -> Response:
        # A number or text the database column cannot hold (an id beyond 64 bits, a string beyond the
        # column's length): the request's fault, and the request's transaction is already rolled back.
        message = _("A value in the request is out of range.")
        if wants_json(request):
            return problem(422, "out_of_range", "out of range", message)
        return page_error(request, 422, message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(
            exc.status_code, "http_error"
        )
        detail = str(exc.detail) if exc.status_code != 404 else _("Not found.")
        if wants_json(request):
            return problem(exc.status_code, code, code.replace("_", " "), detail)
        return page_error(request, exc.status_code, detail)

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
        return see_other(request, location)
