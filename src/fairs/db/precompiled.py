"""Statements on every request's path, compiled once and run on SQLite's own cursor.

A Core statement executed through SQLAlchemy costs about 40 µs of Python besides SQLite's own few µs
(cache key, execution context, events, result metadata): with the current user's lookup, the coupon's
context, its insert and its audit row, that was a fifth of an issue request. `Precompiled` wraps such a
statement: on SQLite it compiles it once (per set of parameter names), then binds, executes and converts
the row with the very bind and result processors SQLAlchemy would use, so the values are the same; on any
other database, or for anything it does not handle (several parameter sets, Python-side column defaults),
it hands the statement to SQLAlchemy unchanged. The connection's transaction is begun as SQLAlchemy would
(so the writer queue's `begin` hook still runs) and errors are wrapped as SQLAlchemy wraps them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import exc
from sqlalchemy.engine import Connection
from sqlalchemy.sql.base import Executable


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
    """The rows (all fetched) and rowcount of one execution, with the Result methods the services use."""

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


class _Plan:
    """One compiled form of the statement: SQL text, parameter order and value converters."""

    def __init__(self, statement: Executable, connection: Connection, keys: Sequence[str]) -> None:
        dialect = connection.dialect
        compiled = statement.compile(dialect=dialect, column_keys=list(keys))
        self.compiled = compiled
        # Columns whose values SQLAlchemy computes itself (Python-side defaults) are left to it.
        self.usable = (
            compiled.positiontup is not None
            and not getattr(compiled, "insert_prefetch", None)
            and not getattr(compiled, "update_prefetch", None)
            and not compiled.literal_execute_params
            and not compiled.post_compile_params
        )
        self.sql = compiled.string
        self.order = tuple(compiled.positiontup or ())
        processors = compiled._bind_processors
        self.binds = tuple(processors.get(name) for name in self.order)
        self.defaults = compiled.construct_params(_check=False)
        columns = compiled._result_columns or []
        self.results = [column.type._cached_result_processor(dialect, None) for column in columns]
        # The compiler labels repeated names apart (`id`, `id_1`, …), so each key names one column.
        names = tuple(column.keyname for column in columns)
        index = {name: position for position, name in enumerate(names)}
        self.row_type = type("Row", (PrecompiledRow,), {"__slots__": (), "_keys": names, "_index": index})

    def parameters(self, given: dict[str, Any]) -> tuple:
        values = []
        for name, bind in zip(self.order, self.binds, strict=True):
            value = given[name] if name in given else self.defaults[name]
            values.append(bind(value) if bind is not None else value)
        return tuple(values)

    def row(self, raw: tuple) -> PrecompiledRow:
        return self.row_type(
            convert(value) if convert is not None else value
            for convert, value in zip(self.results, raw, strict=True)
        )


class Precompiled:
    """`connection.execute(Precompiled(statement), params)`: `statement`, run directly on SQLite."""

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._plans: dict[tuple[str, frozenset[str]], _Plan] = {}

    def _execute_on_connection(
        self, connection: Connection, distilled_params: Any, execution_options: Any
    ) -> Any:
        if connection.dialect.name != "sqlite" or len(distilled_params) > 1:
            return connection.execute(
                self.statement, list(distilled_params) or None, execution_options=execution_options
            )
        given = distilled_params[0] if distilled_params else {}
        key = (connection.dialect.name, frozenset(given))
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = _Plan(self.statement, connection, sorted(given))
        if not plan.usable:
            return connection.execute(self.statement, given, execution_options=execution_options)
        if not connection.in_transaction():
            connection._autobegin()  # as SQLAlchemy's own execution does: the `begin` hooks run
        parameters = plan.parameters(given)
        dbapi = connection.dialect.loaded_dbapi
        try:
            cursor = connection.connection.driver_connection.execute(plan.sql, parameters)
            rows = [plan.row(raw) for raw in cursor.fetchall()] if cursor.description else []
            return PrecompiledResult(rows, cursor.rowcount)
        except dbapi.Error as error:
            raise exc.DBAPIError.instance(
                plan.sql, parameters, error, dbapi.Error, hide_parameters=True, dialect=connection.dialect
            ) from error
