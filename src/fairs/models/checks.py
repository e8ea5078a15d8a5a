"""Checks a year later: how a person is doing 6, 12 and 18 months after their first fair."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel, UniqueConstraint

from fairs.models.base import utcnow

MILESTONES = (6, 12, 18)  # months after the person's first fair
# The fixed list of findings (several can hold at once: working and housed).
FINDINGS = (
    "working",
    "housed",
    "in_treatment",
    "family_contact",
    "left_region",
    "lost_contact",
    "convicted_again",
)


class LaterCheck(SQLModel, table=True):
    """One check of a person at one milestone (one per person and milestone; changed in place, audited),
    kept by the district of the person's first fair. The note is personal: never audited or exported."""

    __tablename__ = "later_check"
    __table_args__ = (UniqueConstraint("person_id", "milestone", name="uq_later_check_person_milestone"),)

    id: int | None = Field(default=None, primary_key=True)
    district_id: int = Field(foreign_key="district.id", index=True)
    person_id: int = Field(foreign_key="person.id")
    milestone: int  # 6, 12 or 18 (months)
    checked_on: date
    note: str = Field(default="", max_length=1000)
    recorded_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class LaterCheckFinding(SQLModel, table=True):
    """One finding (a code of FINDINGS) that held at a check."""

    __tablename__ = "later_check_finding"

    check_id: int = Field(foreign_key="later_check.id", primary_key=True)
    finding: str = Field(max_length=30, primary_key=True)
