"""The audit log: who did what, when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from fairs.models.base import utcnow


class AuditEntry(SQLModel, table=True):
    """One recorded action; `details` never holds personal fields' values."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)  # listed by id (migration 0009 dropped its index)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    district_id: int | None = Field(default=None, foreign_key="district.id", index=True)
    action: str = Field(max_length=50)
    entity: str = Field(max_length=50)
    entity_id: int | None = None
    back_entered: bool = False
    details: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
