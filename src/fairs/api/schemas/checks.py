"""Bodies of the checks API: a person's checks 6, 12 and 18 months after their first fair."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from fairs.api.schemas.base import Strict


class CheckIn(Strict):
    """PUT /api/v1/checks/clients/{client_id}/{milestone}: the check as it is now (recorded or changed)."""

    checked_on: dt.date
    findings: list[str] = Field(default_factory=list, max_length=20)
    note: str = Field(default="", max_length=1000)


class MilestoneOut(BaseModel):
    """One milestone of a person: its due date and, once recorded, the check."""

    milestone: int
    due_on: dt.date
    recorded: bool
    checked_on: dt.date | None = None
    findings: list[str] = []
    note: str | None = None


class PersonChecksOut(BaseModel):
    client_id: int
    client_code: str
    first_fair_on: dt.date
    milestones: list[MilestoneOut]


class DueCheckOut(BaseModel):
    client_id: int
    client_code: str
    first_fair_on: dt.date
    milestone: int
    due_on: dt.date
    days_due: int
