"""Pages: a write form sent again with its key gets the first answer again and writes nothing.

Each rendered write form carries a fresh random key (`fresh_key`, a hidden `idempotency_key` input). A
double tap, or a retry after the network failed on the way back, sends the same key: the route answers
what it answered the first time. The keys are the JSON API's (`services/coupons/idempotency.py`: one row
per user and key, claimed in the request's transaction, kept 24 h); pages fingerprint their requests with
their own `page|` prefix. A refused form rolls back, its claim with it: sent again, it is asked again.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import Response
from sqlmodel import Session

from fairs.models import User
from fairs.services import coupons
from fairs.templating import templates

FormKey = Annotated[str, Form(max_length=64)]
# What a replayed answer needs besides its status and body (never cookies: the session is the caller's).
_KEPT_HEADERS = ("content-type", "location", "hx-redirect", "hx-reswap", "vary", "retry-after")


def fresh_key() -> str:
    """A new random key for one rendered form (128 bits)."""
    return secrets.token_urlsafe(16)


templates.env.globals["fresh_key"] = fresh_key


def _fingerprint(request: Request, typed: dict[str, Any]) -> str:
    what = json.dumps(typed, sort_keys=True, default=str, ensure_ascii=False)
    return "page|" + hashlib.sha256(f"{request.url.path}|{what}".encode()).hexdigest()


def answered_before(
    request: Request, session: Session, user: User, key: str, typed: dict[str, Any]
) -> Response | None:
    """With the form's `key`: None when it is new (claimed now: answer, then `kept`), else the first
    answer again. The same key with other values is refused (422 `idempotency_key_reused`)."""
    if not key:
        return None
    stored = coupons.claim_key(session, user_id=user.id, key=key, fingerprint=_fingerprint(request, typed))
    if stored is None:
        return None
    kept = json.loads(stored.body)
    return Response(kept["body"], status_code=stored.status, headers=kept["headers"])


def kept(session: Session, user: User, key: str, answer: Response) -> Response:
    """`answer`, kept for a repeat of the request that claimed `key` (nothing to keep without a key)."""
    if key:
        headers = {name: value for name, value in answer.headers.items() if name in _KEPT_HEADERS}
        body = json.dumps({"body": bytes(answer.body).decode(), "headers": headers}, ensure_ascii=False)
        stored = coupons.IdempotentAnswer(answer.status_code, body)
        coupons.store_answer(session, user_id=user.id, key=key, answer=stored)
    return answer
