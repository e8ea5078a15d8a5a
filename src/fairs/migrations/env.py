"""Alembic environment: the schema is SQLModel.metadata; the URL comes from the config or settings."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlmodel import SQLModel

import fairs.models  # noqa: F401  (registers every table)
from fairs.config import get_settings
from fairs.db import make_engine
from fairs.models.base import migration_filter

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or get_settings().database_url


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            _run_without_foreign_keys(conn)
        else:
            _run(conn)
    engine.dispose()


def _run_without_foreign_keys(conn) -> None:  # noqa: ANN001
    # A batch migration copies a table, then drops the old one: with foreign keys on, SQLite deletes its
    # rows first and refuses where other tables point at them (a coupon's scans, its re-issue). So the
    # check is off while the migrations run (the pragma only acts outside a transaction, hence the
    # driver's own connection) and every reference is checked once they have committed.
    raw = conn.connection.driver_connection
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        _run(conn)
        conn.commit()
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"migrations left {len(broken)} broken references, e.g. {broken[0]}")
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def _run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=migration_filter(connection.dialect.name),
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
