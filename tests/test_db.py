"""The SQLite engine is configured for a server: WAL, foreign keys, busy timeout, writers queued fairly."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import text

from fairs.db import make_engine


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
