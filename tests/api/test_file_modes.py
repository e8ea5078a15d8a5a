"""Files holding people's data are private whatever the umask: the SQLite database and its -wal/-shm (made
by `fairs migrate` or the server), backups and restored databases are 0600, folders the app makes 0700."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from fairs import config, db, security
from fairs.cli import app
from tests.api.test_backup import _use

runner = CliRunner()


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that takes nothing away (a plain open would make 0666 files, 0777 folders); restored after."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def own_database() -> Iterator[None]:
    """The test points the app at a database of its own: its engines and settings are dropped after."""
    yield
    for engine_cache in (db.get_engine, db.get_read_engine):
        if engine_cache.cache_info().currsize:
            engine_cache().dispose()
        engine_cache.cache_clear()
    config.get_settings.cache_clear()
    security.secret_key.cache_clear()


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _migrate(monkeypatch: pytest.MonkeyPatch, database: Path) -> str:
    url = f"sqlite:///{database}"
    _use(monkeypatch, url)
    result = runner.invoke(app, ["migrate"])
    assert result.exit_code == 0, result.output
    return url


def _side_files_while_open(url: str, database: Path) -> dict[str, int]:
    """The modes of the database's -wal and -shm while a server's connection has it open."""
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            conn.execute(text("SELECT count(*) FROM alembic_version")).scalar()
            return {suffix: mode(Path(f"{database}{suffix}")) for suffix in ("-wal", "-shm")}
    finally:
        engine.dispose()


@pytest.mark.usefixtures("own_database", "open_umask")
def test_migrate_makes_a_private_database_and_wal_in_an_existing_folder(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    database = folder / "fairs.db"
    url = _migrate(monkeypatch, database)
    assert mode(database) == 0o600
    assert _side_files_while_open(url, database) == {"-wal": 0o600, "-shm": 0o600}
    assert mode(folder) == 0o755  # a folder that was there is the operator's: left as it was


@pytest.mark.usefixtures("own_database", "open_umask")
def test_the_server_makes_missing_folders_private(tmp_path, monkeypatch):
    database = tmp_path / "var" / "lib" / "fairs" / "fairs.db"
    url = _migrate(monkeypatch, database)
    assert [mode(p) for p in (database.parent.parent.parent, database.parent.parent, database.parent)] == [
        0o700
    ] * 3
    assert mode(database) == 0o600
    assert _side_files_while_open(url, database) == {"-wal": 0o600, "-shm": 0o600}


def test_an_open_database_of_an_earlier_version_is_made_private(tmp_path, open_umask):
    database = tmp_path / "old.db"
    with closing(sqlite3.connect(database)) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE t (x INTEGER)")
    os.chmod(database, 0o644)
    url = f"sqlite:///{database}"
    engine = db.make_engine(url)
    engine.dispose()
    assert mode(database) == 0o600


def test_a_backup_is_private(db_url, tmp_path, open_umask):
    target = tmp_path / "nightly" / "deep" / "fairs.backup"
    result = runner.invoke(app, ["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert mode(target) == 0o600
    assert mode(target.parent) == mode(target.parent.parent) == 0o700
    assert sorted(p.name for p in target.parent.iterdir()) == ["fairs.backup"]  # no partial left


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_restored_sqlite_database_is_private(db_url, tmp_path, monkeypatch, open_umask):
    backup = tmp_path / "fairs.backup"
    assert runner.invoke(app, ["backup", str(backup)]).exit_code == 0
    restored = tmp_path / "restored" / "fairs.db"
    _use(monkeypatch, f"sqlite:///{restored}")
    result = runner.invoke(app, ["restore", str(backup)])
    assert result.exit_code == 0, result.output
    assert mode(restored) == 0o600 and mode(restored.parent) == 0o700
