"""Bodies of the accounts API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from fairs.api.schemas.base import Strict


class UserIn(Strict):
    username: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.@-]+$")
    password: str = Field(min_length=8, max_length=200)
    role: Literal["organiser", "partner", "committee", "admin", "prison_worker", "curator"]
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
    locale: str = ""  # the language of the account's pages (ru, en, be); blank: the deployment's


class LanguageIn(Strict):
    """PUT /api/v1/users/me/language: ru, en or be; blank for the deployment's default."""

    locale: str = Field(max_length=20, examples=["be"])


class UserEdit(Strict):
    """PATCH /api/v1/users/{id}: only the fields given change (district and region: admins only)."""

    full_name: str | None = Field(default=None, max_length=200)
    role: Literal["organiser", "partner", "committee", "admin", "prison_worker", "curator"] | None = None
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
