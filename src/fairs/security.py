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


def create_access_token(user_id: int, *, generation: int = 0) -> str:
    """A signed bearer token for `user_id`, valid for the configured time and while the account's token
    generation (`User.token_generation`, bumped by a password change, "log out on every device" or a block)
    is still `generation`."""
    now = datetime.now(UTC)
    payload = {
        "sub": str(user_id),
        "gen": generation,
        "iat": now,
        "exp": now + timedelta(minutes=get_settings().token_ttl_minutes),
    }
    return jwt.encode(payload, secret_key(), algorithm=ALGORITHM)


def token_claims(token: str) -> tuple[int, int] | None:
    """The user id and token generation of a valid, unexpired token, else None.

    Whether the generation is still the account's is checked where the account is read (api/deps)."""
    try:
        user_id, generation, expires = _verified_claims(token, secret_key())
    except (jwt.PyJWTError, ValueError, KeyError, TypeError):
        return None
    return (user_id, generation) if expires > time.time() else None


@lru_cache(maxsize=4096)
def _verified_claims(token: str, key: str) -> tuple[int, int, float]:
    # A signature checked once stays good: verify each token once, its expiry on every use. Refusals
    # raise, so they are not cached. A token without a generation (made before there were any) is refused.
    payload = jwt.decode(token, key, algorithms=[ALGORITHM], options={"require": ["exp", "sub", "gen"]})
    generation = payload["gen"]
    if not isinstance(generation, int) or isinstance(generation, bool):
        raise TypeError("gen")
    return int(payload["sub"]), generation, float(payload["exp"])


# A browser's device cookie: which usernames it has logged in as, each with a random device id, signed.
DEVICE_AUDIENCE = "fairs-device"
DEVICE_TTL = timedelta(days=180)
DEVICES_KEPT = 10  # a shared office PC: the last ten users who logged in on it


def device_cookie(devices: dict[str, str]) -> str:
    """The signed device cookie naming `devices` (username → device id), valid for DEVICE_TTL."""
    now = datetime.now(UTC)
    kept = dict(list(devices.items())[-DEVICES_KEPT:])
    payload = {"aud": DEVICE_AUDIENCE, "d": kept, "iat": now, "exp": now + DEVICE_TTL}
    return jwt.encode(payload, secret_key(), algorithm=ALGORITHM)


def devices_of(cookie: str | None) -> dict[str, str]:
    """The usernames and device ids of a valid device cookie; empty when there is none or it is not ours."""
    if not cookie or len(cookie) > 4096:
        return {}
    try:
        payload = jwt.decode(cookie, secret_key(), algorithms=[ALGORITHM], audience=DEVICE_AUDIENCE)
    except jwt.PyJWTError:
        return {}
    devices = payload.get("d")
    if not isinstance(devices, dict):
        return {}
    return {k: v for k, v in devices.items() if isinstance(k, str) and isinstance(v, str) and len(v) <= 32}


def new_device_id() -> str:
    """A random id for a browser's device cookie (22 characters)."""
    return secrets.token_urlsafe(16)


def new_csrf_token() -> str:
    """A random per-session CSRF token."""
    return secrets.token_urlsafe(32)


def csrf_matches(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison of the session's CSRF token with the submitted one."""
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))
