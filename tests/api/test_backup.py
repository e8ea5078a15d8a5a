"""`fairs backup` and `fairs restore`: a restored database equals the original, table by table."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from fairs import config, db, security
from fairs.cli import app
from tests.history import build_history

ROOT = Path(__file__).resolve().parents[2]

runner = CliRunner()


def _use(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    for engine_cache in (db.get_engine, db.get_read_engine):
        if engine_cache.cache_info().currsize:
            engine_cache().dispose()
        engine_cache.cache_clear()
    config.get_settings.cache_clear()
    security.secret_key.cache_clear()
    monkeypatch.setenv("FAIRS_DATABASE_URL", url)


@pytest.fixture
def empty_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty database on the same backend as `db_url` (no tables at all)."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    name = f"fairs_restore_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def dump(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tables = sorted(inspect(conn).get_table_names())
            result = {}
            for table in tables:
                key = inspect(conn).get_pk_constraint(table)["constrained_columns"]
                order = ", ".join(f'"{c}"' for c in key)
                rows = conn.execute(text(f'SELECT * FROM "{table}" ORDER BY {order}'))  # noqa: S608
                result[table] = [tuple(row) for row in rows]
            return result
    finally:
        engine.dispose()


def test_backup_then_restore_into_an_empty_database(
    client, hdr, orgs, db_url, empty_url, tmp_path, monkeypatch
):
    build_history(client, hdr, orgs)
    file = tmp_path / "nightly" / "fairs.backup"
    result = runner.invoke(app, ["backup", str(file)])
    assert result.exit_code == 0, result.output
    assert file.is_file() and file.stat().st_size > 0
    head = ScriptDirectory.from_config(Config(str(ROOT / "alembic.ini"))).get_current_head()
    assert f"schema {head})" in result.output  # the backup names the schema it holds
    original = dump(db_url)
    assert len(original["coupon"]) == 13 and len(original["audit_entry"]) > 20
    _use(monkeypatch, empty_url)
    result = runner.invoke(app, ["restore", str(file)])
    assert result.exit_code == 0, result.output
    restored = dump(empty_url)
    assert restored.keys() == original.keys()
    for table, rows in original.items():
        assert restored[table] == rows, table
    # A second restore would overwrite live data: refused unless forced.
    result = runner.invoke(app, ["restore", str(file)])
    assert result.exit_code == 1 and "--force" in result.output
    result = runner.invoke(app, ["restore", "--force", str(file)])
    assert result.exit_code == 0, result.output
    assert dump(empty_url) == original


def test_restore_refuses_what_is_not_a_backup(db_url, empty_url, tmp_path, monkeypatch):
    bogus = tmp_path / "bogus.backup"
    bogus.write_bytes(b"not a database at all" * 100)
    _use(monkeypatch, empty_url)
    result = runner.invoke(app, ["restore", str(bogus)])
    assert result.exit_code == 1
    result = runner.invoke(app, ["restore", str(tmp_path / "missing.backup")])
    assert result.exit_code == 1 and "no backup file" in result.output
