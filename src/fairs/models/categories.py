"""Categories of persons served (the report's groups) and the dated record of a client's categories."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel, UniqueConstraint

from fairs.models.base import local_name, utcnow


class Category(SQLModel, table=True):
    """A group of persons the committee counts separately, e.g. `released` (from prison)."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=50, unique=True)
    name_ru: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    name_be: str = Field(default="", max_length=200)  # "" = shown in Russian
    sort_order: int = 0
    is_active: bool = True  # a retired category is offered for no new recording; the history keeps it

    def name(self, locale: str) -> str:
        """The name in `locale` (see `local_name`)."""
        return local_name(locale, ru=self.name_ru, en=self.name_en, be=self.name_be)


class ClientCategory(SQLModel, table=True):
    """One change of a client's categories: from `recorded_on` the client is (`held`) or is no longer in
    the category. The category on a day is the last change recorded on or before it; one row per client,
    category and day (a second change on the same day replaces the first)."""

    __tablename__ = "client_category"
    __table_args__ = (
        UniqueConstraint("client_id", "category_id", "recorded_on", name="uq_client_category_day"),
        Index("ix_client_category_category_day", "category_id", "recorded_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    category_id: int = Field(foreign_key="category.id")
    recorded_on: date
    held: bool
    recorded_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
