"""Logging without personal data or secrets: one redaction rule for every log line.

A coupon's QR token is a capability (whoever has it can open the coupon), a short code or a client code
points at a person, an export job's token opens a workbook, and a query string can carry whatever a person
typed into a search box; none of them belongs in a log file that many people can read. The rule: the path
segment after `/c/`, `/coupons/`, `/by-code/` and `/jobs/` is replaced by `…`, and so is the value of a
`code=`, `ref=`, `token=` or `q=` parameter; an access-log path loses its whole query string.

It is applied where every record is made (`logging.setLogRecordFactory`), so uvicorn's access and error
lines, ours (`fairs.*`) and the libraries' are redacted alike, whatever handlers the server configured.
"""

from __future__ import annotations

import logging
import re
from typing import Any

# A token, a coupon's short code, a client code or an export job's token follows these segments.
_SECRET_SEGMENT = re.compile(r"(/(?:c|coupons|by-code|jobs)/)(?!…)[^/?#\s\"'<>]+")
_SECRET_PARAMETER = re.compile(r"([?&;](?:code|ref|token|q)=)(?!…)[^&#\s\"'<>]*")
ACCESS_LOGGER = "uvicorn.access"
HIDDEN = "…"


def redact(text: str) -> str:
    """`text` with every token or code that follows a secret-bearing path segment or parameter hidden."""
    if "/" not in text and "=" not in text:
        return text
    text = _SECRET_SEGMENT.sub(lambda m: m.group(1) + HIDDEN, text)
    return _SECRET_PARAMETER.sub(lambda m: m.group(1) + HIDDEN, text)


def redact_path(path: str) -> str:
    """A request path for the access log: redacted, its query string (if any) reduced to `?…`."""
    bare, has_query, _query = path.partition("?")
    return redact(bare) + ("?" + HIDDEN if has_query else "")


def _redact_record(record: logging.LogRecord) -> None:
    args = record.args
    if record.name == ACCESS_LOGGER and isinstance(args, tuple) and len(args) >= 3:
        # uvicorn's access formatter reads the args: (client, method, path with query, version, status).
        path = args[2]
        record.args = (*args[:2], redact_path(path) if isinstance(path, str) else path, *args[3:])
        return
    try:
        message = record.getMessage()
    except (TypeError, ValueError):  # a malformed record: logging reports it when it is handled
        return
    if message != (redacted := redact(message)):
        record.msg, record.args = redacted, ()


def _redacting(factory: Any) -> Any:
    def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        _redact_record(record)
        return record

    make_record.redacts = True  # type: ignore[attr-defined]
    return make_record


def install() -> None:
    """Redact every log record made from now on in this process (once)."""
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "redacts", False):
        logging.setLogRecordFactory(_redacting(factory))
