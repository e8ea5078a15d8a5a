"""Throttling refused coupon look-ups, redeems and binds, per user, across every app process.

A scraper with one partner's token could try hundreds of codes a second, each a scan row that inflates
the committee's count of failed scans. Each refusal of a scan (an unknown, mistyped, refused code) is
counted in `scan_failure`; once `scan_failure_limit` of them fall within `scan_failure_window_seconds`,
the next refused attempts are answered 429 with the seconds to wait, instead of the refusal. Only the
first of them is written to the scan log; the rest write nothing. A successful look-up or redeem never
reaches this module: the success path runs no statement of it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlmodel import Session

from fairs.config import get_settings
from fairs.errors import DomainError
from fairs.i18n import _
from fairs.models import ScanFailure, User, utcnow


class TooManyScans(DomainError):
    """Too many refused look-ups or redeems of late: try again in `retry_after` seconds (429)."""

    status = 429
    code = "too_many_attempts"


@dataclass(frozen=True)
class Counted:
    """What one refused scan came to: `refusal`, the 429 to answer instead (None: answer the refusal);
    `logged`, whether its scan row is written (every refusal, and the first attempt of a window refused)."""

    refusal: TooManyScans | None
    logged: bool


def count_refusal(session: Session, *, actor: User) -> Counted:
    """Count one refused scan of `actor` in the caller's transaction; say whether it is over the limit."""
    settings = get_settings()
    now = utcnow()
    window = timedelta(seconds=settings.scan_failure_window_seconds)
    since = now - window
    counted = ScanFailure.throttled.is_(False)
    failures, oldest, marked = session.execute(
        select(
            func.count(ScanFailure.id).filter(counted),
            func.min(ScanFailure.at).filter(counted),
            func.count(ScanFailure.id).filter(ScanFailure.throttled.is_(True)),
        ).where(ScanFailure.user_id == actor.id, ScanFailure.at >= since)
    ).one()
    if failures < settings.scan_failure_limit:
        session.add(ScanFailure(user_id=actor.id, at=now))
        if failures == 0:  # the first of a window: what is older is of no more use
            session.execute(
                delete(ScanFailure).where(ScanFailure.user_id == actor.id, ScanFailure.at < since)
            )
        return Counted(None, logged=True)
    # The limit lifts when the oldest failure of the window leaves it.
    seconds = max(
        1, math.ceil((oldest + timedelta(seconds=settings.scan_failure_window_seconds) - now).total_seconds())
    )
    refusal = TooManyScans(
        _("Too many unknown or refused codes in a row. Try again in %(minutes)d min.")
        % {"minutes": math.ceil(seconds / 60)},
        retry_after=seconds,
    )
    if marked:
        return Counted(refusal, logged=False)
    session.add(ScanFailure(user_id=actor.id, at=now, throttled=True))
    return Counted(refusal, logged=True)
