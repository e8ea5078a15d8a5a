"""Clients (pseudonymous), their visits to fairs and consultations at booths."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel, UniqueConstraint

from fairs.models.base import utcnow


class Person(SQLModel, table=True):
    """One client code over every district: a person who moved holds a client row in each district they
    registered in, all with one person (migration 0027). Records carry their client's person, so a
    count of persons over several districts groups them once, by person."""

    # Whose cohorts and checks a year later (services/checks) start from their first fair (migration 0034).
    __table_args__ = (Index("ix_person_first_fair", "first_district_id", "first_fair_on"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    # The date of the person's first visit to a fair of any district, and the district that held it (the
    # lowest id on a day of two): kept by every new visit (services/clients/persons.note_first_fair).
    first_fair_on: date | None = Field(default=None)
    first_district_id: int | None = Field(default=None, foreign_key="district.id")


class Client(SQLModel, table=True):
    """A person served, known by a client code; personal fields only with consent."""

    __table_args__ = (UniqueConstraint("district_id", "code", name="uq_client_district_code"),)

    id: int | None = Field(default=None, primary_key=True)
    district_id: int = Field(foreign_key="district.id", index=True)
    code: str = Field(max_length=40)
    person_id: int = Field(foreign_key="person.id")
    base_code: str = Field(max_length=40, index=True)
    sex: str = Field(max_length=1)
    birth_year: int
    consent_on: date | None = None
    consent_recorded_by_id: int | None = Field(default=None, foreign_key="user.id")
    full_name: str | None = Field(default=None, max_length=300)
    birth_date: date | None = None
    phone: str | None = Field(default=None, max_length=50)
    created_at: datetime = Field(default_factory=utcnow)
    personal_erased_at: datetime | None = None


class Visit(SQLModel, table=True):
    """A client at a fair, once per fair."""

    # (fair, client) serves a fair's visitors; (client, fair) a client's visits (migration 0009);
    # (person, fair) the tally's count of persons consulted, read in person order (migration 0027).
    __table_args__ = (
        UniqueConstraint("fair_id", "client_id", name="uq_visit_fair_client"),
        Index("ix_visit_client_fair", "client_id", "fair_id"),
        Index("ix_visit_person_fair", "person_id", "fair_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    fair_id: int = Field(foreign_key="fair.id")
    client_id: int = Field(foreign_key="client.id")
    person_id: int = Field(foreign_key="person.id")  # the client's (Person)
    created_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    back_entered: bool = False


class Consultation(SQLModel, table=True):
    """A client consulted at a booth in one direction."""

    # (person, booth, direction): the tally's consultations per person, read in person order from the
    # index alone (migration 0027).
    __table_args__ = (Index("ix_consultation_person", "person_id", "booth_id", "direction_id"),)

    id: int | None = Field(default=None, primary_key=True)
    booth_id: int = Field(foreign_key="booth.id", index=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    person_id: int = Field(foreign_key="person.id")  # the client's (Person)
    direction_id: int = Field(foreign_key="direction.id")
    note: str = Field(default="", max_length=1000)
    created_at: datetime = Field(default_factory=utcnow)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    back_entered: bool = False
