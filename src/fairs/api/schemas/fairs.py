"""Bodies of the fairs API: fairs, the schedule, closed days, defaults, booths."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from fairs.api.schemas.base import Strict


class FairIn(Strict):
    date: dt.date
    venue: str = Field(default="", max_length=300)
    starts_at: dt.time = dt.time(9, 0)
    ends_at: dt.time = dt.time(18, 0)
    # Required to plan a fair on a public holiday or a closed day of the district.
    confirm: bool = False


class FairMoveIn(Strict):
    date: dt.date
    venue: str | None = Field(default=None, max_length=300)
    # Required to move a fair onto a public holiday or a closed day of the district.
    confirm: bool = False


class ClosedDayIn(Strict):
    date: dt.date
    reason: str = Field(min_length=1, max_length=200)


class ClosedDayOut(BaseModel):
    id: int
    date: dt.date
    reason: str


class ScheduleIn(Strict):
    year: int = Field(ge=2000, le=2100)
    venue: str = Field(default="", max_length=300)


class ReasonIn(Strict):
    reason: str = Field(min_length=1, max_length=500)


class FairOut(BaseModel):
    id: int
    date: dt.date
    venue: str
    starts_at: dt.time
    ends_at: dt.time
    status: str
    held: bool
    # The holiday second Monday the schedule moved this fair off (to the next working day), if any.
    shifted_from: dt.date | None = None
    # Why: the holiday's name or the district's closed day's reason.
    shift_reason: str | None = None
    # A past fair never opened: it was not held.
    not_held: bool = False


class FairOpenIn(Strict):
    # Required to open a fair dated another day than today (back-entering a past fair day).
    confirm: bool = False


class FairDefaultsIn(Strict):
    venue: str = Field(default="", max_length=300)
    starts_at: dt.time = dt.time(9, 0)
    ends_at: dt.time = dt.time(18, 0)


class FairDefaultsOut(BaseModel):
    district_id: int
    venue: str
    starts_at: dt.time
    ends_at: dt.time


class BoothIn(Strict):
    organisation_id: int
    staff: str = Field(default="", max_length=500)


class BoothOut(BaseModel):
    id: int
    fair_id: int
    organisation_id: int
    organisation: str
    staff: str
