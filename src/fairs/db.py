"""Engine and session: SQLite (set up by fairs.sqlite_engine) or PostgreSQL, chosen by URL; units of work."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, FromClause, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.session import SessionTransactionState
from sqlmodel import Session, SQLModel, create_engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from fairs import sqlite_engine
from fairs.config import get_settings
from fairs.precompiled import Precompiled
from fairs.sqlite_engine import BUSY_TIMEOUT_S, ONE_STATEMENT, READ_ONLY, WriterBusy

T = TypeVar("T")
M = TypeVar("M", bound=SQLModel)


# A failed statement's message (logged with the traceback of a 500) must not carry the values it was
# given: they can be a person's name or phone number.
HIDE_PARAMETERS = True


def make_engine(url: str, *, immediate: bool = True) -> Engine:
    """An engine for `url`, with the SQLite settings a server needs.

    `immediate=False` leaves SQLite transactions deferred (for read-only tools that must not queue
    behind writers)."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_S},
            pool_size=20,
            max_overflow=30,
            # Hand out the connection used last: its page cache is still valid (a connection drops its cache
            # whenever another one has written), so the hot B-tree pages need not be read again.
            pool_use_lifo=True,
            hide_parameters=HIDE_PARAMETERS,
        )
        sqlite_engine.configure(engine, immediate=immediate)
        return engine
    return create_engine(
        url, pool_pre_ping=True, pool_size=10, max_overflow=20, hide_parameters=HIDE_PARAMETERS
    )


@lru_cache
def get_engine() -> Engine:
    """The process-wide engine for the configured database."""
    return make_engine(get_settings().database_url)


@lru_cache
def get_read_engine() -> Engine:
    """The same engine for read-only work: on SQLite its transactions are deferred and take no write lock."""
    return get_engine().execution_options(**{READ_ONLY: True})


def lookup_connection() -> Connection:
    """A read-only connection for a one-statement read (e.g. the current user, on every request)."""
    return get_read_engine().connect().execution_options(**{ONE_STATEMENT: True})


class RequestSession(Session):
    """The session of one request: `connection()` returns the transaction's connection directly.

    A request's services ask for the connection once per statement (five times for a redemption); each
    ask walks SQLAlchemy's transaction state checks and costs more than some of the statements. Once the
    transaction holds its connection, the same connection is handed back with the same checks the full
    path makes first (no closed `with session.begin()` block, the transaction active); anything else
    (a first statement, bind arguments, execution options, a nested transaction) takes the full path."""

    def connection(self, bind_arguments=None, execution_options=None) -> Connection:  # noqa: ANN001
        trans = self._transaction
        if (
            trans is not None
            and not bind_arguments
            and not execution_options
            and self._trans_context_manager is None
            and trans._parent is None
            and trans._state is SessionTransactionState.ACTIVE
        ):
            held = trans._connections.get(self.bind)
            if held is not None:
                return held[0]
        return super().connection(bind_arguments, execution_options)


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One session per request: read-only for GET and HEAD, a write transaction otherwise.

    Routes commit explicitly; anything uncommitted is rolled back when the session closes. Async so
    that closing never waits for a free worker thread (a thread pool full of requests queued behind
    SQLite's writer would otherwise never get the lock holder's session closed)."""
    bind = get_read_engine() if request.method in ("GET", "HEAD") else get_engine()
    with RequestSession(bind, expire_on_commit=False) as session:
        yield session


async def get_write_session() -> AsyncIterator[Session]:
    """A write session whatever the method: for GET routes that write (e.g. audit of a personal view)."""
    with RequestSession(get_engine(), expire_on_commit=False) as session:
        yield session


async def run_unit(session: Session, work: Callable[[], T]) -> T:
    """Run a request's database work (`work` commits once, as its last database step) and return its result.

    On SQLite the work runs on the event loop: it is local, short and CPU-bound, and writers take turns
    anyway, so a hop to a worker thread (and back) costs more than the work itself. It goes to the thread
    pool instead when the writer queue is held elsewhere (the holder may need the loop to finish), and
    always on PostgreSQL, whose round trips must not stall the loop. A failed unit is rolled back at once,
    so SQLite's writer queue is free before the error answer is sent.
    """
    queue = getattr(session.get_bind().dialect, "fairs_writer_queue", None)
    if queue is not None and not queue.busy():
        try:
            return _rollback_on_error(session, work)
        except WriterBusy:
            pass  # taken by a worker thread since the check: nothing was done, queue there instead
    return await run_in_threadpool(_rollback_on_error, session, work)


def _rollback_on_error(session: Session, work: Callable[[], T]) -> T:
    try:
        return work()
    except BaseException:
        session.rollback()
        raise


async def run_read(work: Callable[..., T], *args: Any) -> T:
    """Run a short read (`work(*args)`) inline on SQLite, where a thread hop costs more; else in a thread."""
    if get_engine().dialect.name == "sqlite":
        return work(*args)
    return await run_in_threadpool(work, *args)


def detached(model: type[M], values: dict[str, Any]) -> M:
    """A `model` instance from all its column values, as `session.get()` leaves it once the session closes.

    For hot paths that read with Core statements: no ORM loading and no identity map, yet the same kind of
    object (detached, with its identity) that the rest of the code knows. Models with an `id` key only."""
    obj = model._sa_class_manager.new_instance()
    obj.__dict__.update(values)
    obj._sa_instance_state.key = (model, (values["id"],), None)
    return obj


def set_loaded(obj: SQLModel, values: dict[str, Any]) -> None:
    """Put freshly read or written column values on `obj` as loaded (not as changes to flush)."""
    for key, value in values.items():
        set_committed_value(obj, key, value)


class WideSelect:
    """Several tables' columns side by side in one SELECT, and each table's values cut back out of a row."""

    def __init__(self, **parts: FromClause | list[ColumnElement]) -> None:
        self.columns: list[ColumnElement] = []
        self.spans: dict[str, tuple[int, int, tuple[str, ...]]] = {}
        for name, part in parts.items():
            columns = list(part.c) if isinstance(part, FromClause) else list(part)
            start = len(self.columns)
            self.columns += columns
            self.spans[name] = (start, len(self.columns), tuple(c.key for c in columns))

    def part(self, row: Row, name: str) -> dict[str, Any]:
        """The values of part `name` in `row`, by column name."""
        start, end, keys = self.spans[name]
        return dict(zip(keys, row[start:end], strict=True))


def insert_unless_taken(session: Session, table: Table, unique: tuple[str, ...]) -> Precompiled:
    """`INSERT … ON CONFLICT (unique) DO NOTHING RETURNING id` in the session's dialect: no row back means
    the unique key was taken (by another request, maybe at this very moment), with no savepoint needed."""
    return _insert_unless_taken(session.get_bind().dialect.name, table, unique)


@lru_cache
def _insert_unless_taken(dialect: str, table: Table, unique: tuple[str, ...]) -> Precompiled:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table).on_conflict_do_nothing(index_elements=list(unique)).returning(table.c.id)
    return Precompiled(statement)
