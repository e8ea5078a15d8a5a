"""The SQLite engine is configured for a server: WAL, foreign keys, busy timeout, writers queued fairly."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from fairs.db import make_engine
from fairs.db.lifecycle import run_unit
from fairs.db.sqlite import _Checkpointer


def _engine(tmp_path: Path):  # noqa: ANN202
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
        conn.commit()
    return engine


def test_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    engine.dispose()


def test_a_second_writer_waits_for_the_first_and_both_commit(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    first = engine.connect()
    first.execute(text("INSERT INTO t VALUES (1)"))  # holds the write transaction
    done = threading.Event()

    def second() -> None:
        with engine.connect() as conn:
            conn.execute(text("INSERT INTO t VALUES (2)"))
            conn.commit()
        done.set()

    thread = threading.Thread(target=second)
    thread.start()
    assert not done.wait(0.3)  # queued behind the first writer, not failed
    first.commit()
    first.close()
    thread.join(timeout=10)
    assert done.is_set()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 2
    engine.dispose()


def test_a_connection_thrown_away_mid_transaction_releases_the_writer_queue(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    lost = engine.connect()
    lost.execute(text("INSERT INTO t VALUES (1)"))
    lost.invalidate()  # e.g. a broken connection: no COMMIT or ROLLBACK ever runs on it
    result: list[int] = []

    def writer() -> None:
        with engine.connect() as conn:
            conn.execute(text("INSERT INTO t VALUES (2)"))
            conn.commit()
            result.append(conn.execute(text("SELECT count(*) FROM t")).scalar())

    thread = threading.Thread(target=writer)
    started = time.monotonic()
    thread.start()
    thread.join(timeout=5)  # without the release it would queue for the whole busy timeout (15 s)
    assert not thread.is_alive() and result == [1], time.monotonic() - started
    engine.dispose()


def test_work_on_the_event_loop_never_waits_for_a_writer_held_elsewhere(tmp_path: Path) -> None:
    """While a worker thread holds SQLite's writer queue, `run_unit` moves the work off the event loop."""
    engine = _engine(tmp_path)
    holder = engine.connect()
    holder.execute(text("INSERT INTO t VALUES (1)"))  # holds the writer queue from this (other) thread
    threads: list[str] = []

    def work(session: Session) -> int:
        threads.append(threading.current_thread().name)
        session.execute(text("INSERT INTO t VALUES (2)"))
        session.commit()
        return 2

    async def scenario() -> int:
        with Session(engine) as session:
            pending = asyncio.ensure_future(run_unit(session, lambda: work(session)))
            await asyncio.sleep(0.2)  # the loop keeps running while the unit queues in a thread
            assert not pending.done()
            holder.commit()
            return await pending

    assert asyncio.run(scenario()) == 2
    assert threads and threads[0] != threading.main_thread().name
    holder.close()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 2
    engine.dispose()


def test_work_on_the_event_loop_rolls_back_at_once_on_error(tmp_path: Path) -> None:
    engine = _engine(tmp_path)

    def work(session: Session) -> None:
        session.execute(text("INSERT INTO t VALUES (1)"))
        raise ValueError("refused")

    async def scenario() -> None:
        with Session(engine) as session:
            with pytest.raises(ValueError, match="refused"):
                await run_unit(session, lambda: work(session))
            # The writer queue is free before the session closes: another writer goes ahead at once.
            with engine.connect() as other:
                other.execute(text("INSERT INTO t VALUES (2)"))
                other.commit()

    asyncio.run(scenario())
    with engine.connect() as conn:
        assert conn.execute(text("SELECT x FROM t")).scalars().all() == [2]
    engine.dispose()


def test_checkpoints_run_off_the_request_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Server connections never checkpoint inside a COMMIT; a background thread keeps the WAL short."""
    ran: list[str] = []
    checkpoint = _Checkpointer.checkpoint

    def recorded(self: _Checkpointer, engine: Engine) -> None:
        ran.append(threading.current_thread().name)
        checkpoint(self, engine)

    monkeypatch.setattr(_Checkpointer, "checkpoint", recorded)
    engine = _engine(tmp_path)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
    for n in range(_Checkpointer.EVERY * 2):
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO t VALUES (:n)"), {"n": n})
    deadline = time.monotonic() + 10
    while not ran and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ran and threading.main_thread().name not in ran
    raw = engine.raw_connection()
    try:  # the background checkpoint left the WAL readable and complete
        _busy, frames, done = raw.driver_connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        assert done == frames
    finally:
        raw.close()
    engine.dispose()


def test_a_writer_taken_between_the_check_and_begin_sends_the_work_to_a_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race `run_unit` cannot see coming: BEGIN on the loop refuses to wait; the unit goes to a thread."""
    engine = _engine(tmp_path)
    monkeypatch.setattr(engine.dialect.fairs_writer_queue, "busy", lambda: False)
    holder = engine.connect()
    holder.execute(text("INSERT INTO t VALUES (1)"))
    threads: list[str] = []

    def work(session: Session) -> None:
        threads.append(threading.current_thread().name)
        session.execute(text("INSERT INTO t VALUES (2)"))
        session.commit()

    async def scenario() -> None:
        with Session(engine) as session:
            pending = asyncio.ensure_future(run_unit(session, lambda: work(session)))
            await asyncio.sleep(0.2)
            assert not pending.done()
            holder.commit()
            await pending

    asyncio.run(scenario())
    holder.close()
    assert threads[0] == threading.main_thread().name and threads[-1] != threads[0]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 2
    engine.dispose()


MEMORY_USED = """
import ctypes, sqlite3, sys, _sqlite3
lib = ctypes.CDLL(_sqlite3.__file__)
lib.sqlite3_memory_used.restype = ctypes.c_int64
if sys.argv[2] == "connection first":
    early = sqlite3.connect(":memory:")
from fairs.db import make_engine
engine = make_engine("sqlite:///" + sys.argv[1])
with engine.connect() as conn:
    conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    conn.exec_driver_sql("INSERT INTO t VALUES (1)")
    print(lib.sqlite3_memory_used(), conn.exec_driver_sql("SELECT sum(x) FROM t").scalar())
"""


@pytest.mark.parametrize("order", ["engine first", "connection first"])
def test_sqlite_memory_statistics_are_off_only_when_nothing_was_open(tmp_path: Path, order: str) -> None:
    # Statistics off: SQLite reports no memory in use although a connection is open (threads no longer
    # share its allocation mutex). A process that had a connection open first keeps the library as it is.
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", MEMORY_USED, str(tmp_path / "m.db"), order],
        capture_output=True,
        text=True,
        check=True,
    )
    used, total = map(int, done.stdout.split())
    assert total == 1
    assert (used == 0) == (order == "engine first")
