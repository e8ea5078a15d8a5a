"""Coupons by token or short code: read, redeem, outcome, cancel."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body
from sqlmodel import Session

from fairs.api.deps import ApiStaff, SessionDep
from fairs.api.schemas import CouponOut, OutcomeIn, Page, ReasonIn, RedeemIn
from fairs.db import run_unit
from fairs.models import Coupon
from fairs.services import coupons
from fairs.services.codes import format_short_code
from fairs.services.coupons import CouponView

router = APIRouter(prefix="/api/v1/coupons", tags=["coupons"])


def coupon_out(v: CouponView) -> CouponOut:
    """The API form of a coupon."""
    c = v.coupon
    return CouponOut(
        id=c.id,
        token=c.token,
        code=c.code,
        code_display=format_short_code(c.code),
        url=v.url,
        status=v.state,
        direction=v.direction.code,
        organisation_id=c.organisation_id,
        organisation=v.organisation.name,
        issuing_organisation_id=c.issuing_organisation_id,
        client_code=v.client_code,
        fair_date=v.fair_date,
        issued_on=c.issued_on,
        expires_on=c.expires_on,
        back_entered=c.back_entered,
        redeemed_on=c.redeemed_on,
        redeemed_at=c.redeemed_at,
        redeemed_by=v.redeemed_by,
        outcome=v.outcome.code if v.outcome else None,
        outcome_on=c.outcome_on,
        cancel_reason=c.cancel_reason or None,
    )


def commit_and_answer(session: Session, view: CouponView) -> CouponOut:
    """Build the answer inside the transaction, then commit: one lock acquisition per request on SQLite."""
    out = coupon_out(view)
    session.commit()
    return out


def commit_and_return(session: Session, coupon: Coupon) -> CouponOut:
    """The same for a coupon whose names are still to be read."""
    return commit_and_answer(session, coupons.view(session, coupon))


@router.get("", response_model=Page[CouponOut])
def list_coupons(
    session: SessionDep,
    user: ApiStaff,
    fair_id: int | None = None,
    client_id: int | None = None,
    page: int = 1,
    per_page: int = 50,
) -> Page[CouponOut]:
    """A page of coupons the user may see, newest first."""
    page, per_page = max(page, 1), min(max(per_page, 1), 200)
    rows, total = coupons.list_coupons(
        session, actor=user, fair_id=fair_id, client_id=client_id, page=page, per_page=per_page
    )
    items = [coupon_out(v) for v in coupons.views(session, rows)]
    return Page[CouponOut](items=items, total=total, page=page, per_page=per_page)


@router.get("/{ref}", response_model=CouponOut)
def get_coupon(session: SessionDep, user: ApiStaff, ref: str) -> CouponOut:
    """A coupon by its QR token or its short code (hyphens and case do not matter)."""
    return coupon_out(coupons.view(session, coupons.find_coupon(session, actor=user, ref=ref[:80])))


@router.post("/{ref}/redeem", response_model=CouponOut)
async def redeem(
    session: SessionDep, user: ApiStaff, ref: str, body: Annotated[RedeemIn | None, Body()] = None
) -> CouponOut:
    """Redeem the coupon: 200 now, 409 already redeemed, 410 expired or cancelled, 403, 404."""

    def work() -> CouponOut:
        redeemed_on = body.redeemed_on if body else None
        view = coupons.redeem_by_ref(session, actor=user, ref=ref[:80], redeemed_on=redeemed_on)
        return commit_and_answer(session, view)

    return await run_unit(session, work)


@router.post("/{ref}/outcome", response_model=CouponOut)
def outcome(session: SessionDep, user: ApiStaff, ref: str, body: OutcomeIn) -> CouponOut:
    """Record the outcome of a redeemed coupon."""
    coupon = coupons.find_coupon(session, actor=user, ref=ref[:80])
    coupons.record_outcome(session, actor=user, coupon=coupon, outcome=body.outcome, day=body.date)
    return commit_and_return(session, coupon)


@router.post("/{ref}/cancel", response_model=CouponOut)
def cancel(session: SessionDep, user: ApiStaff, ref: str, body: ReasonIn) -> CouponOut:
    """Cancel an unredeemed coupon (organisers), with a reason."""
    coupon = coupons.find_coupon(session, actor=user, ref=ref[:80])
    coupons.cancel_coupon(session, actor=user, coupon=coupon, reason=body.reason)
    return commit_and_return(session, coupon)
