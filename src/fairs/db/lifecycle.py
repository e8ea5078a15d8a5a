"""The request lifecycle: one session per request, its unit of work run and rolled back on error."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from anyio import CapacityLimiter, to_thread
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from fairs.config import get_settings
from fairs.db.engine import get_engine, get_read_engine
from fairs.db.sqlite import WriterBusy

T = TypeVar("T")


class RequestSession(Session):
    """The session of one request (expire_on_commit off: answers are built from objects after COMMIT)."""

    def __init__(self, bind: Any) -> None:  # noqa: ANN401
        super().__init__(bind, expire_on_commit=False)


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One session per request: read-only for GET and HEAD, a write transaction otherwise.

    Routes commit explicitly; anything uncommitted is rolled back when the session closes. Async so
    that closing never waits for a free worker thread (a thread pool full of requests queued behind
    SQLite's writer would otherwise never get the lock holder's session closed)."""
    bind = get_read_engine() if request.method in ("GET", "HEAD") else get_engine()
    with RequestSession(bind) as session:
        yield session


async def get_write_session() -> AsyncIterator[Session]:
    """A write session whatever the method: for GET routes that write (e.g. audit of a personal view)."""
    with RequestSession(get_engine()) as session:
        yield session


async def run_unit(session: Session, work: Callable[[], T]) -> T:
    """Run a request's database work and commit it (in the same thread), returning what `work` returned.

    On SQLite the work runs on the event loop: it is local, short and CPU-bound, and writers take turns
    anyway, so a hop to a worker thread (and back) costs more than the work itself. It goes to the thread
    pool instead when the writer queue is held elsewhere (the holder may need the loop to finish), and
    always on PostgreSQL, whose round trips must not stall the loop: there, at most `db_threads` units run
    at once (`_unit_threads`). A failed unit is rolled back at once, so SQLite's writer queue is free before
    the error answer is sent.
    """
    queue = getattr(session.get_bind().dialect, "fairs_writer_queue", None)
    if queue is not None and not queue.busy():
        try:
            return _rollback_on_error(session, work)
        except WriterBusy:
            pass  # taken by a worker thread since the check: nothing was done, queue there instead
        return await run_in_threadpool(_rollback_on_error, session, work)
    return await to_thread.run_sync(_rollback_on_error, session, work, limiter=_unit_threads())


def _rollback_on_error(session: Session, work: Callable[[], T]) -> T:
    try:
        result = work()
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return result


async def run_read(work: Callable[..., T], *args: Any) -> T:
    """Run a short read (`work(*args)`) inline on SQLite, where a thread hop costs more; else in a thread."""
    if get_engine().dialect.name == "sqlite":
        return work(*args)
    return await to_thread.run_sync(work, *args, limiter=_unit_threads())


# One limiter per event loop (a test client runs one loop per client).
_LIMITERS: WeakKeyDictionary[asyncio.AbstractEventLoop, CapacityLimiter] = WeakKeyDictionary()


def _unit_threads() -> CapacityLimiter:
    """How many hot units may run at once in worker threads (PostgreSQL).

    32 requests in 32 threads each holding a connection made every request wait for the interpreter lock
    between its round trips: the process did less work in all, with long tails. A few threads keep the
    database busy and the lock uncontended (figures in docs/performance.md)."""
    loop = asyncio.get_running_loop()
    limiter = _LIMITERS.get(loop)
    if limiter is None:
        limiter = _LIMITERS[loop] = CapacityLimiter(get_settings().db_threads)
    return limiter
