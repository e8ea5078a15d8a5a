"""The one request lifecycle: a route's transaction commits when its endpoint returns, before the answer
is sent; a route body never commits. An endpoint that raises is rolled back (the session closes without
a commit) and its error is answered by the handlers (`api/problems.py`).

A page form names how a refusal of it is answered (`on_refusal`: its block again, with what was typed and
the message); the route then rolls the request's work back and answers that instead of an error page, so
a form's route body neither catches nor rolls back (the pages' counterpart of `api/problems.py`).

Every router of the app is a `Router` (an `APIRouter` whose routes are `UnitRoute`s). The hot units that
run on their own (`db.lifecycle.run_unit`, `deps.ApiUnit`) commit at the end of their unit, in the same
thread that did the work.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from fastapi import APIRouter
from fastapi.routing import APIRoute
from sqlmodel import Session

from fairs.errors import DomainError

# How the current request answers a refusal of its form (None: the error handlers answer it).
_ON_REFUSAL: ContextVar[Callable[[DomainError], Any] | None] = ContextVar("on_refusal", default=None)


def on_refusal(answer: Callable[[DomainError], Any]) -> None:
    """From here on, a `DomainError` of this request is answered by `answer(error)`, after a rollback."""
    _ON_REFUSAL.set(answer)


def _sessions(values: dict[str, Any]) -> list[Session]:
    return [value for value in values.values() if isinstance(value, Session)]


def _commit_sessions(values: dict[str, Any]) -> None:
    for session in _sessions(values):
        if session.in_transaction():
            session.commit()


def _answer_refusal(error: DomainError, values: dict[str, Any]) -> Any:  # noqa: ANN401
    answer = _ON_REFUSAL.get()
    if answer is None:
        raise error
    for session in _sessions(values):
        session.rollback()
    return answer(error)


def _committing(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """`endpoint`, followed by the commit of the request's session(s) it was given."""
    if inspect.iscoroutinefunction(endpoint):

        @functools.wraps(endpoint)
        async def run_async(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
            token = _ON_REFUSAL.set(None)
            try:
                answer = await endpoint(*args, **kwargs)
            except DomainError as error:
                answer = _answer_refusal(error, kwargs)
            finally:
                _ON_REFUSAL.reset(token)
            _commit_sessions(kwargs)
            return answer

        return run_async

    @functools.wraps(endpoint)
    def run(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        token = _ON_REFUSAL.set(None)
        try:
            answer = endpoint(*args, **kwargs)
        except DomainError as error:
            answer = _answer_refusal(error, kwargs)
        finally:
            _ON_REFUSAL.reset(token)
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
