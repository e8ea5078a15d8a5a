"""SQLite as a server's database: pragmas, writers queued in the process, checkpoints off the request path.

`configure` installs all of it on a new engine (fairs.db.make_engine calls it for SQLite URLs, before
the engine has connected), and turns SQLite's memory statistics off while the process has no connection.
"""

from __future__ import annotations

import asyncio
import logging
import threading

from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine

from fairs.db.files import private_sqlite_file

logger = logging.getLogger(__name__)
BUSY_TIMEOUT_S = 15.0
# Execution option marking a read-only use of the engine (GET requests, lookups of the current user).
READ_ONLY = "fairs_read_only"
# Execution option marking a read of one statement, which needs no BEGIN: the statement is its own snapshot.
ONE_STATEMENT = "fairs_one_statement"


def configure(engine: Engine, *, immediate: bool) -> None:
    """Pragmas on every connection; with `immediate`, writers queued and checkpoints in the background.

    Called before `engine` first connects: the first engine of the process also turns SQLite's memory
    statistics off (`_sqlite_without_memstatus`). The database file is created 0600 (or made so) first:
    SQLite would create it 0644, and gives its WAL and shared-memory files the database's mode."""
    private_sqlite_file(engine.url.database)
    _sqlite_without_memstatus()
    # Let SQLAlchemy own transactions (pysqlite's own BEGIN handling is disabled).
    event.listen(engine, "connect", _disable_pysqlite_begin)
    event.listen(engine, "connect", _sqlite_pragmas)
    if immediate:
        _WriterQueue(timeout=BUSY_TIMEOUT_S).install(engine)
        _Checkpointer().install(engine)


class WriterBusy(Exception):
    """SQLite's writer queue is held elsewhere and the event loop must not wait for it."""


def _on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


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
    around it), once, and only while SQLite holds no memory at all, i.e. no connection is open. That is
    read from the statistics themselves, so first a connection of our own must show in them: where they
    are already off (a library built so), nothing can tell whether connections are open, and nothing is
    done. Where the library's functions cannot be reached, nothing changes either. Returns True when the
    setting took."""
    with _memstatus_lock:
        if _memstatus["checked"]:
            return False
        _memstatus["checked"] = True
        try:
            import _sqlite3
            import ctypes
            import sqlite3

            lib = ctypes.CDLL(_sqlite3.__file__)  # resolves to the SQLite library the module uses
            lib.sqlite3_memory_used.restype = ctypes.c_int64
            if lib.sqlite3_memory_used() != 0:
                return False  # a connection is open
            probe = sqlite3.connect(":memory:")
            counted = lib.sqlite3_memory_used() > 0
            probe.close()
            if not counted or lib.sqlite3_memory_used() != 0:
                return False  # statistics already off, or something else allocated meanwhile
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


def _disable_pysqlite_begin(dbapi_connection, _record) -> None:  # noqa: ANN001
    dbapi_connection.isolation_level = None
