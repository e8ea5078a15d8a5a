"""Rows read with Core statements on hot paths, as model objects; inserts that tell a taken key."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, FromClause, Table, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Row
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, SQLModel

from fairs.db.precompiled import Precompiled

M = TypeVar("M", bound=SQLModel)


def detached(model: type[M], values: dict[str, Any]) -> M:
    """A `model` instance from all its column values, as `session.get()` leaves it once the session closes.

    For hot paths that read with Core statements: no ORM loading and no identity map, yet the same kind of
    object (detached, with its identity) that the rest of the code knows. Models with an `id` key only."""
    obj = inspect(model).class_manager.new_instance()
    for key, value in values.items():
        set_committed_value(obj, key, value)
    make_transient_to_detached(obj)
    return obj


def set_loaded(obj: SQLModel, values: dict[str, Any]) -> None:
    """Put freshly read or written column values on `obj` as loaded (not as changes to flush)."""
    for key, value in values.items():
        set_committed_value(obj, key, value)


class WideSelect:
    """Several tables' columns side by side in one SELECT, and each table's values cut back out of a row."""

    def __init__(self, **parts: FromClause | list[ColumnElement]) -> None:
        self.columns: list[ColumnElement] = []
        self.spans: dict[str, tuple[int, int, tuple[str, ...]]] = {}
        for name, part in parts.items():
            columns = list(part.c) if isinstance(part, FromClause) else list(part)
            start = len(self.columns)
            self.columns += columns
            self.spans[name] = (start, len(self.columns), tuple(c.key for c in columns))

    def part(self, row: Row, name: str) -> dict[str, Any]:
        """The values of part `name` in `row`, by column name."""
        start, end, keys = self.spans[name]
        return dict(zip(keys, row[start:end], strict=True))


def insert_unless_taken(session: Session, table: Table, unique: tuple[str, ...]) -> Precompiled:
    """`INSERT … ON CONFLICT (unique) DO NOTHING RETURNING id` in the session's dialect: no row back means
    the unique key was taken (by another request, maybe at this very moment), with no savepoint needed."""
    return _insert_unless_taken(session.get_bind().dialect.name, table, unique)


@lru_cache
def _insert_unless_taken(dialect: str, table: Table, unique: tuple[str, ...]) -> Precompiled:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table).on_conflict_do_nothing(index_elements=list(unique)).returning(table.c.id)
    return Precompiled(statement)
