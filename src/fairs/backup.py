"""Backups of the whole database: SQLite's online backup API, or pg_dump / pg_restore for PostgreSQL.

A backup is one file. SQLite's is itself a SQLite database (copied page by page from a consistent
snapshot while the app keeps serving); PostgreSQL's is a pg_dump custom-format archive. A restore goes
into an empty database unless forced, so a mistyped command cannot overwrite live data.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, make_url

from fairs.db.files import PRIVATE_FILE, private_dir, private_file


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    """What was written or restored."""

    path: Path
    size: int
    revision: str | None


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(url.database)


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection string without the password, which goes to the environment instead."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"`{name}` is not installed; install the PostgreSQL client tools (e.g. postgresql-client)."
        )
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip() or done.returncode}")


def _revision(database_url: str) -> str | None:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            if "alembic_version" not in inspect(conn).get_table_names():
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()


def _table_names(database_url: str) -> list[str]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return inspect(conn).get_table_names()
    finally:
        engine.dispose()


def backup(database_url: str, target: Path) -> BackupResult:
    """Write a consistent copy of the database at `database_url` to the file `target`."""
    url = make_url(database_url)
    target = Path(target)
    private_dir(target.parent)  # a folder made here is 0700; the file is 0600 (it holds everyone's data)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    if url.get_backend_name() == "sqlite":
        source = _sqlite_path(url)
        if not source.exists():
            raise BackupError(f"There is no database file at {source}.")
        private_file(partial)  # created 0600 before SQLite writes into it (it keeps the mode)
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(partial)) as dst:
            src.backup(dst)  # one step: a consistent snapshot even while the app writes
    elif url.get_backend_name() == "postgresql":
        conninfo, env = _libpq(url)
        private_file(partial)  # created 0600 before pg_dump writes into it (it keeps the mode)
        _run(
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={partial}",
                conninfo,
            ],
            env,
        )
    else:
        raise BackupError(f"Backups of {url.get_backend_name()} databases are not supported.")
    os.chmod(partial, PRIVATE_FILE)
    partial.replace(target)  # never leave a half-written file under the final name
    return BackupResult(target, target.stat().st_size, _revision(database_url))


def restore(database_url: str, source: Path, *, force: bool = False) -> BackupResult:
    """Restore the backup file `source` into the database at `database_url` (empty unless `force`)."""
    url = make_url(database_url)
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"There is no backup file at {source}.")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise BackupError(f"Restoring {url.get_backend_name()} databases is not supported.")
    existing = _table_names(database_url) if url.get_backend_name() == "postgresql" or _exists(url) else []
    if existing and not force:
        raise BackupError(
            f"The target database already has {len(existing)} tables; restore into an empty database, "
            "or pass --force to replace its contents."
        )
    if url.get_backend_name() == "sqlite":
        _restore_sqlite(_sqlite_path(url), source)
    else:
        conninfo, env = _libpq(url)
        command = [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
        ]
        if force:
            command += ["--clean", "--if-exists"]
        _run([*command, f"--dbname={conninfo}", str(source)], env)
    return BackupResult(source, source.stat().st_size, _revision(database_url))


def _exists(url: URL) -> bool:
    return _sqlite_path(url).exists()


def _restore_sqlite(target: Path, source: Path) -> None:
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src:
            if src.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{source} is damaged (integrity check failed).")
            private_file(target)  # 0600 in a 0700 folder if it makes one, as the server would
            with closing(sqlite3.connect(target)) as dst:
                src.backup(dst)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} is not a SQLite backup: {error}") from None
