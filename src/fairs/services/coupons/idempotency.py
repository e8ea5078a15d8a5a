"""Idempotency keys: the first answer to a request sent with a key is kept, and a repeat gets it again.

A key is claimed by inserting its row at the start of the request's transaction: a concurrent repeat waits
on the unique index (PostgreSQL) or on the writer queue (SQLite) and then finds the stored answer. Keys are
a user's own (the unique index is on user and key) and are forgotten after `TTL`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session

from fairs.errors import Conflict, Invalid
from fairs.i18n import _
from fairs.models import utcnow
from fairs.services.coupons import repository as sql

IDEMPOTENCY_TTL = timedelta(hours=24)
IDEMPOTENCY_KEY_PATTERN = r"^[\x20-\x7e]{1,64}$"  # 1 to 64 printable ASCII characters
_KEY_RE = re.compile(IDEMPOTENCY_KEY_PATTERN)


@dataclass(frozen=True)
class IdempotentAnswer:
    """A stored answer: HTTP status and body text."""

    status: int
    body: str


def valid_idempotency_key(key: str) -> bool:
    """True for 1 to 64 printable ASCII characters."""
    return bool(_KEY_RE.match(key))


def claim_key(session: Session, *, user_id: int, key: str, fingerprint: str) -> IdempotentAnswer | None:
    """Claim `key` for this request: None when it is new (answer, then `store`), else the first answer.

    The same key with another request (another fingerprint) is refused: 422 `idempotency_key_reused`."""
    if not valid_idempotency_key(key):
        raise Invalid(_("The idempotency key is not valid."), code="invalid_idempotency_key", status=422)
    # Opportunistic cleanup of this user's expired keys (an expired key is then simply new again).
    sql.forget_expired_keys(session, user_id=user_id, before=utcnow() - IDEMPOTENCY_TTL)
    values = {"user_id": user_id, "key": key, "fingerprint": fingerprint[:200], "status": 0, "body": ""}
    if sql.insert_key(session, {**values, "created_at": utcnow()}):
        return None
    row = sql.stored_key(session, user_id=user_id, key=key)
    if row.fingerprint != fingerprint[:200]:
        raise Invalid(
            _("This idempotency key was used for another request."), code="idempotency_key_reused", status=422
        )
    if row.status == 0:  # not reachable: a claim is committed only with its answer
        raise Conflict(_("The first request with this key is still running."), code="idempotency_in_progress")
    return IdempotentAnswer(row.status, row.body)


def store_answer(session: Session, *, user_id: int, key: str, answer: IdempotentAnswer) -> None:
    """Keep the answer of the request that claimed `key` (in its transaction)."""
    sql.store_key_answer(session, user_id=user_id, key=key, status=answer.status, body=answer.body)
