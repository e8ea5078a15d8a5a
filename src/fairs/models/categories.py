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


# The tally's indexes of the changes (services/report/category_pass): a large scope's read in person order,
# a district's by its district.
_SPAN = ("held", "recorded_on", "held_until")
PERSON_INDEX = ("ix_client_category_person", "person_id", "category_id", "district_id", *_SPAN)
DISTRICT_INDEX = ("ix_client_category_district", "district_id", "client_id", "category_id", *_SPAN)


class ClientCategory(SQLModel, table=True):
    """One change of a client's categories: from `recorded_on` the client is (`held`) or is no longer in
    the category. The category on a day is the last change recorded on or before it; one row per client,
    category and day (a second change on the same day replaces the first).

    `held_until` is the day the next change of the same client and category takes effect (none while this
    one is the latest), kept by services/clients/categories; with the client's person and district copied
    onto the row, the tally reads who held a category in a period from one index (docs/report.md)."""

    __tablename__ = "client_category"
    __table_args__ = (
        UniqueConstraint("client_id", "category_id", "recorded_on", name="uq_client_category_day"),
        Index("ix_client_category_category_day", "category_id", "recorded_on"),
        Index(*PERSON_INDEX),
        Index(*DISTRICT_INDEX),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    person_id: int = Field(foreign_key="person.id")  # the client's (Person)
    district_id: int = Field(foreign_key="district.id")  # the client's
    category_id: int = Field(foreign_key="category.id")
    recorded_on: date
    held: bool
    held_until: date | None = None
    recorded_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
