"""Engine and session: SQLite (WAL, foreign keys, busy timeout) or PostgreSQL, chosen by URL."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from fairs.config import get_settings


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin_immediate(conn) -> None:  # noqa: ANN001
    # Take the write lock at BEGIN so two writers never deadlock on a lock upgrade;
    # busy_timeout then queues them instead of failing.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, *, immediate: bool = True) -> Engine:
    """An engine for `url`, with the SQLite settings a server needs.

    `immediate=False` leaves SQLite transactions deferred (for read-only tools that must not queue
    behind writers)."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 15},
            pool_size=8,
            max_overflow=16,
        )
        # Let SQLAlchemy own transactions (pysqlite's own BEGIN handling is disabled).
        event.listen(engine, "connect", _disable_pysqlite_begin)
        event.listen(engine, "connect", _sqlite_pragmas)
        if immediate:
            event.listen(engine, "begin", _sqlite_begin_immediate)
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
