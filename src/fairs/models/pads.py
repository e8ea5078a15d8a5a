"""Pads of blank coupons: printed for a booth before the fair, each coupon bound at the stand later."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from fairs.models.base import utcnow


class Pad(SQLModel, table=True):
    """One printed pad: `count` blank coupons of a booth (they point back here by `coupon.pad_id`)."""

    id: int | None = Field(default=None, primary_key=True)
    district_id: int = Field(foreign_key="district.id", index=True)
    fair_id: int = Field(foreign_key="fair.id", index=True)
    booth_id: int = Field(foreign_key="booth.id", index=True)
    count: int
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
