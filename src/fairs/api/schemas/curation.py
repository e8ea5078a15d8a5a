"""Bodies of the curation API: a client's curator, journey, plan of needs and notes; a curator's people."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from fairs.api.schemas.base import Strict

NeedStatusIn = Literal["open", "in_progress", "met", "declined"]


class CuratorIn(Strict):
    """PUT /api/v1/clients/{id}/curator: a curator of the client's district, or null for none."""

    curator_id: int | None


class CuratorOut(BaseModel):
    client_id: int
    curator_id: int | None = None
    assigned_on: dt.date | None = None


class CuratorAccountOut(BaseModel):
    id: int
    username: str
    full_name: str


class NeedIn(Strict):
    """POST /api/v1/clients/{id}/plan: a direction the client needs."""

    direction: str = Field(min_length=1, max_length=50)
    status: NeedStatusIn = "open"
    due_on: dt.date | None = None


class NeedEdit(Strict):
    """PATCH /api/v1/clients/{id}/plan/{need_id}: only the fields given change (`due_on: null` clears it)."""

    status: NeedStatusIn | None = None
    due_on: dt.date | None = None


class NeedOut(BaseModel):
    id: int
    direction: str
    direction_name: str
    status: str
    due_on: dt.date | None = None
    overdue: bool


class NoteIn(Strict):
    """POST /api/v1/clients/{id}/notes: a note on the journey (only for a client who gave consent)."""

    note: str = Field(min_length=1, max_length=1000)
    noted_on: dt.date | None = None


class NoteOut(BaseModel):
    id: int
    noted_on: dt.date


class EventOut(BaseModel):
    day: dt.date
    kind: str
    direction: str | None = None
    organisation: str = ""
    outcome: str | None = None
    note: str = ""


class JourneyOut(BaseModel):
    client_id: int
    code: str
    sex: str
    birth_year: int
    consent: bool
    curator_id: int | None = None
    events: list[EventOut]
    total: int
    page: int
    per_page: int


class PersonOut(BaseModel):
    client_id: int
    code: str
    assigned_on: dt.date
    open_needs: int
    needs_overdue: int
    coupons_overdue: int
    overdue: bool
