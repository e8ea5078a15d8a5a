"""Engines: SQLite (set up by fairs.db.sqlite) or PostgreSQL, chosen by URL, and their read-only uses."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy.engine import Connection, Engine
from sqlmodel import create_engine

from fairs.config import get_settings
from fairs.db import errors
from fairs.db import sqlite as sqlite_engine
from fairs.db.sqlite import BUSY_TIMEOUT_S, ONE_STATEMENT, READ_ONLY

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
    engine = create_engine(
        url, pool_pre_ping=True, pool_size=10, max_overflow=20, hide_parameters=HIDE_PARAMETERS
    )
    errors.install(engine)  # PostgreSQL's detail lines repeat a failing row's values
    return engine


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
