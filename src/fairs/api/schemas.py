"""Request and response bodies of the JSON API."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

T = TypeVar("T")
# Control characters other than tab and newlines: PostgreSQL refuses NUL, a workbook's XML all of them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Strict(BaseModel):
    """Request bodies refuse unknown fields, and text with control characters."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
            raise ValueError("control characters are not allowed")
        return value


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105  (the OAuth2 token type, not a secret)


class OutcomeOut(BaseModel):
    code: str
    name: str
    name_ru: str
    name_en: str
    sort_order: int
    is_active: bool


class DirectionOut(BaseModel):
    code: str
    name: str
    name_ru: str
    name_en: str
    sort_order: int
    is_active: bool
    kinds: list[str]  # kinds of organisation that receive it; [] = any kind
    outcomes: list[OutcomeOut]


class UserIn(Strict):
    username: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.@-]+$")
    password: str = Field(min_length=8, max_length=200)
    role: Literal["organiser", "partner", "committee", "admin"]
    full_name: str = Field(default="", max_length=200)
    organisation_id: int | None = None
    district_id: int | None = None
    region_id: int | None = None  # a committee account of a whole region (admins only)


class UserOut(BaseModel):
    id: int
    username: str
    full_name: str
    role: str
    district_id: int | None
    region_id: int | None = None
    organisation_id: int | None
    is_active: bool
    must_change_password: bool = False


class UserEdit(Strict):
    """PATCH /api/v1/users/{id}: only the fields given change (district and region: admins only)."""

    full_name: str | None = Field(default=None, max_length=200)
    role: Literal["organiser", "partner", "committee", "admin"] | None = None
    organisation_id: int | None = None
    district_id: int | None = None
    region_id: int | None = None


class PasswordResetOut(BaseModel):
    """A reset's answer: the temporary password, shown this once and stored nowhere in clear."""

    user: UserOut
    temporary_password: str


class PasswordChangeIn(Strict):
    current: str = Field(min_length=1, max_length=200)
    new: str = Field(min_length=1, max_length=200)


class DirectionIn(Strict):
    code: str | None = Field(default=None, max_length=50)  # if sent, it must be the direction's own code
    name_ru: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    is_active: bool | None = None  # None: unchanged
    sort_order: int | None = Field(default=None, ge=0, le=100_000)
    kinds: list[str] | None = Field(default=None, max_length=20)


class DirectionCreate(Strict):
    code: str = Field(min_length=1, max_length=50)
    name_ru: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    sort_order: int | None = Field(default=None, ge=0, le=100_000)
    kinds: list[str] = Field(default_factory=list, max_length=20)


class OutcomeCreate(Strict):
    code: str = Field(min_length=1, max_length=50)
    name_ru: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    sort_order: int | None = Field(default=None, ge=0, le=100_000)


class OutcomeUpdate(Strict):
    code: str | None = Field(default=None, max_length=50)  # if sent, it must be the outcome's own code
    name_ru: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    is_active: bool | None = None  # None: unchanged
    sort_order: int | None = Field(default=None, ge=0, le=100_000)


class OrganisationIn(Strict):
    name: str = Field(min_length=1, max_length=300)
    kind: Literal["medical", "social", "employment", "ngo", "religious", "employer", "other"]
    address: str = Field(default="", max_length=300)
    phone: str = Field(default="", max_length=100)
    hours: str = Field(default="", max_length=200)
    directions: list[str] = Field(default_factory=list, max_length=50)
    # Registered once for the region: also listed, and chosen for booths and coupons, in its other districts.
    serves_region: bool = False


class OrganisationOut(BaseModel):
    id: int
    name: str
    kind: str
    address: str
    phone: str
    hours: str
    directions: list[str]
    serves_region: bool = False
    # The home district: only its organisers edit the organisation.
    district_id: int | None = None


class FairIn(Strict):
    date: dt.date
    venue: str = Field(default="", max_length=300)
    starts_at: dt.time = dt.time(9, 0)
    ends_at: dt.time = dt.time(18, 0)
    # Required to plan a fair on a public holiday or a closed day of the district.
    confirm: bool = False


class FairMoveIn(Strict):
    date: dt.date
    venue: str | None = Field(default=None, max_length=300)
    # Required to move a fair onto a public holiday or a closed day of the district.
    confirm: bool = False


class ClosedDayIn(Strict):
    date: dt.date
    reason: str = Field(min_length=1, max_length=200)


class ClosedDayOut(BaseModel):
    id: int
    date: dt.date
    reason: str


class ScheduleIn(Strict):
    year: int = Field(ge=2000, le=2100)
    venue: str = Field(default="", max_length=300)


class ReasonIn(Strict):
    reason: str = Field(min_length=1, max_length=500)


class FairOut(BaseModel):
    id: int
    date: dt.date
    venue: str
    starts_at: dt.time
    ends_at: dt.time
    status: str
    held: bool
    # The holiday second Monday the schedule moved this fair off (to the next working day), if any.
    shifted_from: dt.date | None = None
    # Why: the holiday's name or the district's closed day's reason.
    shift_reason: str | None = None
    # A past fair never opened: it was not held.
    not_held: bool = False


class FairOpenIn(Strict):
    # Required to open a fair dated another day than today (back-entering a past fair day).
    confirm: bool = False


class FairDefaultsIn(Strict):
    venue: str = Field(default="", max_length=300)
    starts_at: dt.time = dt.time(9, 0)
    ends_at: dt.time = dt.time(18, 0)


class FairDefaultsOut(BaseModel):
    district_id: int
    venue: str
    starts_at: dt.time
    ends_at: dt.time


class BoothIn(Strict):
    organisation_id: int
    staff: str = Field(default="", max_length=500)


class BoothOut(BaseModel):
    id: int
    fair_id: int
    organisation_id: int
    organisation: str
    staff: str


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


class CouponIn(Strict):
    client_id: int
    organisation_id: int
    direction: str = Field(min_length=1, max_length=50)


class RedeemIn(Strict):
    redeemed_on: dt.date | None = None


class OutcomeIn(Strict):
    outcome: str = Field(min_length=1, max_length=50)
    date: dt.date | None = None


class CouponOut(BaseModel):
    id: int
    token: str
    code: str
    code_display: str
    url: str
    status: str
    direction: str
    organisation_id: int
    organisation: str
    issuing_organisation_id: int
    client_code: str
    fair_date: dt.date
    issued_on: dt.date
    expires_on: dt.date
    back_entered: bool
    redeemed_on: dt.date | None = None
    redeemed_at: dt.datetime | None = None
    redeemed_by: str | None = None
    outcome: str | None = None
    outcome_on: dt.date | None = None
    cancel_reason: str | None = None
    # A code typed with the Russian keyboard layout on, read key by key (services/coupons/codes.py).
    layout_converted: bool = False
    note: str | None = None


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int
