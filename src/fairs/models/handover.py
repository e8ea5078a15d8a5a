"""Handovers of a client to the district of their place of registration."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from fairs.models.base import utcnow


class Handover(SQLModel, table=True):
    """A client handed over, with consent, from one district to another: the client rows on both sides,
    the day it was made and the last day each side reads the other's history, when the receiving side
    acknowledged it, and what became of each open coupon (`coupons`: ids and outcomes, never personal data).
    """

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    from_district_id: int = Field(foreign_key="district.id", index=True)
    to_district_id: int = Field(foreign_key="district.id", index=True)
    from_client_id: int = Field(foreign_key="client.id")
    to_client_id: int = Field(foreign_key="client.id")
    made_on: date
    readable_until: date
    made_at: datetime = Field(default_factory=utcnow)
    made_by_id: int | None = Field(default=None, foreign_key="user.id")
    accepted_at: datetime | None = None
    accepted_by_id: int | None = Field(default=None, foreign_key="user.id")
    coupons: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
