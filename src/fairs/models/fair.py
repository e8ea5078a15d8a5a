"""Fairs and the booths partner organisations staff at them."""

from __future__ import annotations

import datetime as dt
import enum

from sqlmodel import Field, SQLModel, UniqueConstraint


class FairStatus(enum.StrEnum):
    """planned → open → closed, or cancelled."""

    planned = "planned"
    open = "open"
    closed = "closed"
    cancelled = "cancelled"


class FairKind(enum.StrEnum):
    """A fair, or an office day: the day's record of the coupons a district issued between fairs."""

    fair = "fair"
    between = "between"


class Fair(SQLModel, table=True):
    """One fair day of a district; held once it was opened. An office day (`kind` between) is no fair:
    it only gives the coupons issued between fairs on its date a fair to count by
    (services/schedule/office_days.py)."""

    __table_args__ = (UniqueConstraint("district_id", "date", "kind", name="uq_fair_district_date_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    district_id: int = Field(foreign_key="district.id", index=True)
    date: dt.date = Field(index=True)
    venue: str = Field(default="", max_length=300)
    starts_at: dt.time = Field(default=dt.time(9, 0))
    ends_at: dt.time = Field(default=dt.time(18, 0))
    status: str = Field(default=FairStatus.planned, max_length=20)
    opened_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    cancel_reason: str = Field(default="", max_length=500)
    kind: str = Field(default=FairKind.fair, max_length=20)


class Booth(SQLModel, table=True):
    """An organisation at a fair, with the staff present."""

    __table_args__ = (UniqueConstraint("fair_id", "organisation_id", name="uq_booth_fair_org"),)

    id: int | None = Field(default=None, primary_key=True)
    fair_id: int = Field(foreign_key="fair.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    staff: str = Field(default="", max_length=500)


class ClosedDay(SQLModel, table=True):
    """A day the district holds no fair (the inspection is closed, a local event): the schedule skips it."""

    __tablename__ = "closed_day"
    __table_args__ = (UniqueConstraint("district_id", "date", name="uq_closed_day_district_date"),)

    id: int | None = Field(default=None, primary_key=True)
    district_id: int = Field(foreign_key="district.id", index=True)
    date: dt.date
    reason: str = Field(max_length=200)
