"""Follow-up of unredeemed coupons: the organiser's marks that the client was contacted."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from fairs.models.base import utcnow


class FollowupContact(SQLModel, table=True):
    """One "contacted" mark on a coupon; `note` may hold personal data, so it is never logged."""

    __tablename__ = "followup_contact"

    id: int | None = Field(default=None, primary_key=True)
    coupon_id: int = Field(foreign_key="coupon.id", index=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    district_id: int = Field(foreign_key="district.id", index=True)
    contacted_on: date
    note: str = Field(default="", max_length=1000)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
