"""Pads of blank coupons: print one for a booth, bind a blank at the stand, void the unused after the fair."""

from __future__ import annotations

import datetime as dt

from fastapi import status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from fairs.api.coupons import coupon_out
from fairs.api.deps import ApiOrganiser, ApiStaff, SessionDep
from fairs.api.problems import refusal
from fairs.api.routing import Router, short_unit
from fairs.api.schemas import CouponOut, Strict
from fairs.models import Coupon, CouponStatus
from fairs.services import coupons
from fairs.services.coupons import coupon_url, format_short_code

router = Router(prefix="/api/v1", tags=["pads"])


class PadIn(Strict):
    count: int = Field(default=coupons.PAD_DEFAULT_COUNT, ge=coupons.PAD_MIN_COUNT, le=coupons.PAD_MAX_COUNT)


class BlankOut(BaseModel):
    code: str
    code_display: str
    token: str
    url: str


class PadOut(BaseModel):
    id: int
    fair_id: int
    booth_id: int
    count: int
    created_at: dt.datetime
    blanks: list[BlankOut]


class BindIn(Strict):
    client_id: int
    organisation_id: int
    direction: str = Field(min_length=1, max_length=50)
    issued_on: dt.date | None = None  # after the fair only: the day written on the stub


class VoidOut(BaseModel):
    voided: int


def _blank_out(coupon: Coupon) -> BlankOut:
    return BlankOut(
        code=coupon.code,
        code_display=format_short_code(coupon.code),
        token=coupon.token,
        url=coupon_url(coupon.token),
    )


@router.post(
    "/fairs/{fair_id}/booths/{booth_id}/pads", response_model=PadOut, status_code=status.HTTP_201_CREATED
)
@short_unit
def create_pad(session: SessionDep, user: ApiOrganiser, fair_id: int, booth_id: int, body: PadIn) -> PadOut:
    """Create a pad of blank coupons for the booth (organisers), in one transaction."""
    pad = coupons.create_pad(session, actor=user, fair_id=fair_id, booth_id=booth_id, count=body.count)
    sheet = coupons.pad_sheet(session, actor=user, pad_id=pad.id)
    return PadOut(
        id=pad.id,
        fair_id=pad.fair_id,
        booth_id=pad.booth_id,
        count=pad.count,
        created_at=pad.created_at,
        blanks=[_blank_out(c) for c in sheet.blanks if c.status == CouponStatus.blank],
    )


@router.post("/coupons/{ref}/bind", response_model=CouponOut)
@short_unit
def bind(session: SessionDep, user: ApiStaff, ref: str, body: BindIn) -> CouponOut | JSONResponse:
    """Bind a blank coupon to a client, a direction and a receiving organisation: 409 `already_bound`."""
    found = coupons.find_blank(session, actor=user, ref=ref[:80])
    if found.refusal is not None:
        return refusal(found.refusal)  # answered, not raised: the refusal's scan row commits
    view = coupons.bind_blank(
        session,
        actor=user,
        coupon=found.coupon,
        client_id=body.client_id,
        organisation_id=body.organisation_id,
        direction=body.direction,
        issued_on=body.issued_on,
    )
    return coupon_out(view)


@router.post("/fairs/{fair_id}/pads/void", response_model=VoidOut)
@short_unit
def void_blanks(session: SessionDep, user: ApiOrganiser, fair_id: int) -> VoidOut:
    """After the fair, void every coupon of its pads still blank (organisers)."""
    return VoidOut(voided=coupons.void_blanks(session, actor=user, fair_id=fair_id))
