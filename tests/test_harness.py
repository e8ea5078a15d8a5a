"""The test harness itself: a PostgreSQL copy handed to the next test holds the template's rows again."""

from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tests.conftest import PostgresBackend


def _read(url: str, sql: str) -> list:
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as conn:
        rows = conn.execute(text(sql)).all()
    engine.dispose()
    return rows


def _write(url: str, *statements: str) -> None:
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as conn:
        for sql in statements:
            conn.execute(text(sql))
    engine.dispose()


def test_a_used_copy_is_put_back_and_a_changed_schema_is_replaced(postgresql_backend: PostgresBackend):
    backend = postgresql_backend
    first = backend.new_database()
    regions = _read(first, "SELECT id, name FROM region ORDER BY id")
    assert regions
    _write(
        first,
        "UPDATE region SET name = name || ' (renamed)'",
        "INSERT INTO region (name, retired) VALUES ('added', false)",
        "DELETE FROM audit_entry",
    )
    added = _read(first, "SELECT max(id) FROM region")[0][0]
    backend.drop(first)

    second = backend.new_database()
    assert second == first  # the same copy, put back
    assert _read(second, "SELECT id, name FROM region ORDER BY id") == regions
    _write(second, "INSERT INTO region (name, retired) VALUES ('again', false)")
    assert _read(second, "SELECT max(id) FROM region")[0][0] == added  # the sequence went back too
    _write(second, "ALTER TABLE region ADD COLUMN scratch integer")
    backend.drop(second)

    third = backend.new_database()
    assert third != second  # a copy whose schema a test changed is never handed out again
    columns = _read(third, "SELECT column_name FROM information_schema.columns WHERE table_name = 'region'")
    assert "scratch" not in {row[0] for row in columns}
    assert _read(third, "SELECT id, name FROM region ORDER BY id") == regions
    backend.drop(third)
