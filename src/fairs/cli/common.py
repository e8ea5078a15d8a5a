"""What the `fairs` commands share: the schema check, domain refusals as red messages, tables."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

import fairs
from fairs.db import get_engine
from fairs.errors import DomainError


def alembic_ini() -> Path:
    return Path(fairs.__file__).resolve().parents[2] / "alembic.ini"


def safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def fail(message: str, code: int) -> typer.Exit:
    typer.secho(message, fg=typer.colors.RED, err=True)
    return typer.Exit(code)


@contextmanager
def domain_errors() -> Iterator[None]:
    """A refusal of the domain becomes a red message on stderr and exit code 2."""
    try:
        yield
    except DomainError as error:
        raise fail(error.message, 2) from None


def require_schema() -> None:
    if "user" not in inspect(get_engine()).get_table_names():
        raise fail("The database has no tables yet: run `fairs migrate` first.", 1)
