"""The scan log seen from the routes: a refused scan is logged in a transaction of its own.

A refusal (a DomainError) rolls the request's work back; the scan row saying what the person was told must
stay, so it is written after the rollback and committed before the refusal is answered. A success is logged
by the route itself, inside the transaction that redeems (conventions §6).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

from sqlmodel import Session

from fairs.errors import DomainError
from fairs.models import User
from fairs.services import coupons
from fairs.services.coupons import CouponView, IdempotentAnswer, ScanAttempt


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


def redeem_once(
    session: Session,
    *,
    actor: User,
    ref: str,
    redeemed_on: date | None,
    key: str | None,
    face: str,
    on_success: Callable[[CouponView], IdempotentAnswer],
    on_error: Callable[[DomainError], IdempotentAnswer],
) -> IdempotentAnswer:
    """Redeem, log the scan, and answer; with an idempotency key, a repeat of the request gets the first
    answer again (`face` keeps the API's and the page's keys apart). Commits; never raises a refusal."""
    fingerprint = f"{face}|{coupons.ref_key(ref)}|{redeemed_on.isoformat() if redeemed_on else ''}"
    if key is not None:
        stored = coupons.claim_key(session, user_id=actor.id, key=key, fingerprint=fingerprint)
        if stored is not None:
            session.commit()
            return stored
    attempt = ScanAttempt(actor=actor, ref=ref, action="redeem")
    try:
        view = coupons.redeem_scanned(session, attempt=attempt, redeemed_on=redeemed_on)
    except DomainError as error:
        log_refusal(session, attempt, error)
        answer = on_error(error)
        if key is not None:
            # A concurrent repeat may have claimed the key since the rollback: its answer is the first.
            stored = coupons.claim_key(session, user_id=actor.id, key=key, fingerprint=fingerprint)
            if stored is not None:
                session.commit()
                return stored
            coupons.store_answer(session, user_id=actor.id, key=key, answer=answer)
            session.commit()
        return answer
    answer = on_success(view)
    if key is not None:
        coupons.store_answer(session, user_id=actor.id, key=key, answer=answer)
    session.commit()
    return answer
