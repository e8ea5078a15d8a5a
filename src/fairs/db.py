"""Engine and session: SQLite (WAL, foreign keys, busy timeout) or PostgreSQL, chosen by URL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import lru_cache

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from fairs.config import get_settings

BUSY_TIMEOUT_S = 15.0


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
    long, unfair tails under load; inside one process a lock hands over at once. Other processes still
    meet the busy timeout. A plain lock (not an RLock): a request may begin its transaction in one worker
    thread and commit it in another.
    """

    def __init__(self, timeout: float) -> None:
        self.lock = threading.Lock()
        self.timeout = timeout

    def begin(self, conn) -> None:  # noqa: ANN001
        # On timeout (e.g. a second transaction on the same thread) fall back to SQLite's own waiting.
        conn.info["fairs_queued"] = self.lock.acquire(timeout=self.timeout)
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            self.end(conn)
            raise

    def end(self, conn) -> None:  # noqa: ANN001
        if conn.info.pop("fairs_queued", False):
            self.lock.release()


def make_engine(url: str, *, immediate: bool = True) -> Engine:
    """An engine for `url`, with the SQLite settings a server needs.

    `immediate=False` leaves SQLite transactions deferred (for read-only tools that must not queue
    behind writers)."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_S},
            pool_size=8,
            max_overflow=16,
        )
        # Let SQLAlchemy own transactions (pysqlite's own BEGIN handling is disabled).
        event.listen(engine, "connect", _disable_pysqlite_begin)
        event.listen(engine, "connect", _sqlite_pragmas)
        if immediate:
            queue = _WriterQueue(timeout=BUSY_TIMEOUT_S)
            event.listen(engine, "begin", queue.begin)
            event.listen(engine, "commit", queue.end)
            event.listen(engine, "rollback", queue.end)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _disable_pysqlite_begin(dbapi_connection, _record) -> None:  # noqa: ANN001
    dbapi_connection.isolation_level = None


@lru_cache
def get_engine() -> Engine:
    """The process-wide engine for the configured database."""
    return make_engine(get_settings().database_url)


def get_session() -> Iterator[Session]:
    """One session per request; routes commit explicitly, anything uncommitted is rolled back."""
    with Session(get_engine(), expire_on_commit=False) as session:
        yield session
