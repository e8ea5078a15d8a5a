"""Curators of clients, the plan of needs each client has, and the journey notes kept about them."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel, UniqueConstraint

from fairs.models.base import utcnow


class NeedStatus(enum.StrEnum):
    """Where a need of the plan stands."""

    open = "open"
    in_progress = "in_progress"
    met = "met"
    declined = "declined"


# A need still waiting for something: its due date can pass.
PENDING_NEEDS = (NeedStatus.open, NeedStatus.in_progress)


class ClientCurator(SQLModel, table=True):
    """The curator (a social worker of the client's district) who accompanies a client: one per client."""

    __tablename__ = "client_curator"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", unique=True)
    curator_id: int = Field(foreign_key="user.id", index=True)
    district_id: int = Field(foreign_key="district.id")
    assigned_on: date
    assigned_by_id: int | None = Field(default=None, foreign_key="user.id")


class PlanNeed(SQLModel, table=True):
    """One need of a client's plan, named by a direction, with its status and an optional due date."""

    __tablename__ = "plan_need"
    __table_args__ = (UniqueConstraint("client_id", "direction_id", name="uq_plan_need_client_direction"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    district_id: int = Field(foreign_key="district.id")
    direction_id: int = Field(foreign_key="direction.id")
    status: str = Field(default=NeedStatus.open, max_length=20)
    due_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    changed_at: datetime = Field(default_factory=utcnow)


class JourneyNote(SQLModel, table=True):
    """A note on a client's journey (personal data: only with consent, erased with the personal fields)."""

    __tablename__ = "journey_note"
    # (client, day): a client's timeline.
    __table_args__ = (Index("ix_journey_note_client_day", "client_id", "noted_on"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    district_id: int = Field(foreign_key="district.id")
    noted_on: date
    note: str = Field(default="", max_length=1000)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
