"""Engine and session: SQLite (WAL, foreign keys, busy timeout) or PostgreSQL, chosen by URL."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Callable
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, FromClause, Table, event, exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.session import SessionTransactionState
from sqlmodel import Session, SQLModel, create_engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from fairs.config import get_settings
from fairs.precompiled import Precompiled

logger = logging.getLogger(__name__)
BUSY_TIMEOUT_S = 15.0
# Execution option marking a read-only use of the engine (GET requests, lookups of the current user).
READ_ONLY = "fairs_read_only"
# Execution option marking a read of one statement, which needs no BEGIN: the statement is its own snapshot.
ONE_STATEMENT = "fairs_one_statement"
T = TypeVar("T")
M = TypeVar("M", bound=SQLModel)


class WriterBusy(Exception):
    """SQLite's writer queue is held elsewhere and the event loop must not wait for it."""


def _on_event_loop() -> bool:
    return asyncio._get_running_loop() is not None


_SQLITE_CONFIG_MEMSTATUS = 9
_memstatus = {"checked": False}
_memstatus_lock = threading.Lock()


def _sqlite_without_memstatus() -> bool:
    """Turn off SQLite's memory statistics for this process, if no SQLite connection is open yet.

    With statistics on (the library's default) every allocation inside SQLite takes one global mutex:
    two threads running queries that allocate a lot (DISTINCT over many groups, as the committee's tally
    does side by side) then wait on each other, and each ran a third slower than alone. Off, they run as
    fast as in two processes. Python's sqlite3 module cannot set this, so it is set through the library's
    C API (`sqlite3_config` may only run while the library is shut down, hence shutdown and initialise
    around it), once, and only while SQLite holds no memory at all, i.e. no connection is open. Where
    the library's functions cannot be reached, nothing changes. Returns True when the setting took."""
    with _memstatus_lock:
        if _memstatus["checked"]:
            return False
        _memstatus["checked"] = True
        try:
            import _sqlite3
            import ctypes

            lib = ctypes.CDLL(_sqlite3.__file__)  # resolves to the SQLite library the module uses
            lib.sqlite3_memory_used.restype = ctypes.c_int64
            if lib.sqlite3_memory_used() != 0:
                return False
            lib.sqlite3_shutdown()
            configured = lib.sqlite3_config(_SQLITE_CONFIG_MEMSTATUS, ctypes.c_int(0)) == 0
            if lib.sqlite3_initialize() != 0:
                raise RuntimeError("sqlite3_initialize failed")
            return configured
        except (OSError, AttributeError, ImportError):
            return False


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin(conn: Connection, statement: str) -> None:
    """Run BEGIN on the driver's connection: SQLAlchemy's statement machinery (events, result set-up)
    costs more than the statement, which every write request runs. Errors are wrapped as SQLAlchemy's."""
    dbapi = conn.dialect.loaded_dbapi
    try:
        conn.connection.driver_connection.execute(statement)
    except dbapi.Error as error:
        raise exc.DBAPIError.instance(statement, None, error, dbapi.Error, dialect=conn.dialect) from error


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
        engine.dialect.fairs_writer_queue = self  # found again by `run_unit`
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
        options = conn.get_execution_options()
        if options.get(READ_ONLY):
            # A reader: a deferred transaction sees one snapshot and, in WAL mode, blocks no writer.
            if not options.get(ONE_STATEMENT):
                _begin(conn, "BEGIN")
            return
        raw = conn.connection.dbapi_connection
        if self.lock.acquire(blocking=False):
            self.holder = id(raw)
        elif _on_event_loop():
            # The holder may need the event loop to finish (a session closes there): never wait on it.
            raise WriterBusy()
        # On timeout (e.g. a second transaction on the same thread) fall back to SQLite's own waiting.
        elif self.lock.acquire(timeout=self.timeout):
            self.holder = id(raw)
        try:
            _begin(conn, "BEGIN IMMEDIATE")
        except BaseException:
            self.release(raw)
            raise

    def release(self, dbapi_connection) -> None:  # noqa: ANN001
        raw = getattr(dbapi_connection, "dbapi_connection", dbapi_connection)
        if self.holder is not None and self.holder == id(raw):
            self.holder = None
            self.lock.release()

    def busy(self) -> bool:
        """True while some transaction of this process holds the queue."""
        return self.lock.locked()


class _Checkpointer:
    """Run SQLite's WAL checkpoints on a background thread instead of inside a request's COMMIT.

    By default the COMMIT that takes the WAL past 1,000 pages copies them back into the database file and
    syncs both files: on a busy disk that one request stalls for tens or hundreds of milliseconds while
    holding the write lock (and, for work run on the event loop, every other request waits too). Here the
    server's connections never checkpoint; every `EVERY` commits a daemon thread runs a PASSIVE
    checkpoint, which waits for no reader or writer. Durability is unchanged (synchronous=NORMAL).
    """

    EVERY = 200

    def __init__(self) -> None:
        self.commits = 0
        self.running = threading.Lock()

    def install(self, engine: Engine) -> None:
        event.listen(engine, "connect", lambda dbapi_connection, _record: self.disable_auto(dbapi_connection))
        dialect = engine.dialect
        original = dialect.do_commit

        def do_commit(dbapi_connection) -> None:  # noqa: ANN001
            original(dbapi_connection)
            self.commits += 1
            if self.commits % self.EVERY == 0 and self.running.acquire(blocking=False):
                threading.Thread(target=self.checkpoint, args=(engine,), daemon=True).start()

        dialect.do_commit = do_commit

    @staticmethod
    def disable_auto(dbapi_connection) -> None:  # noqa: ANN001
        dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")

    def checkpoint(self, engine: Engine) -> None:
        try:
            raw = engine.raw_connection()
            try:
                raw.driver_connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
            finally:
                raw.close()
        except Exception:  # noqa: BLE001  (the next one retries; SQLite also checkpoints at the last close)
            logger.warning("WAL checkpoint failed", exc_info=True)
        finally:
            self.running.release()


# A failed statement's message (logged with the traceback of a 500) must not carry the values it was
# given: they can be a person's name or phone number.
HIDE_PARAMETERS = True


def make_engine(url: str, *, immediate: bool = True) -> Engine:
    """An engine for `url`, with the SQLite settings a server needs.

    `immediate=False` leaves SQLite transactions deferred (for read-only tools that must not queue
    behind writers)."""
    if url.startswith("sqlite"):
        _sqlite_without_memstatus()
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
        # Let SQLAlchemy own transactions (pysqlite's own BEGIN handling is disabled).
        event.listen(engine, "connect", _disable_pysqlite_begin)
        event.listen(engine, "connect", _sqlite_pragmas)
        if immediate:
            _WriterQueue(timeout=BUSY_TIMEOUT_S).install(engine)
            _Checkpointer().install(engine)
        return engine
    return create_engine(
        url, pool_pre_ping=True, pool_size=10, max_overflow=20, hide_parameters=HIDE_PARAMETERS
    )


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
