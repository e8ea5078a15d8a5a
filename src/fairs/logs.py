"""Logging without personal data or secrets: access-log lines lose query strings and coupon tokens.

A coupon's QR token is a capability (whoever has it can open the coupon), and a query string can carry
whatever a person typed into a search box; neither belongs in a log file that many people can read.
"""

from __future__ import annotations

import logging
import re

_TOKEN_PATH = re.compile(r"(/c/|/api/v1/coupons/)([A-Za-z0-9_-]{12,})")
ACCESS_LOGGER = "uvicorn.access"


def redact_path(path: str) -> str:
    """The path without its query string, coupon tokens shortened to their first four characters."""
    bare, has_query, _query = path.partition("?")
    bare = _TOKEN_PATH.sub(lambda m: f"{m.group(1)}{m.group(2)[:4]}…", bare)
    return bare + ("?…" if has_query else "")


class RedactAccessLog(logging.Filter):
    """uvicorn's access record has args (client, method, path, http version, status): redact the path."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact_path(args[2]), *args[3:])
        return True


def install() -> None:
    """Add the redacting filter to uvicorn's access logger (once)."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(existing, RedactAccessLog) for existing in logger.filters):
        logger.addFilter(RedactAccessLog())
