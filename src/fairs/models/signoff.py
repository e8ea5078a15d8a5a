"""Period sign-off: a district's month or quarter submitted to the committee, and reopened by it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index, text
from sqlmodel import Field, SQLModel

from fairs.models.base import utcnow


class PeriodSubmission(SQLModel, table=True):
    """One submission of a period (`2026-Q4`, `2026-11`) of a district, with the figures as submitted.

    Reopening keeps the row (who, when, why); a later submission is a new row, so the history stays. At
    most one row per district and period is current (not reopened): that one locks the period's records."""

    __tablename__ = "period_submission"
    __table_args__ = (
        Index(
            "ux_period_submission_current",
            "district_id",
            "period",
            unique=True,
            sqlite_where=text("reopened_at IS NULL"),
            postgresql_where=text("reopened_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    district_id: int = Field(foreign_key="district.id", index=True)
    period: str = Field(max_length=7)  # `2026-Q4` or `2026-11`
    starts_on: date
    ends_on: date
    submitted_at: datetime = Field(default_factory=utcnow)
    submitted_by_id: int = Field(foreign_key="user.id")
    figures: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))  # counts only
    # The whole tally as submitted (services/report/snapshot: counts, codes of directions and categories,
    # no person or coupon); None for submissions made before it was kept (0026).
    tally: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    reopened_at: datetime | None = None
    reopened_by_id: int | None = Field(default=None, foreign_key="user.id")
    reopen_reason: str = Field(default="", max_length=500)
