"""Shared metadata (stable constraint names for Alembic) and small helpers for tables."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Index
from sqlmodel import SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION


def utcnow() -> datetime:
    """Aware UTC now; the database stores UTC."""
    return datetime.now(UTC)


def local_name(locale: str, *, ru: str, en: str, be: str) -> str:
    """The one rule for an admin-managed name in `locale`: English or Belarusian when asked for (an empty
    Belarusian name falls back to Russian), Russian otherwise."""
    if locale == "en":
        return en
    if locale == "be" and be:
        return be
    return ru


def dialect_index(name: str, *columns: str, dialect: str, **options: Any) -> Index:
    """An index created only on `dialect` (a plan that only that database needs)."""
    return Index(name, *columns, info={"only_on": dialect}, **options).ddl_if(dialect=dialect)


def migration_filter(dialect: str) -> Callable[..., bool]:
    """Alembic's `include_object` for `dialect`: indexes meant for another database are left out."""

    def include(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        only_on = getattr(obj, "info", {}).get("only_on") if type_ == "index" else None
        return only_on in (None, dialect)

    return include
