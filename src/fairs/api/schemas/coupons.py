"""Bodies of the coupons API."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from fairs.api.schemas.base import Strict


class CouponIn(Strict):
    client_id: int
    organisation_id: int
    direction: str = Field(min_length=1, max_length=50)
    confirm_duplicate: bool = Field(
        False,
        description="Issue although the client holds a valid coupon for this direction and organisation.",
    )


class BetweenCouponIn(Strict):
    organisation_id: int
    direction: str = Field(min_length=1, max_length=50)
    issuing_organisation_id: int | None = Field(
        None, description="The organisation the coupon is issued from (default: the receiving one)."
    )
    confirm_duplicate: bool = Field(
        False,
        description="Issue although the client holds a valid coupon for this direction and organisation.",
    )


class BatchItemIn(Strict):
    organisation_id: int
    direction: str = Field(min_length=1, max_length=50)


class CouponBatchIn(Strict):
    client_id: int
    items: list[BatchItemIn] = Field(min_length=1, max_length=20)
    confirm_duplicate: bool = Field(
        False, description="Issue every item even where the client holds a valid coupon like it."
    )


class RedeemIn(Strict):
    redeemed_on: dt.date | None = None


class OutcomeIn(Strict):
    outcome: str = Field(min_length=1, max_length=50)
    date: dt.date | None = None
    # «not hired» / «not eligible» only (400 `nonhire_reason_required`, `nonhire_not_applicable`): a reason
    # code (GET /api/v1/nonhire-reasons), the employer (an organisation's id or a name; neither: the
    # receiving organisation) and the profession; texts at most 200 characters once spaces are collapsed.
    reason: str | None = Field(default=None, max_length=50)
    employer: str | None = Field(default=None, max_length=1000)
    employer_organisation_id: int | None = None
    profession: str | None = Field(default=None, max_length=1000)


class CouponOut(BaseModel):
    id: int
    token: str
    code: str
    code_display: str
    url: str
    status: str
    direction: str
    organisation_id: int
    organisation: str
    issuing_organisation_id: int
    client_code: str
    fair_date: dt.date
    # Issued between fairs (from the client's page): `fair_date` is then the day of issue, held no fair.
    between_fairs: bool = False
    issued_on: dt.date
    expires_on: dt.date
    back_entered: bool
    redeemed_on: dt.date | None = None
    redeemed_at: dt.datetime | None = None
    redeemed_by: str | None = None
    outcome: str | None = None
    outcome_on: dt.date | None = None
    # Why a job fell through (the receiver's side; only with «not hired» / «not eligible»).
    nonhire_reason: str | None = None
    employer: str | None = None
    employer_organisation_id: int | None = None
    profession: str | None = None
    cancel_reason: str | None = None
    # A code typed with the Russian keyboard layout on, read key by key (services/coupons/codes.py).
    layout_converted: bool = False
    note: str | None = None


class CouponBatchOut(BaseModel):
    coupons: list[CouponOut]
