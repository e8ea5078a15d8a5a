"""The SQL that changes coupons (issue, redeem; also bind, cancel, outcome, annul, void) and claims the
idempotency keys of the redemption path: Core statements built once, and the functions that run them.

Reused as they are, these skip the ORM's loading and unit of work and SQLAlchemy's per-call cache-key work:
a request costs a few statements (docs/performance.md). The rules stay in `issue.py`, `changes.py`,
`pads.py`, `pad_void.py` and `idempotency.py`; a change here returns whether it applied (and leaves the
coupon object carrying the stored values). The reads are in `coupon_reads.py` and `coupon_lists.py`.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, delete, update
from sqlalchemy import select as core_select
from sqlmodel import Session

from fairs.db import detached, insert_unless_taken, set_loaded
from fairs.db.precompiled import Precompiled
from fairs.models import Coupon, CouponStatus, IdempotencyKey
from fairs.services.coupons.coupon_reads import COUPON_BY_ID

_COUPONS = Coupon.__table__
_C = _COUPONS.c
# The columns a coupon has before it is redeemed, cancelled or given an outcome.
NOT_YET = {
    "redeemed_at": None,
    "redeemed_on": None,
    "redeemed_by_id": None,
    "outcome_id": None,
    "outcome_on": None,
    "outcome_by_id": None,
    "cancelled_at": None,
    "cancelled_by_id": None,
    "cancel_reason": "",
}


def _set(*columns: str) -> dict:
    return {column: bindparam(f"b_{column}") for column in columns}


# Redemption is this one conditional UPDATE: of racing scans, exactly one finds the coupon still issued.
REDEEM = Precompiled(
    update(_COUPONS)
    .where(
        _C.id == bindparam("coupon_id"),
        _C.status == CouponStatus.issued.value,
        _C.expires_on >= bindparam("day"),
    )
    .values(_set("status", "redeemed_at", "redeemed_on", "redeemed_by_id"))
)
CANCEL = Precompiled(
    update(_COUPONS)
    .where(_C.id == bindparam("coupon_id"), _C.status == CouponStatus.issued.value)
    .values(_set("status", "cancelled_at", "cancelled_by_id", "cancel_reason"))
)
# Annulling a redemption made in error: the coupon is issued again, its redemption and outcome cleared.
ANNULLED = {
    "status": CouponStatus.issued.value,
    "redeemed_at": None,
    "redeemed_on": None,
    "redeemed_by_id": None,
    "outcome_id": None,
    "outcome_on": None,
    "outcome_by_id": None,
}
ANNUL = Precompiled(
    update(_COUPONS)
    .where(_C.id == bindparam("coupon_id"), _C.status == CouponStatus.redeemed.value)
    .values(_set(*ANNULLED))
)
SET_OUTCOME = Precompiled(
    update(_COUPONS)
    .where(_C.id == bindparam("coupon_id"))
    .values(_set("outcome_id", "outcome_on", "outcome_by_id"))
)

# Binding a blank of a pad: of two people binding the same stub, exactly one finds it still blank.
BIND = Precompiled(
    update(_COUPONS)
    .where(_C.id == bindparam("coupon_id"), _C.status == CouponStatus.blank.value)
    .values(
        _set(
            "status",
            "client_id",
            "person_id",
            "organisation_id",
            "direction_id",
            "issued_on",
            "expires_on",
            "issued_at",
            "issued_by_id",
            "back_entered",
        )
    )
)
# After a fair: every coupon of its pads still blank is cancelled (voided).
VOID_BLANKS = Precompiled(
    update(_COUPONS)
    .where(_C.fair_id == bindparam("of_fair"), _C.status == CouponStatus.blank.value, _C.pad_id.is_not(None))
    .values(
        status=CouponStatus.cancelled.value,
        cancelled_at=bindparam("at"),
        cancelled_by_id=bindparam("by"),
        cancel_reason=bindparam("reason"),
    )
)


def bound(values: dict) -> dict:
    # SET values go in as `b_<column>` parameters: SQLAlchemy keeps bare column names for itself.
    return {f"b_{key}": value for key, value in values.items()}


def reload(session: Session, coupon: Coupon) -> None:
    """Read the coupon's stored columns again into `coupon` (after a change that did not apply)."""
    row = COUPON_BY_ID.run(session, {"coupon_id": coupon.id}).one()
    set_loaded(coupon, dict(row._mapping))


def _changed(
    session: Session, statement: Precompiled, coupon: Coupon, values: dict, **params: object
) -> bool:
    applied = statement.run(session, {"coupon_id": coupon.id, **params, **bound(values)}).rowcount == 1
    if applied:
        set_loaded(coupon, values)
    return applied


def redeem(session: Session, coupon: Coupon, values: dict, *, day: object) -> bool:
    """The conditional UPDATE of a redemption: True when this request redeemed the coupon."""
    return _changed(session, REDEEM, coupon, values, day=day)


def cancel(session: Session, coupon: Coupon, values: dict) -> bool:
    """Cancel the coupon if it is still issued: True when it was."""
    return _changed(session, CANCEL, coupon, values)


def annul(session: Session, coupon: Coupon) -> bool:
    """Issue the coupon again if it is redeemed (its redemption and outcome cleared): True when it was."""
    return _changed(session, ANNUL, coupon, ANNULLED)


def set_outcome(session: Session, coupon: Coupon, values: dict) -> None:
    """Record the outcome columns of a redeemed coupon."""
    _changed(session, SET_OUTCOME, coupon, values)


def insert(session: Session, values: dict) -> Coupon | None:
    """Insert a coupon from all its column values: None when its short code is taken (the index decides)."""
    inserted = insert_unless_taken(session, _COUPONS, ("code",)).run(session, values).first()
    return detached(Coupon, {"id": inserted.id, **values}) if inserted is not None else None


def bind(session: Session, coupon_id: int, values: dict) -> bool:
    """Bind a blank to a client, direction and organisation if it is still blank: True when it was."""
    return BIND.run(session, {"coupon_id": coupon_id, **bound(values)}).rowcount == 1


def void_blanks(session: Session, *, fair_id: int, at: datetime, by_id: int, reason: str) -> int:
    """Cancel the coupons of the fair's pads still blank, with `reason`: how many."""
    return VOID_BLANKS.run(session, {"of_fair": fair_id, "at": at, "by": by_id, "reason": reason}).rowcount


# Idempotency keys (the redemption path's claims): a user's key and the first answer to it.
_KEYS = IdempotencyKey.__table__
_K = _KEYS.c
# Parameters are not named after columns: an UPDATE would take those for values to SET.
FORGET_EXPIRED_KEYS = Precompiled(
    delete(_KEYS).where(_K.user_id == bindparam("of_user"), _K.created_at < bindparam("before"))
)
KEY_ANSWER = Precompiled(
    core_select(_K.fingerprint, _K.status, _K.body).where(
        _K.user_id == bindparam("of_user"), _K.key == bindparam("of_key")
    )
)
STORE_KEY_ANSWER = Precompiled(
    update(_KEYS)
    .where(_K.user_id == bindparam("of_user"), _K.key == bindparam("of_key"))
    .values(_set("status", "body"))
)


class StoredKey(NamedTuple):
    """A claimed key's request (its fingerprint) and answer (status 0: none stored yet)."""

    fingerprint: str
    status: int
    body: str


def forget_expired_keys(session: Session, *, user_id: int, before: datetime) -> None:
    """Delete the user's keys created before `before`."""
    FORGET_EXPIRED_KEYS.run(session, {"of_user": user_id, "before": before})


def insert_key(session: Session, values: dict) -> bool:
    """Insert a key row from all its column values: False when the user holds that key already."""
    return insert_unless_taken(session, _KEYS, ("user_id", "key")).run(session, values).first() is not None


def stored_key(session: Session, *, user_id: int, key: str) -> StoredKey:
    """The user's claimed key as stored."""
    return StoredKey(*KEY_ANSWER.run(session, {"of_user": user_id, "of_key": key}).one())


def store_key_answer(session: Session, *, user_id: int, key: str, status: int, body: str) -> None:
    """Keep the answer (HTTP status, body text) of the request that claimed the user's key."""
    STORE_KEY_ANSWER.run(
        session, {"of_user": user_id, "of_key": key, **bound({"status": status, "body": body})}
    )
