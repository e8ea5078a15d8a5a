"""Logging in with throttling: failed attempts are counted per typed username and per client address.

Five failures for a username within 15 minutes lock that username for the rest of the window, whether
or not the account exists, so the answer never tells which usernames are real; thirty failures from one
address lock the address. While locked, even the right password is refused and nothing is verified.

A browser that has logged in as the user before (its signed device cookie names the username with a
device id: `device`) is not held by those two locks, so a stranger cannot lock an organiser out of their
own browser on a fair day: its failures are counted against that device alone (five in the window lock
that browser), and they do not count towards the username's lock.

Outside demo mode a published demo password (README, `fairs demo`) never logs in, for any username: it is
refused before anything is looked up or verified (so the answer tells nothing about the account, and no
failure is counted), and the operator is pointed to `fairs users set-password`. Otherwise whoever logs in
first with a README password would choose the account's new one.
"""

from __future__ import annotations

import math
from datetime import timedelta

from sqlalchemy import delete, select, true
from sqlmodel import Session

from fairs.config import get_settings
from fairs.errors import DomainError
from fairs.i18n import _
from fairs.models import LoginFailure, User, utcnow
from fairs.services.accounts.passwords import is_published_demo_password
from fairs.services.accounts.users import authenticate

ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 30
WINDOW = timedelta(minutes=15)
KEEP = timedelta(days=1)


class TooManyAttempts(DomainError):
    """Login refused for a while after too many failures (429, with the seconds to wait)."""

    status = 429
    code = "too_many_attempts"


def username_key(username: str) -> str:
    """The username as the throttle (and a browser's device cookie) keys it."""
    return username.strip().lower()[:100]


def _check_not_locked(session: Session, *, username: str, ip: str, device: str | None) -> None:
    now = utcnow()
    since = now - WINDOW
    if device is None:
        limits = (
            (LoginFailure.username == username, LoginFailure.device.is_(None), ACCOUNT_LIMIT),
            (LoginFailure.ip == ip, true(), ADDRESS_LIMIT),
        )
    else:
        limits = ((LoginFailure.device == device, LoginFailure.username == username, ACCOUNT_LIMIT),)
    locks = []
    for key, also, limit in limits:
        recent = (
            select(LoginFailure.at)
            .where(key, also, LoginFailure.at >= since)
            .order_by(LoginFailure.at.desc())
            .offset(limit - 1)
            .limit(1)
        )
        # The limit-th newest failure in the window: the lock lifts when it leaves the window.
        oldest_counted = session.execute(recent).scalar_one_or_none()
        if oldest_counted is not None:
            locks.append(oldest_counted + WINDOW - now)
    if locks:
        seconds = max(1, math.ceil(max(locks).total_seconds()))
        raise TooManyAttempts(
            _("Too many failed attempts. Try again in %(minutes)d min.")
            % {"minutes": math.ceil(seconds / 60)},
            retry_after=seconds,
        )


class DemoPasswordRefused(DomainError):
    """Outside demo mode, a published demo password does not log in (403, the same for every username)."""

    status = 403
    code = "demo_password"


def refuse_demo_password(password: str) -> None:
    """Outside demo mode, refuse a published demo password before anything else."""
    if not get_settings().demo and is_published_demo_password(password):
        raise DemoPasswordRefused(
            _(
                "Demo passwords do not log in outside demo mode. The administrator sets a new password "
                "on the server with: fairs users set-password USERNAME"
            )
        )


def log_in(
    session: Session, *, username: str, password: str, ip: str, device: str | None = None
) -> User | None:
    """The user for these credentials; None (and a failure recorded) when wrong; TooManyAttempts when locked.

    `device`: the id the browser's device cookie holds for this username (it has logged in as this user
    before), or None. The caller commits in both the success and the failure case: the failure row must
    be kept. DemoPasswordRefused (outside demo mode) comes before any look-up and records nothing."""
    refuse_demo_password(password)
    key, address = username_key(username), (ip or "unknown")[:64]
    _check_not_locked(session, username=key, ip=address, device=device)
    user = authenticate(session, username=username, password=password)
    if user is None:
        now = utcnow()
        session.add(LoginFailure(username=key, ip=address, at=now, device=device))
        session.execute(delete(LoginFailure).where(LoginFailure.at < now - KEEP))
        return None
    session.execute(delete(LoginFailure).where(LoginFailure.username == key))
    return user
