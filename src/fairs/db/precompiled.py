"""Statements on every request's path, compiled once and run on the driver's own cursor.

A Core statement executed through SQLAlchemy costs tens of µs of Python besides SQLite's own few µs (cache
key, execution context, events, result metadata). `Precompiled` compiles its statement once per dialect
and set of parameter names, then binds, executes and converts the row with the same bind and result
processors SQLAlchemy would use, so the values are the same. Only public APIs: the compiled SQL text and
its positional order (`SQLCompiler.string`, `positiontup`), the bind parameters (`binds`, their
`effective_value` and type), each type's `bind_processor` / `result_processor`, the statement's
`exported_columns`, `Connection.connection.driver_connection` and `DBAPIError.instance`. SQLite's driver
takes positional parameters; psycopg takes named ones (`%(name)s`) and prepares a statement on the server
once it has run a few times on a connection. For what it does not handle (another driver, several
parameter sets, Python-side column defaults) the statement goes to `Connection.execute` unchanged.
Repositories own these statements (services never see a connection): `services/coupons/repository.py`,
`coupon_reads.py`, `scan_repository.py`, `services/audit.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from sqlalchemy import exc
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql.base import Executable

from fairs.db import errors

# The drivers whose own cursor runs these statements (SQLite's module, psycopg 3).
DRIVERS = ("pysqlite", "psycopg")
_PYFORMAT = re.compile(r"%\((\w+)\)s")


class PrecompiledRow(tuple):
    """A result row: by position, by slice, by attribute and as `_mapping`, like SQLAlchemy's Row."""

    __slots__ = ()
    _keys: tuple[str, ...] = ()
    _index: dict[str, int] = {}

    def __getattr__(self, name: str) -> Any:
        index = self._index.get(name)
        if index is None:
            raise AttributeError(name)
        return self[index]

    @property
    def _mapping(self) -> dict[str, Any]:
        return dict(zip(self._keys, self, strict=True))


class PrecompiledResult:
    """The rows (all fetched) and rowcount of one execution, with the Result methods the repositories use."""

    def __init__(self, rows: list[PrecompiledRow], rowcount: int) -> None:
        self.rows = rows
        self.rowcount = rowcount

    def __iter__(self) -> Iterator[PrecompiledRow]:
        return iter(self.rows)

    def first(self) -> PrecompiledRow | None:
        return self.rows[0] if self.rows else None

    def one(self) -> PrecompiledRow:
        if len(self.rows) != 1:
            raise exc.NoResultFound("No row was found") if not self.rows else exc.MultipleResultsFound()
        return self.rows[0]

    def all(self) -> list[PrecompiledRow]:
        return list(self.rows)


def _processor(type_: Any, dialect: Dialect, kind: str) -> Any:
    impl = type_.dialect_impl(dialect)
    return impl.bind_processor(dialect) if kind == "bind" else impl.result_processor(dialect, None)


class _Plan:
    """One compiled form of the statement: SQL text, parameter order and value converters."""

    def __init__(self, statement: Executable, dialect: Dialect, keys: list[str]) -> None:
        compiled = statement.compile(dialect=dialect, column_keys=keys)
        # Columns whose values SQLAlchemy computes itself (Python-side defaults) are left to it.
        self.sql = compiled.string
        self.positional = compiled.positiontup is not None
        self.usable = (
            (self.positional or dialect.paramstyle == "pyformat")
            and not compiled.insert_prefetch
            and not compiled.update_prefetch
            and not compiled.literal_execute_params
            and not compiled.post_compile_params
        )
        # Named parameters: each name once, in the order the SQL text has them.
        named = tuple(dict.fromkeys(_PYFORMAT.findall(self.sql)))
        self.order = tuple(compiled.positiontup) if self.positional else named
        binds = [compiled.binds[name] for name in self.order]
        self.binds = tuple(_processor(bind.type, dialect, "bind") for bind in binds)
        self.defaults = {name: bind.effective_value for name, bind in zip(self.order, binds, strict=True)}
        columns = list(getattr(statement, "exported_columns", ()))
        self.results = [_processor(column.type, dialect, "result") for column in columns]
        # `exported_columns` names repeated columns apart (`id`, `id_1`, …), so each key names one column.
        names = tuple(getattr(statement, "exported_columns", {}).keys()) if columns else ()
        index = {name: position for position, name in enumerate(names)}
        self.row_type = type("Row", (PrecompiledRow,), {"__slots__": (), "_keys": names, "_index": index})

    def parameters(self, given: dict[str, Any]) -> tuple | dict[str, Any]:
        values = []
        for name, bind in zip(self.order, self.binds, strict=True):
            value = given[name] if name in given else self.defaults[name]
            values.append(bind(value) if bind is not None else value)
        return tuple(values) if self.positional else dict(zip(self.order, values, strict=True))

    def row(self, raw: tuple) -> PrecompiledRow:
        return self.row_type(
            convert(value) if convert is not None else value
            for convert, value in zip(self.results, raw, strict=True)
        )


class Precompiled:
    """`statement`, compiled once: `Precompiled(statement).run(connection, params)`."""

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self.plans: dict[tuple[str, frozenset[str]], _Plan] = {}

    def run(self, target: Session | Connection, params: dict[str, Any] | None = None) -> Any:
        """Run in the session's transaction (or on a connection, begun here if need be); all rows fetched."""
        connection = target.connection() if isinstance(target, Session) else target
        given = params or {}
        dialect = connection.dialect
        if dialect.driver not in DRIVERS:
            return connection.execute(self.statement, given)
        key = (dialect.name, frozenset(given))
        plan = self.plans.get(key)
        if plan is None:
            plan = self.plans[key] = _Plan(self.statement, dialect, sorted(given))
        if not plan.usable:
            return connection.execute(self.statement, given)
        if not connection.in_transaction():
            connection.begin()  # as SQLAlchemy's own execution would: the `begin` hooks run
        parameters = plan.parameters(given)
        dbapi = dialect.loaded_dbapi
        try:
            cursor = connection.connection.driver_connection.execute(plan.sql, parameters)
            # Rows only where the statement names result columns (an INSERT compiled for PostgreSQL returns
            # its new id unasked: not a result); `cursor.description` is not asked for, psycopg builds it.
            rows = [plan.row(raw) for raw in cursor.fetchall()] if plan.results else []
            return PrecompiledResult(rows, cursor.rowcount)
        except dbapi.Error as error:
            errors.hide_values(error)
            raise exc.DBAPIError.instance(
                plan.sql, parameters, error, dbapi.Error, hide_parameters=True, dialect=dialect
            ) from error
