"""Bodies of the directions and organisations API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from fairs.api.schemas.base import Strict


class OutcomeOut(BaseModel):
    code: str
    name: str
    name_ru: str
    name_en: str
    name_be: str  # "" = shown in Russian
    sort_order: int
    is_active: bool


class DirectionOut(BaseModel):
    code: str
    name: str
    name_ru: str
    name_en: str
    name_be: str  # "" = shown in Russian
    sort_order: int
    is_active: bool
    kinds: list[str]  # kinds of organisation that receive it; [] = any kind
    outcomes: list[OutcomeOut]


class DirectionIn(Strict):
    code: str | None = Field(default=None, max_length=50)  # if sent, it must be the direction's own code
    name_ru: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    name_be: str | None = Field(default=None, max_length=200)  # None: unchanged; "": shown in Russian
    is_active: bool | None = None  # None: unchanged
    sort_order: int | None = Field(default=None, ge=0, le=100_000)
    kinds: list[str] | None = Field(default=None, max_length=20)


class DirectionCreate(Strict):
    code: str = Field(min_length=1, max_length=50)
    name_ru: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    name_be: str = Field(default="", max_length=200)  # "": shown in Russian
    sort_order: int | None = Field(default=None, ge=0, le=100_000)
    kinds: list[str] = Field(default_factory=list, max_length=20)


class OutcomeCreate(Strict):
    code: str = Field(min_length=1, max_length=50)
    name_ru: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    name_be: str = Field(default="", max_length=200)  # "": shown in Russian
    sort_order: int | None = Field(default=None, ge=0, le=100_000)


class OutcomeUpdate(Strict):
    code: str | None = Field(default=None, max_length=50)  # if sent, it must be the outcome's own code
    name_ru: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    name_be: str | None = Field(default=None, max_length=200)  # None: unchanged; "": shown in Russian
    is_active: bool | None = None  # None: unchanged
    sort_order: int | None = Field(default=None, ge=0, le=100_000)


class OrganisationIn(Strict):
    name: str = Field(min_length=1, max_length=300)
    kind: Literal["medical", "social", "employment", "ngo", "religious", "employer", "other", "prison"]
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
