"""The one request lifecycle, for every route of the app (each router is a `Router`, each route a
`UnitRoute`):

1. FastAPI resolves the dependencies: the request's session(s) (`deps.SessionDep`…), the caller. A bearer
   caller comes as a `Deferred`: its token is checked up front (401 without a valid one), its account is
   read here, as the first statement of the route's own transaction (`settle`).
2. The endpoint runs. Its body never commits, rolls back or catches a refusal.
3. When it returns, its session(s) commit, in the thread that did the work, before the answer is sent.
   When it raises, nothing commits: a `DomainError` is answered by the handlers (`api/problems.py`), or,
   for a page form that named its answer (`on_refusal`: its block again, with what was typed and the
   message), the request's work is rolled back and that answer is sent instead.

Where the unit runs: FastAPI's thread pool, as for any plain `def` endpoint; a route marked `short_unit`
(short, CPU-light work on the hot path: issue, redeem, pads) runs where `db.lifecycle.run_unit` places it
instead: on SQLite's event loop while the writer is free, on PostgreSQL in one of a few threads.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from fastapi import APIRouter
from fastapi.routing import APIRoute
from sqlmodel import Session

from fairs import i18n
from fairs.db.lifecycle import run_unit
from fairs.errors import DomainError
from fairs.models import User

F = TypeVar("F", bound=Callable[..., Any])

# How the current request answers a refusal of its form (None: the error handlers answer it).
_ON_REFUSAL: ContextVar[Callable[[DomainError], Any] | None] = ContextVar("on_refusal", default=None)


def on_refusal(answer: Callable[[DomainError], Any]) -> None:
    """From here on, a `DomainError` of this request is answered by `answer(error)`, after a rollback."""
    _ON_REFUSAL.set(answer)


class Deferred:
    """A dependency's value that is settled inside the route's unit, on its session (None: the route has
    none), e.g. the account behind a bearer token. Raising `DomainError` refuses the request."""

    def settle(self, session: Session | None) -> Any:  # noqa: ANN401
        raise NotImplementedError


def short_unit(endpoint: F) -> F:
    """Mark a route's work as short and CPU-light: the lifecycle places it with `db.lifecycle.run_unit`
    (on SQLite's event loop while the writer is free) rather than in FastAPI's thread pool."""
    endpoint.fairs_short_unit = True  # type: ignore[attr-defined]
    return endpoint


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


def _settled(kwargs: dict[str, Any]) -> dict[str, Any]:
    deferred = [name for name, value in kwargs.items() if isinstance(value, Deferred)]
    if deferred:
        sessions = _sessions(kwargs)
        for name in deferred:
            kwargs[name] = kwargs[name].settle(sessions[0] if sessions else None)
    return kwargs


def _reader_language(kwargs: dict[str, Any]) -> str | None:
    """The caller's stored language, unless the request named one (set here, in the unit's own context:
    what a dependency sets does not reach the endpoint)."""
    users = [value for value in kwargs.values() if isinstance(value, User)]
    return i18n.preferred_locale(users[0].locale) if users else None


def _answering(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """`endpoint` with its deferred values settled first and its refusal answered (no commit)."""

    def call(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        token = _ON_REFUSAL.set(None)
        language = None
        try:
            settled = _settled(kwargs)
            if preferred := _reader_language(settled):
                language = i18n.current_locale.set(preferred)
            return endpoint(*args, **settled)
        except DomainError as error:
            return _answer_refusal(error, kwargs)
        finally:
            if language is not None:
                i18n.current_locale.reset(language)
            _ON_REFUSAL.reset(token)

    return call


def _unit(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """`endpoint` as the request's unit: settled, answered, committed (see the module docstring)."""
    if inspect.iscoroutinefunction(endpoint):
        raise TypeError(f"{endpoint.__qualname__}: a route body is a plain def (the lifecycle places it)")
    call = _answering(endpoint)
    if getattr(endpoint, "fairs_short_unit", False):

        @functools.wraps(endpoint)
        async def run_placed(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
            (session,) = _sessions(kwargs)  # a short unit has one session: run_unit commits it
            return await run_unit(session, functools.partial(call, *args, **kwargs))

        return run_placed

    @functools.wraps(endpoint)
    def run(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        answer = call(*args, **kwargs)
        _commit_sessions(kwargs)
        return answer

    return run


class UnitRoute(APIRoute):
    """A route run as the request's unit (see the module docstring)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(path, _unit(endpoint), **kwargs)


class Router(APIRouter):
    """`APIRouter` with `UnitRoute` routes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401
        kwargs.setdefault("route_class", UnitRoute)
        super().__init__(*args, **kwargs)
