"""The SQL that reads one coupon: what issuing needs in one row, a coupon with its names by QR token or
short code, a coupon row by id, token or code, a coupon with no client. Each function runs its statement
and hands back model objects or views; the hot ones are Core statements built once (`Precompiled`).

The rules (who may see what, what a refusal says) stay in `issue.py`, `reading.py` and `pads.py`; reads of
several coupons are in `coupon_lists.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import and_, bindparam
from sqlalchemy import select as core_select
from sqlmodel import Session, select

from fairs.db import WideSelect, detached
from fairs.db.precompiled import Precompiled
from fairs.models import (
    Booth,
    Client,
    Coupon,
    Direction,
    Fair,
    FairKind,
    Organisation,
    OrganisationDirection,
    Outcome,
    User,
    Visit,
)
from fairs.services.coupons.view import CouponView, effective_state

_T = {m.__name__: m.__table__ for m in (Booth, Client, Coupon, Direction, Fair, Organisation, Outcome, User)}
_OD, _VISIT = OrganisationDirection.__table__, Visit.__table__
_TARGET_T, _ISSUER_T = _T["Organisation"].alias("target"), _T["Organisation"].alias("issuer_t")
_C = _T["Coupon"].c

# Everything issuing needs, in one row: the booth and its fair and organisation, the client, the direction,
# the receiving organisation and whether it receives the direction, and the client's visit to the fair.
ISSUE_CONTEXT_COLUMNS = WideSelect(
    booth=_T["Booth"],
    fair=_T["Fair"],
    issuer=_ISSUER_T,
    client=[_T["Client"].c.id, _T["Client"].c.district_id, _T["Client"].c.code, _T["Client"].c.person_id],
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
        _T["Fair"].c.kind.label("fair_kind"),
        _REDEEMER_T.c.username.label("redeemer_username"),
        _REDEEMER_T.c.full_name.label("redeemer_full_name"),
    ],
)
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
COUPON_BY_TOKEN = Precompiled(core_select(_T["Coupon"]).where(_C.token == bindparam("ref")))
COUPON_BY_CODE = Precompiled(core_select(_T["Coupon"]).where(_C.code == bindparam("ref")))


@dataclass(slots=True)
class IssueRow:
    """What the issue context found, as objects: None (and `client_id` None) where nothing matched."""

    booth: Booth
    fair: Fair
    issuer: Organisation
    client_id: int | None
    client_district_id: int | None
    client_code: str | None
    person_id: int | None  # the client's
    direction: Direction | None
    target: Organisation | None
    receives: bool  # the target receives the direction
    has_visit: bool  # the client has a visit to the booth's fair


def issue_context(
    session: Session, *, booth_id: int, client_id: int, organisation_id: int, direction: str
) -> IssueRow | None:
    """The booth (None: no such booth) with everything issuing there to this client checks, in one row."""
    params = {
        "booth_id": booth_id,
        "client_id": client_id,
        "organisation_id": organisation_id,
        "code": direction,
    }
    row = ISSUE_CONTEXT.run(session, params).first()
    if row is None:
        return None
    q = ISSUE_CONTEXT_COLUMNS
    client = q.part(row, "client")
    direction_values, target_values = q.part(row, "direction"), q.part(row, "target")
    return IssueRow(
        booth=detached(Booth, q.part(row, "booth")),
        fair=detached(Fair, q.part(row, "fair")),
        issuer=detached(Organisation, q.part(row, "issuer")),
        client_id=client["id"],
        client_district_id=client["district_id"],
        client_code=client["code"],
        person_id=client["person_id"],
        direction=detached(Direction, direction_values) if direction_values["id"] is not None else None,
        target=detached(Organisation, target_values) if target_values["id"] is not None else None,
        receives=row.receives is not None,
        has_visit=row.visit_id is not None,
    )


def _view(row: object) -> CouponView | None:
    if row is None:
        return None
    q = VIEW_COLUMNS
    coupon = detached(Coupon, q.part(row, "coupon"))
    outcome = q.part(row, "outcome")
    return CouponView(
        coupon=coupon,
        direction=detached(Direction, q.part(row, "direction")),
        organisation=detached(Organisation, q.part(row, "organisation")),
        issuing_organisation=detached(Organisation, q.part(row, "issuer")),
        client_code=row.client_code,
        fair_date=row.fair_date,
        outcome=detached(Outcome, outcome) if outcome["id"] is not None else None,
        redeemed_by=row.redeemer_full_name or row.redeemer_username,
        state=effective_state(coupon),
        between=row.fair_kind == FairKind.between,
    )


def view_by_token(session: Session, token: str) -> CouponView | None:
    """The bound coupon with this QR token, with its names (None: none, or a blank of a pad)."""
    return _view(VIEW_BY_TOKEN.run(session, {"ref": token}).first())


def view_by_code(session: Session, code: str) -> CouponView | None:
    """The bound coupon with this (normalised) short code, with its names (None: none, or a blank)."""
    return _view(VIEW_BY_CODE.run(session, {"ref": code}).first())


def _coupon(row: object) -> Coupon | None:
    return detached(Coupon, dict(row._mapping)) if row is not None else None


def coupon_by_id(session: Session, coupon_id: int) -> Coupon:
    """The coupon as stored now (a detached object)."""
    return _coupon(COUPON_BY_ID.run(session, {"coupon_id": coupon_id}).one())


def coupon_by_token(session: Session, token: str) -> Coupon | None:
    """The coupon with this QR token, bound or not (a detached object)."""
    return _coupon(COUPON_BY_TOKEN.run(session, {"ref": token}).first())


def coupon_by_code(session: Session, code: str) -> Coupon | None:
    """The coupon with this (normalised) short code, bound or not (a detached object)."""
    return _coupon(COUPON_BY_CODE.run(session, {"ref": code}).first())


class UnboundCoupon(NamedTuple):
    """A coupon with no client (a blank of a pad, or a voided one): what a look-up says about it."""

    status: str
    district_id: int
    cancel_reason: str
    issuing_organisation_id: int  # the booth's, whose pad it is


def unbound_coupon(
    session: Session, *, token: str | None = None, code: str | None = None
) -> UnboundCoupon | None:
    """The coupon with no client that has this QR token (or else this normalised short code)."""
    key = Coupon.token == token if token is not None else Coupon.code == code
    found = session.exec(
        select(Coupon.status, Coupon.district_id, Coupon.cancel_reason, Coupon.issuing_organisation_id).where(
            key, Coupon.client_id.is_(None)
        )
    ).first()
    return UnboundCoupon(*found) if found is not None else None
