"""People about to be released, registered by a prison's social worker and expected at a district's fair."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from fairs.models.base import utcnow


class ExpectedPerson(SQLModel, table=True):
    """A person to be released to a district, known there by the client code; personal fields only with
    consent, seen only by the worker who added the person and the district's organisers."""

    __tablename__ = "expected_person"
    # (district, release date): the district's list of expected people; (district, code): their arrival.
    __table_args__ = (
        Index("ix_expected_person_district_release", "district_id", "release_on"),
        Index("ix_expected_person_district_code", "district_id", "code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    district_id: int = Field(foreign_key="district.id")  # where the person is released to
    organisation_id: int = Field(foreign_key="organisation.id")  # the prison
    created_by_id: int = Field(foreign_key="user.id", index=True)  # the only prison worker who sees it
    code: str = Field(max_length=40)  # the client code without a suffix (the base code)
    release_on: date
    registered_on: date  # local date: fairs from this day on count as the person's arrival
    consent_on: date | None = None
    full_name: str | None = Field(default=None, max_length=300)
    birth_date: date | None = None
    created_at: datetime = Field(default_factory=utcnow)
