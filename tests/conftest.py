"""Test harness: every test gets a fresh, migrated database, on SQLite and (when configured) PostgreSQL.

The schema is built with `alembic upgrade head` once per backend into a template; each test gets a copy
(a file copy for SQLite; on PostgreSQL a `CREATE DATABASE … TEMPLATE` copy, put back to the template's rows
after each test and reused), so no test sees another's data.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from alembic import command
from psycopg import sql
from sqlalchemy import Engine, MetaData, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool
from sqlmodel import Session, select

from fairs import config, db, security
from fairs.db import engine as db_engine
from fairs.migrations import alembic_config
from fairs.models import Organisation, User
from tests import world

ROOT = Path(__file__).resolve().parents[1]
PG_ENV = "FAIRS_TEST_DATABASE_URL"
DROP_BATCH = 40  # finished PostgreSQL test databases kept (about 10 MB each) before they are dropped together
# argon2 with 32 KiB instead of 64 MiB per hash: every page test logs in through the form, and the default
# took half a second of a test's time on a busy machine. Servers the tests start inherit it.
# tests/api/test_password_hashing.py checks the default and the re-hash on login.
HASH_MEMORY = ("FAIRS_PASSWORD_HASH_MEMORY_KIB", "32")
os.environ.setdefault(*HASH_MEMORY)


def run_migrations(url: str) -> None:
    """`alembic upgrade head` against `url`."""
    command.upgrade(alembic_config(url), "head")


def _seed(url: str) -> None:
    engine = db.make_engine(url)
    with Session(engine) as session:
        world.build(session)
        session.commit()
    engine.dispose()


# The finished SQLite template of this process. A later pytest session in the same process (mutmut runs
# one session per mutant in children forked from its first run; docs/testing.md) starts from these bytes
# instead of migrating and seeding again. An ordinary run has one session per process and never reads it.
_sqlite_template: bytes | None = None


class SqliteBackend:
    """A migrated template file, copied for each test."""

    name = "sqlite"

    def __init__(self, tmp: Path) -> None:
        global _sqlite_template
        self.dir = tmp
        self.template = tmp / "template.db"
        self.free: list[Path] = []  # files of finished tests, to copy the template over
        if _sqlite_template is not None:
            self.template.write_bytes(_sqlite_template)
            return
        url = f"sqlite:///{self.template}"
        run_migrations(url)
        _seed(url)
        # Fold the WAL into the main file so a plain copy is complete.
        engine = create_engine(url)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        _sqlite_template = self.template.read_bytes()

    def new_database(self) -> str:
        # A finished test's file name is used again, so the next test's address is the same and its engine
        # (with the statements it compiled) is reused: `reused_engine`.
        path = self.free.pop() if self.free else self.dir / f"t_{uuid.uuid4().hex[:12]}.db"
        shutil.copyfile(self.template, path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        path = Path(make_url(url).database)
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        self.free.append(path)

    def close(self) -> None:
        pass


class Snapshot:
    """The rows and sequence values of a migrated, seeded PostgreSQL database, to put a used copy back.

    Putting back is one script sent in one round trip (delete every row, insert the snapshot's rows from
    their JSON, set the sequences) over a connection kept open to that copy: a few milliseconds, where
    `CREATE DATABASE … TEMPLATE` took a third of a second and each `DROP DATABASE` forces a checkpoint."""

    def __init__(self, url: str) -> None:
        engine = create_engine(url, poolclass=NullPool)
        metadata = MetaData()
        with engine.connect() as conn:
            metadata.reflect(conn)
            tables = [t.name for t in metadata.sorted_tables if t.name != "alembic_version"]
            self.schema = conn.execute(text(SCHEMA_DIGEST)).one()
            # Each table's rows as PostgreSQL's own JSON of them, turned back into rows by
            # json_populate_recordset: every type comes back exactly as it was.
            rows = {
                name: conn.exec_driver_sql(f'SELECT json_agg(t)::text FROM "{name}" t').scalar_one()  # noqa: S608
                for name in tables
            }
            sequences = conn.execute(
                text("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
            ).all()
        engine.dispose()
        table = sql.Identifier
        script = [sql.SQL("DELETE FROM {}").format(table(name)) for name in reversed(tables)]
        script += [
            sql.SQL("INSERT INTO {} SELECT * FROM json_populate_recordset(NULL::{}, {})").format(
                table(name), table(name), sql.Literal(rows[name])
            )
            for name in tables
            if rows[name] is not None
        ]
        script += [
            sql.SQL("SELECT setval({}::regclass, {}, {})").format(
                sql.Literal(name), sql.Literal(last or 1), sql.Literal(last is not None)
            )
            for name, last in sequences
        ]
        self.script = sql.SQL(";\n").join(script)

    def restore(self, conn: psycopg.Connection) -> bool:
        """Put the database of `conn` back to the snapshot; False when it cannot be (its schema changed)."""
        with conn.transaction():
            conn.execute("SET LOCAL lock_timeout = '5s'")
            if conn.execute(SCHEMA_DIGEST).fetchone() != tuple(self.schema):
                return False
            conn.execute(self.script)
        return True


# What the schema is: the migration and a digest of every column and index (a test may downgrade).
SCHEMA_DIGEST = (
    "SELECT (SELECT string_agg(version_num, ',') FROM alembic_version),"
    " (SELECT md5(string_agg(table_name || '.' || column_name || ':' || data_type || ':'"
    "   || is_nullable || ':' || coalesce(column_default, ''), ','"
    "   ORDER BY table_name, column_name))"
    "  FROM information_schema.columns WHERE table_schema = 'public'),"
    " (SELECT md5(string_agg(indexdef, ',' ORDER BY indexname)) FROM pg_indexes"
    "  WHERE schemaname = 'public')"
)


class PostgresBackend:
    """A migrated template database on the server of FAIRS_TEST_DATABASE_URL; each test gets a copy.

    A finished test's copy is put back to the template's rows (`Snapshot`) and handed to the next test;
    only a copy whose schema a test changed is dropped (DROP_BATCH at a time) and replaced."""

    name = "postgresql"

    def __init__(self, server_url: str) -> None:
        self.server = make_url(server_url)
        self.admin = create_engine(self.server, isolation_level="AUTOCOMMIT", pool_size=1)
        self.prefix = f"fairs_t_{uuid.uuid4().hex[:8]}"
        self.template = f"{self.prefix}_tpl"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.template}"'))
        url = self._url(self.template)
        run_migrations(url)
        _seed(url)
        self.snapshot = Snapshot(url)
        self.created = 0
        self.used: list[str] = []  # copies of finished tests, put back when the next test asks
        self.finished: list[str] = []  # copies that could not be put back, dropped DROP_BATCH at a time
        self.kept: dict[str, psycopg.Connection] = {}  # a connection to each copy, to put it back with

    def _restore(self, name: str) -> bool:
        try:
            conn = self.kept.get(name)
            if conn is None or conn.closed:
                conninfo = make_url(self._url(name)).set(drivername="postgresql")
                conn = self.kept[name] = psycopg.connect(conninfo.render_as_string(hide_password=False))
            return self.snapshot.restore(conn)
        except psycopg.Error:  # a copy that cannot be put back (e.g. its connection was ended) is replaced
            return False

    def _url(self, name: str) -> str:
        return self.server.set(database=name).render_as_string(hide_password=False)

    def new_database(self) -> str:
        while self.used:
            name = self.used.pop()
            if self._restore(name):
                return self._url(name)
            self._discard(name)
        name = f"{self.prefix}_{self.created}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"'))
        self.created += 1
        return self._url(name)

    def drop(self, url: str) -> None:
        self.used.append(make_url(url).database)

    def _discard(self, name: str) -> None:
        # DROP DATABASE forces a checkpoint, which writes every dirty page of the server (the other worker's
        # test database included): dropped in batches, only the first drop of a batch finds pages to write.
        conn = self.kept.pop(name, None)
        if conn is not None:
            conn.close()
        self.finished.append(name)
        if len(self.finished) >= DROP_BATCH:
            self._drop_finished()

    def _drop_finished(self) -> None:
        with self.admin.connect() as conn:
            for name in self.finished:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.finished.clear()

    def close(self) -> None:
        for conn in self.kept.values():
            conn.close()
        self.kept.clear()
        self.finished.extend(self.used)
        self._drop_finished()
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)'))
        self.admin.dispose()


# One engine per database address and kind for the whole worker. The address of a finished test's database
# comes back for a later test (a SQLite file name, a PostgreSQL copy put back), and SQLAlchemy keeps the
# statements it compiled in the engine: a new engine per test compiled every statement again, an eighth of
# the suite's time. Each test's teardown disposes the engine's connections; the engine itself stays.
_engines: dict[tuple[str, bool], Engine] = {}
_new_engine = db.make_engine


def reused_engine(url: str, *, immediate: bool = True) -> Engine:
    """`fairs.db.make_engine(url, immediate=…)`, made once per worker."""
    key = (url, immediate)
    if key not in _engines:
        _engines[key] = _new_engine(url, immediate=immediate)
    return _engines[key]


def _postgres_or_skip() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(
            f"PostgreSQL tests skipped: set {PG_ENV} (e.g. postgresql+psycopg://postgres@127.0.0.1/test)"
        )
    try:
        engine = create_engine(url)
        with engine.connect():
            pass
        engine.dispose()
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("FAIRS_TEST_REQUIRE_POSTGRES") or os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {PG_ENV} is required here but unreachable: {exc}")
        pytest.skip(f"PostgreSQL tests skipped: cannot connect to {PG_ENV}: {exc}")
    return url


@pytest.fixture(scope="session")
def sqlite_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteBackend]:
    backend = SqliteBackend(tmp_path_factory.mktemp("sqlite"))
    yield backend
    backend.close()


@pytest.fixture(scope="session")
def postgresql_backend() -> Iterator[PostgresBackend]:
    backend = PostgresBackend(_postgres_or_skip())
    yield backend
    backend.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """A fresh migrated database with the base world, configured as the app's database."""
    backend = request.getfixturevalue(f"{request.param}_backend")
    url = backend.new_database()
    monkeypatch.setenv("FAIRS_DATABASE_URL", url)
    monkeypatch.setenv("FAIRS_SECRET_KEY", "test-secret-key-" + "x" * 32)
    monkeypatch.setenv("FAIRS_BASE_URL", "https://fairs.example.test")
    monkeypatch.setenv("FAIRS_SECRET_KEY_FILE", str(tmp_path / "secret"))
    monkeypatch.setattr(db_engine, "make_engine", reused_engine)
    _clear_caches()
    yield url
    db.get_engine().dispose()
    db.get_read_engine().dispose()
    _clear_caches()
    backend.drop(url)


def _clear_caches() -> None:
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()
    db.get_read_engine.cache_clear()
    security.secret_key.cache_clear()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """An empty database (no tables) configured as the app's, in a clean environment."""
    for name in list(os.environ):
        if name.startswith("FAIRS_") and name not in (
            "FAIRS_TEST_DATABASE_URL",
            "FAIRS_TEST_REQUIRE_POSTGRES",
            HASH_MEMORY[0],
        ):
            monkeypatch.delenv(name)
    monkeypatch.setenv("FAIRS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FAIRS_SECRET_KEY", "setup-test-secret-" + "x" * 32)
    admin = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'fairs.db'}"
    else:
        server = os.environ.get("FAIRS_TEST_DATABASE_URL")
        if not server:
            pytest.skip("PostgreSQL tests skipped: set FAIRS_TEST_DATABASE_URL")
        name = f"fairs_setup_{uuid.uuid4().hex[:12]}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
    monkeypatch.setenv("FAIRS_DATABASE_URL", url)
    _clear_caches()
    yield url
    if db.get_engine.cache_info().currsize:
        db.get_engine().dispose()
    _clear_caches()
    if admin is not None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    """An autocommit session on the test database, for arranging and inspecting (tests act through HTTP).

    Autocommit so that it never holds a lock or an old snapshot while the app serves requests."""
    engine = reused_engine(db_url, immediate=False).execution_options(isolation_level="AUTOCOMMIT")
    with Session(engine, expire_on_commit=True) as s:
        yield s
    engine.dispose()


# One application per configuration it is built from, shared by the tests of this process. FastAPI
# analyses each route of an application on its first request (a third of a second on a quiet machine, over
# a second on a busy one): paid once per configuration instead of once per test. The database is not part
# of the key: the app asks for the engine on every request, and `db_url` configures a fresh one per test.
_apps: dict[tuple, object] = {}


def shared_app():  # noqa: ANN201
    """The application for the current settings (built by `create_app` the first time they are seen)."""
    from fairs.app import create_app

    settings = config.get_settings()
    key = (
        security.secret_key(),
        settings.base_url,
        settings.default_locale,
        settings.max_body_bytes,
        settings.session_max_age_seconds,
    )
    if key not in _apps:
        _apps[key] = create_app()
    return _apps[key]


@pytest.fixture
def client(db_url: str):  # noqa: ANN201
    """An HTTP client for the app on the test database (the app's lifespan runs for each test)."""
    from fastapi.testclient import TestClient

    with TestClient(shared_app()) as test_client:
        yield test_client


@pytest.fixture
def auth(session: Session):  # noqa: ANN201
    """`auth("organiser")` → headers with a bearer token for that base-world user."""

    def headers(username: str) -> dict[str, str]:
        user = session.exec(select(User).where(User.username == username)).one()
        return {"Authorization": f"Bearer {security.create_access_token(user.id)}"}

    return headers


@pytest.fixture
def orgs(session: Session) -> dict[str, int]:
    """Ids of the base world's organisations by key (employment, hospital, redcross, rehab, employer)."""
    by_name = {o.name: o.id for o in session.exec(select(Organisation)).all()}
    return {key: by_name[name] for key, (name, _kind, _dirs) in world.ORGANISATIONS.items()}
