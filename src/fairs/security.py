"""Bearer tokens for the JSON API and CSRF tokens for forms, both signed with the secret key."""

from __future__ import annotations

import hmac
import secrets
import time
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import jwt

from fairs.config import get_settings

ALGORITHM = "HS256"


@lru_cache
def secret_key() -> str:
    """The process's secret key (from settings or the local key file)."""
    return get_settings().resolved_secret_key()


def create_access_token(user_id: int) -> str:
    """A signed bearer token for `user_id`, valid for the configured time."""
    now = datetime.now(UTC)
    payload = {
        "sub": str(user_id),
        "iat": now,
        "exp": now + timedelta(minutes=get_settings().token_ttl_minutes),
    }
    return jwt.encode(payload, secret_key(), algorithm=ALGORITHM)


def user_id_from_token(token: str) -> int | None:
    """The user id in a valid, unexpired token, else None."""
    try:
        user_id, expires = _verified_claims(token, secret_key())
    except (jwt.PyJWTError, ValueError, KeyError, TypeError):
        return None
    return user_id if expires > time.time() else None


@lru_cache(maxsize=4096)
def _verified_claims(token: str, key: str) -> tuple[int, float]:
    # A signature checked once stays good: verify each token once, its expiry on every use. Refusals
    # raise, so they are not cached.
    payload = jwt.decode(token, key, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]})
    return int(payload["sub"]), float(payload["exp"])


def new_csrf_token() -> str:
    """A random per-session CSRF token."""
    return secrets.token_urlsafe(32)


def csrf_matches(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison of the session's CSRF token with the submitted one."""
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))
