"""The database: engines (fairs.db.engine, SQLite's server set-up in fairs.db.sqlite), the request
lifecycle (fairs.db.lifecycle, imported by the web faces only) and row helpers (fairs.db.rows)."""

from __future__ import annotations

from fairs.db.engine import HIDE_PARAMETERS, get_engine, get_read_engine, lookup_connection, make_engine
from fairs.db.rows import WideSelect, detached, insert_unless_taken, set_loaded

__all__ = [
    "HIDE_PARAMETERS",
    "WideSelect",
    "detached",
    "get_engine",
    "get_read_engine",
    "insert_unless_taken",
    "lookup_connection",
    "make_engine",
    "set_loaded",
]
