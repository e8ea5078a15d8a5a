"""Bodies of the clients API: clients, visits, consultations."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from fairs.api.schemas.base import Strict


class ClientIn(Strict):
    mother_name: str = Field(min_length=1, max_length=100)
    father_name: str = Field(min_length=1, max_length=100)
    sex: str = Field(min_length=1, max_length=1)
    birth_year: int = Field(ge=1900, le=2100)
    consent: bool = False
    full_name: str | None = Field(default=None, max_length=300)
    birth_date: dt.date | None = None
    phone: str | None = Field(default=None, max_length=50)
    distinct_person: bool = False
    categories: list[str] | None = Field(default=None, max_length=50)  # codes, from today; None: unchanged


class ClientOut(BaseModel):
    id: int
    code: str
    existing: bool = False
    warnings: list[str] = Field(default_factory=list)


class ClientDetailOut(BaseModel):
    id: int
    code: str
    sex: str
    birth_year: int
    consent_on: dt.date | None = None
    full_name: str | None = None
    birth_date: dt.date | None = None
    phone: str | None = None


class VisitIn(Strict):
    client_id: int
    categories: list[str] | None = Field(default=None, max_length=50)  # codes, from the fair's day on
    invitation: str | None = Field(default=None, max_length=200)  # a peer's slip: its code or QR token


class VisitOut(BaseModel):
    id: int
    fair_id: int
    client_id: int
    back_entered: bool
    created: bool


class ConsultationIn(Strict):
    client_id: int
    direction: str = Field(min_length=1, max_length=50)
    note: str = Field(default="", max_length=1000)


class ConsultationOut(BaseModel):
    id: int
    booth_id: int
    client_id: int
    direction: str
    back_entered: bool
