"""What the `fairs` commands share: the schema check, domain refusals as red messages, tables."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from fairs.db import get_engine
from fairs.errors import DomainError
from fairs.i18n import _


def run_migrations() -> None:
    """`alembic upgrade head` on the configured database, with the scripts shipped in the package."""
    from alembic.command import upgrade

    from fairs.config import get_settings
    from fairs.migrations import alembic_config

    url = get_settings().database_url
    upgrade(alembic_config(url), "head")
    typer.echo(_("Database is up to date: %(url)s") % {"url": safe_url(url)})


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
        raise fail(_("The database has no tables yet: run `fairs migrate` first."), 1)
