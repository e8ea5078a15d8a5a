"""Look-ups seen from the routes: a refused look-up is logged in a transaction of its own.

A refusal (a DomainError) rolls the request's work back; the scan row saying what the person was told must
stay, so it is written after the rollback and committed before the refusal is answered. Redemptions log
their scans themselves, in their own transaction (services/coupons/redemption.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session

from fairs.errors import DomainError
from fairs.models import User
from fairs.services import coupons
from fairs.services.coupons import ScanAttempt


def log_refusal(session: Session, attempt: ScanAttempt, error: DomainError) -> None:
    """Roll the request's work back, then write and commit the scan row of the refusal (if it is one)."""
    result = coupons.scan_result_of_error(error)
    session.rollback()
    if result is not None:
        coupons.record_scan(session, attempt=attempt, result=result)
        session.commit()


@contextmanager
def scanning(session: Session, *, actor: User, ref: str, action: str) -> Iterator[ScanAttempt]:
    """A lookup or redeem whose refusal is logged (and committed) before it propagates."""
    attempt = ScanAttempt(actor=actor, ref=ref, action=action)
    try:
        yield attempt
    except DomainError as error:
        log_refusal(session, attempt, error)
        raise
