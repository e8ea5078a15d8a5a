"""The one request lifecycle (api/routing.py): every route of the app runs through it."""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute, iter_route_contexts

from fairs.api.routing import Router, UnitRoute
from fairs.app import create_app

# The API's documentation (the OpenAPI document, api/docs.py's Swagger UI page) and the liveness probe.
OUTSIDE = {"/api/v1/openapi.json", "/api/docs", "/healthz"}


def test_every_route_is_a_unit_route_with_a_plain_body():
    routes = [
        r.original_route
        for r in iter_route_contexts(create_app().routes)
        if isinstance(r.original_route, APIRoute) and r.path not in OUTSIDE
    ]
    assert len(routes) > 100
    assert [r.path for r in routes if not isinstance(r, UnitRoute)] == []


def test_a_route_body_that_is_a_coroutine_is_refused_when_the_app_is_built():
    router = Router()

    async def body() -> None:
        return None

    with pytest.raises(TypeError, match="plain def"):
        router.add_api_route("/x", body)
