"""Engine and session: SQLite (WAL, foreign keys, busy timeout) or PostgreSQL, chosen by URL."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from functools import lru_cache

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine
from starlette.requests import Request

from fairs.config import get_settings

BUSY_TIMEOUT_S = 15.0
# Execution option marking a read-only use of the engine (GET requests, lookups of the current user).
READ_ONLY = "fairs_read_only"


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class _WriterQueue:
    """Queue this process's SQLite transactions on a lock before `BEGIN IMMEDIATE`.

    Taking the write lock at BEGIN means two writers never deadlock on a lock upgrade. Waiting for it in
    SQLite's busy handler works across processes but sleeps in growing steps (up to 100 ms), which gives
    long, unfair tails under load; inside one process a lock hands over at once. The lock is released
    after the COMMIT or ROLLBACK has run (the dialect's own methods are wrapped), so the next transaction
    never meets SQLite's lock. Other processes still meet the busy timeout. A plain lock, not an RLock:
    a request may begin its transaction in one worker thread and commit it in another.
    """

    def __init__(self, timeout: float) -> None:
        self.lock = threading.Lock()
        self.timeout = timeout
        self.holder: int | None = None

    def install(self, engine: Engine) -> None:
        event.listen(engine, "begin", self.begin)
        # A connection thrown away mid-transaction never reaches COMMIT/ROLLBACK: release there too.
        event.listen(engine.pool, "invalidate", lambda dbapi_connection, *_: self.release(dbapi_connection))
        event.listen(engine.pool, "close", lambda dbapi_connection, *_: self.release(dbapi_connection))
        dialect = engine.dialect
        for name in ("do_commit", "do_rollback"):
            original = getattr(dialect, name)

            def finish(dbapi_connection, _original=original) -> None:  # noqa: ANN001
                try:
                    _original(dbapi_connection)
                finally:
                    self.release(dbapi_connection)

            setattr(dialect, name, finish)

    def begin(self, conn) -> None:  # noqa: ANN001
        if conn.get_execution_options().get(READ_ONLY):
            # A reader: a deferred transaction sees one snapshot and, in WAL mode, blocks no writer.
            conn.exec_driver_sql("BEGIN")
            return
        raw = conn.connection.dbapi_connection
        # On timeout (e.g. a second transaction on the same thread) fall back to SQLite's own waiting.
        if self.lock.acquire(timeout=self.timeout):
            self.holder = id(raw)
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            self.release(raw)
            raise

    def release(self, dbapi_connection) -> None:  # noqa: ANN001
        raw = getattr(dbapi_connection, "dbapi_connection", dbapi_connection)
        if self.holder is not None and self.holder == id(raw):
            self.holder = None
            self.lock.release()


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
        )
        # Let SQLAlchemy own transactions (pysqlite's own BEGIN handling is disabled).
        event.listen(engine, "connect", _disable_pysqlite_begin)
        event.listen(engine, "connect", _sqlite_pragmas)
        if immediate:
            _WriterQueue(timeout=BUSY_TIMEOUT_S).install(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _disable_pysqlite_begin(dbapi_connection, _record) -> None:  # noqa: ANN001
    dbapi_connection.isolation_level = None


@lru_cache
def get_engine() -> Engine:
    """The process-wide engine for the configured database."""
    return make_engine(get_settings().database_url)


@lru_cache
def get_read_engine() -> Engine:
    """The same engine for read-only work: on SQLite its transactions are deferred and take no write lock."""
    return get_engine().execution_options(**{READ_ONLY: True})


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One session per request: read-only for GET and HEAD, a write transaction otherwise.

    Routes commit explicitly; anything uncommitted is rolled back when the session closes. Async so
    that closing never waits for a free worker thread (a thread pool full of requests queued behind
    SQLite's writer would otherwise never get the lock holder's session closed)."""
    bind = get_read_engine() if request.method in ("GET", "HEAD") else get_engine()
    with Session(bind, expire_on_commit=False) as session:
        yield session


async def get_write_session() -> AsyncIterator[Session]:
    """A write session whatever the method: for GET routes that write (e.g. audit of a personal view)."""
    with Session(get_engine(), expire_on_commit=False) as session:
        yield session
