"""The SQL of the coupon hot paths (issue, redeem; also cancel, outcome, annul): Core statements built
once, and the functions that run the changes and hand back coupons.

Reused as they are, these skip the ORM's loading and unit of work and SQLAlchemy's per-call cache-key work:
a request costs a few statements (docs/performance.md). The rules stay in `issue.py`, `reading.py` and
`changes.py`; a change here returns whether it applied and leaves the coupon object carrying the stored
values.
"""

from __future__ import annotations

from sqlalchemy import and_, bindparam, update
from sqlalchemy import select as core_select
from sqlmodel import Session

from fairs.db import WideSelect, detached, set_loaded
from fairs.db.precompiled import Precompiled
from fairs.models import (
    Booth,
    Client,
    Coupon,
    CouponStatus,
    Direction,
    Fair,
    Organisation,
    OrganisationDirection,
    Outcome,
    User,
    Visit,
)

_T = {m.__name__: m.__table__ for m in (Booth, Client, Coupon, Direction, Fair, Organisation, Outcome, User)}
_OD, _VISIT = OrganisationDirection.__table__, Visit.__table__
_TARGET_T, _ISSUER_T = _T["Organisation"].alias("target"), _T["Organisation"].alias("issuer_t")
# Everything issuing needs, in one row: the booth and its fair and organisation, the client, the direction,
# the receiving organisation and whether it receives the direction, and the client's visit to the fair.
ISSUE_CONTEXT_COLUMNS = WideSelect(
    booth=_T["Booth"],
    fair=_T["Fair"],
    issuer=_ISSUER_T,
    client=[_T["Client"].c.id, _T["Client"].c.district_id, _T["Client"].c.code],
    direction=_T["Direction"],
    target=_TARGET_T,
    extra=[_OD.c.direction_id.label("receives"), _VISIT.c.id.label("visit_id")],
)
ISSUE_CONTEXT = Precompiled(
    core_select(*ISSUE_CONTEXT_COLUMNS.columns)
    .select_from(_T["Booth"])
    .join(_T["Fair"], _T["Fair"].c.id == _T["Booth"].c.fair_id)
    .join(_ISSUER_T, _ISSUER_T.c.id == _T["Booth"].c.organisation_id)
    .outerjoin(_T["Client"], _T["Client"].c.id == bindparam("client_id"))
    .outerjoin(_T["Direction"], _T["Direction"].c.code == bindparam("code"))
    .outerjoin(_TARGET_T, _TARGET_T.c.id == bindparam("organisation_id"))
    .outerjoin(
        _OD,
        and_(_OD.c.organisation_id == _TARGET_T.c.id, _OD.c.direction_id == _T["Direction"].c.id),
    )
    .outerjoin(_VISIT, and_(_VISIT.c.fair_id == _T["Fair"].c.id, _VISIT.c.client_id == _T["Client"].c.id))
    .where(_T["Booth"].c.id == bindparam("booth_id"))
)
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

_REDEEMER_T = _T["User"].alias("redeemer_t")
# A coupon with the names shown beside it, in one row (the API's answers; find_coupon_view).
VIEW_COLUMNS = WideSelect(
    coupon=_T["Coupon"],
    direction=_T["Direction"],
    organisation=_T["Organisation"],
    issuer=_ISSUER_T,
    outcome=_T["Outcome"],
    extra=[
        _T["Client"].c.code.label("client_code"),
        _T["Fair"].c.date.label("fair_date"),
        _REDEEMER_T.c.username.label("redeemer_username"),
        _REDEEMER_T.c.full_name.label("redeemer_full_name"),
    ],
)
_C = _T["Coupon"].c
_VIEW = (
    core_select(*VIEW_COLUMNS.columns)
    .select_from(_T["Coupon"])
    .join(_T["Direction"], _T["Direction"].c.id == _C.direction_id)
    .join(_T["Organisation"], _T["Organisation"].c.id == _C.organisation_id)
    .join(_ISSUER_T, _ISSUER_T.c.id == _C.issuing_organisation_id)
    .join(_T["Client"], _T["Client"].c.id == _C.client_id)
    .join(_T["Fair"], _T["Fair"].c.id == _C.fair_id)
    .outerjoin(_T["Outcome"], _T["Outcome"].c.id == _C.outcome_id)
    .outerjoin(_REDEEMER_T, _REDEEMER_T.c.id == _C.redeemed_by_id)
)
VIEW_BY_TOKEN = Precompiled(_VIEW.where(_C.token == bindparam("ref")))
VIEW_BY_CODE = Precompiled(_VIEW.where(_C.code == bindparam("ref")))
COUPON_BY_ID = Precompiled(core_select(_T["Coupon"]).where(_C.id == bindparam("coupon_id")))


def _set(*columns: str) -> dict:
    return {column: bindparam(f"b_{column}") for column in columns}


# Redemption is this one conditional UPDATE: of racing scans, exactly one finds the coupon still issued.
REDEEM = Precompiled(
    update(_T["Coupon"])
    .where(
        _C.id == bindparam("coupon_id"),
        _C.status == CouponStatus.issued.value,
        _C.expires_on >= bindparam("day"),
    )
    .values(_set("status", "redeemed_at", "redeemed_on", "redeemed_by_id"))
)
CANCEL = Precompiled(
    update(_T["Coupon"])
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
    update(_T["Coupon"])
    .where(_C.id == bindparam("coupon_id"), _C.status == CouponStatus.redeemed.value)
    .values(_set(*ANNULLED))
)
SET_OUTCOME = Precompiled(
    update(_T["Coupon"])
    .where(_C.id == bindparam("coupon_id"))
    .values(_set("outcome_id", "outcome_on", "outcome_by_id"))
)


def bound(values: dict) -> dict:
    # SET values go in as `b_<column>` parameters: SQLAlchemy keeps bare column names for itself.
    return {f"b_{key}": value for key, value in values.items()}


def coupon_by_id(session: Session, coupon_id: int) -> Coupon:
    """The coupon as stored now (a detached object)."""
    row = COUPON_BY_ID.run(session, {"coupon_id": coupon_id}).one()
    return detached(Coupon, dict(row._mapping))


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
