"""How the tally reads: which query shapes suit the scope, and running independent queries side by side.

A large scope (a region, the country) is read by scanning covering indexes in the order of each query's
GROUP BY; a small one (a district) by seeking its fairs' records. Large tallies run their queries on two
connections at once, all reading one snapshot on PostgreSQL (exported by the caller's transaction); on
SQLite each query reads its own committed snapshot (see docs/performance.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from fairs.db.sqlite import READ_ONLY

# A scope is large when it has at least this many fairs and at least this share of all fairs.
LARGE_SCOPE_FAIRS = 100
LARGE_SCOPE_SHARE = 0.125
WORKERS = 2
# PostgreSQL settings for the tally's own transactions: the per-person hash aggregate (~30 MB for
# 200,000 persons) fits in memory instead of spilling to disk; JIT showed no gain on these plans.
PG_SETTINGS = ("SET LOCAL work_mem = '64MB'", "SET LOCAL jit = off")

Reader = Session | Connection
Job = Callable[[Reader], Any]


@dataclass(frozen=True)
class Plan:
    """The dialect, and whether the scope is read by index scans in group order (large scopes)."""

    postgres: bool
    large: bool

    @property
    def sqlite_scan(self) -> bool:
        """SQLite over a large scope: force covering indexes scanned in GROUP BY order."""
        return self.large and not self.postgres


def plan_for(session: Session, fairs_in_scope: int) -> Plan:
    """The plan for a scope with `fairs_in_scope` fairs in the period."""
    postgres = session.get_bind().dialect.name == "postgresql"
    if fairs_in_scope < LARGE_SCOPE_FAIRS:
        return Plan(postgres, large=False)
    total = session.execute(
        text("SELECT count(*) FROM fair WHERE kind = 'fair'")
    ).scalar_one()  # no office day
    return Plan(postgres, large=fairs_in_scope >= LARGE_SCOPE_SHARE * total)


def run_plan(session: Session, plan: Plan, jobs: Sequence[Job]) -> list[Any]:
    """The results of `jobs`, in order: side by side for large scopes, else one after another."""
    engine = session.get_bind()
    if not plan.large or not _separate_connections_allowed(engine):
        if plan.postgres and plan.large:
            _pg_settings(session)
        return [job(session) for job in jobs]
    snapshot = _export_snapshot(session) if plan.postgres else None
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(_run_on_own_connection, engine, plan, snapshot, job) for job in jobs]
        return [future.result() for future in futures]


def _separate_connections_allowed(bind: object) -> bool:
    # A session bound to one connection (a test's outer transaction) or an in-memory SQLite database
    # cannot be read from other connections.
    if not isinstance(bind, Engine):
        return False
    if bind.dialect.name == "sqlite":
        database = bind.url.database or ""
        return database not in ("", ":memory:") and "mode=memory" not in str(bind.url)
    return True


def _export_snapshot(session: Session) -> str | None:
    if session.connection().get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        return None  # no transaction to hold the snapshot open: each pass reads its own
    snapshot = session.execute(text("SELECT pg_export_snapshot()")).scalar_one()
    if not re.fullmatch(r"[0-9A-Fa-f-]+", snapshot):
        raise ValueError(f"unexpected snapshot id {snapshot!r}")
    return snapshot


def _pg_settings(reader: Reader) -> None:
    for statement in PG_SETTINGS:
        reader.execute(text(statement))


def _run_on_own_connection(engine: Engine, plan: Plan, snapshot: str | None, job: Job) -> Any:
    with engine.connect() as conn:
        if plan.postgres:
            if snapshot is not None:
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
                # The first statement of the transaction: read what the caller's transaction reads.
                conn.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
            _pg_settings(conn)
        else:
            # A deferred read transaction: takes no write lock, blocks no writer.
            conn = conn.execution_options(**{READ_ONLY: True})
        try:
            return job(conn)
        finally:
            conn.rollback()
