"""Bodies of the before-release API: people expected in a district after their release."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from fairs.api.schemas.base import Strict


class ExpectedIn(Strict):
    """POST /api/v1/expected: the client code, or the attributes it is built from (as at the fair)."""

    district_id: int
    release_on: dt.date
    code: str | None = Field(default=None, max_length=40)
    mother_name: str | None = Field(default=None, max_length=100)
    father_name: str | None = Field(default=None, max_length=100)
    sex: str | None = Field(default=None, max_length=1)
    birth_year: int | None = Field(default=None, ge=1900, le=2100)
    consent: bool = False
    full_name: str | None = Field(default=None, max_length=300)
    birth_date: dt.date | None = None


class ExpectedEdit(Strict):
    """PATCH /api/v1/expected/{id}: only the fields given change."""

    release_on: dt.date | None = None
    district_id: int | None = None


class ExpectedOut(BaseModel):
    id: int
    code: str
    district_id: int
    district: str
    release_on: dt.date
    registered_on: dt.date
    consent_on: dt.date | None = None
    full_name: str | None = None
    birth_date: dt.date | None = None
    arrived_on: dt.date | None = None  # organisers only: the first fair the person came to


class ReleaseDistrictOut(BaseModel):
    id: int
    name: str
