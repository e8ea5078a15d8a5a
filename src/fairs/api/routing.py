"""The one request lifecycle: a route's transaction commits when its endpoint returns, before the answer
is sent; a route body never commits. An endpoint that raises is rolled back (the session closes without
a commit) and its error is answered by the handlers (`api/problems.py`).

Every router of the app is a `Router` (an `APIRouter` whose routes are `UnitRoute`s). The hot units that
run on their own (`db.lifecycle.run_unit`, `deps.ApiUnit`) commit at the end of their unit, in the same
thread that did the work.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from fastapi.routing import APIRoute
from sqlmodel import Session


def _commit_sessions(values: dict[str, Any]) -> None:
    for value in values.values():
        if isinstance(value, Session) and value.in_transaction():
            value.commit()


def _committing(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """`endpoint`, followed by the commit of the request's session(s) it was given."""
    if inspect.iscoroutinefunction(endpoint):

        @functools.wraps(endpoint)
        async def run_async(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
            answer = await endpoint(*args, **kwargs)
            _commit_sessions(kwargs)
            return answer

        return run_async

    @functools.wraps(endpoint)
    def run(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        answer = endpoint(*args, **kwargs)
        _commit_sessions(kwargs)
        return answer

    return run


class UnitRoute(APIRoute):
    """A route whose request transaction commits when the endpoint returns (see the module docstring)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(path, _committing(endpoint), **kwargs)


class Router(APIRouter):
    """`APIRouter` with `UnitRoute` routes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401
        kwargs.setdefault("route_class", UnitRoute)
        super().__init__(*args, **kwargs)
