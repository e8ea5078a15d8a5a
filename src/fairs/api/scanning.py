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
from fairs.services import idempotency, scans
from fairs.services.coupons import CouponView
from fairs.services.idempotency import Answer
from fairs.services.scans import Attempt


def log_refusal(session: Session, attempt: Attempt, error: DomainError) -> None:
    """Roll the request's work back, then write and commit the scan row of the refusal (if it is one)."""
    result = scans.result_of_error(error)
    session.rollback()
    if result is not None:
        scans.record(session, attempt=attempt, result=result)
        session.commit()


@contextmanager
def scanning(session: Session, *, actor: User, ref: str, action: str) -> Iterator[Attempt]:
    """A lookup or redeem whose refusal is logged (and committed) before it propagates."""
    attempt = Attempt(actor=actor, ref=ref, action=action)
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
    on_success: Callable[[CouponView], Answer],
    on_error: Callable[[DomainError], Answer],
) -> Answer:
    """Redeem, log the scan, and answer; with an idempotency key, a repeat of the request gets the first
    answer again (`face` keeps the API's and the page's keys apart). Commits; never raises a refusal."""
    fingerprint = f"{face}|{scans.ref_key(ref)}|{redeemed_on.isoformat() if redeemed_on else ''}"
    if key is not None:
        stored = idempotency.claim(session, user_id=actor.id, key=key, fingerprint=fingerprint)
        if stored is not None:
            session.commit()
            return stored
    attempt = Attempt(actor=actor, ref=ref, action="redeem")
    try:
        view = scans.redeem(session, attempt=attempt, redeemed_on=redeemed_on)
    except DomainError as error:
        log_refusal(session, attempt, error)
        answer = on_error(error)
        if key is not None:
            # A concurrent repeat may have claimed the key since the rollback: its answer is the first.
            stored = idempotency.claim(session, user_id=actor.id, key=key, fingerprint=fingerprint)
            if stored is not None:
                session.commit()
                return stored
            idempotency.store(session, user_id=actor.id, key=key, answer=answer)
            session.commit()
        return answer
    answer = on_success(view)
    if key is not None:
        idempotency.store(session, user_id=actor.id, key=key, answer=answer)
    session.commit()
    return answer
