"""Database errors without the values of the row or key that failed.

A failed statement's message is logged with the traceback of a 500. SQLAlchemy leaves the bound values out
(`hide_parameters`), but PostgreSQL's own message adds a detail line that repeats them: «Failing row
contains (…)» for a NOT NULL or CHECK violation (the whole row: a person's name, a phone number), «Key
(code)=(…) already exists» for a unique one. Every error of the driver keeps only its primary message;
the detail stays readable where code needs it (`error.diag.message_detail`), never in the text.
"""

from __future__ import annotations

from sqlalchemy import event, exc
from sqlalchemy.engine import Engine, ExceptionContext


def hide_values(error: BaseException) -> bool:
    """Reduce the driver's error to its primary message when the server sent a detail line with it: True
    when it did."""
    diag = getattr(error, "diag", None)  # psycopg's diagnostics; SQLite's messages carry no values
    if diag is None or not diag.message_detail or not diag.message_primary:
        return False
    error.args = (diag.message_primary,)
    return True


def _on_error(context: ExceptionContext) -> BaseException | None:
    # SQLAlchemy's own error has its text made already, from the driver's: made again from the reduced one.
    error = context.original_exception
    if context.sqlalchemy_exception is None or not hide_values(error):
        return None
    dialect = context.dialect
    return exc.DBAPIError.instance(
        context.statement,
        context.parameters,
        error,
        dialect.loaded_dbapi.Error,
        hide_parameters=True,
        connection_invalidated=context.is_disconnect,
        dialect=dialect,
    )


def install(engine: Engine) -> None:
    """Hide the values in every driver error raised through `engine`."""
    if not event.contains(engine, "handle_error", _on_error):
        event.listen(engine, "handle_error", _on_error, retval=True)
