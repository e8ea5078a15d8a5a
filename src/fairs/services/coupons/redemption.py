"""One redemption (and one look-up) for every face (the API, `/scan`, `/redeem`, the QR's page `/c/{token}`).

`redeem` claims the idempotency key, redeems the coupon at most once and writes the scan row, success or
refusal, all in the caller's transaction: the face renders the `Redemption`, hands its body to
`keep_answer` (so a repeat of the request gets the same answer) and the request commits once.

Every refusal is raised before the redemption writes anything (the look-up and the checks only read; the
conditional UPDATE that decides between racing scans changes no row when it refuses; the audit and scan
rows come after it), so a refusal needs no savepoint: the claim and the refusal's scan row are written in
the same transaction. A savepoint cost a third of a redemption on SQLite (docs/performance.md);
`tests/api/test_redemption.py` checks that a refusal leaves nothing of the redemption behind.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from fairs.errors import DomainError
from fairs.models import Coupon, User
from fairs.services.coupons.idempotency import IdempotentAnswer, claim_key, store_answer
from fairs.services.coupons.pads import blank_by_ref
from fairs.services.coupons.scanlog import (
    ScanAttempt,
    lookup_scanned,
    record_scan,
    redeem_scanned,
    ref_key,
    scan_result_of_error,
)
from fairs.services.coupons.throttle import count_refusal
from fairs.services.coupons.view import CouponView


@dataclass(frozen=True)
class Redemption:
    """What one redeem request came to: `view`, the coupon redeemed now; or `refusal`, why not (now, or
    the first time, for a repeated key); or `first_body`, what the face answered when this key succeeded."""

    user_id: int
    key: str | None
    view: CouponView | None = None
    refusal: DomainError | None = None
    first_body: str | None = None
    repeated: bool = False  # a repeat of a request already answered: nothing was done now


def redeem(
    session: Session,
    *,
    actor: User,
    ref: str,
    redeemed_on: date | None = None,
    key: str | None = None,
    face: str,
) -> Redemption:
    """Redeem the coupon `ref` (a QR token or a short code) at most once, logging the scan.

    With an idempotency `key`, a repeat of the same request (`face` keeps the API's and the pages' keys
    apart) gets the first outcome back; the same key with another request is refused (422, raised). Never
    raises a refusal of the coupon: it is in `Redemption.refusal`. Never commits."""
    fingerprint = f"{face}|{ref_key(ref)}|{redeemed_on.isoformat() if redeemed_on else ''}"
    if key is not None:
        stored = claim_key(session, user_id=actor.id, key=key, fingerprint=fingerprint)
        if stored is not None:
            return _replayed(actor.id, key, stored)
    attempt = ScanAttempt(actor=actor, ref=ref, action="redeem")
    try:
        view = redeem_scanned(session, attempt=attempt, redeemed_on=redeemed_on)
    except DomainError as error:
        return Redemption(actor.id, key, refusal=refused(session, attempt=attempt, error=error))
    return Redemption(actor.id, key, view=view)


def keep_answer(session: Session, redemption: Redemption, *, body: str = "") -> None:
    """Keep what the face answered (`body`, for a success) so that a repeat of the request gets it again.

    A refusal is kept as its code, message and details, so every face renders it again in its own form."""
    if redemption.key is None or redemption.repeated:
        return
    if redemption.refusal is not None:
        error = redemption.refusal
        kept = {"code": error.code, "message": error.message, "extra": error.extra}
        answer = IdempotentAnswer(error.status, json.dumps(kept, ensure_ascii=False, default=str))
    else:
        answer = IdempotentAnswer(200, body)
    store_answer(session, user_id=redemption.user_id, key=redemption.key, answer=answer)


def _replayed(user_id: int, key: str, stored: IdempotentAnswer) -> Redemption:
    if stored.status < 400:
        return Redemption(user_id, key, first_body=stored.body, repeated=True)
    kept = json.loads(stored.body)  # as `keep_answer` wrote it (a key lives a day: no older shape is left)
    refusal = DomainError(kept["message"], code=kept["code"], status=stored.status, **kept["extra"])
    return Redemption(user_id, key, refusal=refusal, repeated=True)


@dataclass(frozen=True)
class LookUp:
    """What one look-up came to: `view`, the coupon; or `refusal`, why the caller may not see it."""

    view: CouponView | None = None
    refusal: DomainError | None = None


def look_up(session: Session, *, actor: User, ref: str) -> LookUp:
    """Find the coupon `ref` for `actor`, logging the look-up (success or refusal) in the caller's
    transaction. Never raises a refusal (nothing but the scan row is written, before or after it)."""
    attempt = ScanAttempt(actor=actor, ref=ref, action="lookup")
    try:
        return LookUp(view=lookup_scanned(session, attempt=attempt))
    except DomainError as error:
        return LookUp(refusal=refused(session, attempt=attempt, error=error))


@dataclass(frozen=True)
class BlankLookUp:
    """The blank a bind asked for: `coupon`; or `refusal`, why it cannot be bound."""

    coupon: Coupon | None = None
    refusal: DomainError | None = None


def find_blank(session: Session, *, actor: User, ref: str) -> BlankLookUp:
    """The blank `ref` for `actor` to bind (pads.bind_blank), a refused look-up logged like any other in
    the caller's transaction. Never raises a refusal of the code."""
    attempt = ScanAttempt(actor=actor, ref=ref, action="lookup")
    try:
        return BlankLookUp(coupon=blank_by_ref(session, actor=actor, ref=ref))
    except DomainError as error:
        return BlankLookUp(refusal=refused(session, attempt=attempt, error=error))


def refused(session: Session, *, attempt: ScanAttempt, error: DomainError) -> DomainError:
    """The answer to a refused scan, counted by the throttle and logged: the refusal, or 429 when the user
    has had too many refusals of late (then only the first such attempt is logged)."""
    result = scan_result_of_error(error)
    if result is None:
        return error
    counted = count_refusal(session, actor=attempt.actor)
    if counted.logged:
        record_scan(session, attempt=attempt, result=result)
    return counted.refusal or error
